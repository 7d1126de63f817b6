package cognitodevices_test

import (
	"bytes"
	"context"
	"encoding/json"
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

// loggedRequest is an application's own struct that holds an input and
// logs itself safely: its LogValue hands the input to slog as an
// attribute of its own, whose LogValue slog then asks.
type loggedRequest struct {
	User  string
	Input *cd.ListDevicesInput
}

func (r loggedRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("user", r.User), slog.Any("input", r.Input))
}

// TestSlogJSONOfAValueHoldingAnInput shows the caveat SECURITY.md states:
// slog asks LogValue only of the value logged (and of the attributes of
// a group), so its JSON handler writes a struct, a slice or a map that
// holds an input with encoding/json, access token included. The ways
// SECURITY.md gives as safe show no token.
func TestSlogJSONOfAValueHoldingAnInput(t *testing.T) {
	in := listInput()
	logJSON := func(args ...any) string {
		var out bytes.Buffer
		slog.New(slog.NewJSONHandler(&out, nil)).Info("listing devices", args...)
		return out.String()
	}
	type request struct {
		User  string
		Input *cd.ListDevicesInput
	}
	for name, v := range map[string]any{
		"struct":            request{User: "alice", Input: in},
		"pointer to struct": &request{User: "alice", Input: in},
		"slice":             []*cd.ListDevicesInput{in},
		"map":               map[string]any{"input": in},
	} {
		assert.Contains(t, logJSON("request", v), testToken, "%s: the caveat SECURITY.md states", name)
	}
	signIn := &cd.InitiateAuthInput{AuthFlow: cd.AuthFlowTypeUserPasswordAuth, ClientId: aws.String("client"),
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": "PASSWORD-SECRET"}}
	assert.Contains(t, logJSON("inputs", []any{signIn}), "PASSWORD-SECRET", "a sign-in input's password, likewise")

	// The text handler prints such values with fmt, which asks the
	// input's Format.
	var text bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("listing devices", "request", request{User: "alice", Input: in}, "inputs", []any{signIn})
	assert.NotContains(t, text.String(), testToken)
	assert.NotContains(t, text.String(), "PASSWORD-SECRET")
	assert.Contains(t, text.String(), "[REDACTED]")

	for name, out := range map[string]string{
		"the input itself":        logJSON("user", "alice", "input", in),
		"a group holding it":      logJSON(slog.Group("request", "user", "alice", "input", in)),
		"its members":             logJSON("user", "alice", "limit", aws.ToInt32(in.Limit)),
		"a LogValuer of your own": logJSON("request", loggedRequest{User: "alice", Input: in}),
	} {
		assert.NotContains(t, out, testToken, name)
		assert.Contains(t, out, `"alice"`, name)
		assert.Regexp(t, `"(?i:limit)":10\b`, out, name)
	}
}

// testKeyOrLimit is a member value every logged input shows in clear.
func testKeyOrLimit(in any) string {
	if _, ok := in.(*cd.ListDevicesInput); ok {
		return "10"
	}
	return testKey
}

// signInSecrets are the secret values of signInValues; the user name
// "alice" and the device key "us-east-1_0a" are not secret.
var signInSecrets = []string{
	"PASSWORD-SECRET", "SRPA-SECRET", "HASH-SECRET", "SESSION-SECRET-0123456789", "FINGERPRINT-SECRET", "198.51.100.99",
	"PROOF-SECRET", "CODE-SECRET", "ACCESS-SECRET", "ID-SECRET", "REFRESH-SECRET", "SRPB-SECRET", "SALT-SECRET",
}

// signInValues returns one input and one output of each sign-in
// operation and an AuthenticationResultType, holding signInSecrets.
func signInValues() []any {
	session := aws.String("SESSION-SECRET-0123456789")
	userContext := &cd.UserContextDataType{EncodedData: aws.String("FINGERPRINT-SECRET"), IpAddress: aws.String("198.51.100.99")}
	authParameters := map[string]string{"USERNAME": "alice", "PASSWORD": "PASSWORD-SECRET", "SRP_A": "SRPA-SECRET", "SECRET_HASH": "HASH-SECRET", "DEVICE_KEY": "us-east-1_0a"}
	responses := map[string]string{"USERNAME": "alice", "PASSWORD_CLAIM_SIGNATURE": "PROOF-SECRET", "SMS_MFA_CODE": "CODE-SECRET"}
	parameters := map[string]string{"USER_ID_FOR_SRP": "alice", "SRP_B": "SRPB-SECRET", "SALT": "SALT-SECRET"}
	result := &cd.AuthenticationResultType{AccessToken: aws.String("ACCESS-SECRET"), ExpiresIn: 3600, IdToken: aws.String("ID-SECRET"),
		RefreshToken: aws.String("REFRESH-SECRET"), TokenType: aws.String("Bearer"), NewDeviceMetadata: &cd.NewDeviceMetadataType{DeviceKey: aws.String("us-east-1_0a")}}
	return []any{
		&cd.InitiateAuthInput{AuthFlow: cd.AuthFlowTypeUserSrpAuth, ClientId: aws.String("client"), AuthParameters: authParameters, Session: session, UserContextData: userContext},
		&cd.RespondToAuthChallengeInput{ChallengeName: cd.ChallengeNameTypeSmsMfa, ClientId: aws.String("client"), ChallengeResponses: responses, Session: session, UserContextData: userContext},
		&cd.AdminInitiateAuthInput{AuthFlow: cd.AuthFlowTypeAdminUserPasswordAuth, ClientId: aws.String("client"), UserPoolId: aws.String("us-east-1_X"), AuthParameters: authParameters, Session: session},
		&cd.AdminRespondToAuthChallengeInput{ChallengeName: cd.ChallengeNameTypeSmsMfa, ClientId: aws.String("client"), UserPoolId: aws.String("us-east-1_X"), ChallengeResponses: responses, Session: session},
		&cd.InitiateAuthOutput{AuthenticationResult: result, ChallengeName: cd.ChallengeNameTypePasswordVerifier, ChallengeParameters: parameters, Session: session,
			AvailableChallenges: []cd.ChallengeNameType{cd.ChallengeNameTypePassword}},
		&cd.RespondToAuthChallengeOutput{AuthenticationResult: result, ChallengeParameters: parameters, Session: session},
		&cd.AdminInitiateAuthOutput{AuthenticationResult: result, ChallengeParameters: parameters, Session: session},
		&cd.AdminRespondToAuthChallengeOutput{AuthenticationResult: result, ChallengeParameters: parameters, Session: session},
		result,
	}
}

// TestSignInValuesNeverPrintSecrets prints every sign-in input and output
// with every verb, as a value, a pointer and inside a slice, and logs it
// with both slog handlers: no secret appears, and the user name and the
// map keys do.
func TestSignInValuesNeverPrintSecrets(t *testing.T) {
	for _, v := range signInValues() {
		name := fmt.Sprintf("%T", v)
		value := reflect.ValueOf(v).Elem().Interface()
		var printed []string
		for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			for _, x := range []any{v, value, []any{v}} {
				printed = append(printed, fmt.Sprintf(format, x))
			}
		}
		for _, newHandler := range []func(io.Writer) slog.Handler{
			func(w io.Writer) slog.Handler { return slog.NewJSONHandler(w, nil) },
			func(w io.Writer) slog.Handler { return slog.NewTextHandler(w, nil) },
		} {
			var out bytes.Buffer
			slog.New(newHandler(&out)).Info("sign-in", "pointer", v, "value", value)
			printed = append(printed, out.String())
		}
		for _, out := range printed {
			for _, secret := range signInSecrets {
				assert.NotContains(t, out, secret, "%s: %s", name, out)
			}
		}
		plus := fmt.Sprintf("%+v", v)
		assert.Contains(t, plus, "[REDACTED]", name)
		if _, isResult := v.(*cd.AuthenticationResultType); isResult {
			assert.Contains(t, plus, "ExpiresIn:3600", name)
			continue
		}
		assert.Contains(t, plus, "alice", name)
		assert.Regexp(t, `PASSWORD|SRP_B|SMS_MFA_CODE`, plus, "keys are shown: %s", name)
	}
	assert.Equal(t, `cognitodevices.InitiateAuthInput{AuthFlow:"USER_SRP_AUTH", ClientId:(*string)(nil), AnalyticsMetadata:(*cognitodevices.AnalyticsMetadataType)(nil), `+
		`AuthParameters:map[string]string{"PASSWORD":"[REDACTED]", "USERNAME":"u"}, ClientMetadata:map[string]string(nil), Session:(*string)(nil), UserContextData:(*cognitodevices.UserContextDataType)(nil)}`,
		fmt.Sprintf("%#v", cd.InitiateAuthInput{AuthFlow: cd.AuthFlowTypeUserSrpAuth, AuthParameters: map[string]string{"USERNAME": "u", "PASSWORD": "p"}}))
}

