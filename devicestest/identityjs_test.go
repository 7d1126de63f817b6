package devicestest_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/npmtest"
)

// jsSignIn is what testdata/identityjs_signin.js reports of one
// authenticateUser.
type jsSignIn struct {
	OK                        bool
	Code, Message, Step       string
	MFAAsked                  bool `json:"mfaAsked"`
	Remembered                bool
	UserConfirmationNecessary bool `json:"userConfirmationNecessary"`
	AccessToken               string
	DeviceKey                 string
}

// TestIdentityJSSignIn drives the fake with amazon-cognito-identity-js,
// an independent implementation of Cognito's user and device SRP: a wrong
// password fails; the first sign-in answers MFA, confirms its new device
// and remembers it; the second proves the device instead of MFA; a wrong
// device password fails. It installs the package with npm and skips where
// node or npm is absent.
func TestIdentityJSSignIn(t *testing.T) {
	node, dir := npmtest.Install(t, "amazon-cognito-identity-js@6")
	// node resolves require() from the script's directory.
	src, err := os.ReadFile("testdata/identityjs_signin.js")
	require.NoError(t, err)
	script := filepath.Join(dir, "signin.js")
	require.NoError(t, os.WriteFile(script, src, 0o644))

	const pool, client, user, password, code = "us-east-1_JsPool", "jsclient1234567890", "carol", "Js-Passw0rd!", "246810"
	srv := devicestest.NewServerT(t)
	srv.AddAppClient(pool, client, "")
	srv.SetDeviceTracking(pool, cognitodevices.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true})
	srv.SetPassword(pool, user, password)
	srv.SetMFACode(pool, user, code)

	cmd := exec.Command(node, script, srv.URL+"/", pool, client, user, password, code)
	cmd.Dir = dir
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("node: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err)
	var got struct {
		WrongPassword, First, Second, WrongDevicePassword jsSignIn
		StoredDeviceKey                                   string
	}
	require.NoError(t, json.Unmarshal(out, &got), "%s", out)

	assert.False(t, got.WrongPassword.OK)
	assert.Equal(t, "NotAuthorizedException", got.WrongPassword.Code)
	assert.Equal(t, "Incorrect username or password.", got.WrongPassword.Message)

	require.True(t, got.First.OK, "first sign-in: %+v", got.First)
	assert.True(t, got.First.MFAAsked, "a new device answers MFA")
	assert.True(t, got.First.UserConfirmationNecessary, "the pool leaves remembering to the user")
	assert.True(t, got.First.Remembered)
	require.NotEmpty(t, got.StoredDeviceKey)

	devices := srv.Devices(pool, user)
	require.Len(t, devices, 1, "the device the first sign-in confirmed")
	assert.Equal(t, got.StoredDeviceKey, *devices[0].DeviceKey)
	assert.True(t, devices[0].Remembered())
	_, hasVerifier := srv.DeviceVerifier(pool, user, got.StoredDeviceKey)
	assert.True(t, hasVerifier)

	require.True(t, got.Second.OK, "second sign-in: %+v", got.Second)
	assert.False(t, got.Second.MFAAsked, "a remembered device signs in without MFA")

	assert.False(t, got.WrongDevicePassword.OK)
	assert.Equal(t, "NotAuthorizedException", got.WrongDevicePassword.Code)

	var challenges []string
	for _, r := range srv.Requests() {
		if r.Operation != "RespondToAuthChallenge" {
			continue
		}
		var body struct{ ChallengeName string }
		require.NoError(t, json.Unmarshal(r.Body, &body))
		challenges = append(challenges, body.ChallengeName)
	}
	assert.Equal(t, []string{
		"PASSWORD_VERIFIER",            // wrong password
		"PASSWORD_VERIFIER", "SMS_MFA", // first
		"PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", // second
		"PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", // wrong device password
	}, challenges)
}
