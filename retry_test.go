package cognitodevices_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetries(t *testing.T) {
	tests := []struct {
		name     string
		failures []func(http.ResponseWriter, *http.Request, []byte)
		wantOK   bool
		wantReqs int
	}{
		{"500 then ok", []func(http.ResponseWriter, *http.Request, []byte){respond(500, `{"__type":"InternalErrorException"}`)}, true, 2},
		{"throttled twice then ok", []func(http.ResponseWriter, *http.Request, []byte){
			respond(400, `{"__type":"TooManyRequestsException"}`), respond(400, `{"__type":"TooManyRequestsException"}`)}, true, 3},
		{"502 503 then ok", []func(http.ResponseWriter, *http.Request, []byte){respond(502, ""), respond(503, "<html>")}, true, 3},
		{"always 503", []func(http.ResponseWriter, *http.Request, []byte){respond(503, ""), respond(503, ""), respond(503, "")}, false, 3},
		{"client error", []func(http.ResponseWriter, *http.Request, []byte){respond(400, `{"__type":"InvalidParameterException"}`)}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Temporary credentials that expire at once make the cache fetch
			// a new session token for every attempt, so each attempt's
			// signature is provably computed afresh.
			var n atomic.Int32
			creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey,
					SessionToken: fmt.Sprintf("token-%d", n.Add(1)), CanExpire: true, Expires: time.Now()}, nil
			})
			c, ts := setup(t, func(o *cd.Options) { o.Credentials = creds })
			var attempt atomic.Int32
			ts.Handle(func(w http.ResponseWriter, r *http.Request, body []byte) {
				i := int(attempt.Add(1)) - 1
				if i < len(tt.failures) {
					tt.failures[i](w, r, body)
					return
				}
				respond(200, `{"Devices":[]}`)(w, r, body)
			})
			out, err := c.AdminListDevices(context.Background(), adminListInput())
			if tt.wantOK {
				require.NoError(t, err)
				attempts, ok := retry.GetAttemptResults(out.ResultMetadata)
				require.True(t, ok, "the attempts are in the metadata, as the official client puts them")
				require.Len(t, attempts.Results, tt.wantReqs)
				for i, r := range attempts.Results {
					last := i == len(attempts.Results)-1
					assert.Equal(t, !last, r.Retried, "attempt %d", i+1)
					assert.Equal(t, !last, r.Err != nil, "attempt %d", i+1)
				}
			} else {
				require.Error(t, err)
			}
			reqs := ts.Requests()
			require.Len(t, reqs, tt.wantReqs)
			seen := map[string]bool{}
			for _, r := range reqs {
				verifySignature(t, ts, r, r.Header.Get("X-Amz-Security-Token"))
				seen[r.Header.Get("Authorization")] = true
			}
			assert.Len(t, seen, len(reqs), "every attempt carries its own signature")
		})
	}
}

func TestRetryMaxAttempts(t *testing.T) {
	c, ts := setup(t, func(o *cd.Options) { o.RetryMaxAttempts = 5 })
	ts.Handle(respond(503, ""))
	err := optable.ListDevices.Run(context.Background(), c)
	var maxErr *retry.MaxAttemptsError
	require.ErrorAs(t, err, &maxErr)
	assert.Equal(t, 5, maxErr.Attempt)
	assert.Len(t, ts.Requests(), 5)

	// A per-call override applies to that call only.
	err = optable.ListDevices.Run(context.Background(), c, func(o *cd.Options) { o.RetryMaxAttempts = 2 })
	require.Error(t, err)
	assert.Len(t, ts.Requests(), 7)
	assert.Equal(t, 5, c.Options().Retryer.MaxAttempts())
}

// countingRetryer is a custom Retryer that never retries and counts how
// often it is asked.
type countingRetryer struct {
	aws.Retryer
	asked atomic.Int32
}

func (r *countingRetryer) IsErrorRetryable(error) bool { r.asked.Add(1); return false }

func TestCustomRetryerIsUsedAsGiven(t *testing.T) {
	r := &countingRetryer{Retryer: retry.NewStandard()}
	c, ts := setup(t, func(o *cd.Options) { o.Retryer = r })
	ts.Handle(respond(500, `{"__type":"InternalErrorException"}`))
	require.Error(t, optable.ListDevices.Run(context.Background(), c))
	assert.Len(t, ts.Requests(), 1)
	assert.Equal(t, int32(1), r.asked.Load())
}

func TestAdaptiveRetryMode(t *testing.T) {
	c, ts := setup(t, func(o *cd.Options) { o.Retryer = retry.NewAdaptiveMode() })
	var attempt atomic.Int32
	ts.Handle(func(w http.ResponseWriter, r *http.Request, body []byte) {
		if attempt.Add(1) == 1 {
			respond(400, `{"__type":"TooManyRequestsException"}`)(w, r, body)
			return
		}
		respond(200, `{"Devices":[]}`)(w, r, body)
	})
	require.NoError(t, optable.ListDevices.Run(context.Background(), c))
	assert.Len(t, ts.Requests(), 2)
}

func TestDeadlinesAndCancellation(t *testing.T) {
	c, ts := setup(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := optable.AdminListDevices.Run(ctx, c)
	require.Error(t, err)
	assert.Less(t, time.Since(start), 2*time.Second, "the deadline is honoured promptly")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var canceled *smithy.CanceledError
	assert.ErrorAs(t, err, &canceled)
	assert.Len(t, ts.Requests(), 1, "a deadline is not retried")

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, optable.ListDevices.Run(ctx, c), context.Canceled)
}

func TestCancelDuringBackoff(t *testing.T) {
	slow := retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Hour, nil })
	})
	c, ts := setup(t, func(o *cd.Options) { o.Retryer = slow })
	ts.Handle(respond(503, ""))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := optable.ListDevices.Run(ctx, c)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
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
	require.NoError(t, optable.ListDevices.Run(context.Background(), c))
	assert.Equal(t, int32(2), limiter.waits.Load(), "the retry waited too")

	limiter.err = errors.New("limiter closed")
	err := optable.ListDevices.Run(context.Background(), c)
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
			if err := optable.ListDevices.Run(context.Background(), c); err != nil {
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
