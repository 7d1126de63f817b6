package redaction

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// errForm reports a JSON value that is not of the form expected.
var errForm = errors.New("not of the expected form")

// JSON returns body, the JSON encoding of a value of struct type t (or a
// pointer to one), with the value of every secret member replaced by the
// quoted mark. Member names are matched without regard to case, as the
// client's decoder matches them. A secret member's value is replaced
// whatever its JSON type; so is a member that holds secrets deeper (a
// structure, a list of them, a map of sign-in parameters) when its value
// is not of the form that holds them. A null stays null, and everything
// else is kept as sent, white space included. A body that is not one
// well-formed JSON object gives only its length, since where its secrets
// lie cannot be told. A type that declares no secret gets its body back
// unchanged.
//
// JSON reads the type's tags on first use, not on every call; it is meant
// for logs, not for the request path.
func JSON(t reflect.Type, body string) string {
	if !HasSecrets(t) {
		return body
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var spans [][2]int64
	if err := topObject(shapeOf(t), body, &spans); err != nil {
		return Mark + " (" + strconv.Itoa(len(body)) + " bytes, not a well-formed JSON object)"
	}
	var b strings.Builder
	b.Grow(len(body))
	last := int64(0)
	for _, s := range spans {
		b.WriteString(body[last:s[0]])
		b.WriteString(`"` + Mark + `"`)
		last = s[1]
	}
	b.WriteString(body[last:])
	return b.String()
}

// topObject redacts the one object body holds, refusing anything after it.
func topObject(s *shape, body string, spans *[][2]int64) error {
	dec := json.NewDecoder(strings.NewReader(body))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return errForm
	}
	if raw[0] != '{' {
		return errForm
	}
	return object(s, raw, end-int64(len(raw)), spans)
}

// each calls fn with every member (key set) or element (key empty) of
// src, an object or array that starts at offset at of the body, with the
// raw value and its offset.
func each(src []byte, at int64, fn func(key string, raw []byte, at int64) error) error {
	dec := json.NewDecoder(bytes.NewReader(src))
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		var key string
		if src[0] == '{' {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ = tok.(string)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		end := dec.InputOffset()
		if err := fn(key, raw, at+end-int64(len(raw))); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// object redacts src, an object encoding a value of shape s.
func object(s *shape, src []byte, at int64, spans *[][2]int64) error {
	return each(src, at, func(key string, raw []byte, at int64) error {
		m := s.byName[strings.ToLower(key)]
		if m == nil || string(raw) == "null" {
			return nil
		}
		return value(m, raw, at, spans)
	})
}

// value redacts raw, the value of member m at offset at.
func value(m *member, raw []byte, at int64, spans *[][2]int64) error {
	whole := func() error {
		*spans = append(*spans, [2]int64{at, at + int64(len(raw))})
		return nil
	}
	switch {
	case m.kind == Secret:
		return whole()
	case m.kind == AuthValues:
		if raw[0] != '{' {
			return whole()
		}
		return each(raw, at, func(key string, v []byte, at int64) error {
			if !PublicAuthKey(key) && string(v) != "null" {
				*spans = append(*spans, [2]int64{at, at + int64(len(v))})
			}
			return nil
		})
	case m.inner == nil || !m.inner.secrets:
		return nil
	}
	open := byte('{')
	if m.container == '[' {
		open = '['
	}
	if raw[0] != open {
		return whole()
	}
	if m.container == '{' {
		return object(m.inner, raw, at, spans)
	}
	return each(raw, at, func(_ string, v []byte, at int64) error {
		switch {
		case string(v) == "null":
			return nil
		case v[0] != '{':
			*spans = append(*spans, [2]int64{at, at + int64(len(v))})
			return nil
		}
		return object(m.inner, v, at, spans)
	})
}
