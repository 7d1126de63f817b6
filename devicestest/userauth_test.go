package devicestest_test

import (
	"context"
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

func userAuth(client *cognitodevices.Client, params map[string]string) (*cognitodevices.InitiateAuthOutput, error) {
	p := map[string]string{"USERNAME": username}
	for k, v := range params {
		p[k] = v
	}
	return client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeUserAuth, ClientId: aws.String(clientID), AuthParameters: p,
	})
}

func answer(client *cognitodevices.Client, challenge cognitodevices.ChallengeNameType, session *string, responses map[string]string) (*cognitodevices.RespondToAuthChallengeOutput, error) {
	r := map[string]string{"USERNAME": username}
	for k, v := range responses {
		r[k] = v
	}
	return client.RespondToAuthChallenge(context.Background(), &cognitodevices.RespondToAuthChallengeInput{
		ChallengeName: challenge, ClientId: aws.String(clientID), ChallengeResponses: r, Session: session,
	})
}

func TestUserAuthSelectChallenge(t *testing.T) {
	srv, client := signInSetup(t)
	srv.SetMFACode(poolID, username, "123456")
	srv.SetEmailOTPCode(poolID, username, "424242")
	srv.SetSMSOTPCode(poolID, username, "515151")

	out, err := userAuth(client, nil)
	require.NoError(t, err)
	assert.Equal(t, cognitodevices.ChallengeNameTypeSelectChallenge, out.ChallengeName)
	assert.Equal(t, []cognitodevices.ChallengeNameType{"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"}, out.AvailableChallenges)
	require.NotNil(t, out.Session)

	_, err = answer(client, "SELECT_CHALLENGE", out.Session, map[string]string{"ANSWER": "WEB_AUTHN"})
	requireAPIError(t, err, "InvalidParameterException", "The challenge WEB_AUTHN is not available to the user.")

	res, err := answer(client, "SELECT_CHALLENGE", out.Session, map[string]string{"ANSWER": "PASSWORD", "PASSWORD": password})
	require.NoError(t, err)
	assert.Equal(t, cognitodevices.ChallengeNameTypeSmsMfa, res.ChallengeName, "a password is followed by MFA")
	res, err = answer(client, "SMS_MFA", res.Session, map[string]string{"SMS_MFA_CODE": "123456"})
	require.NoError(t, err)
	require.NotNil(t, res.AuthenticationResult)
	require.NoError(t, listDevices(client, res.AuthenticationResult.AccessToken))

	t.Run("SMS_OTP chosen, no MFA after it", func(t *testing.T) {
		out, err := userAuth(client, nil)
		require.NoError(t, err)
		res, err := answer(client, "SELECT_CHALLENGE", out.Session, map[string]string{"ANSWER": "SMS_OTP"})
		require.NoError(t, err)
		assert.Equal(t, cognitodevices.ChallengeNameTypeSmsOtp, res.ChallengeName)
		assert.Equal(t, "SMS", res.ChallengeParameters["CODE_DELIVERY_DELIVERY_MEDIUM"])
		res, err = answer(client, "SMS_OTP", res.Session, map[string]string{"SMS_OTP_CODE": "515151"})
		require.NoError(t, err)
		require.NotNil(t, res.AuthenticationResult)
	})
}

