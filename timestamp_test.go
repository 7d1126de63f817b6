package cognitodevices

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEpochSeconds(t *testing.T) {
	ms := func(sec, milli int64) time.Time { return time.Unix(sec, milli*int64(time.Millisecond)).UTC() }
	tests := []struct {
		text string
		want time.Time
	}{
		{"1715100742", ms(1715100742, 0)},
		{"1715100742.022", ms(1715100742, 22)},
		{"1715100742.0", ms(1715100742, 0)},
		{"1.715100742022E9", ms(1715100742, 22)},
		{"1.715100742022e9", ms(1715100742, 22)},
		{"1.715100742022e+9", ms(1715100742, 22)},
		{"1715100742022e-3", ms(1715100742, 22)},
		{"17151007420220000E-7", ms(1715100742, 22)},
		{"0.000001", time.Unix(0, 1000).UTC()},
		{"0.0000000001", time.Unix(0, 0).UTC()},
		{"0", time.Unix(0, 0).UTC()},
		{"0e10", time.Unix(0, 0).UTC()},
		{"-1.5", time.Unix(-2, 5e8).UTC()},
		{"1715100742.123456789", time.Unix(1715100742, 123456789).UTC()},
		{"1715100742.1234567899", time.Unix(1715100742, 123456789).UTC()},
		{"999999999999", time.Unix(999999999999, 0).UTC()},
		{"1e-99999999999", time.Unix(0, 0).UTC()},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := parseEpochSeconds(tt.text)
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %v want %v", got, tt.want)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
}

func TestParseEpochSecondsRejects(t *testing.T) {
	for _, text := range []string{
		"", "-", "+1", "01", "1.", ".5", "1e", "1e+", "1.5.5", "1x", " 1", "1 ",
		"NaN", "Infinity", "0x10", "1_000", "1000000000000", "1e12", "1e99999999999",
	} {
		_, err := parseEpochSeconds(text)
		assert.Error(t, err, "%q", text)
	}
}

// TestParseEpochSecondsMatchesBigRat checks the parser against exact
// rational arithmetic for decimals whose float64 form is inexact.
func TestParseEpochSecondsMatchesBigRat(t *testing.T) {
	for _, text := range []string{
		"1715100742.022", "1715100742.999", "1.715100742999E9", "1700000000.001",
		"1600000000.3", "1234567890.123456", "0.1", "0.7",
	} {
		got, err := parseEpochSeconds(text)
		require.NoError(t, err)
		r, ok := new(big.Rat).SetString(text)
		require.True(t, ok)
		r.Mul(r, big.NewRat(1e9, 1))
		nanos := new(big.Int).Quo(r.Num(), r.Denom())
		assert.Equal(t, nanos.Int64(), got.UnixNano(), text)
	}
}

// FuzzParseEpochSeconds checks that the parser accepts exactly the JSON
// numbers with at most twelve integral digits and that what it returns is
// the exact value truncated to nanoseconds.
func FuzzParseEpochSeconds(f *testing.F) {
	for _, s := range []string{"1715100742.022", "1.715100742022E9", "-1.5", "0", "1e-5", "01", "1e99999", "9.99e11"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := parseEpochSeconds(text)
		isNumber := json.Valid([]byte(text)) && text != "" && (text[0] == '-' || isDigit(text[0])) && strings.TrimSpace(text) == text
		if err != nil {
			if isNumber && !strings.Contains(err.Error(), "out of range") {
				t.Fatalf("refused JSON number %q: %v", text, err)
			}
			return
		}
		if !isNumber {
			t.Fatalf("accepted %q, which is not a JSON number", text)
		}
		r, ok := new(big.Rat).SetString(text)
		if !ok {
			// big.Rat gives up on huge exponents; only a value that rounds
			// to zero can have been accepted with one.
			if got.Unix() != 0 || got.Nanosecond() != 0 {
				t.Fatalf("%q: got %v, want the epoch", text, got)
			}
			return
		}
		r.Mul(r, big.NewRat(1e9, 1))
		want := new(big.Int).Quo(r.Num(), r.Denom())
		have := new(big.Int).Mul(big.NewInt(got.Unix()), big.NewInt(1e9))
		have.Add(have, big.NewInt(int64(got.Nanosecond())))
		if want.Cmp(have) != 0 {
			t.Fatalf("%q: got %v (%s ns), want %s ns", text, got, have, want)
		}
	})
}
