// Package redaction hides the secrets of the library's shapes wherever
// they are printed or logged. A shape declares its secrets once, with a
// struct tag on each secret member:
//
//	redact:"secret"       the member's value is a secret
//	redact:"auth-values"  a map of sign-in parameters: every value is a
//	                      secret but those of USERNAME, USER_ID_FOR_SRP and
//	                      DEVICE_KEY (see PublicAuthKey)
//	redact:"omit"         the member is left out of printed and logged forms
//
// Everything else is derived from those tags, which are read once per type:
// Format and LogValue for fmt and log/slog, and JSON for the request and
// response bodies of the client's logs and the fake service's request log.
// A member of a struct type is redacted by that type's own declaration.
package redaction

import (
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"sync"

	"github.com/aws/smithy-go/middleware"
)

// Mark replaces secrets wherever the library prints or logs a value that
// holds one.
const Mark = "[REDACTED]"

// TagKey is the struct tag key that declares a member's secrets.
const TagKey = "redact"

// Kind is how a member is redacted.
type Kind uint8

// The kinds of members, from their TagKey tag.
const (
	// Plain members are shown as they are (their own type's declaration
	// still applies to a struct member).
	Plain Kind = iota
	// Secret members are replaced whole when set.
	Secret
	// AuthValues members are maps whose values are secrets, but those of
	// the keys PublicAuthKey accepts.
	AuthValues
	// Omitted members are never printed or logged.
	Omitted
)

// PublicAuthKey reports whether the values under key in a map declared
// auth-values may be shown: the user's name, the name the SRP exchange
// uses and the device key. Every other value (passwords, SRP values,
// proofs, codes, SECRET_HASH, refresh tokens, and any key the library
// does not know) is a secret.
func PublicAuthKey(key string) bool {
	switch key {
	case "USERNAME", "USER_ID_FOR_SRP", "DEVICE_KEY":
		return true
	}
	return false
}

// shape is what the tags of one struct type declare.
type shape struct {
	typ     reflect.Type
	members []member
	// byName finds a member by its lower-case name: the JSON member
	// names are the Go field names, matched without regard to case as
	// the client's decoder does.
	byName map[string]*member
	// secrets is true when the type or a type it holds declares a
	// secret.
	secrets bool
}

// member is one exported field of a shape.
type member struct {
	name  string
	index int
	kind  Kind
	// inner is the shape of the struct the member holds (directly, by
	// pointer, or as the elements of a slice or the values of a map),
	// nil when it holds none.
	inner *shape
	// container is the JSON form that holds inner: '{' for a struct or
	// a map of structs ('m'), '[' for a slice of structs.
	container byte
}

var shapes sync.Map // reflect.Type -> *shape

// shapeOf returns the declaration of struct type t, reading its tags on
// first use. It panics on a tag it does not know: a declaration error is
// a bug of the library, found by its tests.
func shapeOf(t reflect.Type) *shape {
	if s, ok := shapes.Load(t); ok {
		return s.(*shape)
	}
	s := build(t, map[reflect.Type]*shape{})
	actual, _ := shapes.LoadOrStore(t, s)
	return actual.(*shape)
}

func build(t reflect.Type, building map[reflect.Type]*shape) *shape {
	if s, ok := building[t]; ok {
		return s
	}
	s := &shape{typ: t, byName: map[string]*member{}}
	building[t] = s
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		m := member{name: f.Name, index: i, kind: kindOf(t, f)}
		inner, container := structIn(f.Type)
		if inner != nil && m.kind == Plain {
			m.inner, m.container = build(inner, building), container
		}
		s.members = append(s.members, m)
	}
	for i := range s.members {
		m := &s.members[i]
		s.byName[strings.ToLower(m.name)] = m
		if m.kind == Secret || m.kind == AuthValues || (m.inner != nil && m.inner.secrets) {
			s.secrets = true
		}
	}
	return s
}

func kindOf(t reflect.Type, f reflect.StructField) Kind {
	switch tag := f.Tag.Get(TagKey); tag {
	case "":
		return Plain
	case "secret":
		return Secret
	case "auth-values":
		if f.Type != reflect.TypeFor[map[string]string]() {
			panic(fmt.Sprintf("redaction: %s.%s is tagged auth-values but is not a map[string]string", t, f.Name))
		}
		return AuthValues
	case "omit":
		return Omitted
	default:
		panic(fmt.Sprintf("redaction: %s.%s has an unknown %s tag %q", t, f.Name, TagKey, tag))
	}
}

