package cognitodevices_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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

// TestSignInDecoding calls each sign-in operation through the client:
// the outputs carry the challenge or the tokens the body holds and the
// request ID, AvailableChallenges only where the output has that member,
// and a malformed body is a deserialization error without an output.
func TestSignInDecoding(t *testing.T) {
	challenge := `{"AvailableChallenges":["PASSWORD_SRP","WEB_AUTHN"],"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SRP_B":"b2","USERNAME":"alice"},"Session":"AYABe-session-0000000000"}`
	tokens := `{"AuthenticationResult":{"AccessToken":"eyJ.a","ExpiresIn":300,"NewDeviceMetadata":{"DeviceGroupKey":"g","DeviceKey":"us-east-1_0a"}},"ChallengeParameters":{}}`
	wantResult := &cd.AuthenticationResultType{AccessToken: aws.String("eyJ.a"), ExpiresIn: 300,
		NewDeviceMetadata: &cd.NewDeviceMetadataType{DeviceGroupKey: aws.String("g"), DeviceKey: aws.String("us-east-1_0a")}}
	wantParameters := map[string]string{"SRP_B": "b2", "USERNAME": "alice"}
	session := aws.String("AYABe-session-0000000000")
	c, ts := setup(t)
	ctx := context.Background()

	ts.Handle(respond(200, challenge))
	initiate, err := c.InitiateAuth(ctx, optable.InitiateAuth.Input(optable.Default).(*cd.InitiateAuthInput))
	require.NoError(t, err)
	assert.Equal(t, []cd.ChallengeNameType{cd.ChallengeNameTypePasswordSrp, cd.ChallengeNameTypeWebAuthn}, initiate.AvailableChallenges)
	assert.Equal(t, cd.ChallengeNameTypePasswordVerifier, initiate.ChallengeName)
	assert.Equal(t, wantParameters, initiate.ChallengeParameters)
	assert.Equal(t, session, initiate.Session)
	adminInitiate, err := c.AdminInitiateAuth(ctx, optable.AdminInitiateAuth.Input(optable.Default).(*cd.AdminInitiateAuthInput))
	require.NoError(t, err)
	assert.Equal(t, initiate.AvailableChallenges, adminInitiate.AvailableChallenges)
	assert.Equal(t, wantParameters, adminInitiate.ChallengeParameters)
	respondOut, err := c.RespondToAuthChallenge(ctx, optable.RespondToAuthChallenge.Input(optable.Default).(*cd.RespondToAuthChallengeInput))
	require.NoError(t, err)
	assert.Equal(t, cd.ChallengeNameTypePasswordVerifier, respondOut.ChallengeName)
	assert.Equal(t, session, respondOut.Session)

	ts.Handle(respond(200, tokens))
	adminRespond, err := c.AdminRespondToAuthChallenge(ctx, optable.AdminRespondToAuthChallenge.Input(optable.Default).(*cd.AdminRespondToAuthChallengeInput))
	require.NoError(t, err)
	assert.Equal(t, wantResult, adminRespond.AuthenticationResult)
	assert.Equal(t, map[string]string{}, adminRespond.ChallengeParameters)
	assert.Empty(t, adminRespond.ChallengeName)
	id, _ := awsmiddleware.GetRequestIDMetadata(adminRespond.ResultMetadata)
	assert.Equal(t, "req-1234", id)

	// Each malformed body goes to every operation whose output has the
	// member it is about: the sign-in outputs, found by their members.
	malformed := []struct{ body, member string }{
		{``, "AuthenticationResult"},
		{`null`, "AuthenticationResult"},
		{`{"AuthenticationResult":{"ExpiresIn":1e10}}`, "AuthenticationResult"},
		{`{"Session":7}`, "Session"},
		{`{} []`, "AuthenticationResult"},
	}
	for _, tc := range malformed {
		ops := optable.WithOutput(tc.member)
		require.NotEmpty(t, ops, "no output has %s", tc.member)
		ts.Handle(respond(200, tc.body))
		for _, op := range ops {
			out, err := op.Call(ctx, c, op.Input(optable.Default))
			var deser *smithy.DeserializationError
			require.ErrorAs(t, err, &deser, "%s %q", op.Name, tc.body)
			assert.Nil(t, out)
		}
	}
}

func TestGetDeviceDecoding(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(respond(200, `{"Device":{"DeviceKey":"k","DeviceAttributes":[{"Name":"device_name","Value":"Pixel"}],"DeviceLastAuthenticatedDate":1.7E9}}`))
	out, err := c.GetDevice(context.Background(), &cd.GetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(testKey)})
	require.NoError(t, err)
	assert.Equal(t, "Pixel", out.Device.Name())
	assert.Equal(t, int64(1.7e9), out.Device.DeviceLastAuthenticatedDate.Unix())
}

func TestConfirmDeviceDecoding(t *testing.T) {
	tests := []struct {
		body    string
		want    bool
		wantErr string
	}{
		{`{"UserConfirmationNecessary":true}`, true, ""},
		{`{"UserConfirmationNecessary":false,"Other":[1]}`, false, ""},
		{`{}`, false, ""},
		{`{"UserConfirmationNecessary":null}`, false, ""},
		{`{"UserConfirmationNecessary":"yes"}`, false, "must be a boolean"},
		{``, false, "empty response body"},
		{`{"UserConfirmationNecessary":tru}`, false, "invalid literal"},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			c, ts := setup(t)
			ts.Handle(respond(200, tt.body))
			out, err := c.ConfirmDevice(context.Background(), &cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(testKey)})
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.Nil(t, out)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, out.UserConfirmationNecessary)
		})
	}
}

