package cognitodevices_test

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing/iotest"
	"time"

	"github.com/cognitodevices/cognitodevices/devicestest"
)

// faultKind is what the soak's transport does to one request (one attempt
// of a call).
type faultKind int

const (
	faultNone        faultKind = iota // forwarded, answered as the fake answers
	faultThrottle                     // answered 400 TooManyRequestsException, not forwarded
	fault500                          // answered a bare 500, not forwarded
	fault503                          // answered a bare 503, not forwarded
	faultResetBefore                  // a connection reset, not forwarded
	faultResetAfter                   // forwarded, then the answer is lost to a connection reset
	faultTruncate                     // forwarded, then the answer's body ends early
	faultDelay                        // forwarded after a pause of up to 20 ms
	faultSkew                         // the fake's clock moves, then forwarded
	faultRevoke                       // the call's access token is revoked, then forwarded

	// The bugs: a transport that lies, for the tests that show the soak
	// catches what it is meant to. Never chosen unless soakConfig.bug
	// names one.
	bugLoseWrite // a write answered 200 {} without being forwarded
	bugStaleRead // a read answered with the body of an earlier identical request

	numFaultKinds
)

var faultNames = [numFaultKinds]string{
	faultNone: "pass", faultThrottle: "throttle", fault500: "500", fault503: "503",
	faultResetBefore: "reset-before", faultResetAfter: "reset-after", faultTruncate: "truncate",
	faultDelay: "delay", faultSkew: "skew", faultRevoke: "revoke",
	bugLoseWrite: "bug-lose-write", bugStaleRead: "bug-stale-read",
}

// faultWeights shares the injected faults among the kinds. Moving the
// fake's clock touches every worker's signed calls, so it is rare: about
// once in 200 faults, a few times a second at full speed.
var faultWeights = [numFaultKinds]float64{
	faultThrottle: 10, fault500: 6, fault503: 6, faultResetBefore: 8, faultResetAfter: 12,
	faultTruncate: 10, faultDelay: 10, faultSkew: 0.3, faultRevoke: 6,
}

// soakCall is what the transport knows of the call a request belongs to;
// it travels in the request's context. The attempts of a call are sent one
// after another from the calling goroutine, so it needs no lock.
type soakCall struct {
	rng   *rand.Rand // the worker's
	token string     // the call's access token, "" for an admin call
	write bool
	// faults holds, per attempt, what the transport did.
	faults []faultKind
	// maybeApplied is set when a request was forwarded and its answer
	// lost or cut: the fake may have applied a write the caller cannot
	// see the answer to.
	maybeApplied bool
	// revoked is set when the call's access token was revoked.
	revoked bool
	// stale is the worker's cache of answers, for bugStaleRead.
	stale map[string][]byte
}

type soakCallKey struct{}

// injected reports whether any attempt of the call met a fault that can
// make it fail (a delay cannot).
func (c *soakCall) injected() bool {
	for _, k := range c.faults {
		if k != faultNone && k != faultDelay {
			return true
		}
	}
	return false
}

// faultTransport stands between the client and the fake (Options.HTTPClient)
// and injects faults into a share of the requests, chosen by the calling
// worker's seeded generator. Requests without a soakCall in their context
// pass untouched.
type faultTransport struct {
	next  *http.Transport
	srv   *devicestest.Server
	clock *soakClock
	rate  float64
	bug   faultKind // faultNone, or the bug to inject instead of faults
	total float64   // sum of faultWeights

	requests atomic.Int64
	counts   [numFaultKinds]atomic.Int64
	// skewed counts the fake's answers InvalidSignatureException: signed
	// requests the client sent before it learnt the fake's clock.
	skewed atomic.Int64
}

func newFaultTransport(srv *devicestest.Server, rate float64, bug faultKind, workers int) *faultTransport {
	ft := &faultTransport{
		next:  &http.Transport{MaxIdleConnsPerHost: workers, DisableCompression: true},
		srv:   srv,
		clock: &soakClock{srv: srv},
		rate:  rate,
		bug:   bug,
	}
	for _, w := range faultWeights {
		ft.total += w
	}
	return ft
}

// choose draws what to do to a request of c.
func (ft *faultTransport) choose(c *soakCall) faultKind {
	if c.rng.Float64() >= ft.rate {
		return faultNone
	}
	if ft.bug != faultNone {
		if (ft.bug == bugLoseWrite) == c.write {
			return ft.bug
		}
		return faultNone
	}
	for {
		x := c.rng.Float64() * ft.total
		for k, w := range faultWeights {
			if x -= w; x < 0 {
				if faultKind(k) == faultRevoke && c.token == "" {
					break // draw again: an admin call has no token
				}
				return faultKind(k)
			}
		}
	}
}