// structIn returns the struct type a field of type t holds and the JSON
// form that holds it, or nil.
func structIn(t reflect.Type) (reflect.Type, byte) {
	container := byte('{')
	switch t.Kind() {
	case reflect.Slice:
		t, container = t.Elem(), '['
	case reflect.Map:
		t, container = t.Elem(), 'm'
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == reflect.TypeFor[middleware.Metadata]() {
		return nil, 0
	}
	return t, container
}

// HasSecrets reports whether values of struct type t (or a pointer to
// one) can hold a secret: whether t or a type it holds declares one.
func HasSecrets(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && shapeOf(t).secrets
}

// Members returns the kind of each exported field of struct type t, by
// field name, as its tags declare it.
func Members(t reflect.Type) map[string]Kind {
	s := shapeOf(t)
	kinds := make(map[string]Kind, len(s.members))
	for _, m := range s.members {
		kinds[m.name] = m.kind
	}
	return kinds
}

// field is one member of a value as it is printed: secrets already
// replaced.
type field struct {
	name  string
	value any
}

// hidden stands in for a secret that is set; it prints as the mark
// whatever the verb.
type hidden struct{}

// Format prints the mark, quoted for %#v.
func (hidden) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, `"`+Mark+`"`)
		return
	}
	io.WriteString(f, Mark)
}

// nilPointer prints a nil pointer member as fmt prints it, even when the
// pointed-to type has a Format method of its own (which fmt would call on
// the nil pointer and report as a panic).
type nilPointer struct{ t reflect.Type }

// Format prints (*T)(nil) for %#v and <nil> for any other verb.
func (p nilPointer) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, "("+p.t.String()+")(nil)")
		return
	}
	io.WriteString(f, "<nil>")
}

// fields returns the members of v, a struct, secrets replaced: a secret
// that is the zero value of its type (a nil pointer, an empty string) is
// kept so that its absence shows; any other is the mark.
func fields(v reflect.Value) []field {
	s := shapeOf(v.Type())
	out := make([]field, 0, len(s.members))
	for _, m := range s.members {
		fv := v.Field(m.index)
		var value any
		switch {
		case m.kind == Omitted:
			continue
		case m.kind == Secret && !fv.IsZero():
			value = hidden{}
		case m.kind == AuthValues:
			value = AuthValuesMap(fv.Interface().(map[string]string))
		case fv.Kind() == reflect.Pointer && fv.IsNil():
			value = nilPointer{fv.Type()}
		default:
			value = fv.Interface()
		}
		out = append(out, field{m.name, value})
	}
	return out
}

// AuthValuesMap returns a copy of m with every value but those of
// PublicAuthKey keys replaced by the mark, nil for nil. Keys are kept.
func AuthValuesMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		if !PublicAuthKey(k) {
			v = Mark
		}
		c[k] = v
	}
	return c
}

// Format prints v, a struct value, the way fmt prints a struct for %v,
// %+v and %#v, with its secrets replaced by the mark. Every other verb
// prints like %v, so no verb can reach a secret. A type that declares
// secrets calls it from its own Format method.
func Format(f fmt.State, verb rune, v any) {
	rv := reflect.ValueOf(v)
	fs := fields(rv)
	switch {
	case verb == 'v' && f.Flag('#'):
		io.WriteString(f, rv.Type().String()+"{")
		for i, fl := range fs {
			if i > 0 {
				io.WriteString(f, ", ")
			}
			fmt.Fprintf(f, "%s:%#v", fl.name, fl.value)
		}
	case verb == 'v' && f.Flag('+'):
		io.WriteString(f, "{")
		for i, fl := range fs {
			if i > 0 {
				io.WriteString(f, " ")
			}
			fmt.Fprintf(f, "%s:%+v", fl.name, fl.value)
		}
	default:
		io.WriteString(f, "{")
		for i, fl := range fs {
			if i > 0 {
				io.WriteString(f, " ")
			}
			fmt.Fprintf(f, "%v", fl.value)
		}
	}
	io.WriteString(f, "}")
}

// LogValue returns v, a struct value, as a slog group with its secrets
// replaced by the mark. A nil pointer, map or slice is left out, so is a
// ResultMetadata (its keys are private to other packages), and any other
// pointer is followed, so that the pointed-to type's own LogValue applies.
func LogValue(v any) slog.Value {
	fs := fields(reflect.ValueOf(v))
	attrs := make([]slog.Attr, 0, len(fs))
	for _, fl := range fs {
		rv := reflect.ValueOf(fl.value)
		switch {
		case fl.value == nil, (rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Map || rv.Kind() == reflect.Slice) && rv.IsNil():
			continue
		case rv.Type() == reflect.TypeFor[nilPointer]():
			continue
		case rv.Type() == reflect.TypeFor[middleware.Metadata]():
			continue
		case rv.Type() == reflect.TypeFor[hidden]():
			attrs = append(attrs, slog.String(fl.name, Mark))
		case rv.Kind() == reflect.Pointer:
			attrs = append(attrs, slog.Any(fl.name, rv.Elem().Interface()))
		default:
			attrs = append(attrs, slog.Any(fl.name, fl.value))
		}
	}
	return slog.GroupValue(attrs...)
}
