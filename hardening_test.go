package cognitodevices_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
)

// skewedService answers signed calls like the service does when the
// client's clock is off: InvalidSignatureException with its own Date,
// unless the signing time is within five minutes of its clock.
func skewedService(serverNow func() time.Time) func(http.ResponseWriter, *http.Request, []byte) {
	return func(w http.ResponseWriter, r *http.Request, _ []byte) {
		now := serverNow()
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		signed, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		if err != nil || signed.Sub(now).Abs() > 5*time.Minute {
			respond(400, `{"__type":"InvalidSignatureException","message":"Signature expired: `+r.Header.Get("X-Amz-Date")+` is now earlier than ..."}`)(w, r, nil)
			return
		}
		respond(200, `{"Devices":[]}`)(w, r, nil)
	}
}

func TestClockSkewIsCorrected(t *testing.T) {
	for name, offset := range map[string]time.Duration{"client behind": 20 * time.Minute, "client ahead": -3 * time.Hour} {
		t.Run(name, func(t *testing.T) {
			c, ts := setup(t)
			ts.Handle(skewedService(func() time.Time { return time.Now().Add(offset) }))

			require.NoError(t, call(context.Background(), c, "AdminListDevices"))
			reqs := ts.Requests()
			require.Len(t, reqs, 2, "refused once, then signed again with the corrected time")
			corrected, err := time.Parse("20060102T150405Z", reqs[1].Header.Get("X-Amz-Date"))
			require.NoError(t, err)
			assert.WithinDuration(t, time.Now().Add(offset), corrected, time.Minute)
			verifySignature(t, ts, reqs[1], "")

			// The offset is kept: the next call is right the first time.
			require.NoError(t, call(context.Background(), c, "AdminListDevices"))
			assert.Len(t, ts.Requests(), 3)
		})
	}
}

func TestClockSkewRetriedOnlyOnce(t *testing.T) {
	c, ts := setup(t)
	// A service that always refuses, with a Date far off: the client tries
	// the correction once and then reports the error.
	ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.Header().Set("Date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
		respond(400, `{"__type":"InvalidSignatureException","message":"Signature expired"}`)(w, r, nil)
	})
	err := call(context.Background(), c, "AdminListDevices")
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "InvalidSignatureException", apiErr.ErrorCode())
	assert.Len(t, ts.Requests(), 2)
}

// countingLimiter is a RateLimiter that counts waits and can refuse.
type countingLimiter struct {
	waits atomic.Int32
	err   error
}

func (l *countingLimiter) Wait(ctx context.Context) error {
	l.waits.Add(1)
	if l.err != nil {
		return l.err
	}
	return ctx.Err()
}

func TestRateLimiterPacesEveryAttempt(t *testing.T) {
	limiter := &countingLimiter{}
	c, ts := setup(t, func(o *cd.Options) { o.RateLimiter = limiter })
	var n atomic.Int32
	ts.Handle(func(w http.ResponseWriter, r *http.Request, b []byte) {
		if n.Add(1) == 1 {
			respond(400, `{"__type":"TooManyRequestsException"}`)(w, r, b)
			return
		}
		respond(200, `{"Devices":[]}`)(w, r, b)
	})
	require.NoError(t, call(context.Background(), c, "ListDevices"))
	assert.Equal(t, int32(2), limiter.waits.Load(), "the retry waited too")

	limiter.err = errors.New("limiter closed")
	err := call(context.Background(), c, "ListDevices")
	assert.ErrorIs(t, err, limiter.err)
	assert.Len(t, ts.Requests(), 2, "nothing sent without the limiter's leave")
}