func TestOperationsWithoutOutputMembers(t *testing.T) {
	for _, body := range []string{``, `{}`, ` {"Unknown":{"a":1}} `} {
		c, ts := setup(t)
		ts.Handle(respond(200, body))
		for _, op := range []optable.Operation{optable.AdminForgetDevice, optable.AdminUpdateDeviceStatus, optable.ForgetDevice, optable.UpdateDeviceStatus} {
			require.NoError(t, op.Run(context.Background(), c), "%s %q", op.Name, body)
		}
	}
	for _, body := range []string{`[]`, `{`, `{} {}`, `null`} {
		c, ts := setup(t)
		ts.Handle(respond(200, body))
		var deser *smithy.DeserializationError
		require.ErrorAs(t, optable.ForgetDevice.Run(context.Background(), c), &deser, body)
	}
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

func TestBrokenResponses(t *testing.T) {
	tests := map[string]string{
		"truncated body":   "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 500\r\n\r\n{\"Devices\":[{\"DeviceKey\":\"k\"",
		"reset mid-chunk":  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"Devices\":[{\"De",
		"garbage":          "SSH-2.0-OpenSSH_9.6\r\n",
		"truncated header": "HTTP/1.1 200 OK\r\nContent-Ty",
	}
	for name, raw := range tests {
		t.Run(name, func(t *testing.T) {
			url := rawServer(t, raw)
			c := cd.New(cd.Options{Region: testRegion, BaseEndpoint: aws.String(url), Retryer: noBackoff()})
			start := time.Now()
			out, err := c.ListDevices(context.Background(), listInput())
			require.Error(t, err)
			assert.Nil(t, out)
			assert.Less(t, time.Since(start), 5*time.Second)
			var maxErr *retry.MaxAttemptsError
			assert.ErrorAs(t, err, &maxErr, "connection failures are retried: %v", err)
		})
	}
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

func TestEndlessErrorBodyIsBounded(t *testing.T) {
	c, ts := setup(t, func(o *cd.Options) { o.RetryMaxAttempts = 1 })
	ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.WriteHeader(400)
		bw := bufio.NewWriter(w)
		chunk := strings.Repeat("x", 64<<10)
		for i := 0; i < 1000; i++ { // 64 MiB, far beyond the 1 MiB error limit
			if _, err := bw.WriteString(chunk); err != nil {
				return
			}
		}
	})
	err := optable.ListDevices.Run(context.Background(), c)
	var respErr *awshttp.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, 400, respErr.HTTPStatusCode())
	assert.Less(t, len(err.Error()), 1000, "the message quotes only the start of the body")
}

// pageOf returns a listing body of n devices written as `{}`.
func pageOf(n int) string {
	return `{"Devices":[` + strings.TrimSuffix(strings.Repeat(`{},`, n), ",") + `]}`
}

// TestPageDeviceBound checks that a page may hold up to 1,000 devices and
// no more, so a hostile page of millions of empty devices costs memory in
// proportion to the bound, not to its own size.
func TestPageDeviceBound(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(respond(200, pageOf(1000)))
	out, err := c.ListDevices(context.Background(), listInput())
	require.NoError(t, err)
	assert.Len(t, out.Devices, 1000)

	ts.Handle(respond(200, pageOf(1001)))
	_, err = c.ListDevices(context.Background(), listInput())
	require.ErrorContains(t, err, "a page holds more than 1000 devices")

	huge := pageOf(2_700_000) // just under the 8 MiB body cap
	require.Less(t, len(huge), 8<<20)
	ts.Handle(respond(200, huge))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = c.ListDevices(context.Background(), listInput())
	runtime.ReadMemStats(&after)
	require.ErrorContains(t, err, "a page holds more than 1000 devices")
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("an 8 MiB page of empty devices allocated %d bytes", allocated)
	assert.Less(t, allocated, uint64(64<<20), "memory in proportion to the body, not to its devices")
}

// TestErrorStringsAreBounded sends oversized values where errors quote or
// keep what the response holds: every error string stays short.
func TestErrorStringsAreBounded(t *testing.T) {
	long := strings.Repeat("x", 512<<10)
	tests := []struct {
		name    string
		handler func(http.ResponseWriter, *http.Request, []byte)
		want    string
	}{
		{"malformed timestamp", respond(200, `{"Devices":[{"DeviceCreateDate":1`+strings.Repeat("0", 7<<20)+`}]}`), "DeviceCreateDate"},
		{"service message", respond(400, `{"__type":"NotAuthorizedException","message":"`+long+`"}`), "NotAuthorizedException: xxx"},
		{"unknown code", respond(400, `{"__type":"`+long+`","message":"m"}`), "xxx"},
		{"code header", respond(400, `{}`, "X-Amzn-ErrorType", long), "xxx"},
		{"redirect location", respond(302, ``, "Location", "http://elsewhere.example/"+strings.Repeat("a", 8000)), "redirects are not followed"},
		{"not JSON", respond(502, long), "HTTP 502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := setup(t, func(o *cd.Options) { o.RetryMaxAttempts = 1 })
			ts.Handle(tt.handler)
			_, err := c.ListDevices(context.Background(), listInput())
			require.ErrorContains(t, err, tt.want)
			assert.Less(t, len(err.Error()), 2048, "error of %d bytes", len(err.Error()))
			var apiErr smithy.APIError
			if errors.As(err, &apiErr) {
				assert.LessOrEqual(t, len(apiErr.ErrorMessage()), 1024+3)
				assert.LessOrEqual(t, len(apiErr.ErrorCode()), 128+3)
			}
		})
	}
}
