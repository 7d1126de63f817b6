package cognitodevices

import (
	"fmt"
	"strings"
	"unicode"
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
	maxVerifierLen   = 131072
	maxClientIDLen   = 128
	minSessionLen    = 20
	maxSessionLen    = 2048
	// maxStringLen is the documented maximum of the service's free-form
	// strings (its StringType): map keys and values, context data,
	// analytics endpoint IDs.
	maxStringLen = 131072
	// maxMapEntries bounds AuthParameters, ChallengeResponses and
	// ClientMetadata. The service documents no count; a sign-in step
	// uses a handful of keys, and the bound keeps a mistaken map from
	// growing a request without limit.
	maxMapEntries = 256
)

// The documented patterns of the request members, which the service
// matches against the whole value.
const (
	deviceKeyPattern  = `[\w-]+_[0-9a-f-]+`
	userPoolIDPattern = `[\w-]+_[0-9a-zA-Z]+`
	usernamePattern   = `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`
	nonSpacePattern   = `[\S]+`
	clientIDPattern   = `[\w+]+`
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
// maxLen characters (no upper bound when maxLen is 0). It reports whether
// the member passed.
func (v *validator) required(name string, p *string, maxLen int) bool {
	if p == nil {
		v.errs.Add(smithy.NewErrParamRequired(name))
		return false
	}
	return v.nonEmptyUpTo(name, *p, maxLen)
}

// optional checks an optional string member the same way when it is set,
// and reports whether it is set and passed.
func (v *validator) optional(name string, p *string, maxLen int) bool {
	return p != nil && v.nonEmptyUpTo(name, *p, maxLen)
}

// nonEmptyUpTo checks that s has at least 1 and at most maxLen
// characters (no upper bound when maxLen is 0), adds an error naming name
// when it has not, and reports whether it has.
func (v *validator) nonEmptyUpTo(name, s string, maxLen int) bool {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		v.errs.Add(&paramError{field: name, reason: "empty value, minimum length is 1"})
	case maxLen > 0 && n > maxLen:
		v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("value of length %d exceeds the maximum length %d", n, maxLen)})
	default:
		return true
	}
	return false
}

// match checks s against a documented pattern, given as ok; the value is
// never quoted.
func (v *validator) match(name, s string, ok func(string) bool, pattern string) {
	if !ok(s) {
		v.errs.Add(&paramError{field: name, reason: "value does not match the pattern " + pattern})
	}
}

// deviceKey checks a required device key.
func (v *validator) deviceKey(name string, p *string) {
	if v.required(name, p, maxDeviceKeyLen) {
		v.match(name, *p, isDeviceKey, deviceKeyPattern)
	}
}

// userPoolID checks a required user pool ID.
func (v *validator) userPoolID(name string, p *string) {
	if v.required(name, p, maxUserPoolIDLen) {
		v.match(name, *p, isUserPoolID, userPoolIDPattern)
	}
}

// username checks a required user name.
func (v *validator) username(name string, p *string) {
	if v.required(name, p, maxUsernameLen) {
		v.match(name, *p, isUsername, usernamePattern)
	}
}

// nonSpace checks an optional member whose pattern is [\S]+, such as a
// pagination token, with at most maxLen characters (no bound when 0).
func (v *validator) nonSpace(name string, p *string, maxLen int) {
	if v.optional(name, p, maxLen) {
		v.match(name, *p, isNonSpace, nonSpacePattern)
	}
}

// isDeviceKey reports whether s matches [\w-]+_[0-9a-f-]+ in whole. The
// suffix cannot hold '_', so it starts after the last one.
func isDeviceKey(s string) bool {
	return splitsAtLastUnderscore(s, func(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c == '-' })
}

// isUserPoolID reports whether s matches [\w-]+_[0-9a-zA-Z]+ in whole.
func isUserPoolID(s string) bool {
	return splitsAtLastUnderscore(s, func(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' })
}

// splitsAtLastUnderscore reports whether s is a non-empty run of word
// characters and '-', an '_', and a non-empty run of bytes suffix accepts.
func splitsAtLastUnderscore(s string, suffix func(byte) bool) bool {
	i := strings.LastIndexByte(s, '_')
	if i < 1 || i == len(s)-1 {
		return false
	}
	for j := 0; j < i; j++ {
		if c := s[j]; !(isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-') {
			return false
		}
	}
	for j := i + 1; j < len(s); j++ {
		if !suffix(s[j]) {
			return false
		}
	}
	return true
}

// isUsername reports whether every character of s is a letter, mark,
// symbol, number or punctuation.
func isUsername(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.L, unicode.M, unicode.S, unicode.N, unicode.P) {
			return false
		}
	}
	return true
}

// isNonSpace reports whether s holds none of the white space of [\S]:
// space, tab, line feed, vertical tab, form feed and carriage return.
func isNonSpace(s string) bool {
	return !strings.ContainsAny(s, " \t\n\v\f\r")
}

// clientID checks a required app client ID: 1 to 128 characters matching
// [\w+]+.
func (v *validator) clientID(name string, p *string) {
	if v.required(name, p, maxClientIDLen) {
		v.match(name, *p, isClientID, clientIDPattern)
	}
}

