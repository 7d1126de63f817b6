package devicestest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/signin"
)

const (
	clientID = "1example23456789"
	password = "Passw0rd-of-alice"
)

// signInSetup starts a server with a public app client and alice, who has
// a password.
func signInSetup(t *testing.T) (*devicestest.Server, *cognitodevices.Client) {
	srv, client := setup(t)
	srv.AddAppClient(poolID, clientID, "")
	srv.SetPassword(poolID, username, password)
	return srv, client
}

// startSRP sends InitiateAuth USER_SRP_AUTH for alice and returns the SRP
// session and the PASSWORD_VERIFIER challenge.
func startSRP(t *testing.T, client *cognitodevices.Client, params map[string]string) (*signin.SRPSession, *cognitodevices.InitiateAuthOutput) {
	t.Helper()
	srp, err := signin.NewSRPSession(nil)
	require.NoError(t, err)
	p := map[string]string{"USERNAME": username, "SRP_A": srp.SRPA()}
	for k, v := range params {
		p[k] = v
	}
	out, err := client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeUserSrpAuth, ClientId: aws.String(clientID), AuthParameters: p,
	})
	require.NoError(t, err)
	require.Equal(t, cognitodevices.ChallengeNameTypePasswordVerifier, out.ChallengeName)
	return srp, out
}

// verifyPassword answers PASSWORD_VERIFIER with pw.
func verifyPassword(t *testing.T, client *cognitodevices.Client, srp *signin.SRPSession, challenge *cognitodevices.InitiateAuthOutput, pw string, extra map[string]string) (*cognitodevices.RespondToAuthChallengeOutput, error) {
	t.Helper()
	r, err := srp.PasswordVerifierResponse(poolID, pw, challenge.ChallengeParameters, time.Now())
	require.NoError(t, err)
	for k, v := range extra {
		r[k] = v
	}
	return client.RespondToAuthChallenge(context.Background(), &cognitodevices.RespondToAuthChallengeInput{
		ChallengeName: cognitodevices.ChallengeNameTypePasswordVerifier, ClientId: aws.String(clientID),
		ChallengeResponses: r, Session: challenge.Session,
	})
}

// claims decodes the payload of a JWT-shaped token.
func claims(t *testing.T, token *string) map[string]any {
	parts := strings.Split(aws.ToString(token), ".")
	require.Len(t, parts, 3)
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var c map[string]any
	require.NoError(t, json.Unmarshal(payload, &c))
	return c
}

func TestUserSRPSignIn(t *testing.T) {
	srv, client := signInSetup(t)
	srp, challenge := startSRP(t, client, nil)
	for _, name := range []string{"SALT", "SRP_B", "SECRET_BLOCK"} {
		assert.NotEmpty(t, challenge.ChallengeParameters[name], name)
	}
	assert.Equal(t, username, challenge.ChallengeParameters["USER_ID_FOR_SRP"])
	assert.Equal(t, username, challenge.ChallengeParameters["USERNAME"])

	_, err := verifyPassword(t, client, srp, challenge, "wrong", nil)
	requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	_, err = verifyPassword(t, client, srp, challenge, password, nil)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.") // one proof per challenge

	srp, challenge = startSRP(t, client, nil)
	out, err := verifyPassword(t, client, srp, challenge, password, nil)
	require.NoError(t, err)
	res := out.AuthenticationResult
	require.NotNil(t, res)
	assert.Equal(t, int32(3600), res.ExpiresIn)
	assert.Equal(t, "Bearer", aws.ToString(res.TokenType))
	assert.NotEmpty(t, aws.ToString(res.RefreshToken))
	assert.Nil(t, res.NewDeviceMetadata, "the pool does not track devices")
	access := claims(t, res.AccessToken)
	assert.Equal(t, username, access["username"])
	assert.Equal(t, clientID, access["client_id"])
	assert.Equal(t, "access", access["token_use"])
	assert.Greater(t, access["exp"], access["iat"])
	assert.Equal(t, username, claims(t, res.IdToken)["cognito:username"])

	_, err = client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: res.AccessToken})
	require.NoError(t, err, "sign-in tokens work with the device operations")
	srv.RevokeAccessToken(aws.ToString(res.AccessToken))
	_, err = client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: res.AccessToken})
	requireAPIError(t, err, "NotAuthorizedException", "Access Token has been revoked")
}