// TestSignInLogsRedactSecrets runs every sign-in operation with request
// and response bodies logged: no value of the inputs' secret map entries,
// no session and no token of the responses reaches the log, while the
// user name and the rest of each body do. A success body that cannot be
// read is not logged at all.
func TestSignInLogsRedactSecrets(t *testing.T) {
	var logged bytes.Buffer
	c, ts := setup(t, func(o *cd.Options) {
		o.Logger = logging.NewStandardLogger(&logged)
		o.ClientLogMode = aws.LogRequestWithBody | aws.LogResponseWithBody | aws.LogSigning
	})
	var secrets []string
	for _, op := range optable.SignIn {
		in := reflect.ValueOf(op.Input(optable.Default)).Elem()
		for _, member := range []string{"AuthParameters", "ChallengeResponses"} {
			if f := in.FieldByName(member); f.IsValid() {
				for k, v := range f.Interface().(map[string]string) {
					if k != "USERNAME" {
						secrets = append(secrets, v)
					}
				}
			}
		}
		if s := in.FieldByName("Session").Interface().(*string); s != nil {
			secrets = append(secrets, *s)
		}
		if u := in.FieldByName("UserContextData"); u.IsValid() && !u.IsNil() {
			secrets = append(secrets, *u.Interface().(*cd.UserContextDataType).EncodedData)
		}
		var body struct {
			AuthenticationResult map[string]any
			ChallengeParameters  map[string]string
		}
		require.NoError(t, json.Unmarshal([]byte(op.SuccessBody), &body))
		for _, token := range []string{"AccessToken", "IdToken", "RefreshToken"} {
			if v, ok := body.AuthenticationResult[token].(string); ok {
				secrets = append(secrets, v)
			}
		}
		for k, v := range body.ChallengeParameters {
			if k != "USERNAME" && k != "USER_ID_FOR_SRP" {
				secrets = append(secrets, v)
			}
		}

		ts.Handle(respond(200, op.SuccessBody))
		require.NoError(t, op.Run(context.Background(), c), op.Name)
		ts.Handle(respond(200, `{"Session":"AYABe-TRUNCATED-SESSION-SECRET`))
		require.Error(t, op.Run(context.Background(), c), op.Name)
	}
	out := logged.String()
	require.NotEmpty(t, secrets)
	for _, secret := range append(secrets, "AYABe-TRUNCATED-SESSION-SECRET", testSecretKey) {
		// The log holds random hex (signatures, invocation IDs): a fixture
		// secret shorter than six characters would be found there by chance
		// (a 4-digit SRP_B once was, about one run in thirty).
		require.GreaterOrEqual(t, len(secret), 6, "fixture secret %q is too short to look for", secret)
		assert.NotContains(t, out, secret)
	}
	for _, shown := range []string{`"USERNAME":"testuser"`, `"ClientId":"1example23456789"`, `"AccessToken":"[REDACTED]"`, `"Session":"[REDACTED]"`,
		`"SRP_B":"[REDACTED]"`, `"USER_ID_FOR_SRP":"testuser"`, `"TokenType":"Bearer"`, `"DeviceKey":"us-east-1_a1b2c3d4-5678-90ab-cdef-000000033333"`,
		"not a well-formed JSON object"} {
		assert.Contains(t, out, shown)
	}
	assert.Len(t, ts.Requests(), 2*len(optable.SignIn))
}
