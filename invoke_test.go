package cognitodevices

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAttemptHeader checks the amz-sdk-request values, from the table and
// beyond it.
func TestAttemptHeader(t *testing.T) {
	assert.Equal(t, []string{"attempt=1; max=3"}, attemptHeader(1, 3))
	assert.Equal(t, []string{"attempt=2"}, attemptHeader(2, 0))
	assert.Equal(t, []string{"attempt=10; max=10"}, attemptHeader(10, 10))
	assert.Equal(t, []string{"attempt=12; max=20"}, attemptHeader(12, 20))
	assert.Equal(t, []string{"attempt=3; max=11"}, attemptHeader(3, 11))
}

// TestInvocationIDs checks that invocation IDs are version 4 UUIDs, new on
// each call.
func TestInvocationIDs(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := newInvocationID()
		assert.Len(t, id, 1)
		assert.Regexp(t, uuid, id[0])
		assert.False(t, seen[id[0]], "repeated %s", id[0])
		seen[id[0]] = true
	}
}
