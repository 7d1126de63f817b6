package cognitodevices

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTokenSet checks that the set of tokens a listing has seen tells
// repeats from near misses, whatever the tokens' length.
func TestTokenSet(t *testing.T) {
	long := strings.Repeat("t", 1<<16)
	tokens := []string{"a", "b", "ab", "ba", long, long[1:], long + "u", long[:len(long)-1] + "u"}
	s := tokenSet{}
	assert.False(t, s.repeated(nil))
	empty := ""
	assert.False(t, s.repeated(&empty))
	assert.False(t, s.repeated(&empty), "an empty token ends a listing and is never a repeat")
	for _, tok := range tokens {
		assert.False(t, s.repeated(&tok), "first %.8q… (%d bytes)", tok, len(tok))
	}
	for _, tok := range tokens {
		copied := strings.Clone(tok)
		assert.True(t, s.repeated(&copied), "again %.8q… (%d bytes)", tok, len(tok))
	}
	assert.Len(t, s, len(tokens))
}
