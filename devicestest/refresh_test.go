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

// passwordSignIn signs alice in with USER_PASSWORD_AUTH and returns her
// tokens.
func passwordSignIn(t *testing.T, client *cognitodevices.Client) *cognitodevices.AuthenticationResultType {
	t.Helper()
	out, err := client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	require.NoError(t, err)
	require.NotNil(t, out.AuthenticationResult)
	require.NotNil(t, out.AuthenticationResult.RefreshToken)
	return out.AuthenticationResult
}

func refresh(client *cognitodevices.Client, token *string, deviceKey *string) (*cognitodevices.AuthenticationResultType, error) {
	out, err := client.GetTokensFromRefreshToken(context.Background(), &cognitodevices.GetTokensFromRefreshTokenInput{
		ClientId: aws.String(clientID), RefreshToken: token, DeviceKey: deviceKey,
	}, func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
	if err != nil {
		return nil, err
	}
	return out.AuthenticationResult, nil
}

func refreshTokenAuth(client *cognitodevices.Client, token *string) error {
	_, err := client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(token)},
	})
	return err
}

func listDevices(client *cognitodevices.Client, accessToken *string) error {
	_, err := client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: accessToken})
	return err
}

func TestRefreshWithoutRotation(t *testing.T) {
	_, client := signInSetup(t)
	first := passwordSignIn(t, client)
	res, err := refresh(client, first.RefreshToken, nil)
	require.NoError(t, err)
	assert.Nil(t, res.RefreshToken, "no rotation: no new refresh token")
	require.NoError(t, listDevices(client, res.AccessToken))
	_, err = refresh(client, first.RefreshToken, nil)
	require.NoError(t, err, "the refresh token keeps working")
	require.NoError(t, refreshTokenAuth(client, first.RefreshToken), "REFRESH_TOKEN_AUTH works without rotation")

	_, err = refresh(client, aws.String("not-a-token"), nil)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")
	_, err = client.GetTokensFromRefreshToken(context.Background(), &cognitodevices.GetTokensFromRefreshTokenInput{
		ClientId: aws.String("nosuchclient"), RefreshToken: first.RefreshToken})
	requireAPIError(t, err, "ResourceNotFoundException", "User pool client nosuchclient does not exist.")
}

func TestRefreshTokenRotation(t *testing.T) {
	srv, client := signInSetup(t)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	srv.SetClock(func() time.Time { return now })
	require.True(t, srv.SetRefreshTokenRotation(clientID, true, 10*time.Second))
	assert.False(t, srv.SetRefreshTokenRotation("nosuchclient", true, 0))
	first := passwordSignIn(t, client)

	err := refreshTokenAuth(client, first.RefreshToken)
	requireAPIError(t, err, "NotAuthorizedException", "Refresh token rotation is enabled for the app client: refresh with GetTokensFromRefreshToken.")

	second, err := refresh(client, first.RefreshToken, nil)
	require.NoError(t, err)
	require.NotNil(t, second.RefreshToken, "rotation issues a new refresh token")
	assert.NotEqual(t, *first.RefreshToken, *second.RefreshToken)

	now = now.Add(9 * time.Second)
	retry, err := refresh(client, first.RefreshToken, nil)
	require.NoError(t, err, "the rotated token works within its grace period")
	require.NotNil(t, retry.RefreshToken)

	now = now.Add(time.Second)
	_, err = refresh(client, first.RefreshToken, nil)
	requireAPIError(t, err, "RefreshTokenReuseException", "The refresh token has been used after it was rotated.")
	var reuse *cognitodevices.RefreshTokenReuseException
	assert.ErrorAs(t, err, &reuse)

	third, err := refresh(client, second.RefreshToken, nil)
	require.NoError(t, err, "the new token works")
	require.NoError(t, listDevices(client, third.AccessToken))

	require.True(t, srv.SetRefreshTokenRotation(clientID, true, 0))
	fourth, err := refresh(client, third.RefreshToken, nil)
	require.NoError(t, err)
	_, err = refresh(client, third.RefreshToken, nil)
	requireAPIError(t, err, "RefreshTokenReuseException", "The refresh token has been used after it was rotated.")
	_, err = refresh(client, fourth.RefreshToken, nil)
	require.NoError(t, err)

	assert.Panics(t, func() { srv.SetRefreshTokenRotation(clientID, true, 61*time.Second) })
}

