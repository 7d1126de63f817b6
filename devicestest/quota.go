package devicestest

import (
	"encoding/json"
	"math"
	"time"
)

// QuotaCategory names one of the service's request rate quota categories
// (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html).
type QuotaCategory string

// The categories the server counts and, with WithQuotas, limits.
const (
	// QuotaUserList counts ListUsers.
	QuotaUserList QuotaCategory = "UserList"
	// QuotaUserResourceRead counts the device reads: AdminListDevices,
	// AdminGetDevice, ListDevices and GetDevice.
	QuotaUserResourceRead QuotaCategory = "UserResourceRead"
	// QuotaUserResourceUpdate counts the device writes:
	// AdminForgetDevice, AdminUpdateDeviceStatus, ForgetDevice,
	// UpdateDeviceStatus and ConfirmDevice.
	QuotaUserResourceUpdate QuotaCategory = "UserResourceUpdate"
)

// operationQuota is the category of each limited operation, and whether
// the operation writes (for the per-user limits).
var operationQuota = map[string]struct {
	category QuotaCategory
	write    bool
}{
	"ListUsers":               {QuotaUserList, false},
	"AdminListDevices":        {QuotaUserResourceRead, false},
	"AdminGetDevice":          {QuotaUserResourceRead, false},
	"ListDevices":             {QuotaUserResourceRead, false},
	"GetDevice":               {QuotaUserResourceRead, false},
	"AdminForgetDevice":       {QuotaUserResourceUpdate, true},
	"AdminUpdateDeviceStatus": {QuotaUserResourceUpdate, true},
	"ForgetDevice":            {QuotaUserResourceUpdate, true},
	"UpdateDeviceStatus":      {QuotaUserResourceUpdate, true},
	"ConfirmDevice":           {QuotaUserResourceUpdate, true},
}

// Quota is a request rate limit: a token bucket that refills at Rate
// requests a second and holds at most Burst of them, full at the start.
type Quota struct {
	// Rate is in requests per second; 0 or less means no limit.
	Rate float64
	// Burst is how many requests may come at once after a quiet spell;
	// 0 means a second's worth, Rate rounded up.
	Burst int
}

// burst is the bucket's capacity.
func (q Quota) burst() float64 {
	if q.Burst > 0 {
		return float64(q.Burst)
	}
	return math.Ceil(q.Rate)
}

// Quotas are the request rate limits WithQuotas makes the server apply:
// one per category, shared by all callers, and the per-user limits on
// the device reads and writes of one user.
type Quotas struct {
	UserList           Quota
	UserResourceRead   Quota
	UserResourceUpdate Quota
	// PerUserRead and PerUserUpdate limit the requests of the
	// UserResourceRead and UserResourceUpdate categories that act on
	// one user (the Username of the admin operations, the owner of the
	// access token of the others).
	PerUserRead, PerUserUpdate Quota
}

// DefaultQuotas returns the service's default rates: UserList 30
// requests a second, UserResourceRead 50, UserResourceUpdate 25, and 10
// reads and 10 writes a second per user, each with a second's burst.
func DefaultQuotas() Quotas {
	return Quotas{
		UserList:           Quota{Rate: 30},
		UserResourceRead:   Quota{Rate: 50},
		UserResourceUpdate: Quota{Rate: 25},
		PerUserRead:        Quota{Rate: 10},
		PerUserUpdate:      Quota{Rate: 10},
	}
}

// WithQuotas makes the server throttle as the service does: a request of
// a category (see QuotaCategory) beyond its Quota, or beyond its user's,
// is answered TooManyRequestsException (status 400, "Rate exceeded")
// without running. The buckets refill by the server clock (see
// WithClock): with the default clock, in real time; with a clock that
// stands still, not at all. Without this option nothing is throttled,
// but the requests are still counted (Server.QuotaStats).
func WithQuotas(q Quotas) Option {
	return func(c *config) { c.quotas = &q }
}

