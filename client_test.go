package cognitodevices_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
)

const (
	testRegion    = "us-east-1"
	testAccessKey = "AKIDEXAMPLE"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testPool      = "us-east-1_EXAMPLE"
	testToken     = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"
)

// captured is one request the test server received.
type captured struct {
	Method string
	Path   string
	Host   string
	Header http.Header
	Body   []byte
}

// testServer is an httptest server that records every request and answers
// with handler, which tests replace as they need.
type testServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []captured
	handler  func(w http.ResponseWriter, r *http.Request, body []byte)
}

func (s *testServer) Requests() []captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]captured(nil), s.requests...)
}

func (s *testServer) Handle(h func(w http.ResponseWriter, r *http.Request, body []byte)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handler = h
}

// respond returns a handler answering with a fixed status and body.
func respond(status int, body string, headers ...string) func(http.ResponseWriter, *http.Request, []byte) {
	return func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("X-Amzn-Requestid", "req-1234")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func staticCredentials(sessionToken string) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey, SessionToken: sessionToken}, nil
	})
}

// noBackoff retries at once, to keep retry tests fast.
func noBackoff() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
	})
}

// setup starts a recording server and a client pointed at it.
func setup(t *testing.T, optFns ...func(*cd.Options)) (*cd.Client, *testServer) {
	t.Helper()
	ts := &testServer{handler: respond(200, `{"Devices":[]}`)}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts.mu.Lock()
		ts.requests = append(ts.requests, captured{r.Method, r.URL.Path, r.Host, r.Header.Clone(), body})
		h := ts.handler
		ts.mu.Unlock()
		h(w, r, body)
	}))
	t.Cleanup(ts.Close)
	opts := cd.Options{
		Region:       testRegion,
		BaseEndpoint: aws.String(ts.URL),
		Credentials:  staticCredentials(""),
		Retryer:      noBackoff(),
	}
	return cd.New(opts, optFns...), ts
}

func adminGetInput() *cd.AdminGetDeviceInput {
	return &cd.AdminGetDeviceInput{DeviceKey: aws.String("us-east-1_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"), UserPoolId: aws.String(testPool), Username: aws.String("testuser")}
}

func adminListInput() *cd.AdminListDevicesInput {
	return &cd.AdminListDevicesInput{UserPoolId: aws.String(testPool), Username: aws.String("testuser"), Limit: aws.Int32(25), PaginationToken: aws.String("page-2")}
}

func listInput() *cd.ListDevicesInput {
	return &cd.ListDevicesInput{AccessToken: aws.String(testToken), Limit: aws.Int32(10)}
}

// call runs one operation by name so tables can cover all three.
func call(ctx context.Context, c cd.API, op string, optFns ...func(*cd.Options)) error {
	var err error
	switch op {
	case "AdminGetDevice":
		_, err = c.AdminGetDevice(ctx, adminGetInput(), optFns...)
	case "AdminListDevices":
		_, err = c.AdminListDevices(ctx, adminListInput(), optFns...)
	case "ListDevices":
		_, err = c.ListDevices(ctx, listInput(), optFns...)
	case "AdminForgetDevice":
		in := adminGetInput()
		_, err = c.AdminForgetDevice(ctx, &cd.AdminForgetDeviceInput{DeviceKey: in.DeviceKey, UserPoolId: in.UserPoolId, Username: in.Username}, optFns...)
	case "AdminUpdateDeviceStatus":
		in := adminGetInput()
		_, err = c.AdminUpdateDeviceStatus(ctx, &cd.AdminUpdateDeviceStatusInput{DeviceKey: in.DeviceKey, UserPoolId: in.UserPoolId, Username: in.Username,
			DeviceRememberedStatus: cd.DeviceRememberedStatusTypeNotRemembered}, optFns...)
	case "GetDevice":
		_, err = c.GetDevice(ctx, &cd.GetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: adminGetInput().DeviceKey}, optFns...)
	case "ForgetDevice":
		_, err = c.ForgetDevice(ctx, &cd.ForgetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: adminGetInput().DeviceKey}, optFns...)
	case "UpdateDeviceStatus":
		_, err = c.UpdateDeviceStatus(ctx, &cd.UpdateDeviceStatusInput{AccessToken: aws.String(testToken), DeviceKey: adminGetInput().DeviceKey,
			DeviceRememberedStatus: cd.DeviceRememberedStatusTypeRemembered}, optFns...)
	case "ConfirmDevice":
		_, err = c.ConfirmDevice(ctx, &cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: adminGetInput().DeviceKey,
			DeviceName: aws.String("Alice's \"phone\""), DeviceSecretVerifierConfig: &cd.DeviceSecretVerifierConfigType{
				PasswordVerifier: aws.String("AJ8v+w=="), Salt: aws.String("ASNFZw==")}}, optFns...)
	default:
		panic(op)
	}
	return err
}