func TestSignInRefusals(t *testing.T) {
	srv, client := signInSetup(t)
	srv.AddUser(poolID, "nopassword")
	ctx := context.Background()
	srpA := func() string {
		s, err := signin.NewSRPSession(nil)
		require.NoError(t, err)
		return s.SRPA()
	}()
	for _, tc := range []struct {
		name      string
		flow      cognitodevices.AuthFlowType
		client    string
		params    map[string]string
		code, msg string
	}{
		{"unknown client", "USER_SRP_AUTH", "noclient", map[string]string{"USERNAME": username, "SRP_A": srpA}, "ResourceNotFoundException", "User pool client noclient does not exist."},
		{"no username", "USER_SRP_AUTH", clientID, map[string]string{"SRP_A": srpA}, "InvalidParameterException", "Missing required parameter USERNAME"},
		{"no SRP_A", "USER_SRP_AUTH", clientID, map[string]string{"USERNAME": username}, "InvalidParameterException", "Missing required parameter SRP_A"},
		{"SRP_A zero mod N", "USER_SRP_AUTH", clientID, map[string]string{"USERNAME": username, "SRP_A": "0"}, "InvalidParameterException", "SRP_A is not a valid SRP value."},
		{"unknown user", "USER_SRP_AUTH", clientID, map[string]string{"USERNAME": "nobody", "SRP_A": srpA}, "UserNotFoundException", "User does not exist."},
		{"user without password", "USER_SRP_AUTH", clientID, map[string]string{"USERNAME": "nopassword", "SRP_A": srpA}, "NotAuthorizedException", "Incorrect username or password."},
		{"custom auth", "CUSTOM_AUTH", clientID, map[string]string{"USERNAME": username}, "InvalidParameterException", "Initiate Auth method not supported."},
		{"admin flow", "ADMIN_USER_PASSWORD_AUTH", clientID, map[string]string{"USERNAME": username, "PASSWORD": password}, "InvalidParameterException", "Initiate Auth method not supported."},
		{"wrong password", "USER_PASSWORD_AUTH", clientID, map[string]string{"USERNAME": username, "PASSWORD": "wrong"}, "NotAuthorizedException", "Incorrect username or password."},
		{"no refresh token", "REFRESH_TOKEN_AUTH", clientID, map[string]string{}, "InvalidParameterException", "Missing required parameter REFRESH_TOKEN"},
		{"bad refresh token", "REFRESH_TOKEN_AUTH", clientID, map[string]string{"REFRESH_TOKEN": "nope"}, "NotAuthorizedException", "Invalid Refresh Token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := client.InitiateAuth(ctx, &cognitodevices.InitiateAuthInput{AuthFlow: tc.flow, ClientId: aws.String(tc.client), AuthParameters: tc.params})
			requireAPIError(t, err, tc.code, tc.msg)
		})
	}
}

func TestUserPasswordAuth(t *testing.T) {
	srv, client := signInSetup(t)
	srv.SetDeviceTracking(poolID, cognitodevices.DeviceConfigurationType{})
	out, err := client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	require.NoError(t, err)
	require.NotNil(t, out.AuthenticationResult)
	assert.NotNil(t, out.AuthenticationResult.NewDeviceMetadata, "the service gives a device key to any sign-in that names no device, whatever its flow")
}

func TestSignInSessions(t *testing.T) {
	srv, client := signInSetup(t)
	srv.SetMFACode(poolID, username, "123456")
	ctx := context.Background()
	srp, challenge := startSRP(t, client, nil)
	mfa, err := verifyPassword(t, client, srp, challenge, password, nil)
	require.NoError(t, err)
	require.Equal(t, cognitodevices.ChallengeNameTypeSmsMfa, mfa.ChallengeName)
	assert.Equal(t, "SMS", mfa.ChallengeParameters["CODE_DELIVERY_DELIVERY_MEDIUM"])
	require.NotNil(t, mfa.Session)

	answer := func(name cognitodevices.ChallengeNameType, session *string, code string) error {
		_, err := client.RespondToAuthChallenge(ctx, &cognitodevices.RespondToAuthChallengeInput{
			ChallengeName: name, ClientId: aws.String(clientID), Session: session,
			ChallengeResponses: map[string]string{"USERNAME": username, "SMS_MFA_CODE": code},
		})
		return err
	}
	requireAPIError(t, answer(cognitodevices.ChallengeNameTypeSmsMfa, aws.String(strings.Repeat("x", 40)), "123456"), "NotAuthorizedException", "Invalid session for the user.")
	requireAPIError(t, answer(cognitodevices.ChallengeNameTypeSoftwareTokenMfa, mfa.Session, "123456"), "InvalidParameterException",
		"The sign-in is waiting for an answer to SMS_MFA, not SOFTWARE_TOKEN_MFA.")
	requireAPIError(t, answer(cognitodevices.ChallengeNameTypeSmsMfa, mfa.Session, "654321"), "CodeMismatchException", "Invalid code or auth state for the user.")
	_, err = client.AdminRespondToAuthChallenge(ctx, &cognitodevices.AdminRespondToAuthChallengeInput{
		ChallengeName: cognitodevices.ChallengeNameTypeSmsMfa, ClientId: aws.String(clientID), UserPoolId: aws.String(poolID), Session: mfa.Session,
		ChallengeResponses: map[string]string{"USERNAME": username, "SMS_MFA_CODE": "123456"},
	})
	requireAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.") // a public sign-in is not continued by the admin operation

	srv.SetClock(func() time.Time { return time.Now().Add(4 * time.Minute) })
	requireAPIError(t, answer(cognitodevices.ChallengeNameTypeSmsMfa, mfa.Session, "123456"), "NotAuthorizedException", "Invalid session for the user, session is expired.")
	srv.SetClock(time.Now)

	srp, challenge = startSRP(t, client, nil)
	mfa, err = verifyPassword(t, client, srp, challenge, password, nil)
	require.NoError(t, err)
	require.NoError(t, answer(cognitodevices.ChallengeNameTypeSmsMfa, mfa.Session, "123456"), "a wrong code before does not end the sign-in")
}

