package devicestest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func staticCredentials(id, secret string) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: id, SecretAccessKey: secret}, nil
	})
}

func TestAdminSignatureVerification(t *testing.T) {
	srv := devicestest.NewServerT(t,
		devicestest.WithCredentials("AKIDFIRST", "first-secret"),
		devicestest.WithCredentials("AKIDSECOND", "second-secret"),
	)
	srv.AddDevice(poolID, username, cognitodevices.DeviceType{})

	tests := []struct {
		name     string
		optFn    func(*cognitodevices.Options)
		wantCode string
		wantMsg  string
	}{
		{name: "first key", optFn: func(*cognitodevices.Options) {}},
		{name: "second key", optFn: func(o *cognitodevices.Options) {
			o.Credentials = staticCredentials("AKIDSECOND", "second-secret")
		}},
		{name: "wrong secret", optFn: func(o *cognitodevices.Options) {
			o.Credentials = staticCredentials("AKIDFIRST", "not-the-secret")
		}, wantCode: "InvalidSignatureException", wantMsg: "The request signature we calculated does not match the signature you provided."},
		{name: "unknown key", optFn: func(o *cognitodevices.Options) {
			o.Credentials = staticCredentials("AKIDUNKNOWN", "first-secret")
		}, wantCode: "UnrecognizedClientException", wantMsg: "The security token included in the request is invalid."},
		{name: "default key not accepted once keys are given", optFn: func(o *cognitodevices.Options) {
			o.Credentials = staticCredentials(devicestest.DefaultAccessKeyID, devicestest.DefaultSecretAccessKey)
		}, wantCode: "UnrecognizedClientException"},
		{name: "wrong region", optFn: func(o *cognitodevices.Options) {
			o.Region = "eu-west-1"
		}, wantCode: "InvalidSignatureException", wantMsg: "Credential should be scoped to a valid region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			client := srv.Client(tt.optFn)
			_, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
				UserPoolId: aws.String(poolID), Username: aws.String(username),
			})
			assert.Len(t, srv.Requests(), 1, "refused signatures are not retried")
			if tt.wantCode == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.wantCode, errorCode(err))
			assert.Equal(t, http.StatusBadRequest, httpStatus(err))
			assert.Contains(t, err.Error(), tt.wantMsg)
		})
	}
}

func TestAdminRequestsNeedAValidSignature(t *testing.T) {
	srv := devicestest.NewServerT(t)
	srv.AddUser(poolID, username)
	body := `{"UserPoolId":"` + poolID + `","Username":"alice"}`

	tests := []struct {
		name     string
		prepare  func(t *testing.T, r *http.Request)
		wantCode string
		wantMsg  string
	}{
		{"unsigned", func(*testing.T, *http.Request) {}, "MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"malformed authorization", func(_ *testing.T, r *http.Request) {
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID")
		}, "IncompleteSignatureException", ""},
		{"other service", func(t *testing.T, r *http.Request) {
			sign(t, r, srv.Credentials(), srv.Region(), time.Now())
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/cognito-idp/", "/cognito-identity/", 1))
		}, "InvalidSignatureException", "Credential should be scoped to correct service: 'cognito-idp'."},
		{"body changed after signing", func(t *testing.T, r *http.Request) {
			sign(t, r, srv.Credentials(), srv.Region(), time.Now())
			r.Body = http.NoBody
			r.ContentLength = 0
		}, "InvalidSignatureException", "The request signature we calculated does not match"},
		{"target changed after signing", func(t *testing.T, r *http.Request) {
			sign(t, r, srv.Credentials(), srv.Region(), time.Now())
			r.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.AdminGetDevice")
		}, "InvalidSignatureException", "The request signature we calculated does not match"},
		{"target not signed", func(t *testing.T, r *http.Request) {
			target := r.Header.Get("X-Amz-Target")
			r.Header.Del("X-Amz-Target")
			sign(t, r, srv.Credentials(), srv.Region(), time.Now())
			r.Header.Set("X-Amz-Target", target)
		}, "InvalidSignatureException", "SignedHeaders must include host and x-amz-target."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRawRequest(t, srv, "AdminListDevices", body)
			tt.prepare(t, req)
			resp := send(t, req)
			assert.Equal(t, http.StatusBadRequest, resp.status)
			code, msg := serviceError(t, resp)
			assert.Equal(t, tt.wantCode, code)
			assert.Contains(t, msg, tt.wantMsg)
		})
	}

	t.Run("valid", func(t *testing.T) {
		req := newRawRequest(t, srv, "AdminListDevices", body)
		sign(t, req, srv.Credentials(), srv.Region(), time.Now())
		resp := send(t, req)
		assert.Equal(t, http.StatusOK, resp.status, resp.body)
		assert.JSONEq(t, `{"Devices":[]}`, resp.body)
	})
}

