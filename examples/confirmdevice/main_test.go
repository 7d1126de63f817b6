package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/cognitodevices/cognitodevices/internal/programtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfirmDeviceExample(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	text := out.String()
	for _, want := range []string{
		"1. generated a device secret (56 characters, kept on the device)",
		"2. confirmed us-east-1_6f8e4c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b (user confirmation necessary: false)",
		"3. marked it remembered",
		`"Carol's Firefox on Linux"  remembered`,
		"5. forgot it; 0 devices left",
	} {
		assert.Contains(t, text, want)
	}
}

func TestMain(m *testing.M) { programtest.Main(m, main) }

// TestUsage checks -h: the usage, which says the program takes no flags
// and reads no environment variables, and exit 0 without running it.
func TestUsage(t *testing.T) {
	programtest.CheckUsage(t, "Usage: go run ./examples/confirmdevice", "no flags but -h", "no environment\nvariables")
}