func (ft *faultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ft.requests.Add(1)
	c, _ := req.Context().Value(soakCallKey{}).(*soakCall)
	if c == nil {
		return ft.next.RoundTrip(req)
	}
	kind := ft.choose(c)
	c.faults = append(c.faults, kind)
	ft.counts[kind].Add(1)
	switch kind {
	case faultThrottle:
		return ft.answer(req, http.StatusBadRequest, "TooManyRequestsException", `{"__type":"TooManyRequestsException","message":"Too many requests (injected by the soak)."}`)
	case fault500:
		return ft.answer(req, http.StatusInternalServerError, "", "")
	case fault503:
		return ft.answer(req, http.StatusServiceUnavailable, "", "")
	case faultResetBefore:
		req.Body.Close()
		return nil, connectionReset()
	case faultResetAfter:
		c.maybeApplied = true
		resp, err := ft.next.RoundTrip(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return nil, connectionReset()
	case faultTruncate:
		c.maybeApplied = true
		resp, err := ft.next.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		// The Content-Length stays that of the whole body, as when a
		// connection breaks mid-body.
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body[:len(body)/2]), iotest.ErrReader(io.ErrUnexpectedEOF)))
		return resp, nil
	case faultDelay:
		t := time.NewTimer(time.Duration(1+c.rng.IntN(20)) * time.Millisecond)
		select {
		case <-t.C:
		case <-req.Context().Done():
			t.Stop()
			req.Body.Close()
			return nil, req.Context().Err()
		}
	case faultSkew:
		ft.clock.move(skewOffsets[c.rng.IntN(len(skewOffsets))])
	case faultRevoke:
		ft.srv.RevokeAccessToken(c.token)
		c.revoked = true
	case bugLoseWrite:
		return ft.answer(req, http.StatusOK, "", "{}")
	case bugStaleRead:
		return ft.staleRead(req, c)
	}
	resp, err := ft.next.RoundTrip(req)
	if err == nil && resp.Header.Get("X-Amzn-Errortype") == "InvalidSignatureException:" {
		ft.skewed.Add(1)
	}
	return resp, err
}

// answer is a response the transport makes up, dated by the fake's clock
// as the fake's own answers are.
func (ft *faultTransport) answer(req *http.Request, status int, code, body string) (*http.Response, error) {
	req.Body.Close()
	h := http.Header{
		"Date":             {ft.clock.now().UTC().Format(http.TimeFormat)},
		"X-Amzn-Requestid": {"soak-injected"},
	}
	if body != "" {
		h.Set("Content-Type", "application/x-amz-json-1.1")
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	if code != "" {
		h.Set("X-Amzn-Errortype", code+":")
	}
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader([]byte(body))),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// staleRead answers a read with the answer to the last identical request
// (same operation and body), when there was one, and forwards it
// otherwise, keeping a successful answer for next time.
func (ft *faultTransport) staleRead(req *http.Request, c *soakCall) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	key := req.Header.Get("X-Amz-Target") + string(body)
	if old, ok := c.stale[key]; ok {
		return ft.answer(req, http.StatusOK, "", string(old))
	}
	fwd := req.Clone(req.Context())
	fwd.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := ft.next.RoundTrip(fwd)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	c.stale[key] = answer
	resp.Body = io.NopCloser(bytes.NewReader(answer))
	resp.Request = req
	return resp, nil
}

// connectionReset is the error a read from a connection the peer reset
// returns.
func connectionReset() error {
	return &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
}

// soakClock is the fake's clock: the local time moved by an offset that
// faultSkew changes. A signed request sent while it moves may be refused
// InvalidSignatureException before the client has learnt the new offset,
// so the time of the last move is kept to tell those refusals from
// unexplained ones.
type soakClock struct {
	srv      *devicestest.Server
	mu       sync.Mutex // serialises moves
	offset   atomic.Int64
	lastMove atomic.Int64 // UnixNano when the last move ended
	moves    atomic.Int64
}

// skewOffsets are the offsets faultSkew chooses from: beyond the 5
// minutes a signature is valid for, either way, and none.
var skewOffsets = []time.Duration{0, 7 * time.Minute, -9 * time.Minute, 15 * time.Minute}

func (k *soakClock) move(offset time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.lastMove.Store(time.Now().UnixNano())
	k.offset.Store(int64(offset))
	k.srv.SetClock(func() time.Time { return time.Now().Add(offset) })
	k.lastMove.Store(time.Now().UnixNano())
	k.moves.Add(1)
}

func (k *soakClock) now() time.Time { return time.Now().Add(time.Duration(k.offset.Load())) }

// movedSince reports whether the clock moved after start, or so shortly
// before it that an answer dated by the old clock may still have been
// on its way (and reset the client's learnt offset).
func (k *soakClock) movedSince(start time.Time) bool {
	return k.lastMove.Load() >= start.Add(-time.Second).UnixNano()
}

// withCall returns ctx carrying the call for the transport.
func withCall(ctx context.Context, c *soakCall) context.Context {
	return context.WithValue(ctx, soakCallKey{}, c)
}
