package signin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// Tokens is a user's session: the tokens of a sign-in, when the access
// and ID tokens expire, the name the service knows the user by, and the
// device the tokens were issued to. It is what an application stores
// between runs (the refresh token, the device key, group key and device
// password are what lets it resume without the user's password), and
// what a TokenSource hands out. A *Tokens a TokenSource returns is never
// changed afterwards. Printing it with fmt or log/slog hides the tokens
// and the device password; encoding it with encoding/json, for storage,
// does not: keep it where the application keeps secrets.
type Tokens struct {
	AccessToken  string            `json:"accessToken" redact:"secret"`
	IDToken      string            `json:"idToken" redact:"secret"`
	RefreshToken string            `json:"refreshToken" redact:"secret"`
	Expiry       time.Time         `json:"expiry"`
	Username     string            `json:"username"`
	Device       *RememberedDevice `json:"device,omitempty"`
}

// Format prints the tokens with their secrets replaced by a fixed mark.
func (t Tokens) Format(f fmt.State, verb rune) { redaction.Format(f, verb, t) }

// LogValue makes log/slog print the tokens without their secrets.
func (t Tokens) LogValue() slog.Value { return redaction.LogValue(t) }

// TokensFromSignIn returns the session a sign-in started: its tokens,
// expiring ExpiresIn seconds after now, and its user and device.
func TokensFromSignIn(res *SignInResult, now time.Time) (*Tokens, error) {
	if res == nil {
		return nil, errors.New("signin: TokensFromSignIn needs a sign-in result")
	}
	if err := checkTokens(res.AuthenticationResult, true); err != nil {
		return nil, err
	}
	r := res.AuthenticationResult
	return &Tokens{
		AccessToken:  aws.ToString(r.AccessToken),
		IDToken:      aws.ToString(r.IdToken),
		RefreshToken: aws.ToString(r.RefreshToken),
		Expiry:       now.Add(time.Duration(r.ExpiresIn) * time.Second),
		Username:     res.Username,
		Device:       res.Device,
	}, nil
}

// ErrSignedOut reports that the session has ended and the user must sign
// in again: SignOut was called, or the service refused the refresh token
// as revoked (by RevokeToken or GlobalSignOut), expired, or reused after
// rotation. The service's error is wrapped with it.
var ErrSignedOut = errors.New("signin: the session has ended; sign in again")

// ErrDeviceGone reports that the service refused to refresh tokens issued
// to a device, as it does once the device is forgotten: the application
// should delete the stored device and sign the user in again with the
// password (MFA included). The service's error is wrapped with it.
var ErrDeviceGone = errors.New("signin: the device the tokens were issued to is gone; sign in again without it")

// DefaultEarlyRefresh is how long before the access token expires a
// TokenSource refreshes it, unless EarlyRefresh says otherwise.
const DefaultEarlyRefresh = 5 * time.Minute

// TokenSource holds a user's session and hands out a valid access token
// to any number of goroutines, refreshing it before it expires, as an
// oauth2.TokenSource does for OAuth 2 tokens. At most one refresh is in
// flight at a time: callers that need a refresh while one runs wait for
// it. When the app client rotates refresh tokens, the new refresh token
// is handed to Save before any caller gets the new tokens, so a crash can
// never leave only an invalidated token stored; a Save that fails fails
// the refresh, and the next call saves again before anything else.
//
// Set the fields, then call Token or TokenContext; do not change the
// fields afterwards. Printing a TokenSource shows none of its secrets.
type TokenSource struct {
	// Authenticator refreshes the tokens (Refresh) and revokes them
	// (SignOut). Required.
	Authenticator *Authenticator

	// Save, when set, stores the session after a refresh that rotated the
	// refresh token, before the new tokens are used. It should write
	// atomically (a new file renamed over the old, a transaction).
	Save func(ctx context.Context, t Tokens) error

	// Load, when set, reads the session as stored. When the service
	// answers a refresh with RefreshTokenReuseException (another process
	// sharing the store rotated the token first), the TokenSource loads
	// the stored session and, when it holds another refresh token, goes
	// on with it instead of ending the session.
	Load func(ctx context.Context) (*Tokens, error)

	// EarlyRefresh is how long before expiry the access token is
	// refreshed; 0 means DefaultEarlyRefresh. While the current token is
	// still valid, a failed refresh returns the current token and is
	// tried again by the next call.
	EarlyRefresh time.Duration

	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu      sync.Mutex
	current *Tokens
	pending *Tokens // refreshed with a rotated refresh token that Save has not stored yet
	ended   error   // ErrSignedOut or ErrDeviceGone, wrapped, once the session has ended
	flight  *refreshCall
}