func TestRefreshIsBoundToTheDevice(t *testing.T) {
	srv, client := signInSetup(t)
	srv.SetDeviceTracking(poolID, cognitodevices.DeviceConfigurationType{})
	srp, challenge := startSRP(t, client, nil)
	out, err := verifyPassword(t, client, srp, challenge, password, nil)
	require.NoError(t, err)
	res := out.AuthenticationResult
	require.NotNil(t, res.NewDeviceMetadata)
	key := res.NewDeviceMetadata.DeviceKey
	_, err = client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{AccessToken: res.AccessToken, DeviceKey: key,
		DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String("AJ8v+w=="), Salt: aws.String("ASNFZw==")}})
	require.NoError(t, err)

	_, err = refresh(client, res.RefreshToken, nil)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")
	_, err = refresh(client, res.RefreshToken, aws.String(poolID+"_0000"))
	requireAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")
	again, err := refresh(client, res.RefreshToken, key)
	require.NoError(t, err, "the device key the token was issued to refreshes it")
	assert.Equal(t, aws.ToString(key), claims(t, again.AccessToken)["device_key"])

	srv.RemoveDevice(poolID, username, aws.ToString(key))
	_, err = refresh(client, res.RefreshToken, key)
	requireAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")
}

func TestClientSecretOfTokenRequests(t *testing.T) {
	srv, client := signInSetup(t)
	const secretClient, secret = "secretclient1", "s3cr3tS3cr3tS3cr3tS3cr3t0123"
	srv.AddAppClient(poolID, secretClient, secret)
	out, err := client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(secretClient),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password,
			"SECRET_HASH": signin.SecretHash(username, secretClient, secret)},
	})
	require.NoError(t, err)
	token := out.AuthenticationResult.RefreshToken
	in := func(s *string) *cognitodevices.GetTokensFromRefreshTokenInput {
		return &cognitodevices.GetTokensFromRefreshTokenInput{ClientId: aws.String(secretClient), RefreshToken: token, ClientSecret: s}
	}
	_, err = client.GetTokensFromRefreshToken(context.Background(), in(nil))
	requireAPIError(t, err, "NotAuthorizedException", "Unable to verify secret for client secretclient1")
	_, err = client.GetTokensFromRefreshToken(context.Background(), in(aws.String(strings.ToUpper(secret))))
	requireAPIError(t, err, "NotAuthorizedException", "Unable to verify secret for client secretclient1")
	_, err = client.GetTokensFromRefreshToken(context.Background(), in(aws.String(secret)))
	require.NoError(t, err)

	_, err = client.RevokeToken(context.Background(), &cognitodevices.RevokeTokenInput{ClientId: aws.String(secretClient), Token: token})
	requireAPIError(t, err, "UnauthorizedException", "Unable to verify secret for client secretclient1")
	_, err = client.RevokeToken(context.Background(), &cognitodevices.RevokeTokenInput{ClientId: aws.String(secretClient), Token: token, ClientSecret: aws.String(secret)})
	require.NoError(t, err)
	_, err = client.GetTokensFromRefreshToken(context.Background(), in(aws.String(secret)))
	requireAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
}

