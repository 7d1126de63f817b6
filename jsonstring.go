package cognitodevices

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// This file holds the string scanning of jsonReader.

// plainStringByte marks the bytes a string scan can pass over without a
// second look: printable ASCII other than the quote and the backslash.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// specialBytes returns, for the eight bytes of w, a mask with the top bit
// of each byte set that needs a second look in a string scan (see
// plainStringByte): the quote, the backslash, control bytes and bytes of
// 0x80 or more. The tests subtract without carrying into a lower byte, so
// a flag above a special byte may be spurious, but the lowest flag is
// always the first special byte.
func specialBytes(w string) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	_ = w[7]
	// One little-endian load of the eight bytes (w is read, never written).
	x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(w), 8))
	quote := x ^ ('"' * ones)
	backslash := x ^ ('\\' * ones)
	special := (quote-ones) & ^quote | // a byte equal to '"'
		(backslash-ones)&^backslash | // a byte equal to '\\'
		(x-0x20*ones)&^x | // a byte below 0x20
		x // a byte of 0x80 or more
	return special & highs
}

// plainEnd returns the index of the first byte at or after i that a
// string scan must look at (see plainStringByte), or len(src), eight
// bytes at a time.
func plainEnd(src string, i int) int {
	for ; i+8 <= len(src); i += 8 {
		if m := specialBytes(src[i : i+8]); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(src) && plainStringByte[src[i]] {
		i++
	}
	return i
}

// str reads a JSON string. A string without escapes is returned as a view
// of the document, not a copy, so str is private to the reader: what the
// reader hands out goes through optString or text, which copy. Invalid
// UTF-8 is replaced by U+FFFD, as encoding/json does.
func (r *jsonReader) str() (string, error) {
	if r.peek() != '"' {
		return "", r.fail("expected a string, found %s", r.describeNext())
	}
	start := r.pos + 1
	ascii := true
	for i := start; i < len(r.src); i++ {
		if i = plainEnd(r.src, i); i == len(r.src) {
			break
		}
		switch c := r.src[i]; {
		case c == '"':
			s := r.src[start:i]
			r.pos = i + 1
			if !ascii && !utf8.ValidString(s) {
				return string([]rune(s)), nil
			}
			return s, nil
		case c == '\\':
			return r.unescape(start)
		case c < 0x20:
			r.pos = i
			return "", r.fail("control character in string")
		default:
			ascii = false
		}
	}
	r.pos = len(r.src)
	return "", r.fail("unterminated string")
}

// unescape decodes the string starting at src[start] (just after the quote)
// that contains at least one escape sequence.
func (r *jsonReader) unescape(start int) (string, error) {
	buf := make([]byte, 0, 32)
	i := start
	for i < len(r.src) {
		c := r.src[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return string(buf), nil
		case c < 0x20:
			r.pos = i
			return "", r.fail("control character in string")
		case c == '\\':
			if i+1 >= len(r.src) {
				r.pos = i
				return "", r.fail("unterminated escape")
			}
			switch e := r.src[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
				i += 2
			case 'b':
				buf = append(buf, '\b')
				i += 2
			case 'f':
				buf = append(buf, '\f')
				i += 2
			case 'n':
				buf = append(buf, '\n')
				i += 2
			case 'r':
				buf = append(buf, '\r')
				i += 2
			case 't':
				buf = append(buf, '\t')
				i += 2
			case 'u':
				r1, ok := hex4(r.src, i+2)
				if !ok {
					r.pos = i
					return "", r.fail("invalid \\u escape")
				}
				i += 6
				if utf16.IsSurrogate(r1) {
					r2 := utf8.RuneError
					if i+1 < len(r.src) && r.src[i] == '\\' && r.src[i+1] == 'u' {
						if v, ok := hex4(r.src, i+2); ok {
							if dec := utf16.DecodeRune(r1, v); dec != utf8.RuneError {
								r2 = dec
								i += 6
							}
						}
					}
					r1 = r2
				}
				buf = utf8.AppendRune(buf, r1)
			default:
				r.pos = i
				return "", r.fail("invalid escape character %q", e)
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			rn, size := utf8.DecodeRuneInString(r.src[i:])
			buf = utf8.AppendRune(buf, rn)
			i += size
		}
	}
	r.pos = len(r.src)
	return "", r.fail("unterminated string")
}

func hex4(s string, at int) (rune, bool) {
	if at+4 > len(s) {
		return 0, false
	}
	var v rune
	for _, c := range []byte(s[at : at+4]) {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			v |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			v |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return v, true
}

// text reads a string and returns a copy of it.
func (r *jsonReader) text() (string, error) {
	s, err := r.str()
	return strings.Clone(s), err
}
