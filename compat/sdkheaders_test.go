package compat

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestSDKHeaders sends every operation through both clients, each call
// failing once with a retryable error: both send amz-sdk-invocation-id,
// one UUID per call kept on the retry, and amz-sdk-request with the
// attempt and the maximum, and both sign the same headers.
func TestSDKHeaders(t *testing.T) {
	srv := setup(t, anyOperationReply)
	lib := newLibrary(srv.URL, func(o *cognitodevices.Options) { o.RetryMaxAttempts, o.Retryer = 0, threeAttemptsNoBackoff() })
	off := newOfficial(srv.URL, func(o *cip.Options) { o.RetryMaxAttempts, o.Retryer = 0, threeAttemptsNoBackoff() })
	for _, in := range everyOperation {
		t.Run(operationOf(in).Name, func(t *testing.T) {
			var ids [2]string
			var signed [2][]string
			libReqs, offReqs := sentWithOneRetry(t, srv, lib, off, in)
			for i, reqs := range [][]captured{libReqs, offReqs} {
				require.Len(t, reqs, 2, "one retry")
				ids[i] = reqs[0].Header.Get("Amz-Sdk-Invocation-Id")
				assert.Regexp(t, uuidV4, ids[i])
				assert.Equal(t, ids[i], reqs[1].Header.Get("Amz-Sdk-Invocation-Id"), "the same on the retry")
				assert.Equal(t, "attempt=1; max=3", reqs[0].Header.Get("Amz-Sdk-Request"))
				assert.Equal(t, "attempt=2; max=3", reqs[1].Header.Get("Amz-Sdk-Request"))
				if auth := reqs[1].Header.Get("Authorization"); auth != "" {
					signed[i] = signedHeaders(t, auth)
					slices.Sort(signed[i])
				}
			}
			assert.NotEqual(t, ids[0], ids[1])
			assert.Equal(t, signed[1], signed[0], "both sign the same headers")
		})
	}
}

// retryableFailure is a 500 the standard Retryer retries.
var retryableFailure = reply{status: http.StatusInternalServerError, body: []byte(`{"__type":"InternalErrorException","message":"m"}`)}

// threeAttemptsNoBackoff is a standard Retryer of three attempts that
// retries at once.
func threeAttemptsNoBackoff() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 3
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
	})
}

// sentWithOneRetry calls in through both clients, the first attempt of
// each failing with retryableFailure, and returns the requests each sent.
func sentWithOneRetry(t *testing.T, srv *loopback, lib *cognitodevices.Client, off *cip.Client, in any) (library, official []captured) {
	t.Helper()
	var wire [2][]captured
	for i, call := range []func() error{
		func() error { _, err := callLibrary(context.Background(), lib, in); return err },
		func() error { _, err := callOfficial(context.Background(), off, in); return err },
	} {
		srv.take()
		srv.queue(retryableFailure)
		require.NoError(t, call())
		wire[i] = srv.take()
	}
	return wire[0], wire[1]
}
