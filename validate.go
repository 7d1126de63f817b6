package cognitodevices

import (
	"fmt"
	"unicode/utf8"

	"github.com/aws/smithy-go"
)

// Documented constraints of the request members, checked before a request
// is built so that a bad input never reaches the network.
const (
	maxUserPoolIDLen = 55
	maxUsernameLen   = 128
	maxDeviceKeyLen  = 55
	maxListLimit     = 60
)

// paramError is a smithy.InvalidParamError for a member that is present but
// breaks a documented constraint. Its message never quotes the value, which
// may be a secret.
type paramError struct {
	context string
	field   string
	reason  string
}

func (e *paramError) Error() string { return e.reason + ", " + e.Field() + "." }

func (e *paramError) Field() string {
	if e.context == "" {
		return e.field
	}
	return e.context + "." + e.field
}

func (e *paramError) SetContext(ctx string) { e.context = ctx }

func (e *paramError) AddNestedContext(ctx string) { e.field = ctx + "." + e.field }

// validator collects every problem of one input so the caller learns of all
// of them at once.
type validator struct {
	errs smithy.InvalidParamsError
}

func newValidator(inputName string) *validator {
	return &validator{errs: smithy.InvalidParamsError{Context: inputName}}
}

// required checks a required string member: present, and between 1 and
// maxLen characters (no upper bound when maxLen is 0).
func (v *validator) required(name string, p *string, maxLen int) {
	if p == nil {
		v.errs.Add(smithy.NewErrParamRequired(name))
		return
	}
	v.length(name, *p, maxLen)
}

// optional checks an optional string member the same way when it is set.
func (v *validator) optional(name string, p *string, maxLen int) {
	if p != nil {
		v.length(name, *p, maxLen)
	}
}

func (v *validator) length(name, s string, maxLen int) {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		v.errs.Add(&paramError{field: name, reason: "empty value, minimum length is 1"})
	case maxLen > 0 && n > maxLen:
		v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("value of length %d exceeds the maximum length %d", n, maxLen)})
	}
}

// limit checks the optional Limit member against the documented 0..60.
func (v *validator) limit(name string, p *int32) {
	if p != nil && (*p < 0 || *p > maxListLimit) {
		v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("value %d is outside the range 0 to %d", *p, maxListLimit)})
	}
}

// accessToken checks a required access token: present, non-empty, and made
// only of the characters the service documents ([A-Za-z0-9-_=.]). The
// token itself never appears in the error.
func (v *validator) accessToken(name string, p *string) {
	if p == nil {
		v.errs.Add(smithy.NewErrParamRequired(name))
		return
	}
	if *p == "" {
		v.errs.Add(&paramError{field: name, reason: "empty value, minimum length is 1"})
		return
	}
	for i := 0; i < len(*p); i++ {
		if !isTokenByte((*p)[i]) {
			v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("invalid character at offset %d, allowed are A-Z a-z 0-9 - _ = .", i)})
			return
		}
	}
}

func isTokenByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '=' || c == '.'
}

// err returns the collected problems, or nil when there are none.
func (v *validator) err() error {
	if v.errs.Len() == 0 {
		return nil
	}
	return v.errs
}

// rememberedStatus checks an optional DeviceRememberedStatusType against
// the values the service accepts.
func (v *validator) rememberedStatus(name string, s DeviceRememberedStatusType) {
	switch s {
	case "", DeviceRememberedStatusTypeRemembered, DeviceRememberedStatusTypeNotRemembered:
	default:
		v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("unknown value %q, allowed are %q and %q", string(s),
			DeviceRememberedStatusTypeRemembered, DeviceRememberedStatusTypeNotRemembered)})
	}
}
