package cognitodevices

import (
	"fmt"
	"io"
	"log/slog"
	"reflect"
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

// redactedString hides a secret string field: nil stays a nil *string so
// absence is still visible, anything else prints as the mark.
func redactedString(p *string) any {
	if p == nil {
		return (*string)(nil)
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
// redaction mark, a nil pointer is left out and any other pointer is
// followed.
func logValue(fields []field) slog.Value {
	attrs := make([]slog.Attr, 0, len(fields))
	for _, fl := range fields {
		v := reflect.ValueOf(fl.value)
		switch {
		case fl.value == nil, v.Kind() == reflect.Pointer && v.IsNil():
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
