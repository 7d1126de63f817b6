package signin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/signin"
)

// The client and the mock both plug into an Authenticator.
var (
	_ signin.SignInClient = (*cd.Client)(nil)
	_ signin.SignInClient = (*devicestest.MockAPI)(nil)
)

const (
	signInPool     = "us-east-1_S1gnIn"
	signInClient   = "4signin5client6id"
	signInUser     = "dana"
	signInPassword = "Corr3ct-Horse"
	signInCode     = "112233"
)

// signInServer starts the fake with a public app client and a user with
// a password; cfg, when not nil, turns device tracking on.
func signInServer(t *testing.T, cfg *cd.DeviceConfigurationType, mfa bool) *devicestest.Server {
	srv := devicestest.NewServerT(t)
	srv.AddAppClient(signInPool, signInClient, "")
	srv.SetPassword(signInPool, signInUser, signInPassword)
	if mfa {
		srv.SetMFACode(signInPool, signInUser, signInCode)
	}
	if cfg != nil {
		srv.SetDeviceTracking(signInPool, *cfg)
	}
	return srv
}

// challengeLog answers SMS_MFA with the seeded code and NEW_PASSWORD_REQUIRED
// with newPassword, and records the challenges it was asked.
type challengeLog struct {
	mu          sync.Mutex
	asked       []cd.ChallengeNameType
	code        string
	newPassword string
}

func (l *challengeLog) answer(_ context.Context, c signin.Challenge) (map[string]string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.asked = append(l.asked, c.Name)
	switch c.Name {
	case cd.ChallengeNameTypeSmsMfa:
		return map[string]string{"SMS_MFA_CODE": l.code}, nil
	case cd.ChallengeNameTypeNewPasswordRequired:
		return map[string]string{"NEW_PASSWORD": l.newPassword}, nil
	}
	return nil, fmt.Errorf("unexpected challenge %s", c.Name)
}

func (l *challengeLog) take() []cd.ChallengeNameType {
	l.mu.Lock()
	defer l.mu.Unlock()
	asked := l.asked
	l.asked = nil
	return asked
}

func newAuthenticator(srv *devicestest.Server, log *challengeLog, optFns ...func(*cd.Options)) *signin.Authenticator {
	return &signin.Authenticator{
		Client:          srv.Client(optFns...),
		UserPoolID:      signInPool,
		ClientID:        signInClient,
		DeviceName:      "test device",
		RememberDevices: true,
		AnswerChallenge: log.answer,
	}
}

// sentChallenges lists the ChallengeName of every RespondToAuthChallenge
// the server received, and forgets the requests.
func sentChallenges(t *testing.T, srv *devicestest.Server) []string {
	var names []string
	for _, r := range srv.Requests() {
		if r.Operation == "RespondToAuthChallenge" {
			var body struct{ ChallengeName string }
			require.NoError(t, json.Unmarshal(r.Body, &body))
			names = append(names, body.ChallengeName)
		}
	}
	srv.ResetRequests()
	return names
}

func TestAuthenticatorRemembersDevices(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true}, true)
	log := &challengeLog{code: signInCode}
	auth := newAuthenticator(srv, log)

	first, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	assert.Equal(t, []cd.ChallengeNameType{cd.ChallengeNameTypeSmsMfa}, log.take())
	assert.Equal(t, []string{"PASSWORD_VERIFIER", "SMS_MFA"}, sentChallenges(t, srv))
	assert.Equal(t, signInUser, first.Username)
	require.NotNil(t, first.Device)
	assert.True(t, first.NewDevice)
	assert.True(t, first.DeviceRemembered)
	assert.False(t, first.StoredDeviceGone)
	assert.NotEmpty(t, first.Device.DeviceGroupKey)
	assert.NotEmpty(t, first.Device.DevicePassword)

	devices := srv.Devices(signInPool, signInUser)
	require.Len(t, devices, 1)
	assert.Equal(t, first.Device.DeviceKey, aws.ToString(devices[0].DeviceKey))
	assert.Equal(t, "test device", devices[0].Name())
	assert.True(t, devices[0].Remembered(), "RememberDevices marks the device remembered")

	second, err := auth.SignIn(ctx, signInUser, signInPassword, first.Device)
	require.NoError(t, err)
	assert.Empty(t, log.take(), "a remembered device signs in without MFA")
	assert.Equal(t, []string{"PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"}, sentChallenges(t, srv))
	assert.False(t, second.NewDevice)
	assert.Equal(t, first.Device, second.Device, "the stored device is the one to keep")
	assert.Nil(t, second.AuthenticationResult.NewDeviceMetadata)

	// The tokens work with the device operations.
	out, err := srv.Client().ListDevices(ctx, &cd.ListDevicesInput{AccessToken: second.AuthenticationResult.AccessToken})
	require.NoError(t, err)
	require.Len(t, out.Devices, 1)
}

