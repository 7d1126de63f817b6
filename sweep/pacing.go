package sweep

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
)

// Category is a Cognito request-rate quota category: the requests of one
// category share one quota per account and Region.
//
// See https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html
type Category string

// The quota categories a sweep uses.
const (
	// UserList covers ListUsers.
	UserList Category = "UserList"
	// UserResourceRead covers the device reads (AdminListDevices).
	UserResourceRead Category = "UserResourceRead"
	// UserResourceUpdate covers the device writes (AdminForgetDevice,
	// AdminUpdateDeviceStatus).
	UserResourceUpdate Category = "UserResourceUpdate"
)

// categories lists the categories in a fixed order.
var categories = []Category{UserList, UserResourceRead, UserResourceUpdate}

// Rates are requests per second. A zero field takes its value from
// DefaultRates; a negative one means no limit.
type Rates struct {
	// UserList, UserResourceRead and UserResourceUpdate are the rates of
	// the quota categories, each shared by all the workers of a sweep.
	UserList, UserResourceRead, UserResourceUpdate float64
	// PerUserRead and PerUserWrite bound the device reads and writes
	// sent for any one user.
	PerUserRead, PerUserWrite float64
}

// DefaultRates are Cognito's default quotas: UserList 30 requests per
// second, UserResourceRead 50 (adjustable), UserResourceUpdate 25 (not
// adjustable), and about 10 reads and 10 writes per second for one user.
var DefaultRates = Rates{UserList: 30, UserResourceRead: 50, UserResourceUpdate: 25, PerUserRead: 10, PerUserWrite: 10}

func (r Rates) withDefaults() Rates {
	fill := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	fill(&r.UserList, DefaultRates.UserList)
	fill(&r.UserResourceRead, DefaultRates.UserResourceRead)
	fill(&r.UserResourceUpdate, DefaultRates.UserResourceUpdate)
	fill(&r.PerUserRead, DefaultRates.PerUserRead)
	fill(&r.PerUserWrite, DefaultRates.PerUserWrite)
	return r
}

func (r Rates) of(c Category) float64 {
	switch c {
	case UserList:
		return r.UserList
	case UserResourceRead:
		return r.UserResourceRead
	}
	return r.UserResourceUpdate
}

// How the pace of a category adapts to throttling: each
// TooManyRequestsException divides its rate by two, down to a 32nd of
// the configured rate; each success gives back a 20th of the configured
// rate, up to it.
const (
	minRateDivisor = 32
	recoverySteps  = 20
)

// adaptiveLimiter spaces requests evenly at a rate that halves on each
// throttling and climbs back on successes. It is safe for concurrent use.
type adaptiveLimiter struct {
	mu      sync.Mutex
	nominal float64 // <= 0: no limit, and no adaptation
	rate    float64
	lowest  float64
	next    time.Time
}

func newAdaptiveLimiter(perSecond float64) *adaptiveLimiter {
	return &adaptiveLimiter{nominal: perSecond, rate: perSecond, lowest: perSecond}
}

// Wait reserves the next slot at the current rate and sleeps until it.
func (l *adaptiveLimiter) Wait(ctx context.Context) error {
	if l.nominal <= 0 {
		return ctx.Err()
	}
	l.mu.Lock()
	slot := time.Now()
	if l.next.After(slot) {
		slot = l.next
	}
	l.next = slot.Add(time.Duration(float64(time.Second) / l.rate))
	l.mu.Unlock()
	return sleep(ctx, time.Until(slot))
}

// throttled slows the pace down.
func (l *adaptiveLimiter) throttled() {
	if l.nominal <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rate = max(l.rate/2, l.nominal/minRateDivisor)
	l.lowest = min(l.lowest, l.rate)
}

// succeeded lets the pace recover.
func (l *adaptiveLimiter) succeeded() {
	if l.nominal <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rate = min(l.rate+l.nominal/recoverySteps, l.nominal)
}

func (l *adaptiveLimiter) rates() (current, lowest float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate, l.lowest
}

// chain waits on each of its limiters in turn; nil ones are skipped.
type chain []cognitodevices.RateLimiter

