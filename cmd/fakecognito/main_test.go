package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/npmtest"
	"github.com/cognitodevices/cognitodevices/internal/programtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func noEnv(string) string { return "" }

func TestStartPrintsWhatAClientNeeds(t *testing.T) {
	var out bytes.Buffer
	begin := time.Now()
	srv, err := start([]string{"-seed", "../../examples/fakecognito/seed.json", "-region", "eu-west-1"}, noEnv, &out)
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	t.Logf("started in %v", time.Since(begin))
	var s started
	require.NoError(t, json.Unmarshal(out.Bytes(), &s))
	assert.Equal(t, srv.URL, s.Endpoint)
	assert.Equal(t, "eu-west-1", s.Region)
	assert.NotEmpty(t, s.AccessKeyID)
	assert.NotEmpty(t, s.SecretAccessKey)
	assert.Equal(t, srv.ControlToken(), s.ControlToken)
	assert.Len(t, s.ControlToken, 32, "a random token")
	assert.Equal(t, http.StatusOK, controlStatus(t, s, http.MethodGet, "health"))
	s.ControlToken = ""
	assert.Equal(t, http.StatusUnauthorized, controlStatus(t, s, http.MethodGet, "health"), "the token is required")
	assert.Len(t, srv.Devices("us-east-1_FAKE", "alice"), 2, "seeded")
}

func TestStartControlSettings(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	run := func(t *testing.T, args []string, vars map[string]string) started {
		t.Helper()
		var out bytes.Buffer
		srv, err := start(args, env(vars), &out)
		require.NoError(t, err)
		t.Cleanup(srv.Close)
		var s started
		require.NoError(t, json.Unmarshal(out.Bytes(), &s))
		return s
	}
	t.Run("token from the environment", func(t *testing.T) {
		s := run(t, nil, map[string]string{"FAKECOGNITO_CONTROL_TOKEN": "fixed-by-a-script"})
		assert.Equal(t, "fixed-by-a-script", s.ControlToken)
		assert.Equal(t, http.StatusOK, controlStatus(t, s, http.MethodGet, "health"))
	})
	t.Run("token flag wins", func(t *testing.T) {
		s := run(t, []string{"-control-token", "from-the-flag"}, map[string]string{"FAKECOGNITO_CONTROL_TOKEN": "fixed-by-a-script"})
		assert.Equal(t, "from-the-flag", s.ControlToken)
	})
	t.Run("off", func(t *testing.T) {
		s := run(t, []string{"-control=false"}, nil)
		assert.Empty(t, s.Control)
		assert.Empty(t, s.ControlToken)
		s.Control = s.Endpoint + "/_devicestest/"
		assert.Equal(t, http.StatusNotFound, controlStatus(t, s, http.MethodGet, "health"))
		s = run(t, nil, map[string]string{"FAKECOGNITO_CONTROL": "false"})
		assert.Empty(t, s.ControlToken, "off through the environment")
	})
	t.Run("another host name", func(t *testing.T) {
		s := run(t, []string{"-control-host", "fakecognito"}, map[string]string{"FAKECOGNITO_CONTROL_HOSTS": "compose-name:1234"})
		for host, want := range map[string]int{"fakecognito:8765": http.StatusOK, "compose-name:1234": http.StatusOK, "compose-name:1": http.StatusForbidden} {
			req, err := http.NewRequest(http.MethodGet, s.Control+"health", nil)
			require.NoError(t, err)
			req.Host = host
			req.Header.Set("X-Devicestest-Control-Token", s.ControlToken)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, want, resp.StatusCode, host)
		}
	})
	for _, bad := range []struct {
		args    []string
		env     map[string]string
		wantErr string
	}{
		{[]string{"-control-token", "has a space"}, nil, "-control-token"},
		{nil, map[string]string{"FAKECOGNITO_CONTROL_TOKEN": "tab\there"}, "-control-token"},
		{nil, map[string]string{"FAKECOGNITO_CONTROL": "maybe"}, `FAKECOGNITO_CONTROL="maybe"`},
	} {
		srv, err := start(bad.args, env(bad.env), &bytes.Buffer{})
		assert.ErrorContains(t, err, bad.wantErr)
		assert.Nil(t, srv)
	}
}

