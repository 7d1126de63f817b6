package devicestest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	poolID   = "us-east-1_TEST"
	username = "alice"
)

// fixedTime is the seed sample's timestamp, 1715100742.022.
var fixedTime = time.Date(2024, 5, 7, 16, 52, 22, 22e6, time.UTC)

func setup(t *testing.T, opts ...devicestest.Option) (*devicestest.Server, *cognitodevices.Client) {
	t.Helper()
	srv := devicestest.NewServerT(t, opts...)
	return srv, srv.Client()
}

// addDevices seeds n devices named d0, d1, ... and returns their keys in
// insertion order.
func addDevices(srv *devicestest.Server, pool, user string, n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = srv.AddDevice(pool, user, cognitodevices.DeviceType{
			DeviceAttributes: []cognitodevices.AttributeType{
				{Name: aws.String(cognitodevices.AttributeDeviceName), Value: aws.String("d" + strconv.Itoa(i))},
			},
		})
	}
	return keys
}

func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

func httpStatus(err error) int {
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) {
		return respErr.HTTPStatusCode()
	}
	return 0
}

func keysOf(devices []cognitodevices.DeviceType) []string {
	keys := make([]string, len(devices))
	for i, d := range devices {
		keys[i] = aws.ToString(d.DeviceKey)
	}
	return keys
}

// rawResponse is a response read in full by send.
type rawResponse struct {
	status int
	header http.Header
	body   string
}

// newRawRequest builds an unsigned awsJson1_1 request for operation.
func newRawRequest(t *testing.T, srv *devicestest.Server, operation, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+operation)
	return req
}

// sign signs req with SigV4 for cognito-idp at the given time.
func sign(t *testing.T, req *http.Request, creds aws.Credentials, region string, at time.Time) {
	t.Helper()
	body, err := io.ReadAll(req.Body)
	require.NoError(t, err)
	req.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256(body)
	require.NoError(t, v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "cognito-idp", region, at))
}

func send(t *testing.T, req *http.Request) rawResponse {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

// serviceError decodes an error body.
func serviceError(t *testing.T, r rawResponse) (code, message string) {
	t.Helper()
	var body struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &body), r.body)
	assert.Equal(t, body.Type+":", r.header.Get("X-Amzn-ErrorType"))
	assert.Equal(t, "application/x-amz-json-1.1", r.header.Get("Content-Type"))
	return body.Type, body.Message
}

func TestAdminGetDevice(t *testing.T) {
	srv, client := setup(t)
	key := srv.AddDevice(poolID, username, cognitodevices.DeviceType{
		DeviceAttributes: []cognitodevices.AttributeType{
			{Name: aws.String(cognitodevices.AttributeDeviceName), Value: aws.String("laptop")},
			{Name: aws.String(cognitodevices.AttributeLastIPUsed), Value: aws.String("192.0.2.1")},
		},
	})
	srv.AddUser(poolID, "bob")

	tests := []struct {
		name       string
		pool, user string
		key        string
		wantCode   string
		wantMsg    string
	}{
		{name: "found", pool: poolID, user: username, key: key},
		{name: "unknown pool", pool: "us-east-1_NOPE", user: username, key: key, wantCode: "ResourceNotFoundException", wantMsg: "User pool us-east-1_NOPE does not exist."},
		{name: "unknown user", pool: poolID, user: "carol", key: key, wantCode: "UserNotFoundException", wantMsg: "User does not exist."},
		{name: "unknown device", pool: poolID, user: username, key: "us-east-1_00000000-0000-4000-8000-000000000000", wantCode: "ResourceNotFoundException", wantMsg: "Device does not exist."},
		{name: "device of another user", pool: poolID, user: "bob", key: key, wantCode: "ResourceNotFoundException", wantMsg: "Device does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
				UserPoolId: aws.String(tt.pool), Username: aws.String(tt.user), DeviceKey: aws.String(tt.key),
			})
			if tt.wantCode != "" {
				require.Error(t, err)
				assert.Equal(t, tt.wantCode, errorCode(err))
				assert.Equal(t, http.StatusBadRequest, httpStatus(err))
				var apiErr smithy.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, tt.wantMsg, apiErr.ErrorMessage())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, srv.Devices(poolID, username)[0], *out.Device)
			assert.Equal(t, "laptop", out.Device.Name())
			assert.Equal(t, "192.0.2.1", out.Device.LastIPUsed())
		})
	}

	t.Run("typed errors", func(t *testing.T) {
		_, err := client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
			UserPoolId: aws.String(poolID), Username: aws.String("carol"), DeviceKey: aws.String(key),
		})
		var notFound *cognitodevices.UserNotFoundException
		require.ErrorAs(t, err, &notFound)
		var respErr *awshttp.ResponseError
		require.ErrorAs(t, err, &respErr)
		assert.Equal(t, http.StatusBadRequest, respErr.HTTPStatusCode())
		assert.NotEmpty(t, respErr.RequestID)
	})
}