var (
	operations      = []string{"AdminGetDevice", "AdminListDevices", "ListDevices", "AdminForgetDevice", "AdminUpdateDeviceStatus", "GetDevice", "ForgetDevice", "UpdateDeviceStatus", "ConfirmDevice"}
	adminOperations = []string{"AdminGetDevice", "AdminListDevices", "AdminForgetDevice", "AdminUpdateDeviceStatus"}
	tokenOperations = []string{"ListDevices", "GetDevice", "ForgetDevice", "UpdateDeviceStatus", "ConfirmDevice"}
)

func okBody(op string) string {
	switch op {
	case "AdminGetDevice", "GetDevice":
		return `{"Device":{"DeviceKey":"k"}}`
	case "AdminListDevices", "ListDevices":
		return `{"Devices":[]}`
	case "ConfirmDevice":
		return `{"UserConfirmationNecessary":true}`
	}
	return `{}`
}

func TestWireRequests(t *testing.T) {
	for _, op := range operations {
		t.Run(op, func(t *testing.T) {
			c, ts := setup(t, func(o *cd.Options) { o.AppID = "my-app" })
			ts.Handle(respond(200, okBody(op)))
			require.NoError(t, call(context.Background(), c, op))
			reqs := ts.Requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, "POST", r.Method)
			assert.Equal(t, "/", r.Path)
			assert.Equal(t, "application/x-amz-json-1.1", r.Header.Get("Content-Type"))
			assert.Equal(t, "AWSCognitoIdentityProviderService."+op, r.Header.Get("X-Amz-Target"))
			assert.Regexp(t, `^cognitodevices/\d+\.\d+\.\d+ \(go[^;]+; [a-z0-9]+/[a-z0-9]+\) app/my-app$`, r.Header.Get("User-Agent"))
			golden, err := os.ReadFile("testdata/golden/" + op + ".json")
			require.NoError(t, err)
			assert.Equal(t, strings.TrimSpace(string(golden)), string(r.Body))
		})
	}
}

// verifySignature re-signs the captured request with aws/signer/v4 and
// the known secret and checks that the Authorization headers agree.
func verifySignature(t *testing.T, ts *testServer, r captured, sessionToken string) {
	t.Helper()
	auth := r.Header.Get("Authorization")
	require.True(t, strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential="+testAccessKey+"/"), auth)
	assert.Contains(t, auth, "/"+testRegion+"/cognito-idp/aws4_request")
	signedHeaders := auth[strings.Index(auth, "SignedHeaders=")+len("SignedHeaders=") : strings.Index(auth, ", Signature=")]
	assert.Contains(t, strings.Split(signedHeaders, ";"), "x-amz-target")
	assert.Equal(t, sessionToken, r.Header.Get("X-Amz-Security-Token"))
	if sessionToken != "" {
		assert.Contains(t, strings.Split(signedHeaders, ";"), "x-amz-security-token")
	}

	signingTime, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	require.NoError(t, err)
	req, err := http.NewRequest(r.Method, ts.URL+r.Path, bytes.NewReader(r.Body))
	require.NoError(t, err)
	for _, name := range strings.Split(signedHeaders, ";") {
		if name == "host" || name == "x-amz-date" || name == "x-amz-security-token" || name == "content-length" {
			continue
		}
		req.Header[http.CanonicalHeaderKey(name)] = r.Header.Values(name)
	}
	sum := sha256.Sum256(r.Body)
	creds := aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey, SessionToken: sessionToken}
	require.NoError(t, v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "cognito-idp", testRegion, signingTime))
	assert.Equal(t, req.Header.Get("Authorization"), auth)
}

