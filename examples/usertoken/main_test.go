package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/cognitodevices/cognitodevices/internal/programtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUserTokenExample(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	text := out.String()
	for _, want := range []string{
		"Bob's phone", "Bob's laptop", "Bob's tablet",
		"revoked token:                  not authorized (Access Token has been revoked)",
		"Limit 100:                      refused before sending: 1 invalid field(s)",
		"unknown user:                   no such user",
		"HTTP 400, request ID ",
		"admin operations need AWS credentials",
	} {
		assert.Contains(t, text, want)
	}
}

func TestMain(m *testing.M) { programtest.Main(m, main) }

// TestUsage checks -h: the usage, which says the program takes no flags
// and reads no environment variables, and exit 0 without running it.
func TestUsage(t *testing.T) {
	programtest.CheckUsage(t, "Usage: go run ./examples/usertoken", "no flags but -h", "no environment\nvariables")
}
