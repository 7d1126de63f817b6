package cognitodevices

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds a strict, allocation-frugal JSON reader for response
// bodies. It works on the body as one string so that string values without
// escapes are substrings of it and cost no allocation.

// maxJSONDepth bounds nesting in values the reader skips, so a hostile body
// cannot drive the skipper into unbounded recursion.
const maxJSONDepth = 256

// jsonReader walks one JSON document held in src.
type jsonReader struct {
	src string
	pos int
}

// syntaxError describes where and why a response body is not the JSON the
// operation expects.
type syntaxError struct {
	offset int
	msg    string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at offset %d: %s", e.offset, e.msg)
}

func (r *jsonReader) fail(format string, args ...any) error {
	return &syntaxError{offset: r.pos, msg: fmt.Sprintf(format, args...)}
}

func (r *jsonReader) skipSpace() {
	for r.pos < len(r.src) {
		switch r.src[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// peek returns the next significant byte without consuming it, or 0 at the
// end of input.
func (r *jsonReader) peek() byte {
	r.skipSpace()
	if r.pos >= len(r.src) {
		return 0
	}
	return r.src[r.pos]
}

func (r *jsonReader) describeNext() string {
	if r.pos >= len(r.src) {
		return "end of input"
	}
	return strconv.QuoteRune(rune(r.src[r.pos]))
}

func (r *jsonReader) consume(c byte) error {
	if r.peek() != c {
		return r.fail("expected %q, found %s", c, r.describeNext())
	}
	r.pos++
	return nil
}

func (r *jsonReader) literal(word string) error {
	if len(r.src)-r.pos < len(word) || r.src[r.pos:r.pos+len(word)] != word {
		return r.fail("invalid literal, expected %s", word)
	}
	r.pos += len(word)
	return nil
}

// null consumes a JSON null if one comes next and reports whether it did.
func (r *jsonReader) null() (bool, error) {
	if r.peek() != 'n' {
		return false, nil
	}
	return true, r.literal("null")
}

// end checks that nothing but white space follows the document.
func (r *jsonReader) end() error {
	r.skipSpace()
	if r.pos != len(r.src) {
		return r.fail("unexpected data after the JSON document")
	}
	return nil
}

// openObject consumes '{'. The caller then loops over member.
func (r *jsonReader) openObject(what string) error {
	if r.peek() != '{' {
		return r.fail("%s must be a JSON object, found %s", what, r.describeNext())
	}
	r.pos++
	return nil
}

// member reads the next key of the object opened by openObject and the ':'
// after it; index counts the members already read. ok is false once the
// closing '}' has been consumed.
func (r *jsonReader) member(index int) (key string, ok bool, err error) {
	c := r.peek()
	if c == '}' {
		r.pos++
		return "", false, nil
	}
	if index > 0 {
		if c != ',' {
			return "", false, r.fail("expected ',' or '}' in object, found %s", r.describeNext())
		}
		r.pos++
		r.skipSpace()
	}
	if key, err = r.str(); err != nil {
		return "", false, err
	}
	if err = r.consume(':'); err != nil {
		return "", false, err
	}
	return key, true, nil
}

// openArray consumes '['. The caller then loops over element.
func (r *jsonReader) openArray(what string) error {
	if r.peek() != '[' {
		return r.fail("%s must be a JSON array, found %s", what, r.describeNext())
	}
	r.pos++
	return nil
}

// element positions the reader on the next array element; index counts the
// elements already read. ok is false once the closing ']' has been consumed.
func (r *jsonReader) element(index int) (ok bool, err error) {
	c := r.peek()
	if c == ']' {
		r.pos++
		return false, nil
	}
	if index > 0 {
		if c != ',' {
			return false, r.fail("expected ',' or ']' in array, found %s", r.describeNext())
		}
		r.pos++
		r.skipSpace()
	}
	return true, nil
}

// plainStringByte marks the bytes a string scan can pass over without a
// second look: printable ASCII other than the quote and the backslash.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plainWord reports whether none of the eight bytes of w needs a second
// look in a string scan (see plainStringByte), testing them all at once.
// It may answer false for a plain word; the byte loop then decides.
func plainWord(w string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	quote := x ^ ('"' * ones)
	backslash := x ^ ('\\' * ones)
	special := (quote-ones) & ^quote | // a byte equal to '"'
		(backslash-ones)&^backslash | // a byte equal to '\\'
		(x-0x20*ones)&^x | // a byte below 0x20
		x // a byte of 0x80 or more
	return special&highs == 0
}

// str reads a JSON string. Strings without escapes are returned as
// substrings of the document, which the caller must copy (arena.string)
// before keeping; others are decoded into a new string. Invalid UTF-8 is
// replaced by U+FFFD, as encoding/json does.
func (r *jsonReader) str() (string, error) {
	if r.peek() != '"' {
		return "", r.fail("expected a string, found %s", r.describeNext())
	}
	start := r.pos + 1
	ascii := true
	for i := start; i < len(r.src); i++ {
		for i+8 <= len(r.src) && plainWord(r.src[i:i+8]) {
			i += 8
		}
		for i < len(r.src) && plainStringByte[r.src[i]] {
			i++
		}
		if i == len(r.src) {
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

// number reads a JSON number and returns its text, checked against the
// JSON grammar.
func (r *jsonReader) number() (string, error) {
	r.skipSpace()
	start := r.pos
	i := r.pos
	if i < len(r.src) && r.src[i] == '-' {
		i++
	}
	switch {
	case i < len(r.src) && r.src[i] == '0':
		i++
	case i < len(r.src) && r.src[i] >= '1' && r.src[i] <= '9':
		for i < len(r.src) && isDigit(r.src[i]) {
			i++
		}
	default:
		return "", r.fail("expected a number, found %s", r.describeNext())
	}
	if i < len(r.src) && r.src[i] == '.' {
		i++
		d := i
		for i < len(r.src) && isDigit(r.src[i]) {
			i++
		}
		if i == d {
			r.pos = i
			return "", r.fail("invalid number: no digits after the decimal point")
		}
	}
	if i < len(r.src) && (r.src[i] == 'e' || r.src[i] == 'E') {
		i++
		if i < len(r.src) && (r.src[i] == '+' || r.src[i] == '-') {
			i++
		}
		d := i
		for i < len(r.src) && isDigit(r.src[i]) {
			i++
		}
		if i == d {
			r.pos = i
			return "", r.fail("invalid number: no digits in the exponent")
		}
	}
	r.pos = i
	return r.src[start:i], nil
}

// skip consumes one value of any kind.
func (r *jsonReader) skip(depth int) error {
	if depth > maxJSONDepth {
		return r.fail("nesting deeper than %d levels", maxJSONDepth)
	}
	switch r.peek() {
	case '{':
		r.pos++
		for i := 0; ; i++ {
			_, ok, err := r.member(i)
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			if err := r.skip(depth + 1); err != nil {
				return err
			}
		}
	case '[':
		r.pos++
		for i := 0; ; i++ {
			ok, err := r.element(i)
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			if err := r.skip(depth + 1); err != nil {
				return err
			}
		}
	case '"':
		_, err := r.str()
		return err
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.literal("null")
	default:
		_, err := r.number()
		return err
	}
}

// optString reads a string member that may be null.
func (r *jsonReader) optString(a *arena, field string) (*string, error) {
	if isNull, err := r.null(); isNull || err != nil {
		return nil, err
	}
	s, err := r.str()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	return a.string(s), nil
}

// optTime reads an epoch-seconds member that may be null.
func (r *jsonReader) optTime(a *arena, field string) (*time.Time, error) {
	if isNull, err := r.null(); isNull || err != nil {
		return nil, err
	}
	if c := r.peek(); c != '-' && !isDigit(c) {
		return nil, r.fail("%s must be a number of epoch seconds, found %s", field, r.describeNext())
	}
	text, err := r.number()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	t, err := parseEpochSeconds(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %q: %w", field, text, err)
	}
	return a.time(t), nil
}
