package cognitodevices

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"unsafe"
)

// Limits on what is read from a response. The largest legitimate
// response, a page of 60 devices, is a few tens of KiB.
const (
	maxResponseBody = 8 << 20
	maxErrorBody    = 1 << 20
)

// errBodyTooLarge is wrapped by readBody when a body passes its limit.
var errBodyTooLarge = errors.New("response body too large")

// readError marks a failure while reading a response body as a connection
// error, which the standard Retryer retries.
type readError struct{ err error }

func (e *readError) Error() string         { return "failed to read response body: " + e.err.Error() }
func (e *readError) Unwrap() error         { return e.err }
func (e *readError) ConnectionError() bool { return true }

// bufferPool holds the buffers response bodies are read into. A buffer
// goes back to the pool as soon as its response is decoded, so nothing
// decoded may point into it: the JSON reader hands out only copies of the
// strings it reads (see jsonReader).
var bufferPool = sync.Pool{New: func() any { return new(bodyBuffer) }}

// bodyBuffer is a pooled buffer with the reader that limits what is read
// into it, so that reading a body allocates nothing once the buffer is
// large enough.
type bodyBuffer struct {
	bytes.Buffer
	limited io.LimitedReader
}

func putBuffer(b *bodyBuffer) {
	b.limited = io.LimitedReader{} // the response body is not kept
	if b.Cap() <= 1<<20 {
		b.Reset()
		bufferPool.Put(b)
	}
}

// readBody reads at most limit bytes of a body into a pooled buffer. A body
// longer than limit yields what was read and an error wrapping
// errBodyTooLarge; a failed read yields a *readError.
func readBody(body io.Reader, contentLength, limit int64) (*bodyBuffer, error) {
	buf := bufferPool.Get().(*bodyBuffer)
	if contentLength > 0 && contentLength <= limit {
		buf.Grow(int(contentLength))
	}
	buf.limited = io.LimitedReader{R: body, N: limit + 1}
	n, err := buf.ReadFrom(&buf.limited)
	if err != nil {
		return buf, &readError{err: err}
	}
	if n > limit {
		buf.Truncate(int(limit))
		return buf, fmt.Errorf("%w: more than %d bytes", errBodyTooLarge, limit)
	}
	return buf, nil
}

// bytesView returns b as a string without copying. The string is valid only
// while b is neither modified nor reused; it is handed only to the JSON
// reader, which copies what it returns.
func bytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
