package sweep

import (
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// Outcome is what became of a device, as a Record says.
type Outcome string

// The outcomes of a device.
const (
	// Kept: the policy chose Keep; nothing was sent.
	Kept Outcome = "kept"
	// Reported: the policy chose Report; nothing was sent.
	Reported Outcome = "reported"
	// Planned: a dry run would have sent the record's action.
	Planned Outcome = "planned"
	// Forgotten: the service confirmed the forget, or answered
	// ResourceNotFoundException after an attempt of this sweep that it
	// may have applied (the answer was lost).
	Forgotten Outcome = "forgotten"
	// Gone: the service did not know the device when first asked: it was
	// removed by someone else after it was listed.
	Gone Outcome = "gone"
	// Marked: the service confirmed the device is not_remembered.
	Marked Outcome = "marked_not_remembered"
	// Failed: the action failed; the record holds the error, and
	// OutcomeUnknown says whether the service may have applied it.
	Failed Outcome = "failed"
	// NotTried: the sweep stopped before sending anything for the device.
	NotTried Outcome = "not_tried"
)

// Record is one line of the report: one device of one user and what the
// sweep did with it. A record without DeviceKey is about the user: its
// devices could not be listed, and Error says why.
type Record struct {
	Pool       string     `json:"pool"`
	Username   string     `json:"username"`
	DeviceKey  string     `json:"device_key,omitempty"`
	DeviceName string     `json:"device_name,omitempty"`
	LastUsed   *time.Time `json:"last_used,omitempty"`
	Action     Action     `json:"action"`
	Outcome    Outcome    `json:"outcome"`
	// OutcomeUnknown is set on a failed record when the request may have
	// been applied though no answer said so.
	OutcomeUnknown bool   `json:"outcome_unknown,omitempty"`
	Error          string `json:"error,omitempty"`
}

func newRecord(pool, user string, d cognitodevices.DeviceType, a Action) Record {
	return Record{Pool: pool, Username: user, DeviceKey: deviceKey(d), DeviceName: d.Name(), LastUsed: d.DeviceLastAuthenticatedDate, Action: a}
}
