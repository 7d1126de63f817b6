package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/npmtest"
)

// The pool of testdata/amplify_seed.json: SMS MFA, device tracking that
// challenges new devices and leaves remembering to the user, and an app
// client that rotates refresh tokens.
const (
	amplifyPool     = "us-east-1_AMPLIFY6"
	amplifyClient   = "6amplify7client8id9abcdefg"
	amplifyUser     = "dana"
	amplifyPassword = "Dana-Passw0rd!"
	amplifyMFACode  = "135790"
)

// amplifyStep is the line testdata/amplify_device_life.js prints after
// each step: what the step returned and what Amplify then holds in its
// storage.
type amplifyStep struct {
	Step       string
	OK         bool
	Error      string
	Message    string
	IsSignedIn bool
	SignInStep string
	Devices    []struct{ ID, Name, Remembered string }
	Stored     struct{ DeviceKey, RefreshToken, AccessToken string }
}

// TestAmplifyDeviceLife drives the program with AWS Amplify JS v6
// (aws-amplify from npm), an independent implementation of Cognito's
// user and device SRP, device tracking, refresh and sign-out, through a
// remembered device's life: sign-in with SMS MFA, which confirms the new
// device; rememberDevice; fetchDevices; signOut, which revokes the
// refresh token; a sign-in that proves the device instead of MFA; a forced
// refresh through GetTokensFromRefreshToken with the device key on a
// client that rotates refresh tokens; forgetDevice; and a last signOut.
// After each step it checks the operations the server received, in
// order, and the state they left, with the library's own client. It needs
// node and npm, installs the package from the npm registry into a
// temporary directory, and skips where they are absent.
func TestAmplifyDeviceLife(t *testing.T) {
	// 6.15 is the first to refresh with GetTokensFromRefreshToken.
	node, dir := npmtest.Install(t, "aws-amplify@^6.15")
	version := amplifyVersion(t, dir)
	t.Logf("aws-amplify %s", version)

	fake := runProgram(t, dir, "testdata/amplify_seed.json")
	client := cognitodevices.New(cognitodevices.Options{
		Region:       fake.Region,
		BaseEndpoint: aws.String(fake.Endpoint),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: fake.AccessKeyID, SecretAccessKey: fake.SecretAccessKey}, nil
		}),
	})
	ctx := context.Background()

	src, err := os.ReadFile("testdata/amplify_device_life.js")
	require.NoError(t, err)
	script := filepath.Join(dir, "device_life.js") // node resolves require() from here
	require.NoError(t, os.WriteFile(script, src, 0o644))
	runCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel)
	run := exec.CommandContext(runCtx, node, script, fake.Endpoint, amplifyPool, amplifyClient, amplifyUser, amplifyPassword, amplifyMFACode)
	run.Dir = dir
	stderr := new(lockedBuffer) // read while node writes it
	run.Stderr = stderr
	stdin, err := run.StdinPipe()
	require.NoError(t, err)
	stdout, err := run.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, run.Start())
	t.Cleanup(func() { stdin.Close(); cancel(); _ = run.Wait() })
	lines := bufio.NewScanner(stdout)
	lines.Buffer(nil, 1<<20)

	// deviceKey is the device the first sign-in confirmed; the steps
	// write it as "+device" where a request names it.
	var deviceKey string
	// prev is what Amplify held after the step before.
	var prev amplifyStep

	steps := []struct {
		name  string
		calls []string
		check func(t *testing.T, got amplifyStep)
	}{{
		name:  "signIn",
		calls: []string{"InitiateAuth USER_SRP_AUTH", "RespondToAuthChallenge PASSWORD_VERIFIER"},
		check: func(t *testing.T, got amplifyStep) {
			assert.False(t, got.IsSignedIn)
			assert.Equal(t, "CONFIRM_SIGN_IN_WITH_SMS_CODE", got.SignInStep, "a new device answers MFA")
		},
	}, {
		name:  "confirmSignIn",
		calls: []string{"RespondToAuthChallenge SMS_MFA", "ConfirmDevice +device"},
		check: func(t *testing.T, got amplifyStep) {
			assert.True(t, got.IsSignedIn)
			assert.Equal(t, "DONE", got.SignInStep)
			assert.NotEmpty(t, got.Stored.RefreshToken)
			device := adminGetDevice(t, client, deviceKey)
			assert.Equal(t, "node", attribute(device, "device_name"), "Amplify names the device after navigator.userAgent")
			assert.False(t, device.Remembered(), "the pool leaves remembering to the user")
		},
	}, {
		name:  "rememberDevice",
		calls: []string{"UpdateDeviceStatus +device"},
		check: func(t *testing.T, _ amplifyStep) {
			assert.True(t, adminGetDevice(t, client, deviceKey).Remembered())
		},
	}, {
		name:  "fetchDevices",
		calls: []string{"ListDevices"},
		check: func(t *testing.T, got amplifyStep) {
			require.Len(t, got.Devices, 1)
			assert.Equal(t, deviceKey, got.Devices[0].ID)
			assert.Equal(t, "node", got.Devices[0].Name)
			assert.Equal(t, "remembered", got.Devices[0].Remembered)
		},
	}, {
		name:  "signOut",
		calls: []string{"RevokeToken"},
		check: func(t *testing.T, got amplifyStep) {
			assert.Empty(t, got.Stored.RefreshToken)
			assert.Equal(t, deviceKey, got.Stored.DeviceKey, "signing out keeps the device")
			// The device still exists, so only the revocation can refuse
			// its refresh token and access token.
			assertRefused(t, refreshWith(ctx, client, prev.Stored.RefreshToken, deviceKey), "the revoked refresh token")
			assertRefused(t, listDevicesWith(ctx, client, prev.Stored.AccessToken), "the access token issued with it")
		},
	}, {
		name: "signInWithDevice",
		calls: []string{"InitiateAuth USER_SRP_AUTH", "RespondToAuthChallenge PASSWORD_VERIFIER +device",
			"RespondToAuthChallenge DEVICE_SRP_AUTH +device", "RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER +device"},
		check: func(t *testing.T, got amplifyStep) {
			assert.True(t, got.IsSignedIn, "a remembered device signs in without MFA")
			assert.Equal(t, "DONE", got.SignInStep)
			assert.Equal(t, deviceKey, got.Stored.DeviceKey)
			assert.NotEmpty(t, got.Stored.RefreshToken)
			assert.Len(t, adminListDevices(t, client), 1, "no new device")
		},
	}, {
		name:  "forceRefresh",
		calls: []string{"GetTokensFromRefreshToken +device"},
		check: func(t *testing.T, got amplifyStep) {
			require.NotEmpty(t, got.Stored.RefreshToken)
			assert.NotEqual(t, prev.Stored.RefreshToken, got.Stored.RefreshToken, "the client rotates refresh tokens")
			assert.NotEqual(t, prev.Stored.AccessToken, got.Stored.AccessToken)
		},
	}, {
		name:  "forgetDevice",
		calls: []string{"ForgetDevice +device"},
		check: func(t *testing.T, got amplifyStep) {
			assert.Empty(t, got.Stored.DeviceKey)
			assert.Empty(t, adminListDevices(t, client))
		},
	}, {
		name:  "lastSignOut",
		calls: []string{"RevokeToken"},
		check: func(t *testing.T, got amplifyStep) {
			assert.Empty(t, got.Stored.RefreshToken)
			// ForgetDevice used this access token a step ago. The refresh
			// token would be refused anyway, its device being forgotten.
			assertRefused(t, listDevicesWith(ctx, client, prev.Stored.AccessToken), "the access token of the revoked refresh token")
			assertRefused(t, refreshWith(ctx, client, prev.Stored.RefreshToken, deviceKey), "the revoked refresh token")
		},
	}}
	for _, step := range steps {
		got := nextAmplifyStep(t, lines, stderr)
		require.Equal(t, step.name, got.Step)
		require.True(t, got.OK, "%s: %s: %s\n%s", got.Step, got.Error, got.Message, stderr)
		if deviceKey == "" {
			deviceKey = got.Stored.DeviceKey
		}
		calls := receivedCalls(t, fake, deviceKey)
		assert.Equal(t, step.calls, calls, "the operations Amplify sent for %s", step.name)
		step.check(t, got)
		forgetRequests(t, fake) // Amplify's and the check's own
		prev = got
		_, err := io.WriteString(stdin, "next\n")
		require.NoError(t, err)
	}
	require.NoError(t, stdin.Close())
	require.NoError(t, run.Wait(), "%s", stderr)
}