func TestServerValidatesInput(t *testing.T) {
	srv, _ := setup(t)
	srv.AddUser(poolID, username)
	long := strings.Repeat("x", 56)

	tests := []struct {
		name      string
		operation string
		body      string
		wantCode  string
		wantMsg   string
	}{
		{"missing members", "AdminGetDevice", `{}`, "InvalidParameterException",
			"3 validation errors detected: Value null at 'deviceKey' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'username' failed to satisfy constraint: Member must not be null"},
		{"pool id too long", "AdminListDevices", `{"UserPoolId":"` + long + `","Username":"alice"}`, "InvalidParameterException",
			"1 validation error detected: Value at 'userPoolId' failed to satisfy constraint: Member must have length less than or equal to 55"},
		{"username too long", "AdminListDevices", `{"UserPoolId":"p","Username":"` + strings.Repeat("u", 129) + `"}`, "InvalidParameterException",
			"1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128"},
		{"empty device key", "AdminGetDevice", `{"UserPoolId":"p","Username":"u","DeviceKey":""}`, "InvalidParameterException",
			"1 validation error detected: Value at 'deviceKey' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"limit 61", "AdminListDevices", `{"UserPoolId":"` + poolID + `","Username":"alice","Limit":61}`, "InvalidParameterException",
			"1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60"},
		{"limit -1", "AdminListDevices", `{"UserPoolId":"` + poolID + `","Username":"alice","Limit":-1}`, "InvalidParameterException",
			"1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"empty pagination token", "AdminListDevices", `{"UserPoolId":"` + poolID + `","Username":"alice","PaginationToken":""}`, "InvalidParameterException",
			"1 validation error detected: Value at 'paginationToken' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"access token pattern", "ListDevices", `{"AccessToken":"not a token"}`, "InvalidParameterException",
			"1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+"},
		{"malformed JSON", "AdminListDevices", `{"UserPoolId":`, "SerializationException",
			"The request body is not valid JSON: syntax error at offset 14."},
		{"wrong member type", "AdminListDevices", `{"UserPoolId":"p","Username":"u","Limit":"ten"}`, "SerializationException",
			"Member Limit must be a number, found string."},
		{"wrong nested member type", "ConfirmDevice", `{"AccessToken":"t","DeviceKey":"k","DeviceSecretVerifierConfig":{"Salt":1}}`, "SerializationException",
			"Member DeviceSecretVerifierConfig.Salt must be a string, found number."},
		{"not an object", "AdminGetDevice", `[1,2]`, "SerializationException",
			"The request body must be a JSON object, found array."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRawRequest(t, srv, tt.operation, tt.body)
			if tt.operation != "ListDevices" {
				sign(t, req, srv.Credentials(), srv.Region(), time.Now())
			}
			resp := send(t, req)
			assert.Equal(t, http.StatusBadRequest, resp.status)
			code, msg := serviceError(t, resp)
			assert.Equal(t, tt.wantCode, code)
			if tt.wantMsg != "" {
				assert.Equal(t, tt.wantMsg, msg)
			} else {
				assert.NotEmpty(t, msg)
			}
		})
	}
}

