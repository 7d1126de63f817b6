package compat

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// requestID is the X-Amzn-Requestid every canned reply carries unless the
// reply names its own.
const requestID = "a1b2c3d4-e5f6-a1b2-c3d4-EXAMPLE11111"

// captured is one request as the loopback server received it.
type captured struct {
	Method        string
	Path          string
	Host          string
	ContentLength int64
	Header        http.Header
	Body          []byte
}

// reply is a canned response. A zero status means 200.
type reply struct {
	status int
	header map[string]string
	body   []byte
}

// loopback is an httptest server that answers every request with its
// current reply and, when recording, keeps each request for inspection.
type loopback struct {
	URL    string
	record bool

	mu       sync.Mutex
	reply    reply
	queued   []reply // answered first, in order, before reply
	requests []captured
}

// setup starts a recording loopback server that answers with r; it stops
// when the test ends.
func setup(tb testing.TB, r reply) *loopback {
	return startLoopback(tb, r, true)
}

// setupBench starts a loopback server that answers with r and records
// nothing, so a benchmark measures the clients and not the bookkeeping.
func setupBench(tb testing.TB, r reply) *loopback {
	return startLoopback(tb, r, false)
}

func startLoopback(tb testing.TB, r reply, record bool) *loopback {
	tb.Helper()
	l := &loopback{record: record, reply: r}
	srv := httptest.NewServer(http.HandlerFunc(l.serveHTTP))
	tb.Cleanup(srv.Close)
	l.URL = srv.URL
	return l
}

// respond replaces the reply sent from now on.
func (l *loopback) respond(r reply) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reply = r
}

// queue makes the next requests answered with rs, in order, before the
// current reply again.
func (l *loopback) queue(rs ...reply) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.queued = append(l.queued, rs...)
}

// take returns the requests recorded so far and forgets them.
func (l *loopback) take() []captured {
	l.mu.Lock()
	defer l.mu.Unlock()
	reqs := l.requests
	l.requests = nil
	return reqs
}

func (l *loopback) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	l.mu.Lock()
	rep := l.reply
	if len(l.queued) > 0 {
		rep, l.queued = l.queued[0], l.queued[1:]
	}
	if l.record {
		l.requests = append(l.requests, captured{
			Method:        r.Method,
			Path:          r.URL.RequestURI(),
			Host:          r.Host,
			ContentLength: r.ContentLength,
			Header:        r.Header.Clone(),
			Body:          body,
		})
	}
	l.mu.Unlock()

	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.1")
	h.Set("X-Amzn-Requestid", requestID)
	h.Set("Content-Length", strconv.Itoa(len(rep.body)))
	for k, v := range rep.header {
		h.Set(k, v)
	}
	status := rep.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(rep.body)
}