// refreshCall is one refresh in flight; done is closed when it ends.
type refreshCall struct {
	done   chan struct{}
	tokens *Tokens
	err    error
}

// NewTokenSource returns a TokenSource for the session t, refreshed with
// a and saved with save (nil when the application does not store the
// session). It copies t.
func NewTokenSource(a *Authenticator, t Tokens, save func(ctx context.Context, t Tokens) error) *TokenSource {
	return &TokenSource{Authenticator: a, Save: save, current: &t}
}

// Format prints the TokenSource without its tokens.
func (s *TokenSource) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "signin.TokenSource{Authenticator:%v}", s.Authenticator)
}

// Token returns tokens whose access token is valid for at least
// EarlyRefresh more (or, when a refresh fails while the current one is
// still valid, the current tokens), refreshing them when needed. It is
// TokenContext with context.Background(), in the shape of
// oauth2.TokenSource.
func (s *TokenSource) Token() (*Tokens, error) { return s.TokenContext(context.Background()) }

// TokenContext is Token with a context, which bounds a refresh this call
// makes or waits for. Errors wrap ErrSignedOut or ErrDeviceGone when the
// session has ended for good, and are otherwise the refresh's (throttling,
// the network, a Save that failed), after which a later call tries again.
func (s *TokenSource) TokenContext(ctx context.Context) (*Tokens, error) {
	for {
		s.mu.Lock()
		if s.ended != nil {
			err := s.ended
			s.mu.Unlock()
			return nil, err
		}
		if s.current == nil {
			s.mu.Unlock()
			return nil, errors.New("signin: the TokenSource has no tokens; build it with NewTokenSource")
		}
		now := s.now()
		cur := s.current
		if s.pending == nil && now.Before(cur.Expiry.Add(-s.early())) {
			s.mu.Unlock()
			return cur, nil
		}
		call, lead := s.flight, false
		if call == nil {
			call, lead = &refreshCall{done: make(chan struct{})}, true
			s.flight = call
		}
		s.mu.Unlock()

		if lead {
			call.tokens, call.err = s.refresh(ctx, cur)
			s.mu.Lock()
			s.flight = nil
			s.mu.Unlock()
			close(call.done)
		} else {
			select {
			case <-call.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		switch {
		case call.err == nil:
			return call.tokens, nil
		case errors.Is(call.err, ErrSignedOut) || errors.Is(call.err, ErrDeviceGone):
			return nil, call.err
		case !lead && ctx.Err() == nil && (errors.Is(call.err, context.Canceled) || errors.Is(call.err, context.DeadlineExceeded)):
			continue // the leader's context ended, not this caller's: try again
		case s.now().Before(cur.Expiry):
			// Still valid now, after the refresh and its retries: the next
			// call refreshes again. (The clock is read again: a slow refresh
			// can outlast the token.)
			return cur, nil
		}
		return nil, call.err
	}
}

// AccessToken returns a valid access token, as TokenContext does.
func (s *TokenSource) AccessToken(ctx context.Context) (string, error) {
	t, err := s.TokenContext(ctx)
	if err != nil {
		return "", err
	}
	return t.AccessToken, nil
}

func (s *TokenSource) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *TokenSource) early() time.Duration {
	if s.EarlyRefresh > 0 {
		return s.EarlyRefresh
	}
	return DefaultEarlyRefresh
}

// refresh runs one refresh of cur, the session as the caller saw it, and
// publishes the new tokens. It first stores tokens a failed Save left
// pending, without asking the service again: their refresh token has
// replaced cur's already.
func (s *TokenSource) refresh(ctx context.Context, cur *Tokens) (*Tokens, error) {
	s.mu.Lock()
	pending := s.pending
	s.mu.Unlock()
	if pending != nil {
		return s.publish(ctx, pending, true)
	}
	next, err := s.exchange(ctx, cur)
	var reuse *cd.RefreshTokenReuseException
	if errors.As(err, &reuse) && s.Load != nil {
		if stored, lerr := s.Load(ctx); lerr == nil && stored != nil && stored.RefreshToken != "" && stored.RefreshToken != cur.RefreshToken {
			next, err = s.exchange(ctx, stored)
		}
	}
	if err != nil {
		if ended := endOf(err, cur.Device != nil); ended != nil {
			s.mu.Lock()
			s.ended = ended
			s.mu.Unlock()
			return nil, ended
		}
		return nil, err
	}
	return s.publish(ctx, next, next.RefreshToken != cur.RefreshToken)
}

// exchange refreshes from's tokens with the service.
func (s *TokenSource) exchange(ctx context.Context, from *Tokens) (*Tokens, error) {
	if s.Authenticator == nil {
		return nil, errors.New("signin: TokenSource.Authenticator is nil")
	}
	res, err := s.Authenticator.Refresh(ctx, from.Username, from.RefreshToken, from.Device)
	if err != nil {
		return nil, err
	}
	next := *from
	next.AccessToken, next.IDToken = aws.ToString(res.AccessToken), aws.ToString(res.IdToken)
	next.Expiry = s.now().Add(time.Duration(res.ExpiresIn) * time.Second)
	if r := aws.ToString(res.RefreshToken); r != "" {
		next.RefreshToken = r
	}
	return &next, nil
}

// publish makes next the current session, after Save stored it when its
// refresh token rotated. A Save that fails leaves next pending.
func (s *TokenSource) publish(ctx context.Context, next *Tokens, rotated bool) (*Tokens, error) {
	if rotated && s.Save != nil {
		if err := s.Save(ctx, *next); err != nil {
			s.mu.Lock()
			s.pending = next
			s.mu.Unlock()
			return nil, fmt.Errorf("signin: saving the rotated refresh token: %w", err)
		}
	}
	s.mu.Lock()
	s.current, s.pending = next, nil
	s.mu.Unlock()
	return next, nil
}

// endOf returns the error that ends the session for a refusal of the
// refresh, or nil when err does not end it (a failure that may pass).
func endOf(err error, withDevice bool) error {
	var reuse *cd.RefreshTokenReuseException
	var refused *cd.NotAuthorizedException
	switch {
	case errors.As(err, &reuse):
		return fmt.Errorf("%w: %w", ErrSignedOut, err)
	case !errors.As(err, &refused):
		return nil
	case withDevice && !strings.Contains(strings.ToLower(refused.ErrorMessage()), "revoked") && !strings.Contains(strings.ToLower(refused.ErrorMessage()), "expired"):
		return fmt.Errorf("%w: %w", ErrDeviceGone, err)
	}
	return fmt.Errorf("%w: %w", ErrSignedOut, err)
}

// SignOut revokes the session's refresh token, and with it the access
// tokens issued from it, with RevokeToken; afterwards every call returns
// ErrSignedOut. When the revocation fails the session is kept, so that
// SignOut can be called again.
func (s *TokenSource) SignOut(ctx context.Context) error {
	s.mu.Lock()
	cur := s.current
	if s.pending != nil {
		cur = s.pending
	}
	s.mu.Unlock()
	if cur == nil || s.Authenticator == nil {
		return errors.New("signin: the TokenSource has no session to sign out of")
	}
	a := s.Authenticator
	in := &cd.RevokeTokenInput{ClientId: aws.String(a.ClientID), Token: aws.String(cur.RefreshToken)}
	if a.ClientSecret != "" {
		in.ClientSecret = aws.String(a.ClientSecret)
	}
	if _, err := a.Client.RevokeToken(ctx, in); err != nil {
		return fmt.Errorf("signin: revoking the refresh token: %w", err)
	}
	s.mu.Lock()
	s.ended = ErrSignedOut
	s.current, s.pending = nil, nil
	s.mu.Unlock()
	return nil
}
