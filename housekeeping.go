package cognitodevices

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// DefaultForgetRate is the pace at which ForgetUserDevices sends
// AdminForgetDevice by default: the account's UserResourceUpdate quota of
// 25 requests per second, which the device writes share and which cannot
// be raised.
const DefaultForgetRate = 25

// DeviceSelector chooses, from all the devices of a user, the ones to
// forget. It must not modify devices.
type DeviceSelector func(devices []DeviceType) (forget []DeviceType)

// SelectAll selects every device, as after a password reset or a
// compromise: remembered devices skip MFA.
func SelectAll() DeviceSelector {
	return func(devices []DeviceType) []DeviceType { return slices.Clone(devices) }
}

// SelectNotUsedSince selects the devices last used for sign-in before t. A
// device without DeviceLastAuthenticatedDate counts as never used, and is
// selected.
func SelectNotUsedSince(t time.Time) DeviceSelector {
	return func(devices []DeviceType) []DeviceType {
		var out []DeviceType
		for _, d := range devices {
			if d.DeviceLastAuthenticatedDate == nil || d.DeviceLastAuthenticatedDate.Before(t) {
				out = append(out, d)
			}
		}
		return out
	}
}

// SelectAllButNewest keeps the n most recently used devices and selects
// the others. A device without DeviceLastAuthenticatedDate counts as the
// oldest; among equals the later listed is kept. n <= 0 selects every
// device.
func SelectAllButNewest(n int) DeviceSelector {
	return func(devices []DeviceType) []DeviceType {
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
		var out []DeviceType
		for i, d := range devices {
			if !keep[i] {
				out = append(out, d)
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
	return func(devices []DeviceType) []DeviceType {
		var out []DeviceType
		for _, d := range devices {
			if d.DeviceKey == nil || *d.DeviceKey != deviceKey {
				out = append(out, d)
			}
		}
		return out
	}
}

// DeviceHousekeeper is what ForgetUserDevices needs of a client; API,
// *Client and devicestest.MockAPI satisfy it.
type DeviceHousekeeper interface {
	AdminListDevicesAPIClient
	AdminForgetDevice(ctx context.Context, params *AdminForgetDeviceInput, optFns ...func(*Options)) (*AdminForgetDeviceOutput, error)
}

// ForgetUserDevicesOptions configures ForgetUserDevices.
type ForgetUserDevicesOptions struct {
	// DryRun lists and selects, and reports what would be forgotten,
	// without forgetting anything.
	DryRun bool

	// RateLimiter paces the AdminForgetDevice calls, retries included,
	// through Options.RateLimiter of each call. When nil, they are paced
	// at DefaultForgetRate per second.
	RateLimiter RateLimiter

	// ClientOptions are applied to every call, after the rate limiter.
	ClientOptions []func(*Options)
}

// ForgetUserDevicesReport says what ForgetUserDevices did with each device
// of the user.
type ForgetUserDevicesReport struct {
	// Forgotten are the selected devices the call forgot (or, in a dry
	// run, would have forgotten).
	Forgotten []DeviceType
	// AlreadyGone are the selected devices that no longer existed when
	// their turn came (ResourceNotFoundException): forgotten elsewhere.
	AlreadyGone []DeviceType
	// Kept are the devices the selector did not select.
	Kept []DeviceType
	// Failed are the selected devices that could not be forgotten, with
	// the error of the last attempt.
	Failed []DeviceFailure
	// NotTried are the selected devices not tried because the call ended
	// first (its context was done).
	NotTried []DeviceType
	// DryRun is set when nothing was forgotten on purpose.
	DryRun bool
}

// DeviceFailure is a device ForgetUserDevices could not forget.
type DeviceFailure struct {
	Device DeviceType
	Err    error
}

// ForgetUserDevices forgets the devices of a user that selector chooses.
//
// It lists every device first (AdminListDevicesAll) and only then
// forgets, so forgetting never disturbs the pages still to come. The
// AdminForgetDevice calls are paced (see ForgetUserDevicesOptions); the
// client's Retryer backs off and retries on throttling. A device already
// gone counts as done (AlreadyGone), another failure is reported and the
// other devices are still tried. When ctx is done the call stops, and
// returns the report so far, the untried devices in NotTried, and ctx's
// error. An error listing the devices ends the call before anything is
// forgotten, with a nil report.
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
		options.RateLimiter = NewIntervalLimiter(DefaultForgetRate)
	}

	var devices []DeviceType
	limit := int32(maxListLimit)
	in := &AdminListDevicesInput{UserPoolId: &userPoolID, Username: &username, Limit: &limit}
	for d, err := range AdminListDevicesAll(ctx, client, in) {
		if err != nil {
			return nil, fmt.Errorf("listing the devices of %s: %w", username, err)
		}
		devices = append(devices, d)
	}

	selected := selector(devices)
	report := &ForgetUserDevicesReport{DryRun: options.DryRun, Kept: unselected(devices, selected)}
	if options.DryRun {
		report.Forgotten = selected
		return report, nil
	}
	callOpts := append([]func(*Options){func(o *Options) { o.RateLimiter = options.RateLimiter }}, options.ClientOptions...)
	for i, d := range selected {
		if err := ctx.Err(); err != nil {
			report.NotTried = selected[i:]
			return report, err
		}
		_, err := client.AdminForgetDevice(ctx, &AdminForgetDeviceInput{DeviceKey: d.DeviceKey, UserPoolId: &userPoolID, Username: &username}, callOpts...)
		var gone *ResourceNotFoundException
		switch {
		case err == nil:
			report.Forgotten = append(report.Forgotten, d)
		case errors.As(err, &gone):
			report.AlreadyGone = append(report.AlreadyGone, d)
		case ctx.Err() != nil:
			report.NotTried = selected[i:]
			return report, ctx.Err()
		default:
			report.Failed = append(report.Failed, DeviceFailure{Device: d, Err: err})
		}
	}
	return report, nil
}

// unselected returns the devices of all whose key is not among selected.
func unselected(all, selected []DeviceType) []DeviceType {
	chosen := map[string]bool{}
	for _, d := range selected {
		chosen[derefString(d.DeviceKey)] = true
	}
	var out []DeviceType
	for _, d := range all {
		if !chosen[derefString(d.DeviceKey)] {
			out = append(out, d)
		}
	}
	return out
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
