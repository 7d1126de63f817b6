package compat

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

// loseFirstForgetAnswer forwards each request and answers the first
// AdminForgetDevice with a 503 after the service applied it.
type loseFirstForgetAnswer struct{ lost atomic.Bool }

func (l *loseFirstForgetAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || r.Header.Get("X-Amz-Target") != "AWSCognitoIdentityProviderService.AdminForgetDevice" || !l.lost.CompareAndSwap(false, true) {
		return resp, err
	}
	resp.Body.Close()
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
}

// TestForgetRetryAfterAppliedAttemptMatchesOfficial: when the first
// attempt of AdminForgetDevice is applied and answered 503, both clients
// retry, and both return ResourceNotFoundException for the device the
// call forgot (what AdminForgetDevice's doc comment says).
func TestForgetRetryAfterAppliedAttemptMatchesOfficial(t *testing.T) {
	const pool, user = "us-west-2_Retry", "alice"
	noBackoff := func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	}
	for _, client := range []string{"library", "official"} {
		t.Run(client, func(t *testing.T) {
			srv := devicestest.NewServerT(t, devicestest.WithRegion(testRegion))
			key := srv.AddDevice(pool, user, cognitodevices.DeviceType{})
			creds := srv.Credentials()
			provider := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return creds, nil })
			httpClient := &http.Client{Transport: &loseFirstForgetAnswer{}}
			var err error
			if client == "library" {
				c := cognitodevices.New(cognitodevices.Options{Region: testRegion, BaseEndpoint: aws.String(srv.URL), Credentials: provider, HTTPClient: httpClient, Retryer: noBackoff()})
				_, err = c.AdminForgetDevice(context.Background(), &cognitodevices.AdminForgetDeviceInput{UserPoolId: aws.String(pool), Username: aws.String(user), DeviceKey: aws.String(key)})
				var gone *cognitodevices.ResourceNotFoundException
				assert.ErrorAs(t, err, &gone)
			} else {
				c := cip.New(cip.Options{Region: testRegion, BaseEndpoint: aws.String(srv.URL), Credentials: provider, HTTPClient: httpClient, Retryer: noBackoff()})
				_, err = c.AdminForgetDevice(context.Background(), &cip.AdminForgetDeviceInput{UserPoolId: aws.String(pool), Username: aws.String(user), DeviceKey: aws.String(key)})
				var gone *types.ResourceNotFoundException
				assert.ErrorAs(t, err, &gone)
			}
			require.Error(t, err)
			assert.Empty(t, srv.Devices(pool, user), "the first attempt forgot the device")
		})
	}
}