// amplifyVersion returns the version of aws-amplify installed in dir.
func amplifyVersion(t *testing.T, dir string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "node_modules", "aws-amplify", "package.json"))
	require.NoError(t, err)
	var pkg struct{ Version string }
	require.NoError(t, json.Unmarshal(raw, &pkg))
	return pkg.Version
}

// nextAmplifyStep reads the next step the script printed, passing over
// lines that are not JSON (Amplify's own log).
func nextAmplifyStep(t *testing.T, lines *bufio.Scanner, stderr *lockedBuffer) amplifyStep {
	t.Helper()
	for lines.Scan() {
		line := lines.Bytes()
		if !bytes.HasPrefix(line, []byte("{")) {
			t.Logf("node: %s", line)
			continue
		}
		var got amplifyStep
		require.NoError(t, json.Unmarshal(line, &got), "%s", line)
		return got
	}
	t.Fatalf("the script ended early (%v):\n%s", lines.Err(), stderr)
	return amplifyStep{}
}

// lockedBuffer is a bytes.Buffer that a process can write while the test
// reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// receivedCalls returns the requests the server received since
// forgetRequests, as "Operation AUTH_FLOW_OR_CHALLENGE +device" (the last
// part when the request names deviceKey; another device key is written
// out). It reads the control endpoint, whose bodies have their
// secrets redacted; flows, challenge names and device keys stay readable.
func receivedCalls(t *testing.T, fake started, deviceKey string) []string {
	t.Helper()
	resp := controlRequest(t, fake, http.MethodGet, "requests")
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var reqs []struct{ Operation, Body string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&reqs))

	calls := []string{}
	for _, r := range reqs {
		var body struct {
			AuthFlow, ChallengeName, DeviceKey string
			AuthParameters, ChallengeResponses map[string]string
		}
		require.NoError(t, json.Unmarshal([]byte(r.Body), &body), "%s: %s", r.Operation, r.Body)
		call := strings.TrimSpace(r.Operation + " " + body.AuthFlow + body.ChallengeName)
		for _, key := range []string{body.DeviceKey, body.AuthParameters["DEVICE_KEY"], body.ChallengeResponses["DEVICE_KEY"]} {
			switch key {
			case "":
			case deviceKey:
				call += " +device"
			default:
				call += " device " + key
			}
		}
		calls = append(calls, call)
	}
	return calls
}

