package compat

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/signin"
)

// TestOfficialClientSignsInWithTheLibrarysSRP signs in with the official
// client against the library's fake service, computing every SRP value
// with the library (signin.NewSRPSession, PasswordVerifierResponse,
// DevicePasswordVerifierResponse and the client's
// GenerateDeviceSecretVerifier): a first sign-in with MFA that confirms
// its new device, then a second through device SRP without MFA. The
// arithmetic works with any client, and the fake serves the official
// client's sign-in wire.
func TestOfficialClientSignsInWithTheLibrarysSRP(t *testing.T) {
	const pool, clientID, user, password, code = "us-west-2_Official", "officialclient1", "erin", "Erin-Passw0rd", "424242"
	srv := devicestest.NewServerT(t, devicestest.WithRegion(testRegion))
	srv.AddAppClient(pool, clientID, "")
	srv.SetPassword(pool, user, password)
	srv.SetMFACode(pool, user, code)
	srv.SetDeviceTracking(pool, cognitodevices.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true})
	off := newOfficial(srv.URL)
	ctx := context.Background()

	// signIn runs USER_SRP_AUTH and PASSWORD_VERIFIER, naming deviceKey
	// when it is not empty.
	signIn := func(deviceKey string) *cip.RespondToAuthChallengeOutput {
		srp, err := signin.NewSRPSession(nil)
		require.NoError(t, err)
		params := map[string]string{"USERNAME": user, "SRP_A": srp.SRPA()}
		first, err := off.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(clientID), AuthParameters: params})
		require.NoError(t, err)
		require.Equal(t, types.ChallengeNameTypePasswordVerifier, first.ChallengeName)
		answer, err := srp.PasswordVerifierResponse(pool, password, first.ChallengeParameters, time.Now())
		require.NoError(t, err)
		if deviceKey != "" {
			answer["DEVICE_KEY"] = deviceKey
		}
		out, err := off.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
			ChallengeName: types.ChallengeNameTypePasswordVerifier, ClientId: aws.String(clientID), ChallengeResponses: answer, Session: first.Session,
		})
		require.NoError(t, err)
		return out
	}

	mfa := signIn("")
	require.Equal(t, types.ChallengeNameTypeSmsMfa, mfa.ChallengeName)
	done, err := off.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypeSmsMfa, ClientId: aws.String(clientID), Session: mfa.Session,
		ChallengeResponses: map[string]string{"USERNAME": user, "SMS_MFA_CODE": code},
	})
	require.NoError(t, err)
	meta := done.AuthenticationResult.NewDeviceMetadata
	require.NotNil(t, meta)
	verifier, devicePassword, err := cognitodevices.GenerateDeviceSecretVerifier(aws.ToString(meta.DeviceGroupKey), aws.ToString(meta.DeviceKey))
	require.NoError(t, err)
	confirmed, err := off.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{
		AccessToken: done.AuthenticationResult.AccessToken, DeviceKey: meta.DeviceKey,
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{PasswordVerifier: verifier.PasswordVerifier, Salt: verifier.Salt},
	})
	require.NoError(t, err)
	assert.False(t, confirmed.UserConfirmationNecessary, "the pool remembers devices itself")

	device := signIn(aws.ToString(meta.DeviceKey))
	require.Equal(t, types.ChallengeNameTypeDeviceSrpAuth, device.ChallengeName, "a remembered device skips MFA")
	srp, err := signin.NewSRPSession(nil)
	require.NoError(t, err)
	challenge, err := off.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypeDeviceSrpAuth, ClientId: aws.String(clientID), Session: device.Session,
		ChallengeResponses: map[string]string{"USERNAME": user, "DEVICE_KEY": aws.ToString(meta.DeviceKey), "SRP_A": srp.SRPA()},
	})
	require.NoError(t, err)
	require.Equal(t, types.ChallengeNameTypeDevicePasswordVerifier, challenge.ChallengeName)
	answer, err := srp.DevicePasswordVerifierResponse(aws.ToString(meta.DeviceGroupKey), aws.ToString(meta.DeviceKey), devicePassword, challenge.ChallengeParameters, time.Now())
	require.NoError(t, err)
	tokens, err := off.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypeDevicePasswordVerifier, ClientId: aws.String(clientID), Session: challenge.Session, ChallengeResponses: answer,
	})
	require.NoError(t, err)
	require.NotNil(t, tokens.AuthenticationResult)
	assert.Nil(t, tokens.AuthenticationResult.NewDeviceMetadata)

	listed, err := off.ListDevices(ctx, &cip.ListDevicesInput{AccessToken: tokens.AuthenticationResult.AccessToken})
	require.NoError(t, err)
	require.Len(t, listed.Devices, 1)
	assert.Equal(t, aws.ToString(meta.DeviceKey), aws.ToString(listed.Devices[0].DeviceKey))
}