func TestSigningTimeWindow(t *testing.T) {
	srv := devicestest.NewServerT(t, devicestest.WithClock(func() time.Time { return fixedTime }))
	srv.AddUser(poolID, username)

	tests := []struct {
		name     string
		offset   time.Duration
		wantCode string
		wantMsg  string
	}{
		{"4m59s early", -(5*time.Minute - time.Second), "", ""},
		{"4m59s late", 5*time.Minute - time.Second, "", ""},
		{"10 minutes early", -10 * time.Minute, "InvalidSignatureException",
			"Signature expired: 20240507T164222Z is now earlier than 20240507T164722Z (20240507T165222Z - 5 min.)"},
		{"10 minutes late", 10 * time.Minute, "InvalidSignatureException",
			"Signature not yet current: 20240507T170222Z is still later than 20240507T165722Z (20240507T165222Z + 5 min.)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRawRequest(t, srv, "AdminListDevices", `{"UserPoolId":"`+poolID+`","Username":"alice"}`)
			sign(t, req, srv.Credentials(), srv.Region(), fixedTime.Add(tt.offset))
			resp := send(t, req)
			assert.Equal(t, "Tue, 07 May 2024 16:52:22 GMT", resp.header.Get("Date"))
			if tt.wantCode == "" {
				assert.Equal(t, http.StatusOK, resp.status, resp.body)
				return
			}
			assert.Equal(t, http.StatusBadRequest, resp.status)
			code, msg := serviceError(t, resp)
			assert.Equal(t, tt.wantCode, code)
			assert.Equal(t, tt.wantMsg, msg)
		})
	}
}

// The client learns the server's clock from the Date header of a refused
// request and signs again once; later calls use the learned offset.
func TestClientCorrectsClockSkew(t *testing.T) {
	for _, skew := range []time.Duration{time.Hour, -time.Hour, 15 * time.Minute} {
		t.Run(skew.String(), func(t *testing.T) {
			srv := devicestest.NewServerT(t)
			srv.SetClock(func() time.Time { return time.Now().Add(skew) })
			srv.AddDevice(poolID, username, cognitodevices.DeviceType{})
			client := srv.Client(func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
			in := &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(poolID), Username: aws.String(username)}

			out, err := client.AdminListDevices(context.Background(), in)
			require.NoError(t, err)
			assert.Len(t, out.Devices, 1)
			reqs := srv.Requests()
			require.Len(t, reqs, 2, "one refused request, one signed with the corrected clock")
			first, _ := time.Parse("20060102T150405Z", reqs[0].Header.Get("X-Amz-Date"))
			second, _ := time.Parse("20060102T150405Z", reqs[1].Header.Get("X-Amz-Date"))
			assert.InDelta(t, skew.Seconds(), second.Sub(first).Seconds(), 5)

			srv.ResetRequests()
			_, err = client.AdminListDevices(context.Background(), in)
			require.NoError(t, err)
			assert.Len(t, srv.Requests(), 1, "the offset is remembered")
		})
	}
}

func TestListDevicesNeedsNoSignature(t *testing.T) {
	srv := devicestest.NewServerT(t)
	srv.SetClock(func() time.Time { return time.Now().Add(48 * time.Hour) })
	addDevices(srv, poolID, username, 3)
	token := srv.IssueAccessToken(poolID, username)

	client := srv.Client(func(o *cognitodevices.Options) { o.Credentials = nil })
	out, err := client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String(token)})
	require.NoError(t, err)
	assert.Len(t, out.Devices, 3)

	_, err = client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String(poolID), Username: aws.String(username),
	})
	require.Error(t, err, "admin operations need credentials")
	assert.Len(t, srv.Requests(), 1, "the client refuses to send an unsigned admin request")
}
