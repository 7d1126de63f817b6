package sweep

import (
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// Action is what a sweep does with one device.
type Action string

// The actions a Policy may choose, from the weakest to the strongest; Any
// keeps the strongest one chosen for a device.
const (
	// Keep leaves the device alone; its record says "kept".
	Keep Action = "keep"
	// Report leaves the device alone but flags it in the report.
	Report Action = "report"
	// MarkNotRemembered marks the device not_remembered
	// (AdminUpdateDeviceStatus), so that it no longer skips MFA. A device
	// already not_remembered is kept: the sweep never sends a mark that
	// would change nothing.
	MarkNotRemembered Action = "mark_not_remembered"
	// Forget forgets the device (AdminForgetDevice).
	Forget Action = "forget"
)

// strength orders the actions for Any.
func (a Action) strength() int {
	switch a {
	case Report:
		return 1
	case MarkNotRemembered:
		return 2
	case Forget:
		return 3
	}
	return 0
}

// Policy decides, from all the devices of one user (each key once, as
// listed), what to do with each device, by device key. A key left out, or
// not among the devices, is kept. A Policy must not modify devices and
// must be safe to call from several goroutines at once; the sweep calls it
// again for devices a later listing of the same user shows for the first
// time, with the whole listing, and uses its answer only for those.
type Policy func(devices []cognitodevices.DeviceType) map[string]Action

// FromSelector makes a Policy that applies action to the devices selector
// selects, such as cognitodevices.SelectAllBut(key).
func FromSelector(selector cognitodevices.DeviceSelector, action Action) Policy {
	return func(devices []cognitodevices.DeviceType) map[string]Action {
		out := map[string]Action{}
		for _, k := range selector(devices) {
			out[k] = action
		}
		return out
	}
}

// Stale forgets the devices last used for sign-in (DeviceLastAuthenticatedDate)
// more than age ago, measured when the policy is applied; a device never
// used counts as stale.
func Stale(age time.Duration) Policy {
	return func(devices []cognitodevices.DeviceType) map[string]Action {
		return FromSelector(cognitodevices.SelectNotUsedSince(time.Now().Add(-age)), Forget)(devices)
	}
}

// NotRemembered forgets the devices whose dev:device_remembered_status is
// not_remembered.
func NotRemembered() Policy {
	return FromSelector(cognitodevices.SelectNotRemembered(), Forget)
}

// Cap forgets the oldest devices of a user beyond n, by
// DeviceLastAuthenticatedDate and by key (see
// cognitodevices.SelectAllButNewest); n <= 0 forgets every device.
func Cap(n int) Policy {
	return FromSelector(cognitodevices.SelectAllButNewest(n), Forget)
}

// TrustWindow marks not_remembered, instead of forgetting, the remembered
// devices last used more than age ago (a device never used counts as
// old), as AWS advises for a device trust window: the device stays
// listed but answers MFA again.
func TrustWindow(age time.Duration) Policy {
	return func(devices []cognitodevices.DeviceType) map[string]Action {
		old := FromSelector(cognitodevices.SelectNotUsedSince(time.Now().Add(-age)), MarkNotRemembered)(devices)
		for _, d := range devices {
			if k := deviceKey(d); old[k] != "" && !d.Remembered() {
				delete(old, k)
			}
		}
		return old
	}
}

// KeepNewest applies p but keeps the n devices most recently used, by
// key, whatever p chose for them.
func KeepNewest(n int, p Policy) Policy {
	return func(devices []cognitodevices.DeviceType) map[string]Action {
		out := p(devices)
		older := map[string]bool{}
		for _, k := range cognitodevices.SelectAllButNewest(n)(devices) {
			older[k] = true
		}
		for k := range out {
			if !older[k] {
				delete(out, k)
			}
		}
		return out
	}
}

// Any applies every policy and, for each device, takes the strongest
// action any of them chose: Forget over MarkNotRemembered over Report over
// Keep.
func Any(policies ...Policy) Policy {
	return func(devices []cognitodevices.DeviceType) map[string]Action {
		out := map[string]Action{}
		for _, p := range policies {
			for k, a := range p(devices) {
				if a.strength() > out[k].strength() {
					out[k] = a
				}
			}
		}
		return out
	}
}

// ReportOnly applies p but only reports what it chose: every device p
// would forget or mark gets Report instead.
func ReportOnly(p Policy) Policy {
	return func(devices []cognitodevices.DeviceType) map[string]Action {
		out := p(devices)
		for k, a := range out {
			if a.strength() > Report.strength() {
				out[k] = Report
			}
		}
		return out
	}
}

func deviceKey(d cognitodevices.DeviceType) string {
	if d.DeviceKey == nil {
		return ""
	}
	return *d.DeviceKey
}