func TestRevokeToken(t *testing.T) {
	srv, client := signInSetup(t)
	srv.SetRefreshTokenRotation(clientID, true, 30*time.Second)
	first := passwordSignIn(t, client)
	second, err := refresh(client, first.RefreshToken, nil)
	require.NoError(t, err)
	other := passwordSignIn(t, client)

	revoke := func(clientID string, token *string) error {
		_, err := client.RevokeToken(context.Background(), &cognitodevices.RevokeTokenInput{ClientId: aws.String(clientID), Token: token})
		return err
	}
	requireAPIError(t, revoke(clientID, first.AccessToken), "UnsupportedTokenTypeException", "The token is not a refresh token.")
	srv.AddAppClient(poolID, "otherclient", "")
	requireAPIError(t, revoke("otherclient", first.RefreshToken), "UnauthorizedException", "Client otherclient is not authorized to revoke the token.")
	require.NoError(t, revoke(clientID, aws.String("unknown-refresh-token")), "an unknown token is revoked already")

	require.NoError(t, revoke(clientID, second.RefreshToken))
	for name, tok := range map[string]*string{"the revoked token": second.RefreshToken, "the token it was rotated from": first.RefreshToken} {
		t.Run(name, func(t *testing.T) {
			_, err := refresh(client, tok, nil)
			requireAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
		})
	}
	for name, tok := range map[string]*string{"the sign-in's access token": first.AccessToken, "the refreshed access token": second.AccessToken} {
		t.Run(name, func(t *testing.T) {
			requireAPIError(t, listDevices(client, tok), "NotAuthorizedException", "Access Token has been revoked")
		})
	}
	require.NoError(t, listDevices(client, other.AccessToken), "another sign-in is not touched")
	_, err = refresh(client, other.RefreshToken, nil)
	require.NoError(t, err)
}

func TestGlobalSignOut(t *testing.T) {
	srv, client := signInSetup(t)
	a, b := passwordSignIn(t, client), passwordSignIn(t, client)
	issued := srv.IssueAccessToken(poolID, username)
	srv.SetPassword(poolID, "bob", password)
	bob, err := client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": "bob", "PASSWORD": password},
	})
	require.NoError(t, err)

	_, err = client.GlobalSignOut(context.Background(), &cognitodevices.GlobalSignOutInput{AccessToken: a.AccessToken})
	require.NoError(t, err)
	for _, tok := range []*string{a.AccessToken, b.AccessToken, aws.String(issued)} {
		requireAPIError(t, listDevices(client, tok), "NotAuthorizedException", "Access Token has been revoked")
	}
	for _, tok := range []*string{a.RefreshToken, b.RefreshToken} {
		_, err = refresh(client, tok, nil)
		requireAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
	}
	_, err = client.GlobalSignOut(context.Background(), &cognitodevices.GlobalSignOutInput{AccessToken: a.AccessToken})
	requireAPIError(t, err, "NotAuthorizedException", "Access Token has been revoked")
	require.NoError(t, listDevices(client, bob.AuthenticationResult.AccessToken), "other users stay signed in")
}

func TestRefreshTokenRotationSeed(t *testing.T) {
	const seed = `{"pools":[{"id":"us-east-1_SEEDED","clients":[{"id":"rotating1","refreshTokenRotation":{"feature":"ENABLED","retryGracePeriodSeconds":5}}],
		"users":[{"username":"alice","password":"Passw0rd!"}]}]}`
	s, err := devicestest.ReadSeed(strings.NewReader(seed))
	require.NoError(t, err)
	srv := devicestest.NewServerT(t)
	require.NoError(t, srv.LoadSeed(s))
	client := srv.Client()
	out, err := client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
		AuthFlow: cognitodevices.AuthFlowTypeUserPasswordAuth, ClientId: aws.String("rotating1"),
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
	})
	require.NoError(t, err)
	res, err := client.GetTokensFromRefreshToken(context.Background(), &cognitodevices.GetTokensFromRefreshTokenInput{
		ClientId: aws.String("rotating1"), RefreshToken: out.AuthenticationResult.RefreshToken})
	require.NoError(t, err)
	assert.NotNil(t, res.AuthenticationResult.RefreshToken, "the seeded client rotates")

	for _, bad := range []string{
		`{"pools":[{"id":"p_1","clients":[{"id":"c","refreshTokenRotation":{"feature":"ON"}}]}]}`,
		`{"pools":[{"id":"p_1","clients":[{"id":"c","refreshTokenRotation":{"feature":"ENABLED","retryGracePeriodSeconds":61}}]}]}`,
	} {
		_, err := devicestest.ReadSeed(strings.NewReader(bad))
		assert.ErrorContains(t, err, "refreshTokenRotation", bad)
	}
}