func TestStartRequestLogSize(t *testing.T) {
	var out bytes.Buffer
	srv, err := start([]string{"-request-log", "2"}, func(k string) string {
		return map[string]string{"FAKECOGNITO_REQUEST_LOG": "5"}[k]
	}, &out)
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	var s started
	require.NoError(t, json.Unmarshal(out.Bytes(), &s))
	for range 3 {
		resp, err := http.Post(s.Endpoint, "application/x-amz-json-1.1", strings.NewReader("{}"))
		require.NoError(t, err)
		resp.Body.Close()
	}
	resp := controlRequest(t, s, http.MethodGet, "requests")
	defer resp.Body.Close()
	var kept []json.RawMessage
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&kept))
	assert.Len(t, kept, 2, "the flag wins over the environment")
}

func TestStartGeneratesUsers(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		env       map[string]string
		pool      string
		wantUsers map[string]int // username -> devices
	}{
		{"flags", []string{"-generate-users", "20", "-devices-per-user", "2"}, nil, "us-east-1_SCALE",
			map[string]int{"user000001": 2, "user000020": 2, "user000021": -1}},
		{"environment", nil, map[string]string{"FAKECOGNITO_GENERATE_USERS": "5", "FAKECOGNITO_GENERATE_POOL": "us-east-1_GEN"}, "us-east-1_GEN",
			map[string]int{"user000005": 3}},
		{"into a pool of the seed", []string{"-seed", "../../examples/fakecognito/seed.json", "-generate-users", "3", "-generate-pool", "us-east-1_FAKE"},
			nil, "us-east-1_FAKE", map[string]int{"alice": 2, "user000003": 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := start(tt.args, func(k string) string { return tt.env[k] }, &bytes.Buffer{})
			require.NoError(t, err)
			t.Cleanup(srv.Close)
			for username, want := range tt.wantUsers {
				got := srv.Devices(tt.pool, username)
				if want < 0 {
					assert.Nil(t, got, username)
					continue
				}
				assert.Len(t, got, want, username)
			}
		})
	}
}

