package devicestest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/cognitodevices/cognitodevices"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func noRetries(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 }

func zeroBackoff(o *cognitodevices.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
	})
}

func TestFailNextWithoutRetries(t *testing.T) {
	tests := []struct {
		code       string
		wantStatus int
		wantCode   string
	}{
		{"InternalErrorException", 500, "InternalErrorException"},
		{"TooManyRequestsException", 400, "TooManyRequestsException"},
		{"UserNotConfirmedException", 400, "UserNotConfirmedException"},
		{"SomethingNewException", 400, "SomethingNewException"},
		{"503", 503, "UnknownError"},
		{"502", 502, "UnknownError"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			srv, _ := setup(t)
			srv.AddUser(poolID, username)
			client := srv.Client(noRetries)
			in := &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(poolID), Username: aws.String(username)}
			srv.FailNext("AdminListDevices", 1, tt.code)

			_, err := client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
				UserPoolId: aws.String(poolID), Username: aws.String(username), DeviceKey: aws.String("us-east-1_0000000a"),
			})
			assert.Equal(t, "ResourceNotFoundException", errorCode(err), "other operations are not affected")

			_, err = client.AdminListDevices(context.Background(), in)
			require.Error(t, err)
			assert.Equal(t, tt.wantStatus, httpStatus(err))
			assert.Equal(t, tt.wantCode, errorCode(err))

			_, err = client.AdminListDevices(context.Background(), in)
			require.NoError(t, err, "only the next call fails")
		})
	}

	t.Run("typed", func(t *testing.T) {
		srv, _ := setup(t)
		srv.FailNext("ListDevices", 1, "InternalErrorException")
		_, err := srv.Client(noRetries).ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String("x")})
		var internal *cognitodevices.InternalErrorException
		require.ErrorAs(t, err, &internal)
		assert.Equal(t, http.StatusInternalServerError, httpStatus(err))
	})
}

func TestFailNextBareStatusIsEmpty(t *testing.T) {
	srv, _ := setup(t)
	srv.FailNext("ListDevices", 1, "503")
	resp := send(t, newRawRequest(t, srv, "ListDevices", `{"AccessToken":"x"}`))
	assert.Equal(t, http.StatusServiceUnavailable, resp.status)
	assert.Empty(t, resp.body)
	assert.Empty(t, resp.header.Get("X-Amzn-ErrorType"))
	assert.Empty(t, resp.header.Get("Content-Type"))
	assert.NotEmpty(t, resp.header.Get("Date"))
	assert.NotEmpty(t, resp.header.Get("X-Amzn-Requestid"))
}

func TestFailNextRecoversWithRetries(t *testing.T) {
	tests := []struct {
		name         string
		code         string
		failures     int
		wantErr      bool
		wantRequests int
	}{
		{name: "503 twice", code: "503", failures: 2, wantRequests: 3},
		{name: "internal error twice", code: "InternalErrorException", failures: 2, wantRequests: 3},
		{name: "throttled once", code: "TooManyRequestsException", failures: 1, wantRequests: 2},
		{name: "503 on every attempt", code: "503", failures: 3, wantErr: true, wantRequests: 3},
		{name: "not retryable", code: "InvalidParameterException", failures: 1, wantErr: true, wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := setup(t)
			addDevices(srv, poolID, username, 2)
			srv.FailNext("AdminListDevices", tt.failures, tt.code)

			out, err := srv.Client(zeroBackoff).AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
				UserPoolId: aws.String(poolID), Username: aws.String(username),
			})
			assert.Len(t, srv.Requests(), tt.wantRequests)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Len(t, out.Devices, 2)
		})
	}
}

func TestFailNextCanBeCancelled(t *testing.T) {
	srv, client := setup(t)
	token := srv.IssueAccessToken(poolID, username)
	srv.FailNext("ListDevices", 5, "InternalErrorException")
	srv.FailNext("ListDevices", 0, "")
	_, err := client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String(token)})
	require.NoError(t, err)
}

func TestFailNextRefusesUnknownOperation(t *testing.T) {
	srv, _ := setup(t)
	assert.Panics(t, func() { srv.FailNext("AdminListDevice", 1, "503") })
}
