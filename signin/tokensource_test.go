package signin_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/signin"
)

// clock is a settable clock for TokenSource.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// store is an application's store of the session, for Save and Load.
type store struct {
	mu    sync.Mutex
	saved []signin.Tokens
	fail  error
}

func (s *store) save(_ context.Context, t signin.Tokens) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.saved = append(s.saved, t)
	return nil
}

func (s *store) has(refreshToken string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.saved {
		if t.RefreshToken == refreshToken {
			return true
		}
	}
	return false
}

func (s *store) last() *signin.Tokens {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.saved) == 0 {
		return nil
	}
	t := s.saved[len(s.saved)-1]
	return &t
}

// signedIn signs alice in against a fake whose app client rotates
// refresh tokens and returns the session and the Authenticator.
func signedIn(t *testing.T, rotation bool) (*devicestest.Server, *signin.Authenticator, *signin.Tokens) {
	t.Helper()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}, true)
	srv.SetRefreshTokenRotation(signInClient, rotation, 0)
	auth := newAuthenticator(srv, &challengeLog{code: signInCode})
	res, err := auth.SignIn(context.Background(), signInUser, signInPassword, nil)
	require.NoError(t, err)
	tokens, err := signin.TokensFromSignIn(res, time.Now())
	require.NoError(t, err)
	require.NotNil(t, tokens.Device)
	return srv, auth, tokens
}

func TestTokenSourceRefreshesWithRotation(t *testing.T) {
	srv, auth, tokens := signedIn(t, true)
	c := &clock{now: time.Now()}
	st := &store{}
	ts := signin.NewTokenSource(auth, *tokens, st.save)
	ts.Now = c.Now

	got, err := ts.Token()
	require.NoError(t, err)
	assert.Equal(t, tokens.AccessToken, got.AccessToken, "a valid token is handed out as it is")
	assert.Empty(t, st.saved)

	c.advance(56 * time.Minute) // within EarlyRefresh of the hour
	srv.ResetRequests()
	got, err = ts.Token()
	require.NoError(t, err)
	assert.NotEqual(t, tokens.AccessToken, got.AccessToken)
	assert.NotEqual(t, tokens.RefreshToken, got.RefreshToken, "rotated")
	require.NotNil(t, st.last(), "the rotated refresh token was saved")
	assert.Equal(t, got.RefreshToken, st.last().RefreshToken)
	assert.Equal(t, tokens.Device, got.Device, "the device is kept")
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "GetTokensFromRefreshToken", reqs[0].Operation)
	assert.Contains(t, string(reqs[0].Body), `"DeviceKey":"`+tokens.Device.DeviceKey+`"`, "the refresh keeps the device")

	client := srv.Client()
	_, err = client.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String(got.AccessToken)})
	require.NoError(t, err, "the new access token works")

	require.NoError(t, ts.SignOut(context.Background()))
	_, err = ts.Token()
	require.ErrorIs(t, err, signin.ErrSignedOut)
	_, err = client.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String(got.AccessToken)})
	require.Error(t, err, "signing out revoked the access token")
}

func TestTokenSourceEnds(t *testing.T) {
	t.Run("device gone", func(t *testing.T) {
		srv, auth, tokens := signedIn(t, false)
		ts := signin.NewTokenSource(auth, *tokens, nil)
		ts.EarlyRefresh = 2 * time.Hour // every call refreshes
		_, err := ts.Token()
		require.NoError(t, err)
		srv.RemoveDevice(signInPool, signInUser, tokens.Device.DeviceKey)
		_, err = ts.Token()
		require.ErrorIs(t, err, signin.ErrDeviceGone)
		var refused *cd.NotAuthorizedException
		assert.ErrorAs(t, err, &refused, "the service's error is kept")
		_, err = ts.Token()
		assert.ErrorIs(t, err, signin.ErrDeviceGone, "for good")
	})
	t.Run("signed out elsewhere", func(t *testing.T) {
		_, auth, tokens := signedIn(t, false)
		other := signin.NewTokenSource(auth, *tokens, nil)
		require.NoError(t, other.SignOut(context.Background()))
		ts := signin.NewTokenSource(auth, *tokens, nil)
		ts.EarlyRefresh = 2 * time.Hour
		_, err := ts.Token()
		require.ErrorIs(t, err, signin.ErrSignedOut)
		assert.NotErrorIs(t, err, signin.ErrDeviceGone)
	})
	t.Run("reused after rotation", func(t *testing.T) {
		_, auth, tokens := signedIn(t, true)
		first := signin.NewTokenSource(auth, *tokens, nil)
		first.EarlyRefresh = 2 * time.Hour
		_, err := first.Token()
		require.NoError(t, err)
		stale := signin.NewTokenSource(auth, *tokens, nil) // a second process with the old token
		stale.EarlyRefresh = 2 * time.Hour
		_, err = stale.Token()
		require.ErrorIs(t, err, signin.ErrSignedOut)
		var reuse *cd.RefreshTokenReuseException
		assert.ErrorAs(t, err, &reuse)
	})
	t.Run("reused, recovered from the store", func(t *testing.T) {
		_, auth, tokens := signedIn(t, true)
		st := &store{}
		first := signin.NewTokenSource(auth, *tokens, st.save)
		first.EarlyRefresh = 2 * time.Hour
		_, err := first.Token()
		require.NoError(t, err)
		stale := signin.NewTokenSource(auth, *tokens, st.save)
		stale.EarlyRefresh = 2 * time.Hour
		stale.Load = func(context.Context) (*signin.Tokens, error) { return st.last(), nil }
		got, err := stale.Token()
		require.NoError(t, err, "the token another process rotated to and stored is used")
		assert.Equal(t, st.last().RefreshToken, got.RefreshToken)
	})
}