func TestAdminOperationsAreSigned(t *testing.T) {
	for _, op := range adminOperations {
		for _, token := range []string{"", "SESSION-TOKEN"} {
			t.Run(op+"/session="+token, func(t *testing.T) {
				c, ts := setup(t, func(o *cd.Options) { o.Credentials = staticCredentials(token) })
				ts.Handle(respond(200, okBody(op)))
				require.NoError(t, call(context.Background(), c, op))
				verifySignature(t, ts, ts.Requests()[0], token)
			})
		}
	}
}

func TestListDevicesIsNeverSigned(t *testing.T) {
	for name, creds := range map[string]aws.CredentialsProvider{
		"with credentials": staticCredentials("SESSION"),
		"no credentials":   nil,
	} {
		t.Run(name, func(t *testing.T) {
			c, ts := setup(t, func(o *cd.Options) { o.Credentials = creds })
			ts.Handle(func(w http.ResponseWriter, r *http.Request, b []byte) {
				respond(200, okBody(strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")))(w, r, b)
			})
			for _, op := range tokenOperations {
				require.NoError(t, call(context.Background(), c, op), op)
			}
			require.Len(t, ts.Requests(), len(tokenOperations))
			for _, r := range ts.Requests() {
				for _, name := range []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256"} {
					assert.Empty(t, r.Header.Get(name), name)
				}
			}
		})
	}
}

func TestAdminOperationsNeedCredentials(t *testing.T) {
	providerErr := errors.New("no profile named prod")
	tests := map[string]struct {
		creds   aws.CredentialsProvider
		wantErr string
	}{
		"nil":       {nil, "Options.Credentials is not set"},
		"anonymous": {aws.AnonymousCredentials{}, "anonymous"},
		"failing": {aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, providerErr
		}), "no profile named prod"},
		"empty keys": {aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, nil
		}), "no access key"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c, ts := setup(t, func(o *cd.Options) { o.Credentials = tt.creds })
			for _, op := range adminOperations {
				err := call(context.Background(), c, op)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				var opErr *smithy.OperationError
				require.ErrorAs(t, err, &opErr)
				assert.Equal(t, op, opErr.Operation())
			}
			assert.Empty(t, ts.Requests(), "nothing may be sent unsigned")
			if name == "failing" {
				assert.ErrorIs(t, call(context.Background(), c, "AdminGetDevice"), providerErr)
			}
		})
	}
}

