package devicestest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

const seedJSON = `{
  "pools": [{
    "id": "us-east-1_SEEDED",
    "users": [{
      "username": "alice",
      "accessTokens": ["alice-token-1"],
      "devices": [
        {"key": "us-east-1_0000000a", "attributes": {"device_name": "iPhone", "dev:device_remembered_status": "remembered"},
         "createDate": "2026-01-02T03:04:05.678Z", "lastAuthenticatedDate": "2026-11-01T07:30:00Z"},
        {"attributes": {"device_name": "Laptop"}}
      ]
    }]
  }]
}`

// control sends a request to the server's control endpoint as a script
// would: with the control token and, for a body, as JSON.
func control(t *testing.T, srv *devicestest.Server, method, path, body string) (int, string) {
	t.Helper()
	return controlWith(t, srv, method, path, body, func(req *http.Request) {
		req.Header.Set(devicestest.ControlTokenHeader, srv.ControlToken())
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
	})
}

// controlWith sends a request to the control endpoint as edit leaves it.
func controlWith(t *testing.T, srv *devicestest.Server, method, path, body string, edit func(*http.Request)) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+devicestest.ControlPath+path, strings.NewReader(body))
	require.NoError(t, err)
	edit(req)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// TestControlEndpointRefusesStrangers checks the control endpoint's
// guards: a request naming another host, without the server's token or
// with a body that is not JSON changes nothing and is answered with a
// JSON error, while the same request done right goes through.
func TestControlEndpointRefusesStrangers(t *testing.T) {
	srv := devicestest.NewServerT(t)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	token := srv.ControlToken()
	require.Len(t, token, 32, "a random token of 24 bytes, base64url")
	assert.NotEqual(t, token, devicestest.NewServerT(t).ControlToken(), "drawn anew for each server")
	fault := `{"operation":"GetDevice","count":1,"code":"TooManyRequestsException"}`
	good := func(req *http.Request) {
		req.Header.Set(devicestest.ControlTokenHeader, token)
		req.Header.Set("Content-Type", "application/json")
	}
	tests := []struct {
		name   string
		edit   func(*http.Request)
		status int
	}{
		{"foreign host", func(r *http.Request) { good(r); r.Host = "attacker.example:" + port }, http.StatusForbidden},
		{"foreign host without a port", func(r *http.Request) { good(r); r.Host = "attacker.example" }, http.StatusForbidden},
		{"rebound name of loopback", func(r *http.Request) { good(r); r.Host = "127.0.0.1.nip.io:" + port }, http.StatusForbidden},
		{"loopback on another port", func(r *http.Request) { good(r); r.Host = "localhost:1" }, http.StatusForbidden},
		{"no token", func(r *http.Request) { good(r); r.Header.Del(devicestest.ControlTokenHeader) }, http.StatusUnauthorized},
		{"wrong token", func(r *http.Request) { good(r); r.Header.Set(devicestest.ControlTokenHeader, token[1:]+"x") }, http.StatusUnauthorized},
		{"token as a query", func(r *http.Request) {
			good(r)
			r.Header.Del(devicestest.ControlTokenHeader)
			r.URL.RawQuery = "token=" + token
		}, http.StatusUnauthorized},
		{"text/plain", func(r *http.Request) { good(r); r.Header.Set("Content-Type", "text/plain") }, http.StatusUnsupportedMediaType},
		{"form", func(r *http.Request) { good(r); r.Header.Set("Content-Type", "application/x-www-form-urlencoded") }, http.StatusUnsupportedMediaType},
		{"body without a content type", func(r *http.Request) { good(r); r.Header.Del("Content-Type") }, http.StatusUnsupportedMediaType},
		{"right", good, http.StatusOK},
		{"right, by localhost", func(r *http.Request) { good(r); r.Host = "LocalHost:" + port }, http.StatusOK},
		{"right, by IPv6 loopback", func(r *http.Request) { good(r); r.Host = "[::1]:" + port }, http.StatusOK},
		{"right, with a charset", func(r *http.Request) { good(r); r.Header.Set("Content-Type", "application/json; charset=utf-8") }, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.FailNext("GetDevice", 0, "")
			status, body := controlWith(t, srv, "POST", "fault", fault, tt.edit)
			assert.Equal(t, tt.status, status, body)
			var answer map[string]string
			require.NoError(t, json.Unmarshal([]byte(body), &answer), "a JSON answer: %s", body)
			if tt.status != http.StatusOK {
				assert.NotEmpty(t, answer["error"])
			}
			_, err := srv.Client().GetDevice(context.Background(), &cognitodevices.GetDeviceInput{AccessToken: aws.String("x"), DeviceKey: aws.String("us-east-1_0000000a")},
				func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
			var throttled *cognitodevices.TooManyRequestsException
			assert.Equal(t, tt.status == http.StatusOK, errors.As(err, &throttled), "the fault was scheduled: %v", err)
		})
	}

	// Without a body, a request needs no content type but may not name
	// another one: a cross-site form sends one even when empty.
	for _, tt := range []struct {
		contentType string
		status      int
	}{{"", http.StatusOK}, {"application/json", http.StatusOK}, {"text/plain", http.StatusUnsupportedMediaType}} {
		status, _ := controlWith(t, srv, "POST", "reset", "", func(r *http.Request) {
			r.Header.Set(devicestest.ControlTokenHeader, token)
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
		})
		assert.Equal(t, tt.status, status, "POST reset with an empty body of type %q", tt.contentType)
	}
	for _, route := range []string{"health", "requests"} {
		status, _ := controlWith(t, srv, "GET", route, "", func(*http.Request) {})
		assert.Equal(t, http.StatusUnauthorized, status, "GET %s needs the token too", route)
	}
}