func TestAuthenticatorDeviceNotRemembered(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true}, true)
	log := &challengeLog{code: signInCode}
	auth := newAuthenticator(srv, log)
	auth.RememberDevices = false

	first, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	assert.True(t, first.NewDevice)
	assert.False(t, first.DeviceRemembered)
	log.take()
	sentChallenges(t, srv)

	_, err = auth.SignIn(ctx, signInUser, signInPassword, first.Device)
	require.NoError(t, err)
	assert.Equal(t, []cd.ChallengeNameType{cd.ChallengeNameTypeSmsMfa}, log.take(), "a device that is not remembered does not skip MFA")
	assert.Equal(t, []string{"PASSWORD_VERIFIER", "SMS_MFA", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"}, sentChallenges(t, srv))
}

func TestAuthenticatorSendsClientMetadata(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}, true)
	auth := newAuthenticator(srv, &challengeLog{code: signInCode})
	auth.ClientMetadata = map[string]string{"origin": "tests"}
	res, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	_, err = auth.SignIn(ctx, signInUser, signInPassword, res.Device)
	require.NoError(t, err)
	_, err = auth.Refresh(ctx, res.Username, aws.ToString(res.AuthenticationResult.RefreshToken), res.Device)
	require.NoError(t, err)
	n := 0
	for _, r := range srv.Requests() {
		if r.Operation != "InitiateAuth" && r.Operation != "RespondToAuthChallenge" && r.Operation != "GetTokensFromRefreshToken" {
			continue
		}
		var body struct{ ClientMetadata map[string]string }
		require.NoError(t, json.Unmarshal(r.Body, &body))
		assert.Equal(t, auth.ClientMetadata, body.ClientMetadata, r.Operation)
		n++
	}
	assert.Equal(t, 8, n, "three requests for the first sign-in, four for the second, one for the refresh")
}

func TestAuthenticatorPoolRemembersEveryDevice(t *testing.T) {
	srv := signInServer(t, &cd.DeviceConfigurationType{}, false)
	auth := newAuthenticator(srv, &challengeLog{})
	auth.RememberDevices = false
	res, err := auth.SignIn(context.Background(), signInUser, signInPassword, nil)
	require.NoError(t, err)
	assert.True(t, res.DeviceRemembered)
	for _, r := range srv.Requests() {
		assert.NotEqual(t, "UpdateDeviceStatus", r.Operation, "the pool remembered the device itself")
	}
}

func TestAuthenticatorWithoutDeviceTracking(t *testing.T) {
	srv := signInServer(t, nil, false)
	res, err := newAuthenticator(srv, &challengeLog{}).SignIn(context.Background(), signInUser, signInPassword, nil)
	require.NoError(t, err)
	assert.Nil(t, res.Device)
	assert.False(t, res.NewDevice)
	assert.Empty(t, srv.Devices(signInPool, signInUser))
}

func TestAuthenticatorRecoversFromForgottenDevice(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}, true)
	log := &challengeLog{code: signInCode}
	auth := newAuthenticator(srv, log)
	first, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	require.True(t, srv.RemoveDevice(signInPool, signInUser, first.Device.DeviceKey))
	log.take()
	sentChallenges(t, srv)

	again, err := auth.SignIn(ctx, signInUser, signInPassword, first.Device)
	require.NoError(t, err)
	assert.True(t, again.StoredDeviceGone)
	assert.True(t, again.NewDevice)
	require.NotNil(t, again.Device)
	assert.NotEqual(t, first.Device.DeviceKey, again.Device.DeviceKey)
	assert.Equal(t, []cd.ChallengeNameType{cd.ChallengeNameTypeSmsMfa}, log.take(), "without its device the user answers MFA again")
	assert.Equal(t, []string{"PASSWORD_VERIFIER", "PASSWORD_VERIFIER", "SMS_MFA"}, sentChallenges(t, srv))
}

