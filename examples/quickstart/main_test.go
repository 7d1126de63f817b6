package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cognitodevices/cognitodevices/internal/programtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstartAgainstFake(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, "", "", ""))
	text := out.String()
	assert.Contains(t, text, "DEVICE KEY")
	for _, name := range []string{"Alice's iPhone 16", "MacBook Pro (Safari)", "Pixel 9 (Chrome)", "Work laptop (Edge)", "Old iPad"} {
		assert.Contains(t, text, name)
	}
	assert.Contains(t, text, "5 devices")
	assert.Contains(t, text, "2026-11-01T07:30:00Z")
	assert.Equal(t, 1, strings.Count(text, "us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"))
}

func TestQuickstartFlagsGoTogether(t *testing.T) {
	err := run(context.Background(), &bytes.Buffer{}, "us-east-1_X", "", "")
	require.ErrorContains(t, err, "-pool and -user go together")
}

func TestQuickstartRegionAloneIsRefused(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), &out, "", "", "eu-west-1")
	require.ErrorContains(t, err, "-region needs -pool and -user")
	assert.Empty(t, out.String(), "nothing listed")
}

func TestMain(m *testing.M) { programtest.Main(m, main) }

// TestUsage checks -h: the usage, which names every flag and the
// environment variables of the AWS configuration, and exit 0 without
// running the program.
func TestUsage(t *testing.T) {
	programtest.CheckUsage(t, "-pool", "-user", "-region", "AWS_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL")
}
