package devicestest

import (
	"crypto/subtle"
	"fmt"
	"time"
)

// The operations that refresh and revoke a sign-in's tokens:
// GetTokensFromRefreshToken, RevokeToken and GlobalSignOut. None is
// signed; the app client ID or the access token authorizes them.

// MaxRetryGracePeriod is the longest grace period the service allows a
// rotated refresh token.
const MaxRetryGracePeriod = 60 * time.Second

// SetRefreshTokenRotation turns refresh token rotation on or off for an
// app client added with AddAppClient, and reports whether the client
// exists. With rotation on, GetTokensFromRefreshToken returns a new
// refresh token with every refresh and the one it was sent keeps working
// for gracePeriod (0 to MaxRetryGracePeriod, by the server's clock), then
// fails with RefreshTokenReuseException; InitiateAuth's REFRESH_TOKEN_AUTH
// is refused for the client. A grace period outside the range panics.
func (s *Server) SetRefreshTokenRotation(clientID string, enabled bool, gracePeriod time.Duration) bool {
	if gracePeriod < 0 || gracePeriod > MaxRetryGracePeriod {
		panic(fmt.Sprintf("devicestest: SetRefreshTokenRotation: grace period %v outside 0 to %v", gracePeriod, MaxRetryGracePeriod))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.auth.clients[clientID]
	if c == nil {
		return false
	}
	c.rotation, c.grace = enabled, gracePeriod
	return true
}

type getTokensInput struct {
	ClientId, RefreshToken *string
	ClientSecret           *string
	DeviceKey              *string
	ClientMetadata         map[string]string
}

type wireTokens struct {
	AuthenticationResult *wireAuthResult `json:"AuthenticationResult"`
}

var getTokensFromRefreshToken = handler{serve: func(s *Server, c call) (any, error) {
	in := new(getTokensInput)
	if err := decodeChecked(c.body, in, func(v *validation, in *getTokensInput) {
		v.required("clientId", in.ClientId, maxClientIDLen)
		v.required("refreshToken", in.RefreshToken, 0)
		v.optional("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	}); err != nil {
		return nil, err
	}
	client, _, err := s.appClient(*in.ClientId, nil)
	if err != nil {
		return nil, err
	}
	if err := client.checkSecret(in.ClientSecret); err != nil {
		return nil, err
	}
	g, key, err := s.liveGrant(client, *in.RefreshToken, c.now)
	if err != nil {
		return nil, err
	}
	if !g.rotatedAt.IsZero() && c.now.Sub(g.rotatedAt) >= client.grace {
		return nil, newError("RefreshTokenReuseException", "The refresh token has been used after it was rotated.")
	}
	u := s.findUser(g.pool, g.username)
	if u == nil {
		return nil, newError("UserNotFoundException", "User does not exist.")
	}
	if g.deviceKey != "" && (deref(in.DeviceKey) != g.deviceKey || u.device(g.deviceKey) == nil) {
		return nil, newError("NotAuthorizedException", "Invalid Refresh Token")
	}
	if !client.rotation {
		return wireTokens{AuthenticationResult: s.issueTokens(g, u, c.now, false)}, nil
	}
	if g.rotatedAt.IsZero() {
		g.rotatedAt = c.now
		s.auth.refresh[key] = g
	}
	next := refreshGrant{pool: g.pool, username: g.username, client: g.client, deviceKey: g.deviceKey, family: g.family, expires: g.expires}
	return wireTokens{AuthenticationResult: s.issueTokens(next, u, c.now, true)}, nil
}}

// liveGrant finds what a refresh token of client stands for, and its key
// in s.auth.refresh, refusing a token the server does not know for the
// client, a revoked one and an expired one. The caller holds s.mu.
func (s *Server) liveGrant(client *appClient, token string, now time.Time) (refreshGrant, tokenKey, error) {
	key := s.tokenHash.key(token)
	g, ok := s.auth.refresh[key]
	switch {
	case !ok || g.client != client.id:
		return g, key, newError("NotAuthorizedException", "Invalid Refresh Token")
	case g.revoked:
		return g, key, newError("NotAuthorizedException", "Refresh Token has been revoked")
	case g.expires.passed(now):
		return g, key, errRefreshTokenExpired()
	}
	return g, key, nil
}

// checkSecret checks the ClientSecret of a token request against the
// client's: required when the client has one, refused when it has none.
func (c *appClient) checkSecret(secret *string) *apiError {
	switch {
	case c.secret == "" && secret == nil:
		return nil
	case c.secret == "":
		return newError("NotAuthorizedException", "Client %s is not configured with a secret.", c.id)
	case secret == nil || subtle.ConstantTimeCompare([]byte(*secret), []byte(c.secret)) != 1:
		return newError("NotAuthorizedException", "Unable to verify secret for client %s", c.id)
	}
	return nil
}

type revokeTokenInput struct {
	ClientId, Token *string
	ClientSecret    *string
}

var revokeToken = handler{serve: func(s *Server, c call) (any, error) {
	in := new(revokeTokenInput)
	if err := decodeChecked(c.body, in, func(v *validation, in *revokeTokenInput) {
		v.required("clientId", in.ClientId, maxClientIDLen)
		v.required("token", in.Token, 0)
	}); err != nil {
		return nil, err
	}
	client := s.auth.clients[*in.ClientId]
	if client == nil {
		return nil, newError("UnauthorizedException", "Client %s is not authorized to revoke the token.", *in.ClientId)
	}
	if err := client.checkSecret(in.ClientSecret); err != nil {
		return nil, newError("UnauthorizedException", "%s", err.message)
	}
	key := s.tokenHash.key(*in.Token)
	_, isAccess := s.tokens[key]
	_, wasAccess := s.revoked[key]
	if isAccess || wasAccess {
		return nil, newError("UnsupportedTokenTypeException", "The token is not a refresh token.")
	}
	g, ok := s.auth.refresh[key]
	if !ok {
		return wireEmpty{}, nil // as the service, an unknown token is revoked already
	}
	if g.client != client.id {
		return nil, newError("UnauthorizedException", "Client %s is not authorized to revoke the token.", client.id)
	}
	s.revokeFamilies(func(o refreshGrant) bool { return o.family == g.family })
	return wireEmpty{}, nil
}}

type globalSignOutInput struct {
	tokenRef
}

var globalSignOut = tokenOperation(func(v *validation, in *globalSignOutInput) {
	v.accessToken(in.AccessToken)
}, func(s *Server, _ call, _ *globalSignOutInput, owner tokenOwner, _ *user) (any, error) {
	s.revokeFamilies(func(g refreshGrant) bool { return g.pool == owner.pool && g.username == owner.username })
	for key, o := range s.tokens {
		if o.pool == owner.pool && o.username == owner.username {
			delete(s.tokens, key)
			s.revoked[key] = o.expires
		}
	}
	return wireEmpty{}, nil
})

// revokeFamilies revokes every refresh token whose grant matches, and the
// access tokens issued from their families. The caller holds s.mu.
func (s *Server) revokeFamilies(match func(refreshGrant) bool) {
	families := map[uint64]bool{}
	for key, g := range s.auth.refresh {
		if match(g) {
			g.revoked = true
			s.auth.refresh[key] = g
			families[g.family] = true
		}
	}
	for key, o := range s.tokens {
		if o.family != 0 && families[o.family] {
			delete(s.tokens, key)
			s.revoked[key] = o.expires
		}
	}
}