func TestLimitOutOfRange(t *testing.T) {
	srv, client := setup(t)
	srv.AddUser(poolID, username)

	_, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String(poolID), Username: aws.String(username), Limit: aws.Int32(61),
	})
	var invalid smithy.InvalidParamsError
	require.ErrorAs(t, err, &invalid, "the client refuses Limit 61 before sending")
	assert.Empty(t, srv.Requests())

	req := newRawRequest(t, srv, "AdminListDevices", `{"Limit":61,"UserPoolId":"`+poolID+`","Username":"alice"}`)
	sign(t, req, srv.Credentials(), srv.Region(), time.Now())
	resp := send(t, req)
	assert.Equal(t, http.StatusBadRequest, resp.status)
	code, _ := serviceError(t, resp)
	assert.Equal(t, "InvalidParameterException", code, "the server refuses it too")
}

func TestRouting(t *testing.T) {
	srv, _ := setup(t)

	tests := []struct {
		name       string
		edit       func(*http.Request)
		wantStatus int
		wantCode   string
		wantOp     string
	}{
		{"unknown operation", func(r *http.Request) {
			r.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.DeleteUser")
		}, 400, "UnknownOperationException", "DeleteUser"},
		{"other service", func(r *http.Request) {
			r.Header.Set("X-Amz-Target", "DynamoDB_20120810.ListDevices")
		}, 400, "UnknownOperationException", ""},
		{"missing target", func(r *http.Request) { r.Header.Del("X-Amz-Target") }, 400, "UnknownOperationException", ""},
		{"wrong content type", func(r *http.Request) { r.Header.Set("Content-Type", "application/json") }, 400, "SerializationException", "ListDevices"},
		{"GET", func(r *http.Request) { r.Method = http.MethodGet }, 404, "UnknownOperationException", "ListDevices"},
		{"other path", func(r *http.Request) { r.URL.Path = "/devices" }, 404, "UnknownOperationException", "ListDevices"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			req := newRawRequest(t, srv, "ListDevices", `{"AccessToken":"x"}`)
			tt.edit(req)
			resp := send(t, req)
			assert.Equal(t, tt.wantStatus, resp.status)
			code, _ := serviceError(t, resp)
			assert.Equal(t, tt.wantCode, code)
			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.wantOp, reqs[0].Operation)
		})
	}
}

func TestResponseHeaders(t *testing.T) {
	serverTime := fixedTime.Add(-30 * time.Second)
	srv := devicestest.NewServerT(t, devicestest.WithClock(func() time.Time { return serverTime }))
	token := srv.IssueAccessToken(poolID, username)

	for _, tt := range []struct {
		name       string
		body       string
		wantStatus int
	}{
		{"success", `{"AccessToken":"` + token + `"}`, 200},
		{"error", `{"AccessToken":"garbage"}`, 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := send(t, newRawRequest(t, srv, "ListDevices", tt.body))
			assert.Equal(t, tt.wantStatus, resp.status)
			assert.Equal(t, "Tue, 07 May 2024 16:51:52 GMT", resp.header.Get("Date"), "Date comes from the server clock")
			assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, resp.header.Get("X-Amzn-Requestid"))
			assert.Equal(t, "application/x-amz-json-1.1", resp.header.Get("Content-Type"))
		})
	}
}

func TestTimestampsWireFormat(t *testing.T) {
	clock := time.Unix(1715100742, 22_987_654) // truncated, not rounded, to .022
	srv, client := setup(t, devicestest.WithClock(func() time.Time { return clock }))

	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	tests := []struct {
		name   string
		in     *time.Time
		want   time.Time
		onWire string
	}{
		{"filled from the clock", nil, time.Date(2024, 5, 7, 16, 52, 22, 22e6, time.UTC), "1715100742.022"},
		{"whole second", aws.Time(time.Unix(1715100742, 0)), time.Unix(1715100742, 0).UTC(), "1715100742.000"},
		{"other zone, sub-millisecond", aws.Time(time.Unix(1715100742, 999_999_999).In(paris)), time.Unix(1715100742, 999e6).UTC(), "1715100742.999"},
		{"before the epoch", aws.Time(time.Unix(-1, 500e6)), time.Unix(-1, 500e6).UTC(), "-0.500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := srv.AddDevice(poolID, username, cognitodevices.DeviceType{
				DeviceCreateDate: tt.in, DeviceLastModifiedDate: tt.in, DeviceLastAuthenticatedDate: tt.in,
			})

			req := newRawRequest(t, srv, "AdminGetDevice", `{"DeviceKey":"`+key+`","UserPoolId":"`+poolID+`","Username":"alice"}`)
			sign(t, req, srv.Credentials(), srv.Region(), clock)
			resp := send(t, req)
			require.Equal(t, http.StatusOK, resp.status, resp.body)
			for _, member := range []string{"DeviceCreateDate", "DeviceLastModifiedDate", "DeviceLastAuthenticatedDate"} {
				assert.Contains(t, resp.body, `"`+member+`":`+tt.onWire)
			}
			assert.Regexp(t, regexp.MustCompile(`^\{"Device":\{"DeviceKey":"[^"]+"(,"Device\w+Date":-?\d+\.\d{3}){3}\}\}$`), resp.body)

			// The server's clock is in 2024: the client's first signature is
			// refused and it signs again with the offset the Date header shows.
			out, err := client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(username),
			})
			require.NoError(t, err)
			assert.Equal(t, tt.want, *out.Device.DeviceCreateDate)
			assert.Equal(t, tt.want, *out.Device.DeviceLastModifiedDate)
			assert.Equal(t, tt.want, *out.Device.DeviceLastAuthenticatedDate)
		})
	}
}

