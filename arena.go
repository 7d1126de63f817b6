package cognitodevices

import (
	"time"
	"unsafe"
)

// arena hands out the *string and *time.Time values of one response from
// slabs, so a page of devices costs a handful of allocations instead of
// one per field. Slabs are never grown in place and bytes once handed out
// are never written again, so handed-out values stay valid and
// independent. String contents are copied out of the response body, which
// may be a reused buffer, into text.
type arena struct {
	strs  []string
	text  []byte
	times []time.Time
	attrs []AttributeType
}

// string copies s, which may point into the response body, and returns a
// pointer to the copy. Names and values the service repeats on every
// device are shared constants instead of copies.
func (a *arena) string(s string) *string {
	return a.shared(a.copyText(s))
}

// shared returns a pointer to a new string header for s, whose bytes must
// never change: a constant or text already copied into the arena.
func (a *arena) shared(s string) *string {
	if len(a.strs) == cap(a.strs) {
		a.strs = make([]string, 0, max(64, 2*cap(a.strs)))
	}
	a.strs = append(a.strs, s)
	return &a.strs[len(a.strs)-1]
}

func (a *arena) copyText(s string) string {
	if c, ok := commonText(s); ok {
		return c
	}
	if len(s) == 0 {
		return ""
	}
	if cap(a.text)-len(a.text) < len(s) {
		a.text = make([]byte, 0, max(8<<10, len(s)))
	}
	start := len(a.text)
	a.text = append(a.text, s...)
	return unsafe.String(&a.text[start], len(s))
}

// commonText returns the constant equal to s for the attribute names and
// values that appear on nearly every device.
func commonText(s string) (string, bool) {
	switch s {
	case AttributeDeviceName:
		return AttributeDeviceName, true
	case AttributeDeviceStatus:
		return AttributeDeviceStatus, true
	case AttributeLastIPUsed:
		return AttributeLastIPUsed, true
	case AttributeDeviceRememberedStatus:
		return AttributeDeviceRememberedStatus, true
	case AttributeDeviceARN:
		return AttributeDeviceARN, true
	case AttributeDeviceOwner:
		return AttributeDeviceOwner, true
	case AttributeDeviceSDK:
		return AttributeDeviceSDK, true
	case "valid":
		return "valid", true
	case string(DeviceRememberedStatusTypeRemembered):
		return string(DeviceRememberedStatusTypeRemembered), true
	case string(DeviceRememberedStatusTypeNotRemembered):
		return string(DeviceRememberedStatusTypeNotRemembered), true
	}
	return "", false
}

func (a *arena) time(t time.Time) *time.Time {
	if len(a.times) == cap(a.times) {
		a.times = make([]time.Time, 0, max(32, 2*cap(a.times)))
	}
	a.times = append(a.times, t)
	return &a.times[len(a.times)-1]
}

// moveAttributes starts a new attribute slab, twice as large, for a list
// being appended to the full one from index first, and moves that list
// there. It returns the list's new first index, 0.
func (a *arena) moveAttributes(first int) int {
	list := a.attrs[first:]
	a.attrs = make([]AttributeType, len(list), max(128, 2*cap(a.attrs)))
	copy(a.attrs, list)
	return 0
}

// attributes copies one device's attributes into a slab and returns them
// with their capacity capped, so appending to one device's attributes
// never writes into another's.
func (a *arena) attributes(list []AttributeType) []AttributeType {
	if len(list) == 0 {
		return []AttributeType{}
	}
	if cap(a.attrs)-len(a.attrs) < len(list) {
		a.attrs = make([]AttributeType, 0, max(128, 2*cap(a.attrs), len(list)))
	}
	start := len(a.attrs)
	a.attrs = append(a.attrs, list...)
	return a.attrs[start:len(a.attrs):len(a.attrs)]
}
