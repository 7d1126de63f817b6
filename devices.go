package cognitodevices

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/cognitodevices/cognitodevices/internal/writes"
)

// DefaultForgetRate is the pace at which ForgetUserDevices sends
// AdminForgetDevice by default: the account's UserResourceUpdate quota of
// 25 requests per second, which the device writes share and which cannot
// be raised.
const DefaultForgetRate = 25

// DeviceSelector chooses, from all the devices of a user, the keys of the
// ones to forget. ForgetUserDevices gives it each device once (the first
// listing of a key), never forgets a key it did not choose, and ignores
// keys that are not among the devices. It must not modify devices.
type DeviceSelector func(devices []DeviceType) (forget []string)

// SelectAll selects every device, as after a password reset or a
// compromise: remembered devices skip MFA.
func SelectAll() DeviceSelector {
	return func(devices []DeviceType) []string { return deviceKeys(devices) }
}

// SelectNotUsedSince selects the devices last used for sign-in before t. A
// device without DeviceLastAuthenticatedDate counts as never used, and is
// selected.
func SelectNotUsedSince(t time.Time) DeviceSelector {
	return func(devices []DeviceType) []string {
		var out []string
		for _, d := range devices {
			if d.DeviceLastAuthenticatedDate == nil || d.DeviceLastAuthenticatedDate.Before(t) {
				out = append(out, derefString(d.DeviceKey))
			}
		}
		return out
	}
}

// SelectNotRemembered selects the devices whose
// dev:device_remembered_status is not_remembered: tracked devices the
// user did not choose to remember.
func SelectNotRemembered() DeviceSelector {
	return func(devices []DeviceType) []string {
		var out []string
		for _, d := range devices {
			if d.RememberedStatus() == DeviceRememberedStatusTypeNotRemembered {
				out = append(out, derefString(d.DeviceKey))
			}
		}
		return out
	}
}

// SelectAllButNewest keeps the devices with the n most recent
// DeviceLastAuthenticatedDate and selects the others, by key: a device
// listed twice counts once, so a repeat can never push a device to keep
// out of the n. A device without DeviceLastAuthenticatedDate counts as the
// oldest; among equals the later listed is kept. n <= 0 selects every
// device.
func SelectAllButNewest(n int) DeviceSelector {
	return func(devices []DeviceType) []string {
		devices = uniqueByKey(devices)
		order := make([]int, len(devices))
		for i := range order {
			order[i] = i
		}
		// Newest first.
		slices.SortStableFunc(order, func(a, b int) int {
			return -compareLastUsed(devices[a], devices[b], a, b)
		})
		keep := map[int]bool{}
		for _, i := range order[:min(max(n, 0), len(order))] {
			keep[i] = true
		}
		var out []string
		for i, d := range devices {
			if !keep[i] {
				out = append(out, derefString(d.DeviceKey))
			}
		}
		return out
	}
}

// compareLastUsed orders a before b when it was used earlier; a device
// never used is the oldest; ties go by listing position.
func compareLastUsed(a, b DeviceType, ai, bi int) int {
	at, bt := a.DeviceLastAuthenticatedDate, b.DeviceLastAuthenticatedDate
	switch {
	case at == nil && bt != nil:
		return -1
	case at != nil && bt == nil:
		return 1
	case at != nil && !at.Equal(*bt):
		return at.Compare(*bt)
	}
	return ai - bi
}

// SelectAllBut selects every device except the one with deviceKey, such
// as the device the user is signed in with.
func SelectAllBut(deviceKey string) DeviceSelector {
	return func(devices []DeviceType) []string {
		var out []string
		for _, d := range devices {
			if k := derefString(d.DeviceKey); k != deviceKey {
				out = append(out, k)
			}
		}
		return out
	}
}

// deviceKeys returns the keys of devices, in order.
func deviceKeys(devices []DeviceType) []string {
	out := make([]string, 0, len(devices))
	for _, d := range devices {
		out = append(out, derefString(d.DeviceKey))
	}
	return out
}

