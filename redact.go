package cognitodevices

import (
	"fmt"
	"io"
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
