package devicestest_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTokensExpire moves the server clock through the lifetimes of a
// sign-in's tokens: the access token works for an hour, the refresh
// token for 30 days from the sign-in, rotation or not, and the tokens of
// IssueAccessToken never expire.
func TestTokensExpire(t *testing.T) {
	srv, client := signInSetup(t)
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) { srv.SetClock(func() time.Time { return start.Add(d) }) }
	const day = 24 * time.Hour
	at(0)
	issued := aws.String(srv.IssueAccessToken(poolID, username))
	first := passwordSignIn(t, client)
	revoked := passwordSignIn(t, client)
	srv.RevokeAccessToken(aws.ToString(revoked.AccessToken))
	assert.Equal(t, float64(start.Add(time.Hour).Unix()), claims(t, first.AccessToken)["exp"])

	at(time.Hour - time.Second)
	require.NoError(t, listDevices(client, first.AccessToken), "valid for its hour")
	requireAPIError(t, listDevices(client, revoked.AccessToken), "NotAuthorizedException", "Access Token has been revoked")
	at(time.Hour)
	requireAPIError(t, listDevices(client, first.AccessToken), "NotAuthorizedException", "Access Token has expired")
	requireAPIError(t, listDevices(client, revoked.AccessToken), "NotAuthorizedException", "Access Token has expired")
	require.NoError(t, listDevices(client, issued), "IssueAccessToken's tokens never expire")

	at(30*day - time.Second)
	late, err := refresh(client, first.RefreshToken, nil)
	require.NoError(t, err, "the refresh token works for 30 days")
	require.NoError(t, refreshTokenAuth(client, first.RefreshToken))
	at(30 * day)
	_, err = refresh(client, first.RefreshToken, nil)
	requireAPIError(t, err, "NotAuthorizedException", "Refresh Token has expired")
	requireAPIError(t, refreshTokenAuth(client, first.RefreshToken), "NotAuthorizedException", "Refresh Token has expired")
	require.NoError(t, listDevices(client, late.AccessToken), "an access token refreshed late has its hour")
	at(10 * 365 * day)
	require.NoError(t, listDevices(client, issued), "IssueAccessToken's tokens never expire")

	// Rotation issues new refresh tokens that expire with the sign-in's.
	at(0)
	require.True(t, srv.SetRefreshTokenRotation(clientID, true, 0))
	signedIn := passwordSignIn(t, client)
	at(29 * day)
	rotated, err := refresh(client, signedIn.RefreshToken, nil)
	require.NoError(t, err)
	require.NotNil(t, rotated.RefreshToken)
	at(30 * day)
	_, err = refresh(client, rotated.RefreshToken, nil)
	requireAPIError(t, err, "NotAuthorizedException", "Refresh Token has expired")
}
