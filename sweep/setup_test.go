package sweep_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/sweep"
	"github.com/stretchr/testify/require"
)

const pool = "us-east-1_SWEEP"

const day = 24 * time.Hour

// seed adds users u0000.. to srv; user i has i%5 devices, device j last
// used j*40 days ago (j=0 now), remembered when j is even.
func seed(srv *devicestest.Server, users int, now time.Time) {
	for i := range users {
		name := fmt.Sprintf("u%04d", i)
		srv.AddUser(pool, name)
		for j := range i % 5 {
			status := "not_remembered"
			if j%2 == 0 {
				status = "remembered"
			}
			used := now.Add(-time.Duration(j) * 40 * day)
			srv.AddDevice(pool, name, cognitodevices.DeviceType{
				DeviceKey:                   aws.String(fmt.Sprintf("us-east-1_%04x-%04x", i, j)),
				DeviceLastAuthenticatedDate: &used,
				DeviceAttributes: []cognitodevices.AttributeType{
					{Name: aws.String(cognitodevices.AttributeDeviceName), Value: aws.String(fmt.Sprintf("device %d", j))},
					{Name: aws.String(cognitodevices.AttributeDeviceRememberedStatus), Value: aws.String(status)},
				},
			})
		}
	}
}

// fastOptions sweeps pool with no pacing and quick retries.
func fastOptions(policy sweep.Policy) sweep.Options {
	return sweep.Options{
		UserPoolID: pool,
		Policy:     policy,
		Rates:      sweep.Rates{UserList: -1, UserResourceRead: -1, UserResourceUpdate: -1, PerUserRead: -1, PerUserWrite: -1},
		Retryer:    quickRetryer(8),
	}
}

func quickRetryer(attempts int) aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = attempts
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
		o.RateLimiter = noRetryQuota{}
	})
}

// noRetryQuota lets every retry through.
type noRetryQuota struct{}

func (noRetryQuota) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}
func (noRetryQuota) AddTokens(uint) error { return nil }

// mixedPolicy forgets devices unused for 100 days, marks those unused
// for 30, and always keeps the newest.
func mixedPolicy() sweep.Policy {
	return sweep.KeepNewest(1, sweep.Any(sweep.Stale(100*day), sweep.TrustWindow(30*day)))
}

// parseReport parses the report line by line.
func parseReport(t *testing.T, b []byte) []sweep.Record {
	t.Helper()
	var out []sweep.Record
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var r sweep.Record
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&r), "line %q", sc.Text())
		out = append(out, r)
	}
	require.NoError(t, sc.Err())
	return out
}

// deviceState is what a sweep may change of a device.
type deviceState struct {
	key    string
	status cognitodevices.DeviceRememberedStatusType
}

func state(srv *devicestest.Server, users int) map[string][]deviceState {
	out := map[string][]deviceState{}
	for i := range users {
		name := fmt.Sprintf("u%04d", i)
		for _, d := range srv.Devices(pool, name) {
			out[name] = append(out[name], deviceState{aws.ToString(d.DeviceKey), d.RememberedStatus()})
		}
	}
	return out
}

// countingLimiter counts its waits and lets every one through.
type countingLimiter struct{ n atomic.Int64 }

func (l *countingLimiter) Wait(ctx context.Context) error {
	l.n.Add(1)
	return ctx.Err()
}

// cancelAfterWrites is a transport that, once the k-th device write has
// been answered, cancels the sweep and loses that answer: the service
// applied a write whose outcome the sweep does not learn.
type cancelAfterWrites struct {
	k      int64
	cancel context.CancelFunc
	writes atomic.Int64
}

func (c *cancelAfterWrites) RoundTrip(r *http.Request) (*http.Response, error) {
	target := r.Header.Get("X-Amz-Target")
	write := target == "AWSCognitoIdentityProviderService.AdminForgetDevice" || target == "AWSCognitoIdentityProviderService.AdminUpdateDeviceStatus"
	resp, err := http.DefaultTransport.RoundTrip(r)
	if write && err == nil && c.writes.Add(1) == c.k {
		resp.Body.Close()
		c.cancel()
		return nil, context.Canceled
	}
	return resp, err
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