func TestParseThrottle(t *testing.T) {
	defaults := devicestest.DefaultQuotas()
	raised := defaults
	raised.UserList = devicestest.Quota{Rate: 300}
	raised.UserResourceUpdate = devicestest.Quota{Rate: 250, Burst: 50}
	raised.PerUserRead = devicestest.Quota{}
	tests := []struct {
		spec    string
		want    *devicestest.Quotas
		wantErr string
	}{
		{"", nil, ""},
		{"off", nil, ""},
		{"default", &defaults, ""},
		{"list=300, write=250:50,user-read=0", &raised, ""},
		{"lists=3", nil, `"lists" is not one of`},
		{"read=fast", nil, "read needs a rate"},
		{"read=-1", nil, "read needs a rate"},
		{"write=25:0", nil, "the burst of write"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := parseThrottle(tt.spec)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestStartThrottles(t *testing.T) {
	var out bytes.Buffer
	srv, err := start([]string{"-generate-users", "1"}, func(k string) string {
		return map[string]string{"FAKECOGNITO_THROTTLE": "list=2:2"}[k]
	}, &out)
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	client := cognitodevices.New(srv.Client().Options(), func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
	var served int
	for range 5 {
		if _, err := client.ListUsers(context.Background(), &cognitodevices.ListUsersInput{UserPoolId: aws.String("us-east-1_SCALE")}); err == nil {
			served++
		}
	}
	assert.Equal(t, 2, served, "the burst of the environment's setting")
	stats := srv.QuotaStats()[devicestest.QuotaUserList]
	assert.Equal(t, int64(2), stats.Served)
	assert.Equal(t, int64(3), stats.Throttled)
}

// controlStatus sends a request without a body to the control endpoint
// the started line names, with its token, and returns the status.
func controlStatus(t *testing.T, s started, method, route string) int {
	t.Helper()
	resp := controlRequest(t, s, method, route)
	resp.Body.Close()
	return resp.StatusCode
}

// controlRequest sends a request without a body to the control endpoint
// the started line names, with its token. The caller closes the body.
func controlRequest(t *testing.T, s started, method, route string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, s.Control+route, nil)
	require.NoError(t, err)
	req.Header.Set("X-Devicestest-Control-Token", s.ControlToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	return resp
}

func TestStartRefusals(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
	}{
		{"all interfaces", []string{"-addr", "0.0.0.0:0"}, nil, "not a loopback address"},
		{"all interfaces from the environment", nil, map[string]string{"FAKECOGNITO_ADDR": ":0"}, "not a loopback address"},
		{"missing seed", []string{"-seed", "no-such-file.json"}, nil, "no-such-file.json"},
		{"stray argument", []string{"extra"}, nil, `unexpected argument "extra"`},
		{"bad address", []string{"-addr", "nonsense"}, nil, "nonsense"},
		{"unknown flag", []string{"-no-such-flag"}, nil, "fakecognito -h lists the flags"},
		{"allow-remote neither true nor false", nil, map[string]string{"FAKECOGNITO_ALLOW_REMOTE": "yes"}, `FAKECOGNITO_ALLOW_REMOTE="yes"`},
		{"request log not a number", nil, map[string]string{"FAKECOGNITO_REQUEST_LOG": "lots"}, `FAKECOGNITO_REQUEST_LOG="lots"`},
		{"negative request log", []string{"-request-log", "-1"}, nil, "-request-log -1"},
		{"generated users not a number", nil, map[string]string{"FAKECOGNITO_GENERATE_USERS": "many"}, `FAKECOGNITO_GENERATE_USERS="many"`},
		{"too many generated devices", []string{"-generate-users", "1000000", "-devices-per-user", "11"}, nil, "pools[0].generate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := start(tt.args, env(tt.env), &bytes.Buffer{})
			require.ErrorContains(t, err, tt.wantErr)
			assert.Nil(t, srv)
		})
	}
	srv, err := start([]string{"-addr", "127.0.0.1:0"}, env(map[string]string{"FAKECOGNITO_ALLOW_REMOTE": "true", "FAKECOGNITO_ADDR": "0.0.0.0:0"}), &bytes.Buffer{})
	require.NoError(t, err, "the flag wins over the environment; remote allowed")
	srv.Close()
	srv, err = start(nil, env(map[string]string{"FAKECOGNITO_ALLOW_REMOTE": "1", "FAKECOGNITO_ADDR": "0.0.0.0:0"}), &bytes.Buffer{})
	require.NoError(t, err, "allowed explicitly through the environment")
	srv.Close()
}

// TestSIGTERMStopsTheProgram runs the program, holds a request whose
// body never arrives and requires SIGTERM to stop the program within its
// bound all the same, with exit status 0.
func TestSIGTERMStopsTheProgram(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	server := exec.Command(buildProgram(t, t.TempDir()))
	stdout, err := server.StdoutPipe()
	require.NoError(t, err)
	server.Stderr = os.Stderr
	require.NoError(t, server.Start())
	exited := make(chan error, 1)
	t.Cleanup(func() {
		server.Process.Kill()
		<-exited
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	go func() { exited <- server.Wait() }()
	var s started
	require.NoError(t, json.Unmarshal([]byte(line), &s), "%s", line)

	host := strings.TrimPrefix(s.Endpoint, "http://")
	conn, err := net.Dial("tcp", host)
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-amz-json-1.1\r\n"+
		"X-Amz-Target: AWSCognitoIdentityProviderService.ListDevices\r\nContent-Length: 100\r\n\r\n{\"AccessToken\":", host)
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond) // the server reads the headers and waits for the rest

	begin := time.Now()
	require.NoError(t, server.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-exited:
		exited <- err // for the cleanup
		took := time.Since(begin)
		t.Logf("the program exited %v after SIGTERM", took)
		require.NoError(t, err, "exit status 0")
		assert.Less(t, took, 4*time.Second)
	case <-time.After(10 * time.Second):
		t.Fatal("the program still runs 10 seconds after SIGTERM")
	}
}

// flagsAndEnvironment are the program's flags and the environment
// variables that set them, which -h must list.
var flagsAndEnvironment = map[string]string{
	"-addr":          "FAKECOGNITO_ADDR",
	"-seed":          "FAKECOGNITO_SEED",
	"-region":        "FAKECOGNITO_REGION",
	"-allow-remote":  "FAKECOGNITO_ALLOW_REMOTE",
	"-control":       "FAKECOGNITO_CONTROL",
	"-control-token": "FAKECOGNITO_CONTROL_TOKEN",
	"-control-host":  "FAKECOGNITO_CONTROL_HOSTS",
	"-request-log":   "FAKECOGNITO_REQUEST_LOG",

	"-generate-users":   "FAKECOGNITO_GENERATE_USERS",
	"-devices-per-user": "FAKECOGNITO_DEVICES_PER_USER",
	"-generate-pool":    "FAKECOGNITO_GENERATE_POOL",
	"-throttle":         "FAKECOGNITO_THROTTLE",
}

func TestHelpListsFlagsAndEnvironment(t *testing.T) {
	var out bytes.Buffer
	srv, err := start([]string{"-h"}, noEnv, &out)
	require.ErrorIs(t, err, flag.ErrHelp)
	assert.Nil(t, srv)
	for name, env := range flagsAndEnvironment {
		assert.Regexp(t, `(?m)^  `+name+`\b`, out.String())
		assert.Contains(t, out.String(), env)
	}

	// The program itself exits 0 and prints the usage on stdout.
	bin := buildProgram(t, t.TempDir())
	cmd := exec.Command(bin, "-h")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	printed, err := cmd.Output()
	require.NoError(t, err, "fakecognito -h exits 0; stderr: %s", stderr.String())
	assert.Equal(t, out.String(), string(printed))
}

// TestJavaScriptSDK builds the program, starts it with the example seed
// and drives it with the AWS SDK for JavaScript v3 over all nine
// operations, then signs in with amazon-cognito-identity-js (user SRP,
// MFA, a remembered device, device SRP). It needs node and npm, and
// installs the packages from the npm registry into a temporary directory;
// it skips where they are absent.
func TestJavaScriptSDK(t *testing.T) {
	node, dir := npmtest.Install(t, "@aws-sdk/client-cognito-identity-provider@3", "amazon-cognito-identity-js@6")

	fake := runProgram(t, dir, "../../examples/fakecognito/seed.json")
	line, err := json.Marshal(fake)
	require.NoError(t, err)

	script := filepath.Join(dir, "drive.js")
	require.NoError(t, os.WriteFile(script, []byte(driveJS), 0o644))
	run := exec.Command(node, script)
	run.Dir = dir
	run.Env = append(os.Environ(), "FAKECOGNITO="+string(line))
	result, err := run.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("node: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err)

	var got struct {
		AdminPage1, AdminPage2, List, Final struct {
			Devices []struct {
				DeviceKey                   string
				DeviceAttributes            []struct{ Name, Value string }
				DeviceCreateDate            string
				DeviceLastAuthenticatedDate string
			}
			PaginationToken string
		}
		AdminGet, Get struct{ Device struct{ DeviceKey string } }
		Confirm       struct{ UserConfirmationNecessary bool }
		BadToken      struct {
			Name   string
			Status int
		}
		Calls []string
	}
	require.NoError(t, json.Unmarshal(result, &got), "%s", result)
	const k1, k2 = "us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "us-east-1_1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
	require.Len(t, got.AdminPage1.Devices, 1)
	assert.Equal(t, k1, got.AdminPage1.Devices[0].DeviceKey)
	assert.NotEmpty(t, got.AdminPage1.PaginationToken)
	assert.Equal(t, "2026-11-01T07:30:00.000Z", got.AdminPage1.Devices[0].DeviceLastAuthenticatedDate)
	assert.Equal(t, "2026-01-02T03:04:05.678Z", got.AdminPage1.Devices[0].DeviceCreateDate, "milliseconds survive")
	require.Len(t, got.AdminPage2.Devices, 1)
	assert.Equal(t, k2, got.AdminPage2.Devices[0].DeviceKey)
	assert.Empty(t, got.AdminPage2.PaginationToken)
	assert.Equal(t, k1, got.AdminGet.Device.DeviceKey)
	assert.Len(t, got.List.Devices, 2)
	assert.Equal(t, k1, got.Get.Device.DeviceKey)
	assert.False(t, got.Confirm.UserConfirmationNecessary)
	require.Len(t, got.Final.Devices, 1, "the JS device and the work laptop were forgotten")
	assert.Equal(t, k1, got.Final.Devices[0].DeviceKey)
	assert.Equal(t, "NotAuthorizedException", got.BadToken.Name)
	assert.Equal(t, 400, got.BadToken.Status)
	assert.ElementsMatch(t, []string{"AdminGetDevice", "AdminListDevices", "ListDevices", "AdminForgetDevice", "AdminUpdateDeviceStatus",
		"GetDevice", "ForgetDevice", "UpdateDeviceStatus", "ConfirmDevice"}, uniq(got.Calls))

	// Sign-in, with the seed's second pool. The script is the one
	// devicestest runs against an embedded server.
	src, err := os.ReadFile("../../devicestest/testdata/identityjs_signin.js")
	require.NoError(t, err)
	signInScript := filepath.Join(dir, "signin.js")
	require.NoError(t, os.WriteFile(signInScript, src, 0o644))
	result, err = exec.Command(node, signInScript, fake.Endpoint+"/", "us-east-1_SIGNIN", "5public6client7id8", "carol", "Carol-Passw0rd!", "246810").Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("node: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err)
	type signIn struct {
		OK       bool
		Code     string
		MFAAsked bool `json:"mfaAsked"`
	}
	var signIns struct{ WrongPassword, First, Second, WrongDevicePassword signIn }
	require.NoError(t, json.Unmarshal(result, &signIns), "%s", result)
	assert.Equal(t, signIn{Code: "NotAuthorizedException"}, signIns.WrongPassword)
	assert.Equal(t, signIn{OK: true, MFAAsked: true}, signIns.First)
	assert.Equal(t, signIn{OK: true}, signIns.Second, "the remembered device signs in without MFA")
	assert.Equal(t, signIn{Code: "NotAuthorizedException"}, signIns.WrongDevicePassword)
}

// runProgram builds the program into dir, starts it with the seed file
// and returns what it printed on start. The program stops when the test
// ends.
func runProgram(t *testing.T, dir, seed string) started {
	t.Helper()
	bin := buildProgram(t, dir)
	begin := time.Now()
	line := programtest.Start(t, bin, "-seed", seed)
	startup := time.Since(begin)
	t.Logf("the server printed its endpoint %v after starting", startup)
	assert.Less(t, startup, 5*time.Second)
	var s started
	require.NoError(t, json.Unmarshal([]byte(line), &s), "%s", line)
	return s
}

// buildProgram builds the program into dir and returns the path of the
// executable.
func buildProgram(t *testing.T, dir string) string {
	t.Helper()
	return programtest.Build(t, dir, ".", "fakecognito")
}

func uniq(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// driveJS calls the nine operations through the AWS SDK for JavaScript v3
// and prints what they returned as JSON.
const driveJS = `
const sdk = require('@aws-sdk/client-cognito-identity-provider');
const fake = JSON.parse(process.env.FAKECOGNITO);
const client = new sdk.CognitoIdentityProviderClient({
  region: fake.region, endpoint: fake.endpoint, maxAttempts: 1,
  credentials: { accessKeyId: fake.accessKeyId, secretAccessKey: fake.secretAccessKey },
});
const pool = 'us-east-1_FAKE', user = 'alice', token = 'alice-token-1';
const k1 = 'us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', k2 = 'us-east-1_1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';
const k3 = 'us-east-1_22222222-3333-4444-8555-666666666666';
const calls = [];
async function call(name, input) {
  calls.push(name);
  const out = await client.send(new sdk[name + 'Command'](input));
  delete out.$metadata;
  return out;
}
(async () => {
  const out = {};
  out.AdminPage1 = await call('AdminListDevices', { UserPoolId: pool, Username: user, Limit: 1 });
  out.AdminPage2 = await call('AdminListDevices', { UserPoolId: pool, Username: user, Limit: 1, PaginationToken: out.AdminPage1.PaginationToken });
  out.AdminGet = await call('AdminGetDevice', { UserPoolId: pool, Username: user, DeviceKey: k1 });
  out.List = await call('ListDevices', { AccessToken: token });
  out.Get = await call('GetDevice', { AccessToken: token, DeviceKey: k1 });
  out.Confirm = await call('ConfirmDevice', { AccessToken: token, DeviceKey: k3, DeviceName: 'JS device',
    DeviceSecretVerifierConfig: { PasswordVerifier: 'AJ8v+w==', Salt: 'ASNFZw==' } });
  await call('UpdateDeviceStatus', { AccessToken: token, DeviceKey: k3, DeviceRememberedStatus: 'remembered' });
  await call('AdminUpdateDeviceStatus', { UserPoolId: pool, Username: user, DeviceKey: k2, DeviceRememberedStatus: 'not_remembered' });
  await call('ForgetDevice', { AccessToken: token, DeviceKey: k3 });
  await call('AdminForgetDevice', { UserPoolId: pool, Username: user, DeviceKey: k2 });
  out.Final = await call('AdminListDevices', { UserPoolId: pool, Username: user });
  try {
    await call('GetDevice', { AccessToken: 'no-such-token', DeviceKey: k1 });
  } catch (e) {
    out.BadToken = { Name: e.name, Status: e.$metadata.httpStatusCode };
  }
  out.Calls = calls;
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`