func TestAuthenticatorRefresh(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}, false)
	auth := newAuthenticator(srv, &challengeLog{})
	res, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	refresh := aws.ToString(res.AuthenticationResult.RefreshToken)
	require.NotEmpty(t, refresh)

	tokens, err := auth.Refresh(ctx, res.Username, refresh, res.Device)
	require.NoError(t, err)
	assert.NotEmpty(t, aws.ToString(tokens.AccessToken))
	assert.NotEqual(t, aws.ToString(res.AuthenticationResult.AccessToken), aws.ToString(tokens.AccessToken))
	assert.Nil(t, tokens.RefreshToken)
	_, err = srv.Client().ListDevices(ctx, &cd.ListDevicesInput{AccessToken: tokens.AccessToken})
	require.NoError(t, err, "refreshed tokens work with the device operations")

	_, err = auth.Refresh(ctx, res.Username, refresh, nil)
	var notAuthorized *cd.NotAuthorizedException
	require.ErrorAs(t, err, &notAuthorized, "tokens of a tracked device need its DEVICE_KEY")
	assert.Equal(t, "Invalid Refresh Token", notAuthorized.ErrorMessage())

	require.True(t, srv.RemoveDevice(signInPool, signInUser, res.Device.DeviceKey))
	_, err = auth.Refresh(ctx, res.Username, refresh, res.Device)
	require.ErrorAs(t, err, &notAuthorized, "the device was forgotten")

	_, err = auth.Refresh(ctx, res.Username, "", nil)
	assert.ErrorContains(t, err, "refresh token")
}

func TestAuthenticatorRefreshWithoutDeviceTracking(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, nil, false)
	auth := newAuthenticator(srv, &challengeLog{})
	res, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	_, err = auth.Refresh(ctx, res.Username, aws.ToString(res.AuthenticationResult.RefreshToken), nil)
	require.NoError(t, err, "no DEVICE_KEY is needed when no device was tracked")
}

func TestAuthenticatorClientSecret(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}, true)
	srv.AddAppClient(signInPool, "secretclient123", "s3cr3tOfTheClient0123456789")
	log := &challengeLog{code: signInCode}
	auth := newAuthenticator(srv, log)
	auth.ClientID = "secretclient123"

	_, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	var notAuthorized *cd.NotAuthorizedException
	require.ErrorAs(t, err, &notAuthorized, "no SECRET_HASH without the secret")

	auth.ClientSecret = "s3cr3tOfTheClient0123456789"
	res, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	_, err = auth.SignIn(ctx, signInUser, signInPassword, res.Device)
	require.NoError(t, err, "device SRP with SECRET_HASH")
	_, err = auth.Refresh(ctx, "", aws.ToString(res.AuthenticationResult.RefreshToken), res.Device)
	require.NoError(t, err, "GetTokensFromRefreshToken takes the client secret itself, not a SECRET_HASH of the username")

	auth.UseRefreshTokenAuth = true
	_, err = auth.Refresh(ctx, res.Username, aws.ToString(res.AuthenticationResult.RefreshToken), res.Device)
	require.NoError(t, err)
	_, err = auth.Refresh(ctx, "", aws.ToString(res.AuthenticationResult.RefreshToken), res.Device)
	assert.ErrorContains(t, err, "username", "REFRESH_TOKEN_AUTH's SECRET_HASH needs it")
}

func TestAuthenticatorFailures(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}, true)
	log := &challengeLog{code: signInCode}
	auth := newAuthenticator(srv, log)

	_, err := auth.SignIn(ctx, signInUser, "wrong password", nil)
	var notAuthorized *cd.NotAuthorizedException
	require.ErrorAs(t, err, &notAuthorized)
	assert.Equal(t, "Incorrect username or password.", notAuthorized.ErrorMessage())

	_, err = auth.SignIn(ctx, "nobody", signInPassword, nil)
	var notFound *cd.UserNotFoundException
	require.ErrorAs(t, err, &notFound)

	log.code = "000000"
	_, err = auth.SignIn(ctx, signInUser, signInPassword, nil)
	var mismatch *cd.CodeMismatchException
	require.ErrorAs(t, err, &mismatch)

	auth.AnswerChallenge = nil
	_, err = auth.SignIn(ctx, signInUser, signInPassword, nil)
	var unanswered *signin.UnansweredChallengeError
	require.ErrorAs(t, err, &unanswered)
	assert.Equal(t, cd.ChallengeNameTypeSmsMfa, unanswered.Name)

	log.code = signInCode
	auth.AnswerChallenge = log.answer
	res, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	wrong := *res.Device
	wrong.DevicePassword = "not the device password"
	_, err = auth.SignIn(ctx, signInUser, signInPassword, &wrong)
	require.ErrorAs(t, err, &notAuthorized, "a wrong device password fails device SRP")
	assert.ErrorIs(t, err, signin.ErrStoredDeviceRefused, "and says it was the device")
	_, err = auth.SignIn(ctx, signInUser, "wrong password", res.Device)
	assert.NotErrorIs(t, err, signin.ErrStoredDeviceRefused, "a wrong user password is not the device's fault")

	unknownPool := *auth
	unknownPool.ClientID = "unknownclient"
	_, err = unknownPool.SignIn(ctx, signInUser, signInPassword, res.Device)
	var rnf *cd.ResourceNotFoundException
	require.ErrorAs(t, err, &rnf, "a ResourceNotFoundException about the client is not a forgotten device")
}

