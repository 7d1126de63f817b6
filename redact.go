package cognitodevices

import (
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strconv"
	"strings"

	"github.com/aws/smithy-go/middleware"
)

// redactionMark replaces secrets wherever this package prints or logs a
// value that holds one.
const redactionMark = "[REDACTED]"

// field is one named value of a struct printed by formatRedacted.
type field struct {
	name  string
	value any
}

// redacted stands in for a secret that is set; it prints as the mark
// whatever the verb.
type redacted struct{}

func (redacted) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, `"`+redactionMark+`"`)
		return
	}
	io.WriteString(f, redactionMark)
}

// redactedSecret hides a secret field for printing: nil stays a typed nil
// pointer so absence is still visible, anything else prints as the mark.
func redactedSecret[T any](p *T) any {
	if p == nil {
		return p
	}
	return redacted{}
}

// formatRedacted prints a struct the way fmt would for %v, %+v and %#v,
// from fields in which secrets were already replaced. Every other verb
// prints like %v, so no verb can reach the secret.
func formatRedacted(f fmt.State, verb rune, typeName string, fields []field) {
	switch {
	case verb == 'v' && f.Flag('#'):
		io.WriteString(f, "cognitodevices."+typeName+"{")
		for i, fl := range fields {
			if i > 0 {
				io.WriteString(f, ", ")
			}
			fmt.Fprintf(f, "%s:%#v", fl.name, fl.value)
		}
	case verb == 'v' && f.Flag('+'):
		io.WriteString(f, "{")
		for i, fl := range fields {
			if i > 0 {
				io.WriteString(f, " ")
			}
			fmt.Fprintf(f, "%s:%+v", fl.name, fl.value)
		}
	default:
		io.WriteString(f, "{")
		for i, fl := range fields {
			if i > 0 {
				io.WriteString(f, " ")
			}
			fmt.Fprintf(f, "%v", fl.value)
		}
	}
	io.WriteString(f, "}")
}

// logValue is a slog group of fields, in which a redacted secret is the
// redaction mark, a nil pointer, map or slice is left out, so is an
// output's ResultMetadata (its keys are private to other packages), and
// any other pointer is followed.
func logValue(fields []field) slog.Value {
	attrs := make([]slog.Attr, 0, len(fields))
	for _, fl := range fields {
		v := reflect.ValueOf(fl.value)
		switch {
		case fl.value == nil, (v.Kind() == reflect.Pointer || v.Kind() == reflect.Map || v.Kind() == reflect.Slice) && v.IsNil():
			continue
		case v.Type() == reflect.TypeFor[middleware.Metadata]():
			continue
		case v.Type() == reflect.TypeFor[redacted]():
			attrs = append(attrs, slog.String(fl.name, redactionMark))
		case v.Kind() == reflect.Pointer:
			attrs = append(attrs, slog.Any(fl.name, v.Elem().Interface()))
		default:
			attrs = append(attrs, slog.Any(fl.name, fl.value))
		}
	}
	return slog.GroupValue(attrs...)
}

// publicAuthKey reports whether the values under key in AuthParameters,
// ChallengeResponses and ChallengeParameters may be shown: the user's
// name, the name the SRP exchange uses and the device key. Every other
// value (passwords, SRP values, proofs, codes, SECRET_HASH, refresh
// tokens, and any key this client does not know) is a secret.
func publicAuthKey(key string) bool {
	switch key {
	case "USERNAME", "USER_ID_FOR_SRP", "DEVICE_KEY":
		return true
	}
	return false
}

// redactedMap returns a copy of a sign-in map with every value but those
// of publicAuthKey keys replaced by the mark, nil for nil. Keys are kept.
func redactedMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		if !publicAuthKey(k) {
			v = redactionMark
		}
		c[k] = v
	}
	return c
}

// redactedUserContextData returns a copy of u with both members replaced
// by the mark, for request logs.
func redactedUserContextData(u *UserContextDataType) *UserContextDataType {
	if u == nil {
		return nil
	}
	return &UserContextDataType{EncodedData: redactedPointer(u.EncodedData), IpAddress: redactedPointer(u.IpAddress)}
}

// redactAuthResponse returns a sign-in response body for the response log,
// with the secrets replaced by the quoted mark: the Session, the
// AccessToken, IdToken and RefreshToken of AuthenticationResult, and every
// ChallengeParameters value but those of publicAuthKey keys. Member names
// are matched without regard to case, and a secret member of an
// unexpected type is replaced whole. Everything else is kept as sent. A
// body that is not one well-formed JSON object gives only its length,
// since where its secrets lie cannot be told.
func redactAuthResponse(body string) string {
	r := jsonReader{src: body}
	var spans [][2]int // the values to replace, in order
	secret := func() error {
		r.skipSpace()
		start := r.pos
		if isNull, err := r.null(); isNull || err != nil {
			return err
		}
		if err := r.skip(); err != nil {
			return err
		}
		spans = append(spans, [2]int{start, r.pos})
		return nil
	}
	// members reads an object whose members isSecret picks, or replaces
	// the whole value when it is not an object.
	members := func(what string, isSecret func(key string) bool) error {
		if r.peek() != '{' {
			return secret()
		}
		return r.object(what, func(key string) error {
			if isSecret(key) {
				return secret()
			}
			return r.skip()
		})
	}
	err := r.object("response", func(key string) error {
		switch {
		case strings.EqualFold(key, "Session"):
			return secret()
		case strings.EqualFold(key, "AuthenticationResult"):
			return members(key, func(k string) bool {
				return strings.EqualFold(k, "AccessToken") || strings.EqualFold(k, "IdToken") || strings.EqualFold(k, "RefreshToken")
			})
		case strings.EqualFold(key, "ChallengeParameters"):
			return members(key, func(k string) bool { return !publicAuthKey(k) })
		}
		return r.skip()
	})
	if err == nil {
		err = r.end()
	}
	if err != nil {
		return redactionMark + " (" + strconv.Itoa(len(body)) + " bytes, not a well-formed sign-in response)"
	}
	var b strings.Builder
	b.Grow(len(body))
	last := 0
	for _, s := range spans {
		b.WriteString(body[last:s[0]])
		b.WriteString(`"` + redactionMark + `"`)
		last = s[1]
	}
	b.WriteString(body[last:])
	return b.String()
}