func TestControlEndpointOptions(t *testing.T) {
	fixed := devicestest.NewServerT(t, devicestest.WithControlToken("a-token-a-script-knows"),
		devicestest.WithControlHosts("fakecognito:8765", "Compose-Name"))
	assert.Equal(t, "a-token-a-script-knows", fixed.ControlToken())
	for host, want := range map[string]int{
		"fakecognito:8765": http.StatusOK, "fakecognito:8766": http.StatusForbidden,
		"compose-name:1": http.StatusOK, "compose-name": http.StatusOK, "other-name:8765": http.StatusForbidden,
	} {
		status, body := controlWith(t, fixed, "GET", "health", "", func(r *http.Request) {
			r.Host = host
			r.Header.Set(devicestest.ControlTokenHeader, "a-token-a-script-knows")
		})
		assert.Equal(t, want, status, "Host %s: %s", host, body)
	}

	off := devicestest.NewServerT(t, devicestest.WithControlEndpoint(false))
	assert.Empty(t, off.ControlToken())
	status, body := control(t, off, "GET", "health", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, body, "the control endpoint is off")
	assert.Empty(t, off.Requests(), "control requests are not recorded, on or off")

	for _, bad := range []string{"", "has space", "tab\t", strings.Repeat("x", 257), "é"} {
		assert.Panics(t, func() { devicestest.WithControlToken(bad) }, "%q", bad)
	}
}

func TestSeedResetAndControl(t *testing.T) {
	seed, err := devicestest.ReadSeed(strings.NewReader(seedJSON))
	require.NoError(t, err)
	srv := devicestest.NewServerT(t)
	require.NoError(t, srv.LoadSeed(seed))
	client := srv.Client()
	ctx := context.Background()

	out, err := client.ListDevices(ctx, &cognitodevices.ListDevicesInput{AccessToken: aws.String("alice-token-1")})
	require.NoError(t, err)
	require.Len(t, out.Devices, 2)
	assert.Equal(t, "us-east-1_0000000a", aws.ToString(out.Devices[0].DeviceKey))
	assert.Equal(t, "iPhone", out.Devices[0].Name())
	assert.Equal(t, time.Date(2026, 11, 1, 7, 30, 0, 0, time.UTC), *out.Devices[0].DeviceLastAuthenticatedDate)
	assert.Equal(t, "Laptop", out.Devices[1].Name())

	status, body := control(t, srv, "GET", "health", "")
	assert.Equal(t, 200, status)
	assert.JSONEq(t, `{"status":"ok"}`, body)

	status, body = control(t, srv, "GET", "requests", "")
	require.Equal(t, 200, status)
	var recorded []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &recorded))
	require.Len(t, recorded, 1, "control requests are not recorded")
	assert.Equal(t, "ListDevices", recorded[0]["operation"])

	_, err = client.ForgetDevice(ctx, &cognitodevices.ForgetDeviceInput{AccessToken: aws.String("alice-token-1"), DeviceKey: aws.String("us-east-1_0000000a")})
	require.NoError(t, err)
	assert.Len(t, srv.Devices("us-east-1_SEEDED", "alice"), 1)

	status, _ = control(t, srv, "POST", "fault", `{"operation":"GetDevice","count":1,"code":"TooManyRequestsException"}`)
	assert.Equal(t, 200, status)
	status, _ = control(t, srv, "POST", "clock", `{"time":"2030-01-02T03:04:05Z"}`)
	assert.Equal(t, 200, status)
	_, err = client.GetDevice(ctx, &cognitodevices.GetDeviceInput{AccessToken: aws.String("alice-token-1"), DeviceKey: aws.String("us-east-1_0000000a")},
		func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
	var throttled *cognitodevices.TooManyRequestsException
	require.ErrorAs(t, err, &throttled)
	reqs := srv.Requests()
	assert.Equal(t, time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), reqs[len(reqs)-1].Time, "the clock was set")

	status, _ = control(t, srv, "POST", "reset", "")
	assert.Equal(t, 200, status)
	assert.Len(t, srv.Devices("us-east-1_SEEDED", "alice"), 2, "back to the seed")
	assert.Empty(t, srv.Requests())
	_, err = client.GetDevice(ctx, &cognitodevices.GetDeviceInput{AccessToken: aws.String("alice-token-1"), DeviceKey: aws.String("us-east-1_0000000a")})
	require.NoError(t, err, "the fault is gone with the reset")
	assert.WithinDuration(t, time.Now(), srv.Requests()[0].Time, time.Minute, "and the clock is real again")

	status, _ = control(t, srv, "DELETE", "requests", "")
	assert.Equal(t, 200, status)
	assert.Empty(t, srv.Requests())

	for _, bad := range []struct{ method, path, body string }{
		{"POST", "fault", `{"operation":"DeleteUser","count":1,"code":"x"}`},
		{"POST", "fault", `{"op":"GetDevice"}`},
		{"POST", "clock", `{"time":"yesterday"}`},
	} {
		status, body = control(t, srv, bad.method, bad.path, bad.body)
		assert.Equal(t, 400, status, bad)
		assert.Contains(t, body, `"error"`)
	}
	status, _ = control(t, srv, "GET", "nothing", "")
	assert.Equal(t, 404, status)
}

func TestWithListener(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := devicestest.NewServerT(t, devicestest.WithListener(l))
	assert.Equal(t, "http://"+l.Addr().String(), srv.URL)
	status, _ := control(t, srv, "POST", "reset", "")
	assert.Equal(t, 200, status)
}