func TestAuthenticatorNewPasswordRequired(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, nil, true)
	srv.RequireNewPassword(signInPool, signInUser)
	log := &challengeLog{code: signInCode, newPassword: "N3w-Passw0rd"}
	auth := newAuthenticator(srv, log)
	_, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	assert.Equal(t, []cd.ChallengeNameType{cd.ChallengeNameTypeNewPasswordRequired, cd.ChallengeNameTypeSmsMfa}, log.take())

	_, err = auth.SignIn(ctx, signInUser, signInPassword, nil)
	var notAuthorized *cd.NotAuthorizedException
	require.ErrorAs(t, err, &notAuthorized, "the old password no longer works")
	_, err = auth.SignIn(ctx, signInUser, "N3w-Passw0rd", nil)
	require.NoError(t, err)
	assert.Equal(t, []cd.ChallengeNameType{cd.ChallengeNameTypeSmsMfa}, log.take())
}

func TestAuthenticatorRefusesIncompleteSetUp(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, nil, false)
	good := newAuthenticator(srv, &challengeLog{})
	for name, tc := range map[string]struct {
		auth               func() *signin.Authenticator
		username, password string
		device             *signin.RememberedDevice
	}{
		"no client":         {auth: func() *signin.Authenticator { a := *good; a.Client = nil; return &a }},
		"no client ID":      {auth: func() *signin.Authenticator { a := *good; a.ClientID = ""; return &a }},
		"bad pool ID":       {auth: func() *signin.Authenticator { a := *good; a.UserPoolID = "EXAMPLE"; return &a }},
		"no username":       {auth: func() *signin.Authenticator { return good }, password: "x"},
		"no password":       {auth: func() *signin.Authenticator { return good }, username: "x"},
		"incomplete device": {auth: func() *signin.Authenticator { return good }, username: "x", password: "x", device: &signin.RememberedDevice{DeviceKey: "k"}},
	} {
		t.Run(name, func(t *testing.T) {
			if tc.username == "" && tc.password == "" {
				tc.username, tc.password = signInUser, signInPassword
			}
			srv.ResetRequests()
			_, err := tc.auth().SignIn(ctx, tc.username, tc.password, tc.device)
			require.Error(t, err)
			assert.Empty(t, srv.Requests(), "nothing is sent")
		})
	}
}