func TestAdminSignIn(t *testing.T) {
	srv, client := signInSetup(t)
	srv.AddUserPool("us-east-1_OTHER")
	ctx := context.Background()
	out, err := client.AdminInitiateAuth(ctx, &cognitodevices.AdminInitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeAdminUserPasswordAuth, ClientId: aws.String(clientID), UserPoolId: aws.String(poolID),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	require.NoError(t, err)
	require.NotNil(t, out.AuthenticationResult)

	_, err = client.AdminInitiateAuth(ctx, &cognitodevices.AdminInitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeAdminUserPasswordAuth, ClientId: aws.String(clientID), UserPoolId: aws.String("us-east-1_OTHER"),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	requireAPIError(t, err, "ResourceNotFoundException", "User pool client 1example23456789 does not exist.")

	srp, err := signin.NewSRPSession(nil)
	require.NoError(t, err)
	first, err := client.AdminInitiateAuth(ctx, &cognitodevices.AdminInitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeUserSrpAuth, ClientId: aws.String(clientID), UserPoolId: aws.String(poolID),
		AuthParameters: map[string]string{"USERNAME": username, "SRP_A": srp.SRPA()},
	})
	require.NoError(t, err)
	r, err := srp.PasswordVerifierResponse(poolID, password, first.ChallengeParameters, time.Now())
	require.NoError(t, err)
	done, err := client.AdminRespondToAuthChallenge(ctx, &cognitodevices.AdminRespondToAuthChallengeInput{
		ChallengeName: cognitodevices.ChallengeNameTypePasswordVerifier, ClientId: aws.String(clientID), UserPoolId: aws.String(poolID),
		ChallengeResponses: r,
	})
	require.NoError(t, err)
	require.NotNil(t, done.AuthenticationResult)
}

func TestSignInSecretHash(t *testing.T) {
	srv, client := signInSetup(t)
	srv.AddAppClient(poolID, "secretclient", "the-secret")
	ctx := context.Background()
	initiate := func(params map[string]string) error {
		_, err := client.InitiateAuth(ctx, &cognitodevices.InitiateAuthInput{
			AuthFlow: cognitodevices.AuthFlowTypeUserPasswordAuth, ClientId: aws.String("secretclient"), AuthParameters: params,
		})
		return err
	}
	requireAPIError(t, initiate(map[string]string{"USERNAME": username, "PASSWORD": password}),
		"NotAuthorizedException", "Client secretclient is configured with secret but SECRET_HASH was not received")
	requireAPIError(t, initiate(map[string]string{"USERNAME": username, "PASSWORD": password, "SECRET_HASH": signin.SecretHash(username, "secretclient", "wrong")}),
		"NotAuthorizedException", "Unable to verify secret hash for client secretclient")
	require.NoError(t, initiate(map[string]string{"USERNAME": username, "PASSWORD": password, "SECRET_HASH": signin.SecretHash(username, "secretclient", "the-secret")}))
}

// TestUnknownDeviceKeepsSignInOpen checks the answer clients rely on to
// recover from a forgotten device: the proof fails with "Device does not
// exist." and the same proof without DEVICE_KEY then succeeds.
func TestUnknownDeviceKeepsSignInOpen(t *testing.T) {
	_, client := signInSetup(t)
	srp, challenge := startSRP(t, client, map[string]string{"DEVICE_KEY": "us-east-1_00000000-0000-4000-8000-000000000000"})
	r, err := srp.PasswordVerifierResponse(poolID, password, challenge.ChallengeParameters, time.Now())
	require.NoError(t, err)
	respond := func(r map[string]string) (*cognitodevices.RespondToAuthChallengeOutput, error) {
		return client.RespondToAuthChallenge(context.Background(), &cognitodevices.RespondToAuthChallengeInput{
			ChallengeName: cognitodevices.ChallengeNameTypePasswordVerifier, ClientId: aws.String(clientID), ChallengeResponses: r,
		})
	}
	withDevice := map[string]string{"DEVICE_KEY": "us-east-1_00000000-0000-4000-8000-000000000000"}
	for k, v := range r {
		withDevice[k] = v
	}
	_, err = respond(withDevice)
	requireAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")
	out, err := respond(r)
	require.NoError(t, err)
	assert.NotNil(t, out.AuthenticationResult)
}

func TestSignInSeededFromJSON(t *testing.T) {
	seed, err := devicestest.ReadSeed(strings.NewReader(`{"pools": [{
		"id": "us-east-1_TEST",
		"clients": [{"id": "1example23456789"}],
		"deviceTracking": {"challengeRequiredOnNewDevice": true},
		"users": [{"username": "alice", "password": "Passw0rd-of-alice", "mfaCode": "999000", "requireNewPassword": true}]
	}]}`))
	require.NoError(t, err)
	srv, client := setup(t)
	require.NoError(t, srv.LoadSeed(seed))
	auth := &signin.Authenticator{Client: client, UserPoolID: poolID, ClientID: clientID,
		AnswerChallenge: func(_ context.Context, c signin.Challenge) (map[string]string, error) {
			if c.Name == cognitodevices.ChallengeNameTypeNewPasswordRequired {
				return map[string]string{"NEW_PASSWORD": "An0ther-one"}, nil
			}
			return map[string]string{"SMS_MFA_CODE": "999000"}, nil
		}}
	res, err := auth.SignIn(context.Background(), username, password, nil)
	require.NoError(t, err)
	assert.True(t, res.NewDevice, "the seeded pool tracks devices")

	srv.Reset()
	_, err = auth.SignIn(context.Background(), username, "An0ther-one", nil)
	requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.") // Reset restores the seeded password
	again, err := auth.SignIn(context.Background(), username, password, nil)
	require.NoError(t, err)
	devices := srv.Devices(poolID, username)
	require.Len(t, devices, 1, "Reset forgot the first device; the sign-in confirmed a new one")
	assert.Equal(t, again.Device.DeviceKey, aws.ToString(devices[0].DeviceKey))
	assert.NotEqual(t, res.Device.DeviceKey, again.Device.DeviceKey)
}

// TestAbandonedSignInsAreSwept checks that sign-ins nobody finishes do not
// accumulate: once many are open, the expired ones are forgotten.
func TestAbandonedSignInsAreSwept(t *testing.T) {
	srv, client := signInSetup(t)
	srv.SetMFACode(poolID, username, "123456")
	ctx := context.Background()
	start := func() *string {
		out, err := client.InitiateAuth(ctx, &cognitodevices.InitiateAuthInput{
			AuthFlow: cognitodevices.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
			AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
		})
		require.NoError(t, err)
		require.Equal(t, cognitodevices.ChallengeNameTypeSmsMfa, out.ChallengeName)
		return out.Session
	}
	answer := func(session *string) error {
		_, err := client.RespondToAuthChallenge(ctx, &cognitodevices.RespondToAuthChallengeInput{
			ChallengeName: cognitodevices.ChallengeNameTypeSmsMfa, ClientId: aws.String(clientID), Session: session,
			ChallengeResponses: map[string]string{"USERNAME": username, "SMS_MFA_CODE": "123456"},
		})
		return err
	}
	first, kept := start(), start()
	for range 1100 {
		start()
	}
	later := time.Now().Add(4 * time.Minute)
	srv.SetClock(func() time.Time { return later })
	// Still known, so reported as expired.
	requireAPIError(t, answer(kept), "NotAuthorizedException", "Invalid session for the user, session is expired.")

	// One more sign-in sweeps the expired ones: the first is forgotten.
	recent := start()
	requireAPIError(t, answer(first), "NotAuthorizedException", "Invalid session for the user.")
	require.NoError(t, answer(recent), "a sign-in opened at the sweep still works")
}
