package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

// TestDeviceCommands runs the per-user commands in process against the
// fake: list, get, not-remembered, remember, forget and forget-stale, in
// table and JSON form, and checks what they changed on the fake.
func TestDeviceCommands(t *testing.T) {
	srv := devicestest.NewServerT(t)
	const pool, user = "us-east-1_CLI", "alice"
	now := time.Now().UTC()
	var keys []string
	for i, days := range []int{1, 200, 400} {
		keys = append(keys, srv.AddDevice(pool, user, cognitodevices.DeviceType{
			DeviceAttributes: []cognitodevices.AttributeType{
				{Name: aws.String(cognitodevices.AttributeDeviceName), Value: aws.String([]string{"phone", "tablet", "kiosk"}[i])},
				{Name: aws.String(cognitodevices.AttributeDeviceRememberedStatus), Value: aws.String("remembered")},
			},
			DeviceLastAuthenticatedDate: aws.Time(now.Add(-time.Duration(days) * 24 * time.Hour)),
		}))
	}
	dir := t.TempDir()
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "AWS_") {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
	t.Setenv("AWS_ACCESS_KEY_ID", devicestest.DefaultAccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", devicestest.DefaultSecretAccessKey)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "no-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "no-credentials"))
	common := []string{"--region", "us-east-1", "--endpoint-url", srv.URL, "--pool", pool, "--username", user}
	run := func(cmd func(context.Context, []string, io.Writer, io.Writer) int, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		status := cmd(context.Background(), append(append([]string{}, common...), args...), &out, &errb)
		return status, out.String(), errb.String()
	}

	status, out, errOut := run(runList)
	require.Equal(t, 0, status, errOut)
	for _, name := range []string{"phone", "tablet", "kiosk"} {
		assert.Contains(t, out, name)
	}

	status, out, errOut = run(runList, "--json")
	require.Equal(t, 0, status, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	for _, l := range lines {
		var obj map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &obj), l)
	}

	status, out, errOut = run(runGet, "--device-key", keys[0])
	require.Equal(t, 0, status, errOut)
	assert.Contains(t, out, keys[0])

	status, _, errOut = run(runNotRemembered, "--device-key", keys[0])
	require.Equal(t, 0, status, errOut)
	assert.Equal(t, cognitodevices.DeviceRememberedStatusTypeNotRemembered, srv.Devices(pool, user)[0].RememberedStatus())
	status, _, errOut = run(runRemember, "--device-key", keys[0])
	require.Equal(t, 0, status, errOut)
	assert.Equal(t, cognitodevices.DeviceRememberedStatusTypeRemembered, srv.Devices(pool, user)[0].RememberedStatus())

	status, out, errOut = run(runForgetStale, "--older-than", "90d", "--dry-run")
	require.Equal(t, 0, status, errOut)
	assert.Contains(t, out, "tablet")
	assert.Len(t, srv.Devices(pool, user), 3, "a dry run forgets nothing")
	status, _, errOut = run(runForgetStale, "--older-than", "300d", "--write-rate", "1000")
	require.Equal(t, 0, status, errOut)
	assert.Len(t, srv.Devices(pool, user), 2, "the device last used 400 days ago is forgotten")

	status, _, errOut = run(runForget, "--device-key", keys[1])
	require.Equal(t, 0, status, errOut)
	require.Len(t, srv.Devices(pool, user), 1)
	assert.Equal(t, keys[0], aws.ToString(srv.Devices(pool, user)[0].DeviceKey))

	status, _, errOut = run(runGet, "--device-key", keys[1])
	assert.NotEqual(t, 0, status, "a forgotten device is not found")
	assert.Contains(t, errOut, "ResourceNotFoundException")
}
