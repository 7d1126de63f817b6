package cognitodevices

import (
	"maps"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Request bodies are written member by member, in the official client's
// order, with unset members omitted, so that the bytes on the wire (and
// the signature over them) are the official client's.

// jsonObjectWriter appends the members of one JSON object.
type jsonObjectWriter struct {
	buf []byte
	n   int
}

// key opens a member whose name needs no escaping (a member of a shape).
func (w *jsonObjectWriter) key(name string) {
	w.next()
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '"', ':')
}

// mapKey opens a member whose name is data (a key of a map), escaped as
// a string value is.
func (w *jsonObjectWriter) mapKey(name string) {
	w.next()
	w.buf = appendJSONString(w.buf, name)
	w.buf = append(w.buf, ':')
}

// next writes what precedes a member: the opening brace or a comma.
func (w *jsonObjectWriter) next() {
	if w.n == 0 {
		w.buf = append(w.buf, '{')
	} else {
		w.buf = append(w.buf, ',')
	}
	w.n++
}

// str writes a string member unless v is nil.
func (w *jsonObjectWriter) str(name string, v *string) {
	if v != nil {
		w.key(name)
		w.buf = appendJSONString(w.buf, *v)
	}
}

// enum writes a string-valued enum member unless v is empty.
func (w *jsonObjectWriter) enum(name string, v string) {
	if v != "" {
		w.key(name)
		w.buf = appendJSONString(w.buf, v)
	}
}

// int32 writes a number member unless v is nil.
func (w *jsonObjectWriter) int32(name string, v *int32) {
	if v != nil {
		w.key(name)
		w.buf = strconv.AppendInt(w.buf, int64(*v), 10)
	}
}

// object writes an object member, whose members members writes.
func (w *jsonObjectWriter) object(name string, members func(inner *jsonObjectWriter)) {
	w.key(name)
	inner := jsonObjectWriter{buf: w.buf}
	members(&inner)
	w.buf = inner.bytes()
}

// stringMap writes a map member unless m is nil (an empty map is written
// as {}), with its keys in sorted order, so that one map always gives the
// same bytes. The official client writes them in Go's map order, which
// varies from call to call; only that order differs.
func (w *jsonObjectWriter) stringMap(name string, m map[string]string) {
	if m == nil {
		return
	}
	w.object(name, func(inner *jsonObjectWriter) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			inner.mapKey(k)
			inner.buf = appendJSONString(inner.buf, m[k])
		}
	})
}

// objects writes an array member of n objects, element writing the
// members of the i-th.
func (w *jsonObjectWriter) objects(name string, n int, element func(i int, inner *jsonObjectWriter)) {
	w.key(name)
	w.buf = append(w.buf, '[')
	for i := range n {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		inner := jsonObjectWriter{buf: w.buf}
		element(i, &inner)
		w.buf = inner.bytes()
	}
	w.buf = append(w.buf, ']')
}

// strings writes an array member of strings unless list is nil.
func (w *jsonObjectWriter) strings(name string, list []string) {
	if list == nil {
		return
	}
	w.key(name)
	w.buf = append(w.buf, '[')
	for i, s := range list {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = appendJSONString(w.buf, s)
	}
	w.buf = append(w.buf, ']')
}

// analyticsMetadata writes an AnalyticsMetadataType member unless v is nil.
func (w *jsonObjectWriter) analyticsMetadata(name string, v *AnalyticsMetadataType) {
	if v != nil {
		w.object(name, func(inner *jsonObjectWriter) {
			inner.str("AnalyticsEndpointId", v.AnalyticsEndpointId)
		})
	}
}

// userContextData writes a UserContextDataType member unless v is nil.
func (w *jsonObjectWriter) userContextData(name string, v *UserContextDataType) {
	if v != nil {
		w.object(name, func(inner *jsonObjectWriter) {
			inner.str("EncodedData", v.EncodedData)
			inner.str("IpAddress", v.IpAddress)
		})
	}
}

// contextData writes a ContextDataType member unless v is nil. The
// members of a header are spelled headerName and headerValue on the wire.
func (w *jsonObjectWriter) contextData(name string, v *ContextDataType) {
	if v == nil {
		return
	}
	w.object(name, func(inner *jsonObjectWriter) {
		inner.str("EncodedData", v.EncodedData)
		if v.HttpHeaders != nil {
			inner.objects("HttpHeaders", len(v.HttpHeaders), func(i int, h *jsonObjectWriter) {
				h.str("headerName", v.HttpHeaders[i].HeaderName)
				h.str("headerValue", v.HttpHeaders[i].HeaderValue)
			})
		}
		inner.str("IpAddress", v.IpAddress)
		inner.str("ServerName", v.ServerName)
		inner.str("ServerPath", v.ServerPath)
	})
}

// bytes closes the object and returns the buffer.
func (w *jsonObjectWriter) bytes() []byte {
	if w.n == 0 {
		return append(w.buf, '{', '}')
	}
	return append(w.buf, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string escaped as the official
// client escapes it: quote, backslash and control characters, U+2028 and
// U+2029, and invalid UTF-8 as U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
