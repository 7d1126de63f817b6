package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/cognitodevices/cognitodevices/internal/programtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRememberDeviceExample(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	text := out.String()
	steps := strings.Split(text, "\n2. ")
	require.Len(t, steps, 2, text)
	assert.Contains(t, steps[0], "MFA asked: code sent to +*******0100", "the first sign-in on a new device answers MFA")
	assert.Regexp(t, `new device us-east-1_[0-9a-f-]{36} confirmed, remembered: true`, steps[0])
	assert.Equal(t, 2, strings.Count(text, "MFA asked:"), "the second sign-in skips MFA; the one after the device is forgotten does not")
	assert.Contains(t, text, "signed in through device SRP, no MFA asked")
	assert.Contains(t, text, "stored the rotated refresh token before using the new tokens")
	assert.Contains(t, text, "new access token: true, refresh token rotated: true, stored: true")
	assert.Contains(t, text, "the refresh token is revoked: true")
	assert.Contains(t, text, `"rememberdevice example"  remembered: true`)
	assert.Contains(t, text, "stored device gone: true; new device us-east-1_")
	first := regexp.MustCompile(`new device (\S+) confirmed, remembered`).FindStringSubmatch(text)
	last := regexp.MustCompile(`gone: true; new device (\S+) confirmed`).FindStringSubmatch(text)
	require.NotNil(t, first)
	require.NotNil(t, last)
	assert.NotEqual(t, first[1], last[1], "the recovered sign-in confirms a new device")
}

func TestMain(m *testing.M) { programtest.Main(m, main) }

// TestUsage checks -h: the usage, which says the program takes no flags
// and reads no environment variables, and exit 0 without running it.
func TestUsage(t *testing.T) {
	programtest.CheckUsage(t, "Usage: go run ./examples/rememberdevice", "no flags but -h", "no environment\nvariables")
}