// forgetRequests makes the server forget the requests it received.
func forgetRequests(t *testing.T, fake started) {
	t.Helper()
	require.Equal(t, http.StatusOK, controlStatus(t, fake, http.MethodDelete, "requests"))
}

func adminGetDevice(t *testing.T, client *cognitodevices.Client, key string) cognitodevices.DeviceType {
	t.Helper()
	require.NotEmpty(t, key, "no device yet")
	out, err := client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
		UserPoolId: aws.String(amplifyPool), Username: aws.String(amplifyUser), DeviceKey: aws.String(key),
	})
	require.NoError(t, err)
	require.NotNil(t, out.Device)
	return *out.Device
}

func adminListDevices(t *testing.T, client *cognitodevices.Client) []cognitodevices.DeviceType {
	t.Helper()
	out, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String(amplifyPool), Username: aws.String(amplifyUser),
	})
	require.NoError(t, err)
	return out.Devices
}

func attribute(d cognitodevices.DeviceType, name string) string {
	for _, a := range d.DeviceAttributes {
		if aws.ToString(a.Name) == name {
			return aws.ToString(a.Value)
		}
	}
	return ""
}

func refreshWith(ctx context.Context, client *cognitodevices.Client, refreshToken, deviceKey string) error {
	_, err := client.GetTokensFromRefreshToken(ctx, &cognitodevices.GetTokensFromRefreshTokenInput{
		ClientId: aws.String(amplifyClient), RefreshToken: aws.String(refreshToken), DeviceKey: aws.String(deviceKey),
	})
	return err
}

func listDevicesWith(ctx context.Context, client *cognitodevices.Client, accessToken string) error {
	_, err := client.ListDevices(ctx, &cognitodevices.ListDevicesInput{AccessToken: aws.String(accessToken)})
	return err
}

// assertRefused asserts that err is the service's NotAuthorizedException.
func assertRefused(t *testing.T, err error, what string) {
	t.Helper()
	var refused *cognitodevices.NotAuthorizedException
	assert.True(t, errors.As(err, &refused), "%s: want NotAuthorizedException, got %v", what, err)
	if err != nil {
		t.Logf("%s: %v", what, err)
	}
}