func (c chain) Wait(ctx context.Context) error {
	for _, l := range c {
		if l == nil {
			continue
		}
		if err := l.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}

// pacer holds what every worker of a sweep shares: one adaptive limiter
// per category, the caller's extra limiters, the retry policy and the
// counts.
type pacer struct {
	adaptive      map[Category]*adaptiveLimiter
	extra         map[Category]cognitodevices.RateLimiter
	retryer       aws.Retryer
	clientOptions []func(*cognitodevices.Options)
	calls         map[Category]*atomic.Int64
	throttles     map[Category]*atomic.Int64
}

func newPacer(rates Rates, extra map[Category]cognitodevices.RateLimiter, retryer aws.Retryer, clientOptions []func(*cognitodevices.Options)) *pacer {
	p := &pacer{adaptive: map[Category]*adaptiveLimiter{}, extra: extra, retryer: retryer, clientOptions: clientOptions,
		calls: map[Category]*atomic.Int64{}, throttles: map[Category]*atomic.Int64{}}
	for _, c := range categories {
		p.adaptive[c] = newAdaptiveLimiter(rates.of(c))
		p.calls[c] = new(atomic.Int64)
		p.throttles[c] = new(atomic.Int64)
	}
	return p
}

// options returns the per-call options of one request of category c:
// the caller's client options, fns, one attempt (the sweep retries
// itself, to see every throttling), and a RateLimiter that waits on the
// client's own limiter first, then on the category's, the caller's extra
// one for c, and perUser.
func (p *pacer) options(c Category, perUser cognitodevices.RateLimiter, fns []func(*cognitodevices.Options)) []func(*cognitodevices.Options) {
	opts := append(slices.Clone(p.clientOptions), fns...)
	return append(opts, func(o *cognitodevices.Options) {
		o.RetryMaxAttempts = 1
		o.RateLimiter = chain{o.RateLimiter, p.adaptive[c], p.extra[c], perUser}
	})
}

// observe counts one attempt of category c and adapts its pace.
func (p *pacer) observe(c Category, err error) {
	p.calls[c].Add(1)
	var throttled *cognitodevices.TooManyRequestsException
	switch {
	case err == nil:
		p.adaptive[c].succeeded()
	case errors.As(err, &throttled):
		p.throttles[c].Add(1)
		p.adaptive[c].throttled()
	}
}

// call sends one request of category c through send, and when retry is
// set, tries again after the Retryer's delay while it deems the error
// retryable. Only idempotent requests are retried here.
func call[Out any](ctx context.Context, p *pacer, c Category, perUser cognitodevices.RateLimiter, retry bool, fns []func(*cognitodevices.Options), send func([]func(*cognitodevices.Options)) (*Out, error)) (*Out, error) {
	opts := p.options(c, perUser, fns)
	for attempt := 1; ; attempt++ {
		out, err := send(opts)
		p.observe(c, err)
		if err == nil || !retry || ctx.Err() != nil || attempt >= p.retryer.MaxAttempts() || !p.retryer.IsErrorRetryable(err) {
			return out, err
		}
		delay, derr := p.retryer.RetryDelay(attempt, err)
		if derr != nil || sleep(ctx, delay) != nil {
			return out, err
		}
	}
}

// userClient is the client one worker uses for one user: every request
// paced by its category, the user's own limits and the client's limiter.
type userClient struct {
	p           *pacer
	c           Client
	read, write cognitodevices.RateLimiter
	// intend, when set, records a write before it is sent; when it fails,
	// the write is not sent.
	intend func(key string, a Action) error
}

// before records the write of a on key about to be sent.
func (u *userClient) before(key *string, a Action) error {
	if u.intend == nil {
		return nil
	}
	return u.intend(aws.ToString(key), a)
}

// AdminListDevices lists one page, retrying throttling and transient
// failures.
func (u *userClient) AdminListDevices(ctx context.Context, in *cognitodevices.AdminListDevicesInput, fns ...func(*cognitodevices.Options)) (*cognitodevices.AdminListDevicesOutput, error) {
	return call(ctx, u.p, UserResourceRead, u.read, true, fns, func(opts []func(*cognitodevices.Options)) (*cognitodevices.AdminListDevicesOutput, error) {
		return u.c.AdminListDevices(ctx, in, opts...)
	})
}

// AdminForgetDevice sends one attempt: ForgetUserDevices retries forgets
// itself, to classify their outcome.
func (u *userClient) AdminForgetDevice(ctx context.Context, in *cognitodevices.AdminForgetDeviceInput, fns ...func(*cognitodevices.Options)) (*cognitodevices.AdminForgetDeviceOutput, error) {
	if err := u.before(in.DeviceKey, Forget); err != nil {
		return nil, err
	}
	return call(ctx, u.p, UserResourceUpdate, u.write, false, fns, func(opts []func(*cognitodevices.Options)) (*cognitodevices.AdminForgetDeviceOutput, error) {
		return u.c.AdminForgetDevice(ctx, in, opts...)
	})
}

// AdminUpdateDeviceStatus marks a device, retrying: the mark is
// idempotent.
func (u *userClient) AdminUpdateDeviceStatus(ctx context.Context, in *cognitodevices.AdminUpdateDeviceStatusInput, fns ...func(*cognitodevices.Options)) (*cognitodevices.AdminUpdateDeviceStatusOutput, error) {
	if err := u.before(in.DeviceKey, MarkNotRemembered); err != nil {
		return nil, err
	}
	return call(ctx, u.p, UserResourceUpdate, u.write, true, fns, func(opts []func(*cognitodevices.Options)) (*cognitodevices.AdminUpdateDeviceStatusOutput, error) {
		return u.c.AdminUpdateDeviceStatus(ctx, in, opts...)
	})
}

// sleep waits d or until ctx is done, whichever comes first, and
// returns ctx's error.
func sleep(ctx context.Context, d time.Duration) error {
	wait, stop := context.WithTimeout(ctx, d)
	defer stop()
	<-wait.Done()
	return ctx.Err()
}