// isClientID reports whether s matches [\w+]+ in whole, \w being ASCII
// letters, digits and '_'.
func isClientID(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '+') {
			return false
		}
	}
	return s != ""
}

// session checks an optional sign-in session: 20 to 2048 characters.
func (v *validator) session(name string, p *string) {
	if p == nil {
		return
	}
	if n := utf8.RuneCountInString(*p); n < minSessionLen || n > maxSessionLen {
		v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("value of length %d is outside the range %d to %d", n, minSessionLen, maxSessionLen)})
	}
}

// requiredEnum checks a required enum member, which is missing when
// empty. Values this client does not know are sent as they are: the
// service adds new ones.
func (v *validator) requiredEnum(name string, s string) {
	if s == "" {
		v.errs.Add(smithy.NewErrParamRequired(name))
	}
}

// optionalFreeForm checks an optional free-form string member (the
// service's StringType) when it is set: it may be empty and has at most
// maxStringLen characters.
func (v *validator) optionalFreeForm(name string, p *string) {
	if p != nil {
		v.freeFormLength(name, "value", *p)
	}
}

// freeFormLength checks that s, a free-form string, has at most
// maxStringLen characters, and adds an error naming name and what (the
// value, a key) when it has more. An empty s passes.
func (v *validator) freeFormLength(name, what, s string) {
	if len(s) <= maxStringLen { // no more characters than bytes
		return
	}
	n := utf8.RuneCountInString(s)
	if n <= maxStringLen {
		return
	}
	v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("%s of length %d exceeds the maximum length %d", what, n, maxStringLen)})
}

// stringMap checks a map of strings: at most maxMapEntries entries, and
// keys and values of at most maxStringLen characters. It reports at most
// one key and one value, and quotes neither: values may be secrets.
func (v *validator) stringMap(name string, m map[string]string) {
	if len(m) > maxMapEntries {
		v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("%d entries exceed the maximum of %d", len(m), maxMapEntries)})
		return
	}
	longKey, longValue := "", ""
	for k, val := range m {
		if len(k) > len(longKey) {
			longKey = k
		}
		if len(val) > len(longValue) {
			longValue = val
		}
	}
	v.freeFormLength(name, "a key", longKey)
	v.freeFormLength(name, "a value", longValue)
}

// contextData checks an optional ContextDataType: when it is set, its
// IpAddress, ServerName, ServerPath and HttpHeaders are required, and
// every string is at most maxStringLen characters.
func (v *validator) contextData(name string, c *ContextDataType) {
	if c == nil {
		return
	}
	for _, m := range []struct {
		name string
		p    *string
	}{{"IpAddress", c.IpAddress}, {"ServerName", c.ServerName}, {"ServerPath", c.ServerPath}} {
		if m.p == nil {
			v.errs.Add(smithy.NewErrParamRequired(name + "." + m.name))
		} else {
			v.optionalFreeForm(name+"."+m.name, m.p)
		}
	}
	if c.HttpHeaders == nil {
		v.errs.Add(smithy.NewErrParamRequired(name + ".HttpHeaders"))
	}
	v.optionalFreeForm(name+".EncodedData", c.EncodedData)
	for i, h := range c.HttpHeaders {
		for _, m := range [2]struct {
			name string
			p    *string
		}{{"HeaderName", h.HeaderName}, {"HeaderValue", h.HeaderValue}} {
			if m.p != nil && len(*m.p) > maxStringLen { // the element's name is built only when needed
				v.optionalFreeForm(fmt.Sprintf("%s.HttpHeaders[%d].%s", name, i, m.name), m.p)
			}
		}
	}
}

// analyticsMetadata checks an optional AnalyticsMetadataType.
func (v *validator) analyticsMetadata(name string, a *AnalyticsMetadataType) {
	if a != nil {
		v.optionalFreeForm(name+".AnalyticsEndpointId", a.AnalyticsEndpointId)
	}
}

// userContextData checks an optional UserContextDataType.
func (v *validator) userContextData(name string, u *UserContextDataType) {
	if u != nil {
		v.optionalFreeForm(name+".EncodedData", u.EncodedData)
		v.optionalFreeForm(name+".IpAddress", u.IpAddress)
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
		v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("unknown value %s, allowed are %q and %q", quotePrefix(string(s), maxQuotedLen),
			DeviceRememberedStatusTypeRemembered, DeviceRememberedStatusTypeNotRemembered)})
	}
}

// clientSecretPattern is the documented pattern of an app client's secret.
const clientSecretPattern = `[\w+]+`

// clientSecret checks an optional app client secret: 24 to 64 characters
// of the documented pattern. The value is never quoted.
func (v *validator) clientSecret(name string, p *string) {
	if p == nil {
		return
	}
	if n := len(*p); n < minClientSecretLen || n > maxClientSecretLen {
		v.errs.Add(&paramError{field: name, reason: fmt.Sprintf("value of length %d is outside the range %d to %d", n, minClientSecretLen, maxClientSecretLen)})
		return
	}
	v.match(name, *p, isClientID, clientSecretPattern)
}
