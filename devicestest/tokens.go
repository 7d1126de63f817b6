package devicestest

import (
	"hash/maphash"
	"maps"
	"time"
)

// The server's records of the tokens it issued: access tokens (s.tokens),
// revoked access tokens (s.revoked) and refresh tokens (s.auth.refresh).
// Each is kept under a 128-bit keyed hash of the token rather than the
// token itself (an access token is some 600 bytes), with the time it
// expires, and what has expired is swept as the records grow, so that a
// long-running server keeps only tokens that would still work.

// refreshTokenLifetime is how long the refresh token of a sign-in works,
// the service's default; the tokens rotation issues from it expire with it.
const refreshTokenLifetime = 30 * 24 * time.Hour

// minTokenSweep is how many token records there may be before the
// expired ones are swept; after a sweep, the next comes when the records
// have doubled, so that sweeping costs a constant time per token issued.
const minTokenSweep = 1024

// tokenKey is how the records know a token: two maphash sums of it under
// the server's random seeds (tokenHash), 128 bits that no two tokens of a
// server share in practice.
type tokenKey [2]uint64

// tokenHash holds the seeds of the hashes of tokenKey; each server draws
// its own.
type tokenHash [2]maphash.Seed

func newTokenHash() tokenHash { return tokenHash{maphash.MakeSeed(), maphash.MakeSeed()} }

// key returns the record key of a token.
func (h *tokenHash) key(token string) tokenKey {
	return tokenKey{maphash.String(h[0], token), maphash.String(h[1], token)}
}

// expiry is when a token stops working, in Unix nanoseconds by the server
// clock; 0 is never, for the tokens of IssueAccessToken and of seeds.
type expiry int64

func expiresAt(t time.Time) expiry { return expiry(t.UnixNano()) }

// passed reports whether a token with this expiry has expired at now.
func (e expiry) passed(now time.Time) bool { return e != 0 && now.UnixNano() >= int64(e) }

// sweepTokens forgets the access, revoked and refresh tokens that have
// expired at now, when the records have grown to s.sweepAt. The caller
// holds s.mu.
func (s *Server) sweepTokens(now time.Time) {
	if len(s.tokens)+len(s.revoked)+len(s.auth.refresh) < s.sweepAt {
		return
	}
	s.tokens = sweep(s.tokens, now, func(o tokenOwner) expiry { return o.expires })
	s.revoked = sweep(s.revoked, now, func(e expiry) expiry { return e })
	s.auth.refresh = sweep(s.auth.refresh, now, func(g refreshGrant) expiry { return g.expires })
	s.sweepAt = max(minTokenSweep, 2*(len(s.tokens)+len(s.revoked)+len(s.auth.refresh)))
}

// sweep deletes the records of m that have expired at now. When most
// went, it returns a copy of the rest, since a Go map keeps the memory of
// its largest size.
func sweep[V any](m map[tokenKey]V, now time.Time, expires func(V) expiry) map[tokenKey]V {
	n := len(m)
	maps.DeleteFunc(m, func(_ tokenKey, v V) bool { return expires(v).passed(now) })
	if len(m) < n/2 {
		return maps.Collect(maps.All(m))
	}
	return m
}
