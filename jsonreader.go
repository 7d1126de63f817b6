package cognitodevices

import (
	"fmt"
	"strconv"
	"time"
)

// This file holds a strict, allocation-frugal JSON reader for response
// bodies; its string scanning (str and text) is in jsonstring.go. It
// works on the body as one string, which may be a view of a pooled buffer
// (see bytesView): it scans strings in place, and every string it hands
// out is a copy (optString copies into an arena, text clones), so nothing
// it returns aliases the buffer. What is particular to devices, such as
// the one-pass reading of their attributes, is in decode.go.

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

// literalName consumes the JSON literal name whose first byte comes
// next: true for 't', false for 'f', and null otherwise (the callers have
// seen an 'n'). A name cut short or misspelt is an error.
func (r *jsonReader) literalName() error {
	word := "null"
	switch r.peek() {
	case 't':
		word = "true"
	case 'f':
		word = "false"
	}
	if !r.expect(word) {
		return r.fail("invalid literal, expected %s", word)
	}
	return nil
}

// null consumes a JSON null if one comes next and reports whether it did.
func (r *jsonReader) null() (bool, error) {
	if r.peek() != 'n' {
		return false, nil
	}
	return true, r.literalName()
}

// atEnd reports whether nothing but white space is left. (peek's 0 cannot
// tell the end from a NUL byte.)
func (r *jsonReader) atEnd() bool {
	r.skipSpace()
	return r.pos >= len(r.src)
}

// end checks that nothing but white space follows the document.
func (r *jsonReader) end() error {
	r.skipSpace()
	if r.pos != len(r.src) {
		return r.fail("unexpected data after the JSON document")
	}
	return nil
}

// object reads a JSON object, calling member for each of its members
// with the member's key; member must consume the value. The key is a view
// of the document, valid only during the call: member compares it and
// does not keep it.
func (r *jsonReader) object(what string, member func(key string) error) error {
	return r.items('{', '}', "object", what, func(int) error {
		key, err := r.str()
		if err != nil {
			return err
		}
		if err := r.consume(':'); err != nil {
			return err
		}
		return member(key)
	})
}

// array reads a JSON array, calling element for each element with its
// index; element must consume the value.
func (r *jsonReader) array(what string, element func(i int) error) error {
	return r.items('[', ']', "array", what, element)
}

// items reads the items of an object or array, what names it in errors:
// the opening byte, then each item through each, separated by commas, then
// the closing byte.
func (r *jsonReader) items(opening, closing byte, kind, what string, each func(i int) error) error {
	if r.peek() != opening {
		return r.fail("%s must be a JSON %s, found %s", what, kind, r.describeNext())
	}
	r.pos++
	for i := 0; ; i++ {
		if more, err := r.more(i, closing, kind); !more || err != nil {
			return err
		}
		if err := each(i); err != nil {
			return err
		}
	}
}

// more is the step between the items of an object or array whose opening
// byte is consumed, i items in: it consumes the closing byte and reports
// false at the end, or consumes the ',' before item i (none before the
// first) and reports true.
func (r *jsonReader) more(i int, closing byte, kind string) (bool, error) {
	c := r.peek()
	if c == closing {
		r.pos++
		return false, nil
	}
	if i > 0 {
		if c != ',' {
			return false, r.fail("expected ',' or '%c' in %s, found %s", closing, kind, r.describeNext())
		}
		r.pos++
		r.skipSpace()
	}
	return true, nil
}