func TestTokenSourceSaveFailure(t *testing.T) {
	srv, auth, tokens := signedIn(t, true)
	st := &store{fail: errors.New("disk full")}
	ts := signin.NewTokenSource(auth, *tokens, st.save)
	c := &clock{now: time.Now().Add(2 * time.Hour)} // the access token has expired
	ts.Now = c.Now
	srv.ResetRequests()
	_, err := ts.Token()
	require.ErrorContains(t, err, "disk full", "the new tokens are not used before they are stored")
	require.Len(t, srv.Requests(), 1)
	got, err := ts.Token()
	require.Error(t, err, "nor on the next call while the store still fails")
	assert.Nil(t, got)

	st.mu.Lock()
	st.fail = nil
	st.mu.Unlock()
	got, err = ts.Token()
	require.NoError(t, err)
	assert.Len(t, srv.Requests(), 1, "the rotated token is stored without asking the service again (the old one is spent)")
	assert.Equal(t, got.RefreshToken, st.last().RefreshToken)
	assert.NotEqual(t, tokens.RefreshToken, got.RefreshToken)
}

// scripted is a SignInClient whose refreshes fail, rotate or are refused
// as its script says, and which records how many run at once.
type scripted struct {
	*devicestest.MockAPI
	mu       sync.Mutex
	calls    int
	inFlight atomic.Int32
	maxSeen  atomic.Int32
	current  string // the refresh token that works
	script   func(n int) error
}

func (s *scripted) GetTokensFromRefreshToken(ctx context.Context, in *cd.GetTokensFromRefreshTokenInput, _ ...func(*cd.Options)) (*cd.GetTokensFromRefreshTokenOutput, error) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.maxSeen.Load()
		if n <= m || s.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(time.Millisecond) // let others pile up
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if err := s.script(s.calls); err != nil {
		return nil, err
	}
	if aws.ToString(in.RefreshToken) != s.current {
		return nil, &cd.RefreshTokenReuseException{Message: aws.String("reused")}
	}
	s.current = fmt.Sprintf("refresh-%d", s.calls)
	return &cd.GetTokensFromRefreshTokenOutput{AuthenticationResult: &cd.AuthenticationResultType{
		AccessToken: aws.String(fmt.Sprintf("access-%d", s.calls)), IdToken: aws.String("id"),
		RefreshToken: aws.String(s.current), ExpiresIn: 3600}}, nil
}