// TestAuthenticatorHostileAnswers checks that answers a service should
// not give end a sign-in with a clear error, without a panic or a loop.
func TestAuthenticatorHostileAnswers(t *testing.T) {
	session := aws.String(strings.Repeat("s", 32))
	verifier := &cd.InitiateAuthOutput{ChallengeName: cd.ChallengeNameTypePasswordVerifier, ChallengeParameters: passwordVerifierParameters()}
	stored := &signin.RememberedDevice{DeviceKey: "us-east-1_k", DeviceGroupKey: "-g", DevicePassword: "p"}
	for _, tc := range []struct {
		name     string
		initiate *cd.InitiateAuthOutput
		respond  []*cd.RespondToAuthChallengeOutput // answered in turn; the last one repeats
		device   *signin.RememberedDevice
		wantErr  string
	}{
		{"endless challenges", verifier, []*cd.RespondToAuthChallengeOutput{{ChallengeName: cd.ChallengeNameTypeSmsMfa, Session: session}}, nil, "did not end after 16 challenges"},
		{"no tokens and no challenge", verifier, []*cd.RespondToAuthChallengeOutput{{}}, nil, `neither tokens nor a well-formed challenge name (it sent "")`},
		{"a 7 MiB challenge name", verifier, []*cd.RespondToAuthChallengeOutput{{ChallengeName: cd.ChallengeNameType(strings.Repeat("A", 7<<20)), Session: session}}, nil,
			`(7340032 bytes)`},
		{"a challenge name that is not one", verifier, []*cd.RespondToAuthChallengeOutput{{ChallengeName: "sms mfa\n", Session: session}}, nil, "well-formed challenge name"},
		{"empty tokens", verifier, []*cd.RespondToAuthChallengeOutput{{AuthenticationResult: &cd.AuthenticationResultType{}}}, nil, "has no AccessToken"},
		{"no refresh token", verifier, []*cd.RespondToAuthChallengeOutput{{AuthenticationResult: &cd.AuthenticationResultType{
			AccessToken: aws.String("a"), IdToken: aws.String("i")}}}, nil, "has no RefreshToken"},
		{"password verifier again", verifier, []*cd.RespondToAuthChallengeOutput{{ChallengeName: cd.ChallengeNameTypePasswordVerifier}}, nil, "PASSWORD_VERIFIER\" out of turn"},
		{"tokens at once", &cd.InitiateAuthOutput{AuthenticationResult: &cd.AuthenticationResultType{}}, nil, nil, `challenge "", not PASSWORD_VERIFIER`},
		{"no output", nil, nil, nil, "no output"},
		{"bad SRP_B", &cd.InitiateAuthOutput{ChallengeName: cd.ChallengeNameTypePasswordVerifier, ChallengeParameters: map[string]string{
			"SALT": "01", "SRP_B": "0", "SECRET_BLOCK": "AA==", "USER_ID_FOR_SRP": "u", "USERNAME": "u"}}, nil, nil, "SRP_B"},
		{"device challenge without a device", verifier, []*cd.RespondToAuthChallengeOutput{{ChallengeName: cd.ChallengeNameTypeDeviceSrpAuth, Session: session}}, nil, "named no device"},
		{"device challenge answered oddly", verifier, []*cd.RespondToAuthChallengeOutput{
			{ChallengeName: cd.ChallengeNameTypeDeviceSrpAuth, Session: session}, {ChallengeName: cd.ChallengeNameTypeSmsMfa}}, stored, "not DEVICE_PASSWORD_VERIFIER"},
		{"device challenge without parameters", verifier, []*cd.RespondToAuthChallengeOutput{
			{ChallengeName: cd.ChallengeNameTypeDeviceSrpAuth, Session: session}, {ChallengeName: cd.ChallengeNameTypeDevicePasswordVerifier}}, stored, "the challenge has no SALT"},
		{"no respond output", verifier, []*cd.RespondToAuthChallengeOutput{nil}, nil, "no output"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &devicestest.MockAPI{}
			m.On("InitiateAuth", mock.Anything, mock.Anything).Return(tc.initiate, nil)
			for i, out := range tc.respond {
				call := m.On("RespondToAuthChallenge", mock.Anything, mock.Anything).Return(out, nil)
				if i < len(tc.respond)-1 {
					call.Once()
				}
			}
			auth := &signin.Authenticator{Client: m, UserPoolID: signInPool, ClientID: signInClient,
				AnswerChallenge: func(context.Context, signin.Challenge) (map[string]string, error) {
					return map[string]string{"SMS_MFA_CODE": "1"}, nil
				}}
			var err error
			require.NotPanics(t, func() { _, err = auth.SignIn(context.Background(), signInUser, signInPassword, tc.device) })
			require.ErrorContains(t, err, tc.wantErr)
			assert.Less(t, len(err.Error()), 2048, "errors quote at most the start of what the service sent")
			assert.LessOrEqual(t, len(m.Calls), 20)
			for _, c := range m.Calls {
				if in, ok := c.Arguments.Get(1).(*cd.RespondToAuthChallengeInput); ok {
					assert.LessOrEqual(t, len(in.ChallengeName), 64, "a malformed challenge name is never sent back")
				}
			}
		})
	}

	t.Run("refresh without tokens", func(t *testing.T) {
		m := &devicestest.MockAPI{}
		m.On("GetTokensFromRefreshToken", mock.Anything, mock.Anything).Return(&cd.GetTokensFromRefreshTokenOutput{AuthenticationResult: &cd.AuthenticationResultType{}}, nil).Once()
		m.On("GetTokensFromRefreshToken", mock.Anything, mock.Anything).Return(&cd.GetTokensFromRefreshTokenOutput{}, nil).Once()
		m.On("InitiateAuth", mock.Anything, mock.Anything).Return(&cd.InitiateAuthOutput{ChallengeName: cd.ChallengeNameTypeSmsMfa}, nil)
		auth := &signin.Authenticator{Client: m, UserPoolID: signInPool, ClientID: signInClient}
		_, err := auth.Refresh(context.Background(), signInUser, "refresh", nil)
		require.ErrorContains(t, err, "has no AccessToken")
		_, err = auth.Refresh(context.Background(), signInUser, "refresh", nil)
		require.ErrorContains(t, err, "without an AuthenticationResult")
		auth.UseRefreshTokenAuth = true
		_, err = auth.Refresh(context.Background(), signInUser, "refresh", nil)
		require.ErrorContains(t, err, "no tokens")
	})
}