func TestSeeding(t *testing.T) {
	srv, _ := setup(t, devicestest.WithRegion("eu-west-3"))

	key := srv.AddDevice(poolID, username, cognitodevices.DeviceType{})
	assert.Regexp(t, `^eu-west-3_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, key)
	second := srv.AddDevice(poolID, username, cognitodevices.DeviceType{})
	assert.NotEqual(t, key, second, "generated keys are unique")

	given := srv.AddDevice(poolID, username, cognitodevices.DeviceType{
		DeviceKey:        aws.String("eu-west-3_given"),
		DeviceAttributes: []cognitodevices.AttributeType{},
	})
	assert.Equal(t, "eu-west-3_given", given)
	devices := srv.Devices(poolID, username)
	require.Len(t, devices, 3)
	assert.Nil(t, devices[0].DeviceAttributes, "absent attributes stay absent")
	assert.NotNil(t, devices[2].DeviceAttributes, "an empty attribute list stays empty, not absent")

	srv.AddDevice(poolID, username, cognitodevices.DeviceType{
		DeviceKey:        aws.String("eu-west-3_given"),
		DeviceAttributes: []cognitodevices.AttributeType{{Name: aws.String("device_name"), Value: aws.String("renamed")}},
	})
	devices = srv.Devices(poolID, username)
	require.Len(t, devices, 3, "adding an existing key replaces the device")
	assert.Equal(t, "renamed", devices[2].Name())

	*devices[2].DeviceKey = "mutated"
	devices[2].DeviceAttributes[0].Value = aws.String("mutated")
	assert.Equal(t, "eu-west-3_given", *srv.Devices(poolID, username)[2].DeviceKey, "Devices returns deep copies")
	assert.Equal(t, "renamed", srv.Devices(poolID, username)[2].Name())

	assert.True(t, srv.RemoveDevice(poolID, username, key))
	assert.False(t, srv.RemoveDevice(poolID, username, key))
	assert.False(t, srv.RemoveDevice("nope", username, key))
	assert.Equal(t, []string{second, "eu-west-3_given"}, keysOf(srv.Devices(poolID, username)))

	assert.Nil(t, srv.Devices("unknown", username))
	srv.AddUser("other_POOL", "bob")
	assert.Empty(t, srv.Devices("other_POOL", "bob"))
}

func TestRequestsRecording(t *testing.T) {
	at := time.Now().Add(-time.Minute)
	srv, client := setup(t, devicestest.WithClock(func() time.Time { return at }))
	srv.AddUser(poolID, username)

	_, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String(poolID), Username: aws.String(username), Limit: aws.Int32(5),
	})
	require.NoError(t, err)
	_, err = client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String("unknown")})
	require.Error(t, err)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "AdminListDevices", reqs[0].Operation)
	assert.Equal(t, "AWSCognitoIdentityProviderService.AdminListDevices", reqs[0].Header.Get("X-Amz-Target"))
	assert.Contains(t, reqs[0].Header.Get("Authorization"), "Credential="+devicestest.DefaultAccessKeyID+"/")
	assert.JSONEq(t, `{"Limit":5,"UserPoolId":"us-east-1_TEST","Username":"alice"}`, string(reqs[0].Body))
	assert.Equal(t, at, reqs[0].Time)
	assert.Equal(t, "ListDevices", reqs[1].Operation)
	assert.Empty(t, reqs[1].Header.Get("Authorization"), "access-token operations are not signed")

	reqs[0].Body[0] = 'X'
	reqs[0].Header.Set("X-Amz-Target", "changed")
	again := srv.Requests()
	assert.Equal(t, byte('{'), again[0].Body[0], "Requests returns copies")
	assert.Equal(t, "AWSCognitoIdentityProviderService.AdminListDevices", again[0].Header.Get("X-Amz-Target"))

	srv.ResetRequests()
	assert.Empty(t, srv.Requests())
}

func TestConcurrentUse(t *testing.T) {
	srv, client := setup(t)
	addDevices(srv, poolID, username, 30)
	token := srv.IssueAccessToken(poolID, username)

	const workers = 16
	var wg sync.WaitGroup
	errs := make(chan error, workers*4)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := "user" + strconv.Itoa(w)
			srv.AddDevice(poolID, user, cognitodevices.DeviceType{})
			n := 0
			for _, err := range cognitodevices.AdminListDevicesAll(context.Background(), client, &cognitodevices.AdminListDevicesInput{
				UserPoolId: aws.String(poolID), Username: aws.String(username), Limit: aws.Int32(7),
			}) {
				if err != nil {
					errs <- err
					return
				}
				n++
			}
			if n != 30 {
				errs <- errors.New("AdminListDevicesAll saw " + strconv.Itoa(n) + " devices")
			}
			if _, err := client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String(token)}); err != nil {
				errs <- err
			}
			if _, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
				UserPoolId: aws.String(poolID), Username: aws.String(user),
			}); err != nil {
				errs <- err
			}
			srv.IssueAccessToken(poolID, user)
			_ = srv.Requests()
			_ = srv.Devices(poolID, username)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	assert.Len(t, srv.Requests(), workers*(5+1+1))
}

func TestCloseIsIdempotent(t *testing.T) {
	srv := devicestest.NewServer()
	client := srv.Client(func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
	srv.Close()
	srv.Close()
	_, err := client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String("x")})
	require.Error(t, err, "a closed server refuses connections")
}

// TestCloseIsBounded holds a request whose body never arrives, as a
// stalled or hostile client would, and requires Close to return within
// its bound all the same.
func TestCloseIsBounded(t *testing.T) {
	srv := devicestest.NewServer()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	body := `{"AccessToken":"a-token-whose-request-never-ends"}`
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-amz-json-1.1\r\n"+
		"X-Amz-Target: AWSCognitoIdentityProviderService.ListDevices\r\nContent-Length: %d\r\n\r\n%s",
		strings.TrimPrefix(srv.URL, "http://"), len(body), body[:len(body)/2])
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond) // the server reads the headers and waits for the rest

	begin := time.Now()
	closed := make(chan struct{})
	go func() {
		srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close still waits for the stalled request after 10 seconds")
	}
	took := time.Since(begin)
	t.Logf("Close returned after %v", took)
	assert.Less(t, took, 4*time.Second, "two seconds' grace, then the connection is closed")
	assert.GreaterOrEqual(t, took, time.Second, "the request in flight had its grace")
	_, err = conn.Read(make([]byte, 1))
	assert.Error(t, err, "the stalled connection is closed")
}

func TestClientConfiguration(t *testing.T) {
	srv := devicestest.NewServerT(t,
		devicestest.WithRegion("ap-southeast-2"),
		devicestest.WithCredentials("AKIDFIRST", "first-secret"),
		devicestest.WithCredentials("AKIDSECOND", "second-secret"),
	)
	opts := srv.Client().Options()
	assert.Equal(t, "ap-southeast-2", opts.Region)
	assert.Equal(t, srv.URL, aws.ToString(opts.BaseEndpoint))
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, srv.URL)
	creds, err := opts.Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "AKIDFIRST", creds.AccessKeyID)
	assert.Equal(t, srv.Credentials().AccessKeyID, creds.AccessKeyID)
	assert.Equal(t, "ap-southeast-2", srv.Region())
}