func TestDecodedResponses(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(respond(200, `{"Device":{"DeviceKey":"k1","DeviceAttributes":[{"Name":"device_name","Value":"Pixel"}],"DeviceCreateDate":1.715100742022E9,"DeviceLastModifiedDate":1715100742,"DeviceLastAuthenticatedDate":1715100742.5}}`))
	out, err := c.AdminGetDevice(context.Background(), adminGetInput())
	require.NoError(t, err)
	assert.Equal(t, "k1", aws.ToString(out.Device.DeviceKey))
	assert.Equal(t, "Pixel", out.Device.Name())
	assert.Equal(t, time.Date(2024, 5, 7, 16, 52, 22, 22e6, time.UTC), *out.Device.DeviceCreateDate)
	assert.Equal(t, time.Date(2024, 5, 7, 16, 52, 22, 0, time.UTC), *out.Device.DeviceLastModifiedDate)
	assert.Equal(t, time.Date(2024, 5, 7, 16, 52, 22, 5e8, time.UTC), *out.Device.DeviceLastAuthenticatedDate)
	id, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	assert.True(t, ok)
	assert.Equal(t, "req-1234", id)

	ts.Handle(respond(200, `{"Devices":[{"DeviceKey":"a"},{"DeviceKey":"b"}],"PaginationToken":"next"}`))
	page, err := c.ListDevices(context.Background(), listInput())
	require.NoError(t, err)
	require.Len(t, page.Devices, 2)
	assert.Equal(t, "next", aws.ToString(page.PaginationToken))
}

func TestMalformedSuccessBodies(t *testing.T) {
	for _, body := range []string{"", "{", `{"Devices":[{"DeviceCreateDate":"yesterday"}]}`, `<html>`, `{"Devices":[]}garbage`} {
		t.Run(body, func(t *testing.T) {
			c, ts := setup(t)
			ts.Handle(respond(200, body))
			out, err := c.ListDevices(context.Background(), listInput())
			require.Error(t, err)
			assert.Nil(t, out, "no half-filled success")
			var deserErr *smithy.DeserializationError
			assert.ErrorAs(t, err, &deserErr)
			var respErr *awshttp.ResponseError
			require.ErrorAs(t, err, &respErr)
			assert.Equal(t, 200, respErr.HTTPStatusCode())
			assert.Len(t, ts.Requests(), 1, "a malformed body is not retried")
		})
	}
}