// passwordVerifierParameters returns PASSWORD_VERIFIER parameters a client
// can answer: values in range, not a real server's.
func passwordVerifierParameters() map[string]string {
	return map[string]string{
		"SALT":            "0123456789abcdef",
		"SRP_B":           strings.Repeat("ab", 64),
		"SECRET_BLOCK":    "c2VjcmV0LWJsb2Nr",
		"USER_ID_FOR_SRP": signInUser,
		"USERNAME":        signInUser,
	}
}

func TestAuthenticatorPrintsNoSecret(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true}, true)
	srv.AddAppClient(signInPool, "secretclient123", "s3cr3tOfTheClient0123456789")
	var logs bytes.Buffer
	logger := logging.LoggerFunc(func(_ logging.Classification, format string, v ...any) {
		fmt.Fprintf(&logs, format+"\n", v...)
	})
	log := &challengeLog{code: signInCode}
	auth := newAuthenticator(srv, log, func(o *cd.Options) {
		o.Logger = logger
		o.ClientLogMode = aws.LogRequestWithBody | aws.LogResponseWithBody
	})
	auth.ClientID, auth.ClientSecret = "secretclient123", "s3cr3tOfTheClient0123456789"
	first, err := auth.SignIn(ctx, signInUser, signInPassword, nil)
	require.NoError(t, err)
	second, err := auth.SignIn(ctx, signInUser, signInPassword, first.Device)
	require.NoError(t, err)
	tokens, err := auth.Refresh(ctx, second.Username, aws.ToString(second.AuthenticationResult.RefreshToken), second.Device)
	require.NoError(t, err)

	secrets := map[string]string{
		"password":        signInPassword,
		"client secret":   auth.ClientSecret,
		"device password": first.Device.DevicePassword,
		"access token":    aws.ToString(first.AuthenticationResult.AccessToken),
		"refresh token":   aws.ToString(first.AuthenticationResult.RefreshToken),
		"ID token":        aws.ToString(second.AuthenticationResult.IdToken),
		"refreshed token": aws.ToString(tokens.AccessToken),
		"SMS code":        signInCode,
	}
	var printed bytes.Buffer
	for _, v := range []any{first, *first, second, first.Device, *first.Device, auth, *auth, tokens} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			fmt.Fprintf(&printed, verb+"\n", v)
		}
		slog.New(slog.NewJSONHandler(&printed, nil)).Info("value", "v", v)
		slog.New(slog.NewTextHandler(&printed, nil)).Info("value", "v", v)
	}
	require.NotEmpty(t, logs.String())
	for name, secret := range secrets {
		require.NotEmpty(t, secret, name)
		assert.NotContains(t, printed.String(), secret, "%s printed", name)
		assert.NotContains(t, logs.String(), secret, "%s in the client's logs", name)
	}
	assert.Contains(t, printed.String(), first.Device.DeviceKey, "what is not secret is still shown")
	assert.Contains(t, printed.String(), "[REDACTED]")
}

func TestAuthenticatorConcurrentSignIns(t *testing.T) {
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}, true)
	auth := newAuthenticator(srv, &challengeLog{code: signInCode})
	first, err := auth.SignIn(context.Background(), signInUser, signInPassword, nil)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			device := first.Device
			if i%2 == 1 {
				device = nil
			}
			_, errs[i] = auth.SignIn(context.Background(), signInUser, signInPassword, device)
		}()
	}
	wg.Wait()
	assert.NoError(t, errors.Join(errs...))
}
