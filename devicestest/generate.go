package devicestest

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// SeedGenerate makes a SeedPool hold many users without listing them, for
// runs at scale: 100,000 users with three devices each load in well under
// a second (see the README's figures). The users come after those the
// pool lists, named user000001, user000002, ... (six digits, more when
// Users needs them), each with DevicesPerUser devices. Everything
// generated is a function of the pool's place in the seed, the user's and
// the device's numbers and Until, so two servers loading the same seed
// hold the same state. The k-th device of the pool (counting from 0, user
// by user, in listing order) has:
//
//   - the key <region>_<pool's place, 8 hex digits>-0000-4000-8000-<k, 12
//     hex digits>;
//   - the attributes device_name "device-<k>" and
//     dev:device_remembered_status "not_remembered" when k%10 is 9 (a
//     tenth of the devices), "remembered" otherwise;
//   - the same DeviceCreateDate, DeviceLastModifiedDate and
//     DeviceLastAuthenticatedDate, Until minus f(k) times 365 days, to the
//     second, where f(k) is the fractional part of k times 0.618...
//     (the golden ratio's), so the ages spread evenly over the year
//     before Until and any user's devices have different ages: of n
//     devices, the share last authenticated more than d ago is
//     (365 days - d) / 365 days, give or take a few devices (about 75.3%
//     for 90 days).
//
// A generated user's sub is <pool's place, 8 hex digits>-0000-4000-9000-<the
// user's number, 12 hex digits>.
type SeedGenerate struct {
	// Users is how many users to generate, 0 to 10,000,000.
	Users int `json:"users"`
	// DevicesPerUser is how many devices each has, 0 to 1,000; Users
	// times DevicesPerUser is at most 10,000,000.
	DevicesPerUser int `json:"devicesPerUser"`
	// Until is the newest date a device can have; LoadSeed fills in the
	// server clock's time when it is absent, once, so Reset restores the
	// same dates.
	Until *time.Time `json:"until,omitempty"`
}

// The bounds of a SeedGenerate, which keep a mistyped number from
// exhausting memory.
const (
	maxGeneratedUsers   = 10_000_000
	maxGeneratedDevices = 10_000_000
	maxGeneratedPerUser = 1000
)

// generatedAgeSpan is the span of the generated devices' ages.
const generatedAgeSpan = 365 * 24 * time.Hour

// goldenFraction is the fractional part of the golden ratio, whose
// multiples modulo 1 spread most evenly over [0, 1).
const goldenFraction = 0.6180339887498949

// check checks a generator at path; usernames holds the names the pool
// lists, which the generated names must not repeat.
func (g SeedGenerate) check(at string, usernames map[string]string) error {
	switch {
	case g.Users < 0 || g.Users > maxGeneratedUsers:
		return seedError(at+".users", "%d is outside 0 to %d", g.Users, maxGeneratedUsers)
	case g.DevicesPerUser < 0 || g.DevicesPerUser > maxGeneratedPerUser:
		return seedError(at+".devicesPerUser", "%d is outside 0 to %d", g.DevicesPerUser, maxGeneratedPerUser)
	case g.Users*g.DevicesPerUser > maxGeneratedDevices:
		return seedError(at, "%d users with %d devices each is more than %d devices", g.Users, g.DevicesPerUser, maxGeneratedDevices)
	}
	for name, path := range usernames {
		if n, ok := generatedNumber(name, g.Users); ok && n >= 1 && n <= g.Users {
			return seedError(path, "%q is also a generated user's name (%s)", name, at)
		}
	}
	return nil
}

// generatedUsername is the name of the n-th generated user (from 1) of a
// pool that generates users.
func generatedUsername(n, users int) string {
	return fmt.Sprintf("user%0*d", generatedDigits(users), n)
}

func generatedDigits(users int) int {
	return max(6, len(strconv.Itoa(users)))
}

// generatedNumber returns the number of the generated user named name,
// and false when no generated user can have that name.
func generatedNumber(name string, users int) (int, bool) {
	digits, ok := name[min(len(name), 4):], len(name) > 4 && name[:4] == "user"
	if !ok || len(digits) != generatedDigits(users) {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil && digits[0] != '+' && digits[0] != '-'
}

// generatedAge is how long before Until the k-th generated device was
// last authenticated, to the second.
func generatedAge(k int) time.Duration {
	_, f := math.Modf(float64(k) * goldenFraction)
	return (time.Duration(f * float64(generatedAgeSpan))).Truncate(time.Second)
}

// Shared attribute names and values of generated devices: nothing writes
// through an attribute's pointers, setAttribute replaces them.
var (
	generatedNameAttr      = cognitodevices.AttributeDeviceName
	generatedStatusAttr    = cognitodevices.AttributeDeviceRememberedStatus
	generatedRemembered    = string(cognitodevices.DeviceRememberedStatusTypeRemembered)
	generatedNotRemembered = string(cognitodevices.DeviceRememberedStatusTypeNotRemembered)
)

// generate adds the users and devices g describes to the pool, which is
// the ordinal-th of the seed. The users are created in one pass under
// one hold of the lock, their devices' dates and attributes in a few
// large allocations.
func (s *Server) generate(poolID string, ordinal int, g SeedGenerate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pool(poolID)
	until := g.Until.UTC()
	total := g.Users * g.DevicesPerUser
	dates := make([]time.Time, total)
	attrs := make([]cognitodevices.AttributeType, 2*total)
	devices := make([]cognitodevices.DeviceType, total)
	p.order = append(make([]string, 0, len(p.order)+g.Users), p.order...)
	k := 0
	for n := 1; n <= g.Users; n++ {
		name := generatedUsername(n, g.Users)
		u := s.user(poolID, name)
		u.sub = fmt.Sprintf("%08x-0000-4000-9000-%012x", ordinal, n)
		u.created = until
		u.devices = devices[k : k : k+g.DevicesPerUser]
		for range g.DevicesPerUser {
			key := fmt.Sprintf("%s_%08x-0000-4000-8000-%012x", s.region, ordinal, k)
			deviceName := "device-" + strconv.Itoa(k)
			status := &generatedRemembered
			if k%10 == 9 {
				status = &generatedNotRemembered
			}
			a := attrs[2*k : 2*k+2 : 2*k+2]
			a[0] = cognitodevices.AttributeType{Name: &generatedNameAttr, Value: &deviceName}
			a[1] = cognitodevices.AttributeType{Name: &generatedStatusAttr, Value: status}
			dates[k] = until.Add(-generatedAge(k))
			u.put(cognitodevices.DeviceType{DeviceKey: &key, DeviceAttributes: a,
				DeviceCreateDate: &dates[k], DeviceLastModifiedDate: &dates[k], DeviceLastAuthenticatedDate: &dates[k]})
			k++
		}
	}
}