func TestServiceErrors(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		headers []string
		body    string
		check   func(t *testing.T, err error)
		code    string
		message string
	}{
		{"user not found from body", 400, nil, `{"__type":"UserNotFoundException","message":"User does not exist."}`,
			func(t *testing.T, err error) { var e *cd.UserNotFoundException; require.ErrorAs(t, err, &e) },
			"UserNotFoundException", "User does not exist."},
		{"header code", 400, []string{"X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/"}, `{"message":"Device does not exist."}`,
			func(t *testing.T, err error) { var e *cd.ResourceNotFoundException; require.ErrorAs(t, err, &e) },
			"ResourceNotFoundException", "Device does not exist."},
		{"forbidden on admin op", 400, nil, `{"__type":"ForbiddenException","message":"waf"}`,
			func(t *testing.T, err error) { var e *cd.ForbiddenException; require.ErrorAs(t, err, &e) },
			"ForbiddenException", "waf"},
		{"password reset", 400, nil, `{"code":"PasswordResetRequiredException","Message":"reset"}`,
			func(t *testing.T, err error) { var e *cd.PasswordResetRequiredException; require.ErrorAs(t, err, &e) },
			"PasswordResetRequiredException", "reset"},
		{"unknown", 400, nil, `{"__type":"SomethingNewException","message":"new"}`,
			func(t *testing.T, err error) { var e *smithy.GenericAPIError; require.ErrorAs(t, err, &e) },
			"SomethingNewException", "new"},
		{"proxy html", 403, nil, `<html>denied</html>`,
			func(t *testing.T, err error) { assert.Contains(t, err.Error(), "HTTP 403 Forbidden") },
			"UnknownError", `HTTP 403 Forbidden with a body that is not a JSON object: "<html>denied</html>"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := setup(t)
			ts.Handle(respond(tt.status, tt.body, tt.headers...))
			_, err := c.AdminListDevices(context.Background(), adminListInput())
			require.Error(t, err)
			tt.check(t, err)

			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, "Cognito Identity Provider", opErr.Service())
			assert.Equal(t, "AdminListDevices", opErr.Operation())
			var respErr *awshttp.ResponseError
			require.ErrorAs(t, err, &respErr)
			assert.Equal(t, tt.status, respErr.HTTPStatusCode())
			assert.Equal(t, "req-1234", respErr.ServiceRequestID())
			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.code, apiErr.ErrorCode())
			assert.Equal(t, tt.message, apiErr.ErrorMessage())
			assert.Len(t, ts.Requests(), 1, "client errors are not retried")
		})
	}
}

func TestEveryExceptionMapsFromEveryOperation(t *testing.T) {
	codes := map[string]any{
		"InvalidParameterException":             &cd.InvalidParameterException{},
		"ResourceNotFoundException":             &cd.ResourceNotFoundException{},
		"InvalidUserPoolConfigurationException": &cd.InvalidUserPoolConfigurationException{},
		"NotAuthorizedException":                &cd.NotAuthorizedException{},
		"ForbiddenException":                    &cd.ForbiddenException{},
		"PasswordResetRequiredException":        &cd.PasswordResetRequiredException{},
		"UserNotConfirmedException":             &cd.UserNotConfirmedException{},
		"UserNotFoundException":                 &cd.UserNotFoundException{},
		"OperationNotEnabledException":          &cd.OperationNotEnabledException{},
		"DeviceKeyExistsException":              &cd.DeviceKeyExistsException{},
		"InvalidLambdaResponseException":        &cd.InvalidLambdaResponseException{},
		"InvalidPasswordException":              &cd.InvalidPasswordException{},
		"UsernameExistsException":               &cd.UsernameExistsException{},
	}
	c, ts := setup(t)
	for code, want := range codes {
		ts.Handle(respond(400, `{"__type":"`+code+`","message":"m"}`))
		for _, op := range operations {
			err := call(context.Background(), c, op)
			var respErr *awshttp.ResponseError
			require.ErrorAs(t, err, &respErr, "%s %s", op, code)
			assert.IsType(t, want, errors.Unwrap(respErr.ResponseError), "%s %s", op, code)
			assert.Equal(t, code+": m", errors.Unwrap(respErr.ResponseError).Error())
		}
	}
}

func TestValidationSendsNothing(t *testing.T) {
	long := strings.Repeat("x", 200)
	tests := []struct {
		name   string
		run    func(c *cd.Client) error
		fields []string
	}{
		{"nil AdminGetDevice input", func(c *cd.Client) error { _, err := c.AdminGetDevice(context.Background(), nil); return err },
			[]string{"AdminGetDeviceInput.DeviceKey", "AdminGetDeviceInput.UserPoolId", "AdminGetDeviceInput.Username"}},
		{"empty strings", func(c *cd.Client) error {
			_, err := c.AdminGetDevice(context.Background(), &cd.AdminGetDeviceInput{DeviceKey: aws.String(""), UserPoolId: aws.String(""), Username: aws.String("")})
			return err
		}, []string{"AdminGetDeviceInput.DeviceKey", "AdminGetDeviceInput.UserPoolId", "AdminGetDeviceInput.Username"}},
		{"too long", func(c *cd.Client) error {
			_, err := c.AdminGetDevice(context.Background(), &cd.AdminGetDeviceInput{DeviceKey: aws.String(long[:56]), UserPoolId: aws.String(long[:56]), Username: aws.String(long[:129])})
			return err
		}, []string{"AdminGetDeviceInput.DeviceKey", "AdminGetDeviceInput.UserPoolId", "AdminGetDeviceInput.Username"}},
		{"limit 61", func(c *cd.Client) error {
			in := adminListInput()
			in.Limit = aws.Int32(61)
			_, err := c.AdminListDevices(context.Background(), in)
			return err
		}, []string{"AdminListDevicesInput.Limit"}},
		{"negative limit and empty token", func(c *cd.Client) error {
			_, err := c.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String(testToken), Limit: aws.Int32(-1), PaginationToken: aws.String("")})
			return err
		}, []string{"ListDevicesInput.Limit", "ListDevicesInput.PaginationToken"}},
		{"nil ListDevices input", func(c *cd.Client) error { _, err := c.ListDevices(context.Background(), nil); return err },
			[]string{"ListDevicesInput.AccessToken"}},
		{"access token with bad characters", func(c *cd.Client) error {
			_, err := c.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String("secret token\n")})
			return err
		}, []string{"ListDevicesInput.AccessToken"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := setup(t)
			err := tt.run(c)
			require.Error(t, err)
			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
			var params smithy.InvalidParamsError
			require.ErrorAs(t, err, &params)
			var fields []string
			for _, e := range params.Errs() {
				fields = append(fields, e.(smithy.InvalidParamError).Field())
			}
			assert.ElementsMatch(t, tt.fields, fields)
			assert.NotContains(t, err.Error(), "secret token")
			assert.Empty(t, ts.Requests())
		})
	}
}

func TestLimitBoundsAccepted(t *testing.T) {
	c, ts := setup(t)
	for _, limit := range []int32{0, 1, 60} {
		_, err := c.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String(testToken), Limit: aws.Int32(limit)})
		require.NoError(t, err, limit)
	}
	assert.Len(t, ts.Requests(), 3)
}

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
			_, err := c.AdminListDevices(context.Background(), adminListInput())
			if tt.wantOK {
				require.NoError(t, err)
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
	err := call(context.Background(), c, "ListDevices")
	var maxErr *retry.MaxAttemptsError
	require.ErrorAs(t, err, &maxErr)
	assert.Equal(t, 5, maxErr.Attempt)
	assert.Len(t, ts.Requests(), 5)

	// A per-call override applies to that call only.
	err = call(context.Background(), c, "ListDevices", func(o *cd.Options) { o.RetryMaxAttempts = 2 })
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
	require.Error(t, call(context.Background(), c, "ListDevices"))
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
	require.NoError(t, call(context.Background(), c, "ListDevices"))
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
	err := call(ctx, c, "AdminListDevices")
	require.Error(t, err)
	assert.Less(t, time.Since(start), 2*time.Second, "the deadline is honoured promptly")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var canceled *smithy.CanceledError
	assert.ErrorAs(t, err, &canceled)
	assert.Len(t, ts.Requests(), 1, "a deadline is not retried")

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, call(ctx, c, "ListDevices"), context.Canceled)
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
	err := call(ctx, c, "ListDevices")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
}

func TestConcurrentUse(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(func(w http.ResponseWriter, r *http.Request, body []byte) {
		respond(200, okBody(strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")))(w, r, body)
	})
	var wg sync.WaitGroup
	errs := make(chan error, 300)
	for g := 0; g < 30; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				op := operations[(g+i)%len(operations)]
				var optFns []func(*cd.Options)
				if i%2 == 0 {
					optFns = append(optFns, func(o *cd.Options) { o.AppID = fmt.Sprint("g", g) })
				}
				errs <- call(context.Background(), c, op, optFns...)
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Len(t, ts.Requests(), 300)
}

// recordingClient captures the URL of each request and answers with an
// error so nothing leaves the process.
type recordingClient struct{ urls, auth []string }

func (r *recordingClient) Do(req *http.Request) (*http.Response, error) {
	r.urls = append(r.urls, req.URL.String())
	r.auth = append(r.auth, req.Header.Get("Authorization"))
	return nil, errors.New("recorded")
}

func TestEndpointResolution(t *testing.T) {
	tests := []struct {
		region string
		fips   bool
		want   string
	}{
		{"us-east-1", false, "https://cognito-idp.us-east-1.amazonaws.com/"},
		{"us-east-1", true, "https://cognito-idp-fips.us-east-1.amazonaws.com/"},
		{"eu-west-3", false, "https://cognito-idp.eu-west-3.amazonaws.com/"},
		{"cn-north-1", false, "https://cognito-idp.cn-north-1.amazonaws.com.cn/"},
		{"us-gov-west-1", true, "https://cognito-idp-fips.us-gov-west-1.amazonaws.com/"},
		{"us-iso-east-1", false, "https://cognito-idp.us-iso-east-1.c2s.ic.gov/"},
		{"us-isob-east-1", false, "https://cognito-idp.us-isob-east-1.sc2s.sgov.gov/"},
		{"eu-isoe-west-1", false, "https://cognito-idp.eu-isoe-west-1.cloud.adc-e.uk/"},
		{"us-isof-south-1", false, "https://cognito-idp.us-isof-south-1.csp.hci.ic.gov/"},
		{"eusc-de-east-1", false, "https://cognito-idp.eusc-de-east-1.amazonaws.eu/"},
		{"xx-foo-1", false, "https://cognito-idp.xx-foo-1.amazonaws.com/"},
		{"fips-us-east-1", false, "https://cognito-idp-fips.us-east-1.amazonaws.com/"},
		{"us-gov-west-1-fips", false, "https://cognito-idp-fips.us-gov-west-1.amazonaws.com/"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.region, tt.fips), func(t *testing.T) {
			rec := &recordingClient{}
			o := cd.Options{Region: tt.region, HTTPClient: rec, RetryMaxAttempts: 1, Credentials: staticCredentials("")}
			if tt.fips {
				o.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled
			}
			err := call(context.Background(), cd.New(o), "AdminGetDevice")
			require.ErrorContains(t, err, "recorded")
			assert.Equal(t, []string{tt.want}, rec.urls)
			region := strings.TrimSuffix(strings.TrimPrefix(tt.region, "fips-"), "-fips")
			assert.Contains(t, rec.auth[0], "/"+region+"/cognito-idp/aws4_request", "signed for the real region")
		})
	}
}

func TestBadConfigurationSendsNothing(t *testing.T) {
	tests := map[string]struct {
		opts    cd.Options
		wantErr string
	}{
		"no region":            {cd.Options{}, "Region is required"},
		"region with a dot":    {cd.Options{Region: "us-east-1.evil.com"}, "not a valid host label"},
		"region with a slash":  {cd.Options{Region: "us-east-1/x"}, "not a valid host label"},
		"relative endpoint":    {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("localhost:8080")}, "absolute http or https URL"},
		"ftp endpoint":         {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("ftp://example.com")}, "absolute http or https URL"},
		"endpoint with query":  {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1/?a=b")}, "no user info, query or fragment"},
		"unparsable endpoint":  {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://[::1")}, "BaseEndpoint"},
		"fips with endpoint":   {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1"), UseFIPSEndpoint: aws.FIPSEndpointStateEnabled}, "FIPS"},
		"admin without region": {cd.Options{BaseEndpoint: aws.String("http://127.0.0.1:1")}, "Region is required to sign"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			rec := &recordingClient{}
			tt.opts.HTTPClient = rec
			tt.opts.Credentials = staticCredentials("")
			err := call(context.Background(), cd.New(tt.opts), "AdminListDevices")
			require.ErrorContains(t, err, tt.wantErr)
			assert.Empty(t, rec.urls)
		})
	}
	// ListDevices needs no region when the endpoint is given.
	c, _ := setup(t, func(o *cd.Options) { o.Region = "" })
	require.NoError(t, call(context.Background(), c, "ListDevices"))
}

func TestBaseEndpointPathIsKept(t *testing.T) {
	rec := &recordingClient{}
	c := cd.New(cd.Options{Region: testRegion, BaseEndpoint: aws.String("http://127.0.0.1:9/prefix"), HTTPClient: rec, RetryMaxAttempts: 1})
	_ = call(context.Background(), c, "ListDevices")
	assert.Equal(t, []string{"http://127.0.0.1:9/prefix"}, rec.urls)
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	c, ts := setup(t, func(o *cd.Options) { o.HTTPClient = nil })
	ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		http.Redirect(w, r, other.URL, http.StatusTemporaryRedirect)
	})
	err := call(context.Background(), c, "ListDevices")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "redirects are not followed")
	var respErr *awshttp.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, http.StatusTemporaryRedirect, respErr.HTTPStatusCode())
	assert.Zero(t, elsewhere.Load(), "the access token never reaches another host")
}

func TestOptionsDefaultsAndPerCallOverrides(t *testing.T) {
	c := cd.New(cd.Options{Region: testRegion})
	o := c.Options()
	assert.NotNil(t, o.HTTPClient)
	assert.NotNil(t, o.Retryer)
	assert.NotNil(t, o.Logger)
	assert.Equal(t, 3, o.Retryer.MaxAttempts())

	c2, ts := setup(t)
	_, err := c2.ListDevices(context.Background(), listInput(), func(o *cd.Options) { o.AppID = "override" })
	require.NoError(t, err)
	_, err = c2.ListDevices(context.Background(), listInput())
	require.NoError(t, err)
	reqs := ts.Requests()
	assert.Contains(t, reqs[0].Header.Get("User-Agent"), "app/override")
	assert.NotContains(t, reqs[1].Header.Get("User-Agent"), "app/")
	assert.Empty(t, c2.Options().AppID)
}

func TestNewFromConfig(t *testing.T) {
	rec := &recordingClient{}
	var logged bytes.Buffer
	cfg := aws.Config{
		Region:           "eu-central-1",
		Credentials:      staticCredentials(""),
		HTTPClient:       rec,
		RetryMaxAttempts: 1,
		Logger:           logging.NewStandardLogger(&logged),
		ClientLogMode:    aws.LogRequest,
		AppID:            "cfg-app",
	}
	c := cd.NewFromConfig(cfg)
	o := c.Options()
	assert.Equal(t, "eu-central-1", o.Region)
	assert.Equal(t, 1, o.Retryer.MaxAttempts())
	assert.Equal(t, "cfg-app", o.AppID)
	_ = call(context.Background(), c, "AdminGetDevice")
	assert.Equal(t, []string{"https://cognito-idp.eu-central-1.amazonaws.com/"}, rec.urls)
	assert.Contains(t, logged.String(), "AWSCognitoIdentityProviderService.AdminGetDevice")

	cfg.BaseEndpoint = aws.String("http://127.0.0.1:9")
	cfg.Retryer = func() aws.Retryer { return retry.AddWithMaxAttempts(retry.NewStandard(), 7) }
	cfg.RetryMaxAttempts = 0
	o = cd.NewFromConfig(cfg).Options()
	assert.Equal(t, "http://127.0.0.1:9", aws.ToString(o.BaseEndpoint))
	assert.Equal(t, 7, o.Retryer.MaxAttempts())
}

func TestLoggingRedactsSecrets(t *testing.T) {
	var logged bytes.Buffer
	c, ts := setup(t, func(o *cd.Options) {
		o.Logger = logging.NewStandardLogger(&logged)
		o.ClientLogMode = aws.LogRequestWithBody | aws.LogResponseWithBody | aws.LogRetries | aws.LogSigning
		o.Credentials = staticCredentials("SESSION-SECRET")
	})
	ts.Handle(respond(200, `{"Devices":[{"DeviceKey":"k"}]}`))
	require.NoError(t, call(context.Background(), c, "ListDevices"))
	require.NoError(t, call(context.Background(), c, "AdminListDevices"))
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

func TestOversizedBodyIsRefused(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		io.WriteString(w, `{"Devices":[`)
		chunk := strings.Repeat(`{"DeviceKey":"k"},`, 1000)
		for written := 0; written < 9<<20; written += len(chunk) {
			if _, err := io.WriteString(w, chunk); err != nil {
				return
			}
		}
	})
	_, err := c.ListDevices(context.Background(), listInput())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "response body too large")
}