// uniqueByKey returns devices with each key once, at its first listing.
// Devices without a key are dropped: nothing can be done with them.
func uniqueByKey(devices []DeviceType) []DeviceType {
	seen := make(map[string]bool, len(devices))
	out := make([]DeviceType, 0, len(devices))
	for _, d := range devices {
		k := derefString(d.DeviceKey)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	return out
}

// DeviceHousekeeper is what ForgetUserDevices needs of a client; API,
// *Client and devicestest.MockAPI satisfy it.
type DeviceHousekeeper interface {
	AdminListDevicesAPIClient
	AdminForgetDevice(ctx context.Context, params *AdminForgetDeviceInput, optFns ...func(*Options)) (*AdminForgetDeviceOutput, error)
}

// DefaultForgetLimiter is the limiter ForgetUserDevices waits on when its
// options name none: one for the whole process, at DefaultForgetRate, so
// that concurrent runs share the account's quota instead of each pacing
// itself alone.
var DefaultForgetLimiter = NewIntervalLimiter(DefaultForgetRate)

// DefaultForgetAttempts is how many times ForgetUserDevices tries to
// forget one device, unless its options say otherwise.
const DefaultForgetAttempts = 3

// maxRelists bounds how many times ForgetUserDevices lists a user's
// devices again after forgetting, looking for devices the first listing
// missed.
const maxRelists = 3

// ForgetUserDevicesOptions configures ForgetUserDevices.
type ForgetUserDevicesOptions struct {
	// DryRun lists and selects, and reports what would be forgotten (in
	// Forgotten), without forgetting anything.
	DryRun bool

	// RateLimiter paces the AdminForgetDevice attempts: ForgetUserDevices
	// waits on it before each one, besides the client's own
	// Options.RateLimiter, which it leaves in place. When nil,
	// DefaultForgetLimiter, shared by the whole process, paces them.
	// Share one limiter between all the runs against one account.
	RateLimiter RateLimiter

	// Retryer decides whether a failed forget is tried again, after how
	// long, and how many times one device is tried; nil means
	// retry.NewStandard with DefaultForgetAttempts attempts.
	// ForgetUserDevices makes the attempts itself (each call one
	// attempt), so that it knows which answer came after an attempt the
	// service may have applied.
	Retryer aws.Retryer

	// Progress, when set, is called after each device is done (or, in a
	// dry run, once), from the goroutine of the call.
	Progress func(ForgetProgress)

	// FinishInFlight, when not zero, lets a forget that is out when ctx
	// ends go on for up to this long, so that its answer is filed (as
	// after Ctrl-C in a command-line tool); no new request starts once
	// ctx has ended. Zero cancels the request with ctx, and the device is
	// then failed with an unknown outcome.
	FinishInFlight time.Duration

	// ClientOptions are applied to every call.
	ClientOptions []func(*Options)
}

// ForgetProgress is what ForgetUserDevices has done so far.
type ForgetProgress struct {
	// Listed is the number of distinct devices listed, Selected of those
	// chosen to forget.
	Listed, Selected int
	// Forgotten, Gone, Failed: the devices done so far, by outcome, as
	// in ForgetUserDevicesReport.
	Forgotten, Gone, Failed int
}

// ForgetUserDevicesReport says what ForgetUserDevices did with each device
// of the user. Each device listed is in exactly one of Forgotten,
// AlreadyGone, Kept, Failed and NotTried.
type ForgetUserDevicesReport struct {
	// Forgotten are the selected devices this call forgot: the service
	// answered the forget, or answered ResourceNotFoundException to a
	// retry after an attempt it may have applied (the answer was lost).
	// In a dry run, the devices that would be forgotten.
	Forgotten []DeviceType
	// AlreadyGone are the selected devices the service did not know when
	// first asked (ResourceNotFoundException): forgotten elsewhere.
	AlreadyGone []DeviceType
	// Kept are the devices the selector did not select.
	Kept []DeviceType
	// Failed are the selected devices that could not be forgotten, with
	// the error of the last attempt. OutcomeUnknown says when the device
	// may be forgotten nonetheless.
	Failed []DeviceFailure
	// NotTried are the selected devices for which no request was sent,
	// because the call ended first (its context was done).
	NotTried []DeviceType
	// Relists is how many times the devices were listed again after
	// forgetting, to catch devices the listing missed (a device can move
	// between pages while another client removes devices); those found
	// are handled as the others.
	Relists int
	// DryRun is set when nothing was forgotten on purpose.
	DryRun bool
}

// DeviceFailure is a device ForgetUserDevices could not forget.
type DeviceFailure struct {
	Device DeviceType
	Err    error
	// OutcomeUnknown is set when an attempt may have reached the service
	// and been applied although no answer said so (a server error, a
	// broken connection, a deadline while the request was out): the
	// device may be forgotten. List it again to know.
	OutcomeUnknown bool
}

// ForgetUserDevices forgets the devices of a user that selector chooses.
//
// It lists every device first (AdminListDevicesAll) and only then
// forgets, so forgetting never disturbs the pages still to come; a device
// listed twice counts once. Each AdminForgetDevice attempt waits on the
// rate limiter (see ForgetUserDevicesOptions); failures the client's
// Retryer deems retryable, throttling included, are tried again after its
// back-off. After forgetting it lists the devices again, up to three
// times, and forgets the selected ones the earlier listings missed,
// never one the selector chose to keep. The report puts each device in
// one class: forgotten, already gone, kept, failed (with its error, and
// whether it may be forgotten nonetheless) or not tried. When ctx is done
// the call stops and returns the report so far and ctx's error: a device
// whose request was out is failed with an unknown outcome, the others not
// tried. An error listing the devices before anything is forgotten ends
// the call with a nil report; an error re-listing ends it with the report
// and the error.
func ForgetUserDevices(ctx context.Context, client DeviceHousekeeper, userPoolID, username string, selector DeviceSelector, optFns ...func(*ForgetUserDevicesOptions)) (*ForgetUserDevicesReport, error) {
	if client == nil {
		return nil, ErrNilClient
	}
	if selector == nil {
		return nil, errors.New("cognitodevices: ForgetUserDevices needs a DeviceSelector")
	}
	var options ForgetUserDevicesOptions
	for _, fn := range optFns {
		fn(&options)
	}
	if options.RateLimiter == nil {
		options.RateLimiter = DefaultForgetLimiter
	}
	if options.Retryer == nil {
		options.Retryer = retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = DefaultForgetAttempts })
	}
	f := &forgetter{ctx: ctx, client: client, pool: userPoolID, user: username, options: options, report: &ForgetUserDevicesReport{DryRun: options.DryRun}}

	devices, err := f.list()
	if err != nil {
		return nil, err
	}
	f.progress.Listed = len(devices)
	f.plan(devices, selector)
	if options.DryRun {
		f.report.Forgotten = f.selected
		f.notify()
		return f.report, nil
	}
	for {
		if err := f.forgetSelected(); err != nil {
			return f.report, err
		}
		if f.report.Relists == maxRelists || len(f.selected) == 0 {
			return f.report, nil
		}
		again, err := f.list()
		if err != nil {
			return f.report, err
		}
		f.report.Relists++
		if !f.plan(again, selector) {
			return f.report, nil
		}
	}
}