func TestThrottlingBurstRecovers(t *testing.T) {
	c, ts := setup(t)
	var n atomic.Int32
	// The service throttles every other request: many goroutines sharing
	// one client each succeed after retrying.
	ts.Handle(func(w http.ResponseWriter, r *http.Request, b []byte) {
		if n.Add(1)%2 == 1 {
			respond(400, `{"__type":"TooManyRequestsException","message":"Too many requests"}`)(w, r, b)
			return
		}
		respond(200, `{"Devices":[]}`)(w, r, b)
	})
	var wg sync.WaitGroup
	var failed atomic.Int32
	for g := 0; g < 20; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := call(context.Background(), c, "ListDevices"); err != nil {
				var throttled *cd.TooManyRequestsException
				if !errors.As(err, &throttled) {
					t.Errorf("unexpected error: %v", err)
				}
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	// With three attempts each and every other request throttled, a call
	// may still exhaust its attempts; when it does it says why.
	assert.LessOrEqual(t, failed.Load(), int32(5))
}

// rawServer answers every connection with the given raw HTTP bytes and
// then closes it, for responses net/http's server cannot be made to send.
func rawServer(t *testing.T, raw string) string {
	t.Helper()
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		buf.WriteString(raw)
		buf.Flush()
	}))
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestBrokenResponses(t *testing.T) {
	tests := map[string]string{
		"truncated body":   "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 500\r\n\r\n{\"Devices\":[{\"DeviceKey\":\"k\"",
		"reset mid-chunk":  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"Devices\":[{\"De",
		"garbage":          "SSH-2.0-OpenSSH_9.6\r\n",
		"truncated header": "HTTP/1.1 200 OK\r\nContent-Ty",
	}
	for name, raw := range tests {
		t.Run(name, func(t *testing.T) {
			url := rawServer(t, raw)
			c := cd.New(cd.Options{Region: testRegion, BaseEndpoint: aws.String(url), Retryer: noBackoff()})
			start := time.Now()
			out, err := c.ListDevices(context.Background(), listInput())
			require.Error(t, err)
			assert.Nil(t, out)
			assert.Less(t, time.Since(start), 5*time.Second)
			var maxErr *retry.MaxAttemptsError
			assert.ErrorAs(t, err, &maxErr, "connection failures are retried: %v", err)
		})
	}
}

func TestEndlessErrorBodyIsBounded(t *testing.T) {
	c, ts := setup(t, func(o *cd.Options) { o.RetryMaxAttempts = 1 })
	ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.WriteHeader(400)
		bw := bufio.NewWriter(w)
		chunk := strings.Repeat("x", 64<<10)
		for i := 0; i < 1000; i++ { // 64 MiB, far beyond the 1 MiB error limit
			if _, err := bw.WriteString(chunk); err != nil {
				return
			}
		}
	})
	err := call(context.Background(), c, "ListDevices")
	var respErr *awshttp.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, 400, respErr.HTTPStatusCode())
	assert.Less(t, len(err.Error()), 1000, "the message quotes only the start of the body")
}

func TestUserHTTPClientDoesNotFollowRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		user := &http.Client{Timeout: 5 * time.Second}
		c, ts := setup(t, func(o *cd.Options) { o.HTTPClient = user })
		ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) { http.Redirect(w, r, other.URL, code) })
		err := call(context.Background(), c, "ListDevices")
		require.ErrorContains(t, err, "redirects are not followed")
		assert.Nil(t, user.CheckRedirect, "the caller's client is not modified")
	}
	assert.Zero(t, elsewhere.Load())
}

func TestClockSkewHealsWhenClocksAgreeAgain(t *testing.T) {
	c, ts := setup(t)
	var offset atomic.Int64
	offset.Store(int64(time.Hour))
	ts.Handle(skewedService(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }))
	require.NoError(t, call(context.Background(), c, "AdminListDevices"))
	require.Len(t, ts.Requests(), 2)

	// The service's clock is fixed: the learned offset is now wrong, and the
	// client must drop it and sign again within the same call.
	offset.Store(0)
	require.NoError(t, call(context.Background(), c, "AdminListDevices"))
	assert.Len(t, ts.Requests(), 4)
	require.NoError(t, call(context.Background(), c, "AdminListDevices"))
	assert.Len(t, ts.Requests(), 5)
}
