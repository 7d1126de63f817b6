package devicestest_test

import (
	"bytes"
	"context"
	"encoding/json"
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

func control(t *testing.T, srv *devicestest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+devicestest.ControlPath+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
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

func TestReadSeedRefusals(t *testing.T) {
	for _, bad := range []string{
		`{"pools":[{"id":""}]}`,
		`{"pools":[{"id":"p","users":[{"username":""}]}]}`,
		`{"pools":[{"id":"p","users":[{"username":"u","accessTokens":["not a token"]}]}]}`,
		`{"pool":[]}`,
		`[`,
	} {
		_, err := devicestest.ReadSeed(strings.NewReader(bad))
		assert.Error(t, err, bad)
	}
}

func TestWithListener(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := devicestest.NewServerT(t, devicestest.WithListener(l))
	assert.Equal(t, "http://"+l.Addr().String(), srv.URL)
	resp, err := http.Post(srv.URL+devicestest.ControlPath+"reset", "application/json", &bytes.Buffer{})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
}