// forgetter is one run of ForgetUserDevices.
type forgetter struct {
	ctx        context.Context
	client     DeviceHousekeeper
	pool, user string
	options    ForgetUserDevicesOptions
	report     *ForgetUserDevicesReport
	progress   ForgetProgress
	// seen holds every key handled or kept, so that a re-listing never
	// forgets a key the selector once kept, nor tries a key twice.
	seen     map[string]bool
	selected []DeviceType // the devices to forget in this round
}

// list lists every device of the user, each key once.
func (f *forgetter) list() ([]DeviceType, error) {
	var devices []DeviceType
	limit := int32(maxListLimit)
	in := &AdminListDevicesInput{UserPoolId: &f.pool, Username: &f.user, Limit: &limit}
	for d, err := range AdminListDevicesAll(f.ctx, f.client, in) {
		if err != nil {
			return nil, fmt.Errorf("listing the devices of %s: %w", f.user, err)
		}
		devices = append(devices, d)
	}
	return uniqueByKey(devices), nil
}

// plan applies selector to the devices not seen before and sets the
// round's selection; the others go to Kept. It reports whether anything
// was selected.
func (f *forgetter) plan(devices []DeviceType, selector DeviceSelector) bool {
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	chosen := map[string]bool{}
	for _, k := range selector(devices) {
		chosen[k] = true
	}
	f.selected = nil
	for _, d := range devices {
		k := derefString(d.DeviceKey)
		if f.seen[k] {
			continue
		}
		f.seen[k] = true
		if chosen[k] {
			f.selected = append(f.selected, d)
		} else {
			f.report.Kept = append(f.report.Kept, d)
		}
	}
	f.progress.Selected += len(f.selected)
	return len(f.selected) > 0
}

