package devicestest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cognitodevices/cognitodevices"
)

// validation collects the constraint violations of one input and reports
// them together, in the wording the service uses.
type validation struct {
	problems []string
}

func (v *validation) add(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// required checks a member that must be present, then its length.
func (v *validation) required(member string, p *string, maxLen int) {
	if p == nil {
		v.add("Value null at '%s' failed to satisfy constraint: Member must not be null", member)
		return
	}
	v.optional(member, p, maxLen)
}

// optional checks the length of a member when it is present: at least 1
// character, and at most maxLen unless maxLen is 0. Values are never
// quoted, since some are secrets.
func (v *validation) optional(member string, p *string, maxLen int) {
	if p == nil {
		return
	}
	switch n := utf8.RuneCountInString(*p); {
	case n < 1:
		v.add("Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to 1", member)
	case maxLen > 0 && n > maxLen:
		v.add("Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", member, maxLen)
	}
}

// limit checks the Limit member of a listing against 0..60.
func (v *validation) limit(p *int64) {
	switch {
	case p == nil:
	case *p < 0:
		v.add("Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0", *p)
	case *p > maxListLimit:
		v.add("Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to %d", *p, maxListLimit)
	}
}

// accessToken checks a required access token and its character set.
func (v *validation) accessToken(p *string) {
	v.required("accessToken", p, 0)
	if p != nil && strings.TrimLeft(*p, tokenAlphabet) != "" {
		v.add("Value at 'accessToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+")
	}
}

// rememberedStatus checks an optional DeviceRememberedStatus against the
// values of its enum.
func (v *validation) rememberedStatus(p *string) {
	if p != nil && *p != string(cognitodevices.DeviceRememberedStatusTypeRemembered) && *p != string(cognitodevices.DeviceRememberedStatusTypeNotRemembered) {
		v.add("Value '%s' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [%s, %s]",
			*p, cognitodevices.DeviceRememberedStatusTypeRemembered, cognitodevices.DeviceRememberedStatusTypeNotRemembered)
	}
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=."

// err returns the collected violations as one InvalidParameterException,
// or nil when there are none.
func (v *validation) err() error {
	switch n := len(v.problems); n {
	case 0:
		return nil
	case 1:
		return newError("InvalidParameterException", "1 validation error detected: %s", v.problems[0])
	default:
		return newError("InvalidParameterException", "%d validation errors detected: %s", n, strings.Join(v.problems, "; "))
	}
}

// decodeChecked reads a request body into in, then checks it with check,
// which reports every violation.
func decodeChecked[P any](body []byte, in P, check func(*validation, P)) error {
	if err := decodeInput(body, in); err != nil {
		return err
	}
	var v validation
	check(&v, in)
	return v.err()
}
