package devicestest

import (
	"net/http"
	"reflect"
	"strconv"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// inputTypes maps each operation of cognitodevices.API to its input type,
// found from the interface so that a new operation needs no entry here.
var inputTypes = func() map[string]reflect.Type {
	api := reflect.TypeFor[cognitodevices.API]()
	types := make(map[string]reflect.Type, api.NumMethod())
	for i := range api.NumMethod() {
		m := api.Method(i)
		types[m.Name] = m.Type.In(1).Elem()
	}
	return types
}()

// requestLog keeps the last requests the server received, up to its
// size: once full, each new request takes the place of the oldest.
type requestLog struct {
	size    int
	entries []Request // in arrival order until full, then a ring
	next    int       // once full, the index of the oldest
}

// add records r, dropping the oldest request when the log is full.
func (l *requestLog) add(r Request) {
	switch {
	case l.size == 0:
	case len(l.entries) < l.size:
		l.entries = append(l.entries, r)
	default:
		l.entries[l.next] = r
		l.next = (l.next + 1) % l.size
	}
}

// all returns the requests kept, oldest first, as the log holds them.
func (l *requestLog) all() []Request {
	return append(l.entries[l.next:len(l.entries):len(l.entries)], l.entries[:l.next]...)
}

// reset forgets every request, releasing their memory.
func (l *requestLog) reset() {
	l.entries, l.next = nil, 0
}

// secretHeaders are the request headers that carry credentials.
var secretHeaders = []string{"Authorization", "X-Amz-Security-Token"}

// Redacted returns a copy of the request with its secrets replaced by
// "[REDACTED]": the Authorization and X-Amz-Security-Token headers, and
// the body members the input shape of its operation declares secret (the
// access, refresh and ID tokens, passwords, SRP values, sessions,
// verifiers), as the client's own request logs redact them. The body of
// a request for an operation the library does not know is replaced by
// its length, since where its secrets lie cannot be told.
func (r Request) Redacted() Request {
	c := Request{Operation: r.Operation, Header: r.Header.Clone(), Time: r.Time}
	for _, h := range secretHeaders {
		if vs := c.Header.Values(h); len(vs) > 0 {
			c.Header[http.CanonicalHeaderKey(h)] = []string{redaction.Mark}
		}
	}
	if t, ok := inputTypes[r.Operation]; ok {
		c.Body = []byte(redaction.JSON(t, string(r.Body)))
	} else {
		c.Body = []byte(redaction.Mark + " (" + strconv.Itoa(len(r.Body)) + " bytes, unknown operation)")
	}
	return c
}