// number reads a JSON number and returns its text, checked against the
// JSON grammar.
func (r *jsonReader) number() (string, error) {
	r.skipSpace()
	start, i := r.pos, r.pos
	if i < len(r.src) && r.src[i] == '-' {
		i++
	}
	switch {
	case i < len(r.src) && r.src[i] == '0':
		i++
	case i < len(r.src) && r.src[i] >= '1' && r.src[i] <= '9':
		i, _ = r.digits(i)
	default:
		return "", r.fail("expected a number, found %s", r.describeNext())
	}
	var ok bool
	if i < len(r.src) && r.src[i] == '.' {
		if i, ok = r.digits(i + 1); !ok {
			r.pos = i
			return "", r.fail("invalid number: no digits after the decimal point")
		}
	}
	if i < len(r.src) && (r.src[i] == 'e' || r.src[i] == 'E') {
		i++
		if i < len(r.src) && (r.src[i] == '+' || r.src[i] == '-') {
			i++
		}
		if i, ok = r.digits(i); !ok {
			r.pos = i
			return "", r.fail("invalid number: no digits in the exponent")
		}
	}
	r.pos = i
	return r.src[start:i], nil
}

// digits returns the index after the run of digits starting at i, and
// whether the run is not empty.
func (r *jsonReader) digits(i int) (end int, ok bool) {
	end = i
	for end < len(r.src) && isDigit(r.src[end]) {
		end++
	}
	return end, end > i
}

// skip consumes one value of any kind, nested at most maxJSONDepth
// levels deep.
func (r *jsonReader) skip() error {
	return r.skipNested(0)
}

// skipNested is skip for a value depth levels inside the one skip was
// called for.
func (r *jsonReader) skipNested(depth int) error {
	if depth > maxJSONDepth {
		return r.fail("nesting deeper than %d levels", maxJSONDepth)
	}
	switch r.peek() {
	case '{':
		return r.object("value", func(string) error { return r.skipNested(depth + 1) })
	case '[':
		return r.array("value", func(int) error { return r.skipNested(depth + 1) })
	case '"':
		_, err := r.str()
		return err
	case 't', 'f', 'n':
		return r.literalName()
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
		return nil, fmt.Errorf("%s: %s: %w", field, quotePrefix(text, maxQuotedLen), err)
	}
	return a.time(t), nil
}

// optInt32 reads an integer member that may be null, which reads as 0. A
// fraction, an exponent or a value outside int32 is an error.
func (r *jsonReader) optInt32(field string) (int32, error) {
	if isNull, err := r.null(); isNull || err != nil {
		return 0, err
	}
	if c := r.peek(); c != '-' && !isDigit(c) {
		return 0, r.fail("%s must be an integer, found %s", field, r.describeNext())
	}
	text, err := r.number()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", field, err)
	}
	n, err := strconv.ParseInt(text, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%s: %s is not an integer in the range of int32", field, quotePrefix(text, maxQuotedLen))
	}
	return int32(n), nil
}

// optStringMap reads an object of strings that may be null, which reads
// as a nil map; a null value reads as "". Keys and values are copied into
// a. An object of more than maxEntries members is an error, so that a
// hostile body cannot cost memory out of proportion to its size.
func (r *jsonReader) optStringMap(a *arena, field string, maxEntries int) (map[string]string, error) {
	if isNull, err := r.null(); isNull || err != nil {
		return nil, err
	}
	m := map[string]string{}
	n := 0
	err := r.object(field, func(key string) error {
		if n++; n > maxEntries {
			return r.fail("%s has more than %d members", field, maxEntries)
		}
		var value string
		if isNull, err := r.null(); err != nil {
			return err
		} else if !isNull {
			s, err := r.str()
			if err != nil {
				return fmt.Errorf("%s: values must be strings: %w", field, err)
			}
			value = a.copyText(s)
		}
		m[a.copyText(key)] = value
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// optBool reads a boolean member that may be null, which reads as false.
func (r *jsonReader) optBool(field string) (bool, error) {
	switch c := r.peek(); c {
	case 't', 'f', 'n':
		return c == 't', r.literalName()
	}
	return false, r.fail("%s must be a boolean, found %s", field, r.describeNext())
}

// expect consumes lit if the input continues with it, and reports
// whether it did. With a constant lit the compiler compares whole words.
func (r *jsonReader) expect(lit string) bool {
	if len(r.src)-r.pos < len(lit) || r.src[r.pos:r.pos+len(lit)] != lit {
		return false
	}
	r.pos += len(lit)
	return true
}