// forgetSelected forgets the round's selection, and ends with ctx's error
// when ctx is done first.
func (f *forgetter) forgetSelected() error {
	for i, d := range f.selected {
		if err := f.ctx.Err(); err != nil {
			f.report.NotTried = append(f.report.NotTried, f.selected[i:]...)
			return err
		}
		sent, err := f.forget(d)
		if !sent {
			f.report.NotTried = append(f.report.NotTried, f.selected[i:]...)
			return err
		}
		f.notify()
		if err := f.ctx.Err(); err != nil {
			f.report.NotTried = append(f.report.NotTried, f.selected[i+1:]...)
			return err
		}
	}
	return nil
}

// forget tries to forget d and files it in the report. It reports false,
// with ctx's error, when ctx ended before any request for d was sent.
func (f *forgetter) forget(d DeviceType) (sent bool, err error) {
	retryer := f.options.Retryer
	in := &AdminForgetDeviceInput{DeviceKey: d.DeviceKey, UserPoolId: &f.pool, Username: &f.user}
	opts := append(slices.Clone(f.options.ClientOptions), func(o *Options) { o.RetryMaxAttempts = 1 })
	mayBeApplied := false
	for attempt := 1; ; attempt++ {
		if err := f.options.RateLimiter.Wait(f.ctx); err != nil {
			if attempt == 1 {
				return false, err
			}
			f.fail(d, err, mayBeApplied)
			return true, err
		}
		callCtx, done := writes.InFlight(f.ctx, f.options.FinishInFlight)
		_, err := f.client.AdminForgetDevice(callCtx, in, opts...)
		done()
		var gone *ResourceNotFoundException
		switch {
		case err == nil, errors.As(err, &gone) && mayBeApplied:
			f.report.Forgotten = append(f.report.Forgotten, d)
			f.progress.Forgotten++
			return true, nil
		case errors.As(err, &gone):
			f.report.AlreadyGone = append(f.report.AlreadyGone, d)
			f.progress.Gone++
			return true, nil
		}
		mayBeApplied = mayBeApplied || writes.MayHaveBeenApplied(err)
		if f.ctx.Err() != nil || attempt >= max(retryer.MaxAttempts(), 1) || !retryable(retryer, err) {
			f.fail(d, err, mayBeApplied)
			return true, nil
		}
		delay, derr := retryer.RetryDelay(attempt, err)
		if derr != nil || sleep(f.ctx, delay) != nil {
			f.fail(d, err, mayBeApplied)
			return true, nil
		}
	}
}

func (f *forgetter) fail(d DeviceType, err error, outcomeUnknown bool) {
	f.report.Failed = append(f.report.Failed, DeviceFailure{Device: d, Err: err, OutcomeUnknown: outcomeUnknown})
	f.progress.Failed++
}

func (f *forgetter) notify() {
	if f.options.Progress != nil {
		f.options.Progress(f.progress)
	}
}

// retryable reports whether a failed forget is worth another attempt: the
// Retryer says so (throttling, transient HTTP statuses, broken
// connections), or the service reported a fault of its own.
func retryable(r aws.Retryer, err error) bool {
	var apiErr smithy.APIError
	return r.IsErrorRetryable(err) || errors.As(err, &apiErr) && apiErr.ErrorFault() == smithy.FaultServer
}

// NewIntervalLimiter returns a RateLimiter that lets at most perSecond
// requests through each second, evenly spaced, with no burst. It is safe
// for concurrent use. perSecond <= 0 means no limit.
func NewIntervalLimiter(perSecond float64) RateLimiter {
	if perSecond <= 0 {
		return unlimited{}
	}
	return &intervalLimiter{interval: time.Duration(float64(time.Second) / perSecond)}
}

type unlimited struct{}

func (unlimited) Wait(ctx context.Context) error { return ctx.Err() }

type intervalLimiter struct {
	interval time.Duration
	mu       sync.Mutex
	next     time.Time
}

// Wait reserves the next slot and sleeps until it; a done ctx gives the
// slot back only if it was the last one reserved.
func (l *intervalLimiter) Wait(ctx context.Context) error {
	l.mu.Lock()
	slot := time.Now()
	if l.next.After(slot) {
		slot = l.next
	}
	l.next = slot.Add(l.interval)
	l.mu.Unlock()
	if err := sleep(ctx, time.Until(slot)); err != nil {
		l.mu.Lock()
		if l.next.Equal(slot.Add(l.interval)) {
			l.next = slot
		}
		l.mu.Unlock()
		return err
	}
	return nil
}
