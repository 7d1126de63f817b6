package cognitodevices

import (
	"errors"
	"time"
)

// maxEpochSecondDigits bounds the integral part of an epoch-seconds value.
// Twelve digits cover every date up to the year 33658, far beyond anything
// the service issues, and keep the arithmetic inside int64.
const maxEpochSecondDigits = 12

var errEpochSyntax = errors.New("not a JSON number")

// parseEpochSeconds converts the text of a JSON number holding seconds since
// the Unix epoch into a UTC time. It works on the decimal digits themselves,
// so 1715100742.022 becomes exactly 22 milliseconds past the second; digits
// below a nanosecond are truncated toward zero. It accepts integers,
// decimals and E-notation ("1.715100742022E9") and rejects anything else,
// including values whose integral part has more than twelve digits.
func parseEpochSeconds(text string) (time.Time, error) {
	if sec, nsec, ok := parsePlainSeconds(text); ok {
		return time.Unix(sec, nsec).UTC(), nil
	}
	var (
		i        int
		negative bool
		n        = len(text)
	)
	if i < n && text[i] == '-' {
		negative = true
		i++
	}
	// Mantissa digits, with leading zeros dropped; point counts how many of
	// them sit before the decimal point once the exponent is applied.
	var (
		digits   [40]byte
		nd       int
		point    int
		sawDigit bool
	)
	start := i
	for i < n && isDigit(text[i]) {
		sawDigit = true
		if nd == 0 && text[i] == '0' {
			i++
			continue
		}
		if nd < len(digits) {
			digits[nd] = text[i]
			nd++
		}
		point++
		i++
	}
	intLen := i - start
	if intLen == 0 || (intLen > 1 && text[start] == '0') {
		return time.Time{}, errEpochSyntax
	}
	if i < n && text[i] == '.' {
		i++
		fracStart := i
		for i < n && isDigit(text[i]) {
			if nd == 0 && text[i] == '0' {
				point--
			} else if nd < len(digits) {
				digits[nd] = text[i]
				nd++
			}
			i++
		}
		if i == fracStart {
			return time.Time{}, errEpochSyntax
		}
	}
	if i < n && (text[i] == 'e' || text[i] == 'E') {
		i++
		expNegative := false
		if i < n && (text[i] == '+' || text[i] == '-') {
			expNegative = text[i] == '-'
			i++
		}
		expStart := i
		exp := 0
		for i < n && isDigit(text[i]) {
			if exp < 100000 {
				exp = exp*10 + int(text[i]-'0')
			}
			i++
		}
		if i == expStart {
			return time.Time{}, errEpochSyntax
		}
		if expNegative {
			exp = -exp
		}
		point += exp
	}
	if i != n || !sawDigit {
		return time.Time{}, errEpochSyntax
	}
	if nd == 0 {
		return time.Unix(0, 0).UTC(), nil
	}
	if point > maxEpochSecondDigits {
		return time.Time{}, errors.New("epoch seconds out of range")
	}
	var sec, nsec int64
	for k := 0; k < point; k++ {
		sec *= 10
		if k < nd {
			sec += int64(digits[k] - '0')
		}
	}
	for k := point; k < point+9; k++ {
		nsec *= 10
		if k >= 0 && k < nd {
			nsec += int64(digits[k] - '0')
		}
	}
	if negative {
		sec, nsec = -sec, -nsec
	}
	return time.Unix(sec, nsec).UTC(), nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// parsePlainSeconds is the fast path of parseEpochSeconds for the form the
// service sends, a non-negative decimal such as 1715100742.022: digits
// without a superfluous leading zero, at most maxEpochSecondDigits of them
// before an optional point and at least one digit after it. For any other
// text it reports false, and the general path decides.
func parsePlainSeconds(text string) (sec, nsec int64, ok bool) {
	sec, nsec, n := plainSecondsPrefix(text)
	return sec, nsec, n > 0 && n == len(text)
}

// plainSecondsPrefix reads the longest prefix of text that is a number in
// parsePlainSeconds' form and returns its value and length, or a length
// of 0 when text does not start with one (a superfluous leading zero,
// too many digits, a point without digits after it).
func plainSecondsPrefix(text string) (sec, nsec int64, n int) {
	i := 0
	for i < len(text) && isDigit(text[i]) {
		sec = sec*10 + int64(text[i]-'0')
		i++
	}
	if i == 0 || i > maxEpochSecondDigits || (i > 1 && text[0] == '0') {
		return 0, 0, 0
	}
	if i == len(text) || text[i] != '.' {
		return sec, 0, i
	}
	i++
	fraction := i
	scale := int64(1e8)
	for ; i < len(text) && isDigit(text[i]); i++ {
		nsec += int64(text[i]-'0') * scale
		scale /= 10
	}
	if i == fraction {
		return 0, 0, 0
	}
	return sec, nsec, i
}
