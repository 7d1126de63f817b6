package cognitodevices_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/logging"
	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoggingRedactsSecrets(t *testing.T) {
	var logged bytes.Buffer
	c, ts := setup(t, func(o *cd.Options) {
		o.Logger = logging.NewStandardLogger(&logged)
		o.ClientLogMode = aws.LogRequestWithBody | aws.LogResponseWithBody | aws.LogRetries | aws.LogSigning
		o.Credentials = staticCredentials("SESSION-SECRET")
	})
	ts.Handle(respond(200, `{"Devices":[{"DeviceKey":"k"}]}`))
	require.NoError(t, optable.ListDevices.Run(context.Background(), c))
	require.NoError(t, optable.AdminListDevices.Run(context.Background(), c))
	out := logged.String()
	assert.Contains(t, out, `"AccessToken":"[REDACTED]"`)
	assert.Contains(t, out, `"DeviceKey":"k"`)
	assert.Contains(t, out, "Authorization: [REDACTED]")
	for _, secret := range []string{testToken, testSecretKey, "SESSION-SECRET"} {
		assert.NotContains(t, out, secret)
	}
	assert.Len(t, ts.Requests(), 2)
}

func TestInputsNeverPrintTheAccessToken(t *testing.T) {
	in := listInput()
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, v := range []any{in, *in, []any{in}, struct{ In *cd.ListDevicesInput }{in}} {
			out := fmt.Sprintf(format, v)
			assert.NotContains(t, out, testToken, format)
			assert.NotContains(t, out, "eyJ", format)
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", in), "AccessToken:[REDACTED]")
	assert.Contains(t, fmt.Sprintf("%v", cd.ListDevicesInput{}), "<nil>")
}

func TestTokenInputsNeverPrintSecrets(t *testing.T) {
	const verifier = "VERIFIER-SECRET-BASE64"
	inputs := []any{
		&cd.GetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k")},
		&cd.ForgetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k")},
		&cd.UpdateDeviceStatusInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k"), DeviceRememberedStatus: cd.DeviceRememberedStatusTypeRemembered},
		&cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k"),
			DeviceSecretVerifierConfig: &cd.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(verifier), Salt: aws.String("SALT")}},
	}
	for _, in := range inputs {
		for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(format, in)
			assert.NotContains(t, out, testToken, format)
			assert.NotContains(t, out, verifier, format)
			assert.Contains(t, out, "[REDACTED]", format)
		}
	}

	var logged bytes.Buffer
	c, _ := setup(t, func(o *cd.Options) {
		o.Logger = logging.NewStandardLogger(&logged)
		o.ClientLogMode = aws.LogRequestWithBody
	})
	for _, op := range optable.Unsigned() {
		_ = op.Run(context.Background(), c)
	}
	assert.NotContains(t, logged.String(), testToken)
	assert.NotContains(t, logged.String(), "AJ8v+w==", "the verifier is not logged")
	assert.Contains(t, logged.String(), "ConfirmDevice")
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	c, ts := setup(t, func(o *cd.Options) { o.HTTPClient = nil })
	ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		http.Redirect(w, r, other.URL, http.StatusTemporaryRedirect)
	})
	err := optable.ListDevices.Run(context.Background(), c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "redirects are not followed")
	var respErr *awshttp.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, http.StatusTemporaryRedirect, respErr.HTTPStatusCode())
	assert.Zero(t, elsewhere.Load(), "the access token never reaches another host")
}

func TestUserHTTPClientDoesNotFollowRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		user := &http.Client{Timeout: 5 * time.Second}
		c, ts := setup(t, func(o *cd.Options) { o.HTTPClient = user })
		ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) { http.Redirect(w, r, other.URL, code) })
		err := optable.ListDevices.Run(context.Background(), c)
		require.ErrorContains(t, err, "redirects are not followed")
		assert.Nil(t, user.CheckRedirect, "the caller's client is not modified")
	}
	assert.Zero(t, elsewhere.Load())
}
