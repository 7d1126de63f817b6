package cognitodevices_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
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

// secretVerifier is the verifier of secretInputs.
const secretVerifier = "VERIFIER-SECRET-BASE64"

// secretInputs returns one input of each access-token operation other
// than ListDevices, each holding testToken (and ConfirmDevice's
// secretVerifier).
func secretInputs() []any {
	return []any{
		&cd.GetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(testKey)},
		&cd.ForgetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(testKey)},
		&cd.UpdateDeviceStatusInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(testKey), DeviceRememberedStatus: cd.DeviceRememberedStatusTypeRemembered},
		&cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(testKey),
			DeviceSecretVerifierConfig: &cd.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(secretVerifier), Salt: aws.String("SALT")}},
	}
}

func TestTokenInputsNeverPrintSecrets(t *testing.T) {
	const verifier = secretVerifier
	inputs := secretInputs()
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

// forgery is a server that answers any request with a forged device and
// counts the requests it got.
type forgery struct {
	*httptest.Server
	requests atomic.Int32
}

func newForgery(t *testing.T) *forgery {
	f := &forgery{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		io.WriteString(w, `{"Devices":[{"DeviceKey":"forged"}]}`)
	}))
	t.Cleanup(f.Close)
	return f
}

// TestPermissiveRedirectPolicyIsOverridden gives the client an
// *http.Client whose own policy follows every redirect: the client still
// follows none, so neither the session token nor the request reaches the
// other host, and no forged answer is taken for the operation's.
func TestPermissiveRedirectPolicyIsOverridden(t *testing.T) {
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			other := newForgery(t)
			followAll := func(*http.Request, []*http.Request) error { return nil }
			user := &http.Client{CheckRedirect: followAll}
			c, ts := setup(t, func(o *cd.Options) { o.HTTPClient = user; o.Credentials = staticCredentials("SESSION-SECRET") })
			ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) { http.Redirect(w, r, other.URL, code) })

			out, err := c.AdminListDevices(context.Background(), adminListInput())
			require.ErrorContains(t, err, "redirects are not followed")
			assert.Nil(t, out)
			assert.Zero(t, other.requests.Load(), "nothing reaches the other host")
			assert.NotNil(t, user.CheckRedirect, "the caller's client is not modified")
		})
	}
}

// redirectFollower is an HTTPClient that is not an *http.Client and
// follows redirects itself.
type redirectFollower struct{ client *http.Client }

func (f redirectFollower) Do(req *http.Request) (*http.Response, error) { return f.client.Do(req) }

// TestFollowedRedirectIsRefused gives the client an HTTPClient of another
// type that follows a redirect: its answer, from another host, is refused
// instead of being decoded as the operation's result.
func TestFollowedRedirectIsRefused(t *testing.T) {
	other := newForgery(t)
	follower := redirectFollower{&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}}
	c, ts := setup(t, func(o *cd.Options) { o.HTTPClient = follower })
	ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		http.Redirect(w, r, other.URL, http.StatusSeeOther)
	})

	out, err := c.ListDevices(context.Background(), listInput())
	require.ErrorContains(t, err, "the HTTP client followed a redirect")
	assert.Nil(t, out, "no forged devices")
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "UnexpectedRedirect", apiErr.ErrorCode())
	assert.Equal(t, int32(1), other.requests.Load(), "the follower did follow")
}

// TestSlogRedactsSecrets logs every input that holds a secret with both
// slog handlers, as a value and as a pointer: no secret appears.
func TestSlogRedactsSecrets(t *testing.T) {
	const verifier = secretVerifier
	inputs := append([]any{listInput()}, secretInputs()...)
	for _, in := range inputs {
		for _, newHandler := range []func(io.Writer) slog.Handler{
			func(w io.Writer) slog.Handler { return slog.NewJSONHandler(w, nil) },
			func(w io.Writer) slog.Handler { return slog.NewTextHandler(w, nil) },
		} {
			var out bytes.Buffer
			logger := slog.New(newHandler(&out))
			logger.Info("call", "input", in, "value", reflect.ValueOf(in).Elem().Interface())
			assert.NotContains(t, out.String(), testToken)
			assert.NotContains(t, out.String(), verifier)
			assert.Contains(t, out.String(), "[REDACTED]")
			assert.Contains(t, out.String(), testKeyOrLimit(in))
		}
	}
}

// testKeyOrLimit is a member value every logged input shows in clear.
func testKeyOrLimit(in any) string {
	if _, ok := in.(*cd.ListDevicesInput); ok {
		return "10"
	}
	return testKey
}