// QuotaStats is what the server counted of one quota category since it
// started, or since Reset or ResetQuotaStats.
type QuotaStats struct {
	// Served counts the requests that passed the limits, whatever their
	// answer; Throttled those the category's rate refused, and
	// ThrottledPerUser those a user's rate refused.
	Served           int64 `json:"served"`
	Throttled        int64 `json:"throttled"`
	ThrottledPerUser int64 `json:"throttledPerUser"`
	// First and Last are the server clock's times of the first and the
	// last request served, so that (Served-1) / (Last-First) is the
	// rate served.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// Rate returns the requests served a second between the first and the
// last, or 0 when fewer than two were served.
func (q QuotaStats) Rate() float64 {
	d := q.Last.Sub(q.First).Seconds()
	if q.Served < 2 || d <= 0 {
		return 0
	}
	return float64(q.Served-1) / d
}

// MarshalJSON adds the rate to the counts.
func (q QuotaStats) MarshalJSON() ([]byte, error) {
	type plain QuotaStats
	return json.Marshal(struct {
		plain
		Rate float64 `json:"rate"`
	}{plain(q), q.Rate()})
}

// QuotaStats returns, for each category, what the server counted of its
// requests: the control endpoint's GET /_devicestest/quotas reads the
// same.
func (s *Server) QuotaStats() map[QuotaCategory]QuotaStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[QuotaCategory]QuotaStats, len(s.limits.stats))
	for _, c := range []QuotaCategory{QuotaUserList, QuotaUserResourceRead, QuotaUserResourceUpdate} {
		out[c] = s.limits.stats[c]
	}
	return out
}

// ResetQuotaStats sets the counts of QuotaStats to zero and refills the
// buckets, leaving the rest of the state as it is, so that a measurement
// can start after seeding.
func (s *Server) ResetQuotaStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits.reset()
	for _, p := range s.pools {
		for _, u := range p.users {
			u.readBucket, u.writeBucket = bucket{}, bucket{}
		}
	}
}

// limiter is the server's throttle state. The caller holds s.mu.
type limiter struct {
	quotas  *Quotas // nil: count, never throttle
	buckets map[QuotaCategory]*bucket
	stats   map[QuotaCategory]QuotaStats
}

func newLimiter(q *Quotas) limiter {
	l := limiter{quotas: q}
	l.reset()
	return l
}

func (l *limiter) reset() {
	l.buckets = map[QuotaCategory]*bucket{QuotaUserList: {}, QuotaUserResourceRead: {}, QuotaUserResourceUpdate: {}}
	l.stats = map[QuotaCategory]QuotaStats{}
}

// quota returns the category's quota.
func (q *Quotas) quota(c QuotaCategory) Quota {
	switch c {
	case QuotaUserList:
		return q.UserList
	case QuotaUserResourceRead:
		return q.UserResourceRead
	default:
		return q.UserResourceUpdate
	}
}

// bucket is a token bucket; the zero value is full.
type bucket struct {
	tokens  float64
	last    time.Time
	started bool
}

// refill brings the bucket to now under q and reports whether it holds a
// request. A clock set back refills nothing.
func (b *bucket) refill(q Quota, now time.Time) bool {
	if q.Rate <= 0 {
		return true
	}
	burst := q.burst()
	if !b.started {
		b.tokens, b.last, b.started = burst, now, true
	}
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(burst, b.tokens+d.Seconds()*q.Rate)
	}
	b.last = now
	return b.tokens >= 1
}

func (b *bucket) take(q Quota) {
	if q.Rate > 0 {
		b.tokens--
	}
}

// admit counts a request of operation at now and reports the throttle
// error when a limit refuses it. u is the user it acts on, nil when
// unknown (no per-user limit then applies). The caller holds s.mu.
func (s *Server) admit(operation string, u *user, now time.Time) error {
	oq, limited := operationQuota[operation]
	if !limited {
		return nil
	}
	l := &s.limits
	stats := l.stats[oq.category]
	defer func() { l.stats[oq.category] = stats }()
	if q := l.quotas; q != nil {
		category := q.quota(oq.category)
		b := l.buckets[oq.category]
		if !b.refill(category, now) {
			stats.Throttled++
			return newError("TooManyRequestsException", "Rate exceeded")
		}
		perUser, ub := q.PerUserRead, (*bucket)(nil)
		if u != nil {
			ub = &u.readBucket
			if oq.write {
				perUser, ub = q.PerUserUpdate, &u.writeBucket
			}
		}
		if ub != nil && !ub.refill(perUser, now) {
			stats.ThrottledPerUser++
			return newError("TooManyRequestsException", "Rate exceeded")
		}
		b.take(category)
		if ub != nil {
			ub.take(perUser)
		}
	}
	if stats.Served == 0 {
		stats.First = now
	}
	stats.Served++
	stats.Last = now
	return nil
}

// quotaUser finds the user a limited request acts on, for the per-user
// limits: by pool and username for the admin operations, by access token
// for the others; nil when the body names none that exists. The caller
// holds s.mu.
func (s *Server) quotaUser(admin bool, body []byte) *user {
	var in struct {
		UserPoolId, Username, AccessToken string
	}
	if json.Unmarshal(body, &in) != nil {
		return nil
	}
	if admin {
		return s.findUser(in.UserPoolId, in.Username)
	}
	if owner, ok := s.tokens[s.tokenHash.key(in.AccessToken)]; ok {
		return s.findUser(owner.pool, owner.username)
	}
	return nil
}