func TestUserAuthPreferredChallenge(t *testing.T) {
	srv, client := signInSetup(t)
	srv.SetEmailOTPCode(poolID, username, "424242")

	t.Run("PASSWORD", func(t *testing.T) {
		_, err := userAuth(client, map[string]string{"PREFERRED_CHALLENGE": "PASSWORD"})
		requireAPIError(t, err, "InvalidParameterException", "Missing required parameter PASSWORD")
		_, err = userAuth(client, map[string]string{"PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "wrong"})
		requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
		out, err := userAuth(client, map[string]string{"PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": password})
		require.NoError(t, err)
		require.NotNil(t, out.AuthenticationResult)
	})
	t.Run("PASSWORD_SRP", func(t *testing.T) {
		srp, err := signin.NewSRPSession(nil)
		require.NoError(t, err)
		out, err := userAuth(client, map[string]string{"PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": srp.SRPA()})
		require.NoError(t, err)
		assert.Equal(t, cognitodevices.ChallengeNameTypePasswordVerifier, out.ChallengeName)
		res, err := verifyPassword(t, client, srp, out, password, nil)
		require.NoError(t, err)
		require.NotNil(t, res.AuthenticationResult)
	})
	t.Run("EMAIL_OTP", func(t *testing.T) {
		out, err := userAuth(client, map[string]string{"PREFERRED_CHALLENGE": "EMAIL_OTP"})
		require.NoError(t, err)
		assert.Equal(t, cognitodevices.ChallengeNameTypeEmailOtp, out.ChallengeName)
		assert.Equal(t, "EMAIL", out.ChallengeParameters["CODE_DELIVERY_DELIVERY_MEDIUM"])
		_, err = answer(client, "EMAIL_OTP", out.Session, map[string]string{"EMAIL_OTP_CODE": "000000"})
		requireAPIError(t, err, "CodeMismatchException", "Invalid code or auth state for the user.")
		res, err := answer(client, "EMAIL_OTP", out.Session, map[string]string{"EMAIL_OTP_CODE": "424242"})
		require.NoError(t, err, "a wrong code leaves the sign-in open")
		require.NotNil(t, res.AuthenticationResult)
	})
	t.Run("unavailable preference", func(t *testing.T) {
		out, err := userAuth(client, map[string]string{"PREFERRED_CHALLENGE": "SMS_OTP"})
		require.NoError(t, err)
		assert.Equal(t, cognitodevices.ChallengeNameTypeSelectChallenge, out.ChallengeName)
		assert.Equal(t, []cognitodevices.ChallengeNameType{"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"}, out.AvailableChallenges)
	})
}

// TestPasswordSignInTracksDevices checks that a USER_PASSWORD_AUTH
// sign-in in a pool that tracks devices gets a new device, and that one
// naming a confirmed, remembered device proves it with DEVICE_SRP_AUTH
// instead of MFA.
func TestPasswordSignInTracksDevices(t *testing.T) {
	srv, client := signInSetup(t)
	srv.SetDeviceTracking(poolID, cognitodevices.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true})
	srv.SetMFACode(poolID, username, "123456")
	passwordAuth := func(deviceKey string) (*cognitodevices.InitiateAuthOutput, error) {
		p := map[string]string{"USERNAME": username, "PASSWORD": password}
		if deviceKey != "" {
			p["DEVICE_KEY"] = deviceKey
		}
		return client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
			AuthFlow: cognitodevices.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID), AuthParameters: p})
	}

	out, err := passwordAuth("")
	require.NoError(t, err)
	require.Equal(t, cognitodevices.ChallengeNameTypeSmsMfa, out.ChallengeName)
	res, err := answer(client, "SMS_MFA", out.Session, map[string]string{"SMS_MFA_CODE": "123456"})
	require.NoError(t, err)
	meta := res.AuthenticationResult.NewDeviceMetadata
	require.NotNil(t, meta, "a password sign-in gets a new device too")
	key, group := aws.ToString(meta.DeviceKey), aws.ToString(meta.DeviceGroupKey)
	verifier, devicePassword, err := cognitodevices.GenerateDeviceSecretVerifier(group, key)
	require.NoError(t, err)
	_, err = client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
		AccessToken: res.AuthenticationResult.AccessToken, DeviceKey: meta.DeviceKey, DeviceSecretVerifierConfig: verifier})
	require.NoError(t, err)

	_, err = passwordAuth(poolID + "_00000000")
	requireAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")

	out, err = passwordAuth(key)
	require.NoError(t, err)
	require.Equal(t, cognitodevices.ChallengeNameTypeDeviceSrpAuth, out.ChallengeName, "the remembered device skips MFA")
	srp, err := signin.NewSRPSession(nil)
	require.NoError(t, err)
	res, err = answer(client, "DEVICE_SRP_AUTH", out.Session, map[string]string{"DEVICE_KEY": key, "SRP_A": srp.SRPA()})
	require.NoError(t, err)
	require.Equal(t, cognitodevices.ChallengeNameTypeDevicePasswordVerifier, res.ChallengeName)
	proof, err := srp.DevicePasswordVerifierResponse(group, key, devicePassword, res.ChallengeParameters, time.Now())
	require.NoError(t, err)
	res, err = answer(client, "DEVICE_PASSWORD_VERIFIER", res.Session, proof)
	require.NoError(t, err)
	require.NotNil(t, res.AuthenticationResult)
	assert.Nil(t, res.AuthenticationResult.NewDeviceMetadata, "the proved device is kept")
	assert.Equal(t, key, claims(t, res.AuthenticationResult.AccessToken)["device_key"])
}

func TestUserAuthSeed(t *testing.T) {
	const seed = `{"pools":[{"id":"us-east-1_SEEDED","clients":[{"id":"client1"}],
		"users":[{"username":"alice","emailOtpCode":"777777","smsOtpCode":"888888"}]}]}`
	s, err := devicestest.ReadSeed(strings.NewReader(seed))
	require.NoError(t, err)
	srv := devicestest.NewServerT(t)
	require.NoError(t, srv.LoadSeed(s))
	out, err := srv.Client().InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeUserAuth, ClientId: aws.String("client1"), AuthParameters: map[string]string{"USERNAME": "alice"}})
	require.NoError(t, err)
	assert.Equal(t, []cognitodevices.ChallengeNameType{"EMAIL_OTP", "SMS_OTP"}, out.AvailableChallenges, "no password: only the codes")
}
