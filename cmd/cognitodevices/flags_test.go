package main

import (
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices/internal/programtest"
)

func TestMain(m *testing.M) { programtest.Main(m, main) }

func TestParseAge(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"90d", 90 * 24 * time.Hour},
		{"1.5d", 36 * time.Hour},
		{"2160h", 90 * 24 * time.Hour},
		{"36h30m", 36*time.Hour + 30*time.Minute},
		{"1s", time.Second},
	}
	for _, tt := range tests {
		got, err := parseAge(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	for _, bad := range []string{"", "90", "d", "-1d", "0d", "0s", "-5h", "90days", "1e300d", "NaNd", "ninety"} {
		_, err := parseAge(bad)
		assert.ErrorContains(t, err, "number of days such as 90d", bad)
	}
}

func TestSweepFlags(t *testing.T) {
	parse := func(args ...string) (*sweepConfig, error) {
		fs, c := newSweepFlags(io.Discard)
		fs.Init("sweep", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		_, err := c.policy()
		return c, err
	}
	c, err := parse("--pool", "us-east-1_X", "--older-than", "90d")
	require.NoError(t, err)
	assert.Equal(t, 90*24*time.Hour, c.olderThan)
	assert.Equal(t, []float64{30, 50, 25}, []float64{c.listRate, c.readRate, c.writeRate}, "Cognito's quotas by default")
	assert.Equal(t, "forget", c.action)

	c, err = parse("-pool", "p", "-keep-newest", "1", "-action", "not-remembered", "-list-rate", "300", "--read-rate=500", "--write-rate", "2.5",
		"--dry-run", "--checkpoint", "cp.json", "--json", "--endpoint-url", "http://127.0.0.1:1", "--region", "eu-west-1", "--profile", "ops")
	require.NoError(t, err, "one dash or two")
	assert.Equal(t, []float64{300, 500, 2.5}, []float64{c.listRate, c.readRate, c.writeRate})
	assert.Equal(t, 1, c.keepNewest)
	assert.True(t, c.dryRun)
	assert.True(t, c.aws.json)
	assert.Equal(t, "cp.json", c.checkpoint)
	assert.Equal(t, awsFlags{profile: "ops", region: "eu-west-1", endpointURL: "http://127.0.0.1:1", json: true}, *c.aws)

	for _, bad := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--pool", "p", "--older-than", "90x"}, "number of days such as 90d"},
		{[]string{"--pool", "p", "--older-than", "90d", "--write-rate", "0"}, "requests per second above 0"},
		{[]string{"--pool", "p", "--older-than", "90d", "--read-rate", "fast"}, "requests per second above 0"},
		{[]string{"--pool", "p"}, "--older-than AGE, --keep-newest N, or both"},
		{[]string{"--older-than", "90d"}, "missing --pool"},
		{[]string{"--pool", "p", "--older-than", "90d", "--action", "delete"}, `--action "delete"`},
		{[]string{"--pool", "p", "--keep-newest", "-2"}, "want 0 or more devices"},
		{[]string{"--pool", "p", "--keep-newest", "1", "--workers", "0"}, "--workers 0"},
	} {
		_, err := parse(bad.args...)
		assert.ErrorContains(t, err, bad.wantErr, "%v", bad.args)
	}
}

// TestBadCommandLinesExit2 runs the program: a bad value or a missing
// flag exits 2 with a message that names it, before anything is sent.
func TestBadCommandLinesExit2(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "--pool", "p", "--older-than", "90x"}, `invalid value "90x" for flag -older-than: want a Go duration such as 2160h or a number of days such as 90d`},
		{[]string{"sweep", "--pool", "p", "--older-than", "90d", "--list-rate", "-3"}, `invalid value "-3" for flag -list-rate`},
		{[]string{"sweep", "--pool", "p"}, "say which devices to act on"},
		{[]string{"sweep", "--pool", "p", "--older-than", "90d", "extra"}, `unexpected argument "extra"`},
		{[]string{"list", "--pool", "p"}, "missing --username"},
		{[]string{"get", "--pool", "p", "--username", "u"}, "missing --device-key"},
		{[]string{"forget-stale", "--pool", "p", "--username", "u", "--older-than", "soon"}, `invalid value "soon" for flag -older-than`},
		{[]string{"delete-everything"}, `unknown command "delete-everything"`},
		{nil, "a command is required"},
	} {
		r := programtest.Run(t, tt.args...)
		assert.Equal(t, 2, r.ExitCode, "%v", tt.args)
		assert.Contains(t, r.Stderr, tt.want, "%v", tt.args)
		assert.Contains(t, r.Stderr, "Usage: cognitodevices", "%v prints the usage", tt.args)
		assert.Empty(t, r.Stdout, "%v", tt.args)
	}
}

// TestUsage checks -h for the program and for each command: exit 0, the
// usage with examples on stderr, nothing on stdout.
func TestUsage(t *testing.T) {
	programtest.CheckUsage(t, "Usage: cognitodevices <command>", "sweep", "forget-stale", "Examples:", "--endpoint-url")
	r := programtest.Run(t, "--help")
	assert.Equal(t, 0, r.ExitCode)
	for _, c := range commands {
		for _, h := range []string{"-h", "--help"} {
			r := programtest.Run(t, c.name, h)
			assert.Equal(t, 0, r.ExitCode, "%s %s", c.name, h)
			assert.Empty(t, r.Stdout, "%s %s", c.name, h)
			assert.Contains(t, r.Stderr, "Usage: cognitodevices "+c.name, "%s %s", c.name, h)
			assert.Contains(t, r.Stderr, "Examples:", "%s %s", c.name, h)
			assert.Contains(t, r.Stderr, "-endpoint-url", "%s %s", c.name, h)
		}
	}
	r = programtest.Run(t, "sweep", "-h")
	for _, f := range []string{"-pool", "-older-than", "-keep-newest", "-action", "-dry-run", "-checkpoint", "-json", "-region", "-profile",
		"-list-rate", "-read-rate", "-write-rate"} {
		assert.Regexp(t, `(?m)^  `+f+`\b`, r.Stderr)
	}
}
