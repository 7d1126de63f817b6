package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cognitodevices/cognitodevices/internal/programtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHousekeepingAgainstFake(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, time.Now()))
	text := out.String()
	assert.Contains(t, text, "Dry run: 3 of 5 devices of alice would be forgotten.")
	assert.Contains(t, text, "Run: 3 forgotten, 0 already gone, 0 failed, 2 kept.", "the real run's table has its heading")
	for _, name := range []string{"Old iPad", "Pixel 6", "Hotel kiosk"} {
		assert.Regexp(t, `forgotten\s+`+name, text)
	}
	for _, name := range []string{"iPhone 16", "Work laptop"} {
		assert.Regexp(t, `kept\s+`+name, text)
	}
	assert.Equal(t, 3, strings.Count(text, "forgotten  "))
}

func TestMain(m *testing.M) { programtest.Main(m, main) }

// TestUsage checks -h: the usage, which says the program takes no flags
// and reads no environment variables, and exit 0 without running it.
func TestUsage(t *testing.T) {
	programtest.CheckUsage(t, "Usage: go run ./examples/housekeeping", "no flags but -h", "no environment\nvariables")
}