// TestTokenSourceConcurrentUse has 64 goroutines ask for tokens while the
// clock runs past expiry again and again, and refreshes are throttled,
// fail, rotate, and meet a reused token: at most one refresh is ever in
// flight, every token handed out was valid when handed out, and every
// rotated token was saved before it was used.
func TestTokenSourceConcurrentUse(t *testing.T) {
	client := &scripted{MockAPI: &devicestest.MockAPI{}, current: "refresh-0", script: func(n int) error {
		switch n % 5 {
		case 1:
			return &cd.TooManyRequestsException{Message: aws.String("Rate exceeded")}
		case 2:
			return &cd.InternalErrorException{Message: aws.String("Internal error")}
		}
		return nil
	}}
	auth := &signin.Authenticator{Client: client, UserPoolID: signInPool, ClientID: signInClient}
	st := &store{}
	c := &clock{now: time.Now()}
	ts := signin.NewTokenSource(auth, signin.Tokens{AccessToken: "access-0", IDToken: "id", RefreshToken: "refresh-0", Expiry: c.Now().Add(time.Hour)}, st.save)
	ts.Now = c.Now
	ts.Load = func(context.Context) (*signin.Tokens, error) { return st.last(), nil }

	// The clock moves only between calls: a token is checked against the
	// time it was handed out at (moving holds the clock still while a call
	// and its check run; an advance waits for the calls in progress).
	var moving sync.RWMutex
	var wg sync.WaitGroup
	var handed, failed atomic.Int32
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if g == 0 && i%5 == 0 {
					moving.Lock()
					c.advance(58 * time.Minute) // into the refresh window, and past expiry every other time
					moving.Unlock()
				}
				moving.RLock()
				tok, err := ts.Token()
				switch {
				case err != nil:
					failed.Add(1)
				case tok.Expiry.Before(c.Now()):
					t.Errorf("an expired token was handed out")
				case tok.RefreshToken != "refresh-0" && !st.has(tok.RefreshToken):
					t.Errorf("token %s was handed out before it was saved", tok.RefreshToken)
				}
				if err == nil {
					handed.Add(1)
				}
				moving.RUnlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), client.maxSeen.Load(), "one refresh at a time")
	assert.Positive(t, handed.Load())
	client.mu.Lock()
	calls := client.calls
	client.mu.Unlock()
	assert.GreaterOrEqual(t, calls, 5, "the refreshes met the script's throttling and server errors")
	assert.Less(t, calls, 64*50/4, "callers share refreshes instead of each making one")
	t.Logf("%d tokens handed out, %d calls failed (a refresh failed after the token expired), %d refreshes", handed.Load(), failed.Load(), calls)

	// A reused token: another process rotated it and stored the result.
	client.mu.Lock()
	client.current = "refresh-elsewhere"
	client.mu.Unlock()
	require.NoError(t, st.save(context.Background(), signin.Tokens{AccessToken: "a", IDToken: "i", RefreshToken: "refresh-elsewhere", Expiry: c.Now()}))
	c.advance(2 * time.Hour)
	var tok *signin.Tokens
	var err error
	for range 5 { // past the injected failures
		if tok, err = ts.Token(); err == nil {
			break
		}
	}
	require.NoError(t, err)
	assert.NotEqual(t, "refresh-elsewhere", tok.RefreshToken, "recovered from the stored token and rotated it")
}

// TestTokenSourceSlowFailedRefresh: a refresh that fails after the
// current access token expired (the retries outlasted it) returns the
// error, not the expired token; one that fails while the token is still
// valid returns the token.
func TestTokenSourceSlowFailedRefresh(t *testing.T) {
	for _, tc := range []struct {
		name    string
		elapsed time.Duration // how long the failing refresh takes
		valid   bool
	}{
		{"fails after expiry", 3 * time.Minute, false},
		{"fails before expiry", 30 * time.Second, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{now: time.Now()}
			client := &scripted{MockAPI: &devicestest.MockAPI{}, current: "refresh-0", script: func(int) error {
				c.advance(tc.elapsed)
				return &cd.InternalErrorException{Message: aws.String("Internal error")}
			}}
			auth := &signin.Authenticator{Client: client, UserPoolID: signInPool, ClientID: signInClient}
			ts := signin.NewTokenSource(auth, signin.Tokens{AccessToken: "access-0", IDToken: "id", RefreshToken: "refresh-0", Expiry: c.Now().Add(2 * time.Minute)}, nil)
			ts.Now = c.Now
			tok, err := ts.Token()
			if tc.valid {
				require.NoError(t, err)
				assert.Equal(t, "access-0", tok.AccessToken)
				assert.True(t, c.Now().Before(tok.Expiry))
				return
			}
			var internal *cd.InternalErrorException
			require.ErrorAs(t, err, &internal, "the token expired while the refresh ran")
			assert.Nil(t, tok)
		})
	}
}

func TestTokenSourceCachedTokenAllocatesNothing(t *testing.T) {
	ts := signin.NewTokenSource(&signin.Authenticator{}, signin.Tokens{AccessToken: "a", Expiry: time.Now().Add(time.Hour)}, nil)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := ts.AccessToken(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
}

func BenchmarkTokenSourceCachedToken(b *testing.B) {
	ts := signin.NewTokenSource(&signin.Authenticator{}, signin.Tokens{AccessToken: "a", Expiry: time.Now().Add(time.Hour)}, nil)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := ts.AccessToken(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestTokensPrintNoSecret(t *testing.T) {
	tok := signin.Tokens{AccessToken: "access-secret", IDToken: "id-secret", RefreshToken: "refresh-secret", Username: "alice",
		Device: &signin.RememberedDevice{DeviceKey: "k", DeviceGroupKey: "g", DevicePassword: "device-secret"}}
	ts := signin.NewTokenSource(&signin.Authenticator{ClientSecret: "client-secret"}, tok, nil)
	for _, v := range []any{tok, &tok, ts} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			for _, secret := range []string{"access-secret", "id-secret", "refresh-secret", "device-secret", "client-secret"} {
				assert.NotContains(t, out, secret, verb)
			}
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", tok), "alice")
}
