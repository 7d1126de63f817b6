package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/programtest"
	"github.com/cognitodevices/cognitodevices/sweep"
)

const (
	scalePool  = "us-east-1_SCALE"
	scaleUsers = 2000
)

// fake is cmd/fakecognito running as a program, as its start-up line
// describes it.
type fake struct {
	Endpoint        string `json:"endpoint"`
	Region          string `json:"region"`
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	Control         string `json:"control"`
	ControlToken    string `json:"controlToken"`
}

// startFake builds and starts cmd/fakecognito with 2,000 generated users
// of three devices each; it stops when the test ends.
func startFake(t *testing.T, dir string) fake {
	t.Helper()
	return startFakeWith(t, dir, "-generate-users", fmt.Sprint(scaleUsers), "-request-log", "0")
}

// startFakeWith builds and starts cmd/fakecognito with args; it stops
// when the test ends.
func startFakeWith(t *testing.T, dir string, args ...string) fake {
	t.Helper()
	line := programtest.Start(t, programtest.Build(t, dir, "../fakecognito", "fakecognito"), args...)
	var f fake
	require.NoError(t, json.Unmarshal([]byte(line), &f), "%s", line)
	return f
}

// control sends a request to the fake's control endpoint and decodes the
// answer into out, when not nil.
func (f fake) control(t *testing.T, method, route string, out any) {
	t.Helper()
	req, err := http.NewRequest(method, f.Control+route, nil)
	require.NoError(t, err)
	req.Header.Set("X-Devicestest-Control-Token", f.ControlToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s", method, route)
	if out != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
	}
}

// served returns how many requests of each quota category the fake
// served since its counts were last reset.
func (f fake) served(t *testing.T) map[string]int64 {
	var stats map[string]struct {
		Served int64 `json:"served"`
	}
	f.control(t, http.MethodGet, "quotas", &stats)
	out := map[string]int64{}
	for c, s := range stats {
		out[c] = s.Served
	}
	return out
}

// devices lists every device of every generated user through the
// library, as "user/key" -> remembered status.
func (f fake) devices(t *testing.T) map[string]string {
	t.Helper()
	client := cognitodevices.New(cognitodevices.Options{Region: f.Region, BaseEndpoint: aws.String(f.Endpoint),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: f.AccessKeyID, SecretAccessKey: f.SecretAccessKey}, nil
		})})
	out := map[string]string{}
	for i := 1; i <= scaleUsers; i++ {
		user := fmt.Sprintf("user%06d", i)
		for d, err := range cognitodevices.AdminListDevicesAll(context.Background(), client,
			&cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(scalePool), Username: aws.String(user)}) {
			require.NoError(t, err)
			out[user+"/"+aws.ToString(d.DeviceKey)] = string(d.RememberedStatus())
		}
	}
	return out
}

// env is the environment of the CLI: the fake's key pair, and no shared
// AWS files of the machine's.
func (f fake) env(dir string) []string {
	return append(os.Environ(), "AWS_ACCESS_KEY_ID="+f.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+f.SecretAccessKey, "AWS_SESSION_TOKEN=",
		"AWS_PROFILE=", "AWS_REGION=", "AWS_DEFAULT_REGION=", "AWS_ENDPOINT_URL=",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "no-config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "no-credentials"))
}

// sweepArgs are the flags of a sweep of the generated pool, with rates
// raised so that it runs in seconds.
func (f fake) sweepArgs(extra ...string) []string {
	return append([]string{"sweep", "--region", f.Region, "--endpoint-url", f.Endpoint, "--pool", scalePool,
		"--list-rate", "1000", "--read-rate", "4000", "--write-rate", "2000", "--user-read-rate", "1000", "--user-write-rate", "1000",
		"--workers", "16"}, extra...)
}

// cli runs the CLI to its end and returns its exit code, stdout and
// stderr.
func cli(t *testing.T, bin string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("running %v: %v", args, err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// records parses the --json output line by line, strictly.
func records(t *testing.T, out string) []sweep.Record {
	t.Helper()
	var recs []sweep.Record
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" && out == "" {
			break
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var r sweep.Record
		require.NoError(t, dec.Decode(&r), "line %d: %q", i+1, line)
		require.NotEmpty(t, r.Username, "line %d names the user", i+1)
		require.NotEmpty(t, r.DeviceKey, "line %d names the device: %q", i+1, line)
		require.NotEmpty(t, r.Outcome, "line %d names the outcome", i+1)
		recs = append(recs, r)
	}
	return recs
}

// byOutcome returns the "user/key" of the records of outcome.
func byOutcome(recs []sweep.Record, outcome sweep.Outcome) map[string]bool {
	out := map[string]bool{}
	for _, r := range recs {
		if r.Outcome == outcome {
			out[r.Username+"/"+r.DeviceKey] = true
		}
	}
	return out
}

// TestSweepDryRunThenRun sweeps cmd/fakecognito's 2,000 users: the dry
// run sends no write and prints the plan, as a table and as JSON lines;
// the real run forgets exactly that plan and nothing else.
func TestSweepDryRunThenRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two programs over 2,000 users")
	}
	dir := t.TempDir()
	f := startFake(t, dir)
	bin := programtest.Build(t, dir, ".", "cognitodevices")
	env := f.env(dir)
	before := f.devices(t)
	require.Len(t, before, 3*scaleUsers)
	f.control(t, http.MethodDelete, "quotas", nil)

	code, out, stderr := cli(t, bin, env, f.sweepArgs("--older-than", "90d", "--dry-run", "--json")...)
	require.Equal(t, 0, code, stderr)
	plan := records(t, out)
	require.Len(t, plan, 3*scaleUsers, "one line per device")
	planned := byOutcome(plan, sweep.Planned)
	assert.InDelta(t, 0.753*3*scaleUsers, len(planned), 0.02*3*scaleUsers, "about 75.3% of the devices are older than 90 days")
	assert.Len(t, byOutcome(plan, sweep.Kept), 3*scaleUsers-len(planned))
	served := f.served(t)
	assert.Zero(t, served["UserResourceUpdate"], "a dry run sends no write")
	assert.Equal(t, int64(scaleUsers), served["UserResourceRead"], "one listing per user")
	assert.Equal(t, before, f.devices(t))

	code, table, stderr := cli(t, bin, env, f.sweepArgs("--older-than", "90d", "--dry-run")...)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, table, "Dry run: nothing is written.")
	assert.Regexp(t, `(?m)^USER +DEVICE KEY +LAST USED +ACTION +OUTCOME +ERROR$`, table)
	assert.Equal(t, len(planned), strings.Count(table, " planned\n"), "the table shows the same plan")
	assert.Contains(t, stderr, "swept 2000 users")

	code, out, stderr = cli(t, bin, env, f.sweepArgs("--older-than", "90d", "--dry-run", "--json", "--filter", `username ^= "user00000"`)...)
	require.Equal(t, 0, code, stderr)
	filtered := map[string]bool{}
	for _, r := range records(t, out) {
		filtered[r.Username] = true
	}
	assert.Len(t, filtered, 9, "--filter sweeps user000001 to user000009 only")
	assert.Contains(t, stderr, "swept 9 users")

	f.control(t, http.MethodDelete, "quotas", nil)
	code, out, stderr = cli(t, bin, env, f.sweepArgs("--older-than", "90d", "--json")...)
	require.Equal(t, 0, code, stderr)
	run := records(t, out)
	require.Len(t, run, 3*scaleUsers)
	assert.Equal(t, planned, byOutcome(run, sweep.Forgotten), "the run forgets exactly the plan")
	assert.Equal(t, int64(len(planned)), f.served(t)["UserResourceUpdate"], "one write per device of the plan")
	after := f.devices(t)
	for k := range before {
		_, left := after[k]
		assert.Equal(t, !planned[k], left, k)
	}
}

// resumeBaseline starts the fake and builds the program, sweeps the
// 2,000 users once without interruption with policy (--keep-newest alone:
// the plan does not move with the clock between the runs), and resets
// the fake to its seed. It returns the uninterrupted run's records and the
// devices it left.
func resumeBaseline(t *testing.T, dir string, policy []string) (f fake, bin string, env []string, whole []sweep.Record, want map[string]string) {
	t.Helper()
	f = startFake(t, dir)
	bin = programtest.Build(t, dir, ".", "cognitodevices")
	env = f.env(dir)
	report := filepath.Join(dir, "whole.jsonl")
	code, _, stderr := cli(t, bin, env, f.sweepArgs(append(policy, "--checkpoint", filepath.Join(dir, "whole.json"), "--report", report)...)...)
	require.Equal(t, 0, code, stderr)
	whole = records(t, readFile(t, report))
	require.Len(t, whole, 3*scaleUsers)
	want = f.devices(t)
	require.Len(t, want, scaleUsers, "each user keeps one device")
	f.control(t, http.MethodPost, "reset", nil)
	require.Len(t, f.devices(t), 3*scaleUsers, "reset restores the seed")
	return f, bin, env, whole, want
}

// loggedRand returns a generator seeded from the clock, and logs the seed
// so that a failing run can be replayed.
func loggedRand(t *testing.T) *rand.Rand {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	return rand.New(rand.NewPCG(seed, 0))
}

// checkResumed checks the stopped and resumed runs against the
// uninterrupted one: the same devices left, no user skipped, and all
// their records together holding each device once, with the
// uninterrupted run's outcome.
func checkResumed(t *testing.T, f fake, want map[string]string, whole, all []sweep.Record) {
	t.Helper()
	assert.Equal(t, want, f.devices(t), "the same state as an uninterrupted run")
	seen := map[string]sweep.Outcome{}
	users := map[string]bool{}
	for _, r := range all {
		k := r.Username + "/" + r.DeviceKey
		_, twice := seen[k]
		assert.False(t, twice, "%s has one record across the runs", k)
		seen[k] = r.Outcome
		users[r.Username] = true
	}
	assert.Len(t, users, scaleUsers, "no user skipped")
	for _, r := range whole {
		assert.Equal(t, r.Outcome, seen[r.Username+"/"+r.DeviceKey], "%s/%s", r.Username, r.DeviceKey)
	}
}

// TestSweepInterruptedAndResumed sweeps the 2,000 users once without
// interruption, then, from the same seed, in runs stopped by SIGINT at
// random points (three times) and resumed from their checkpoint: the
// fake ends in the same state, no user is skipped, and the runs' JSON
// lines on stdout together hold each device exactly once, with the
// outcome of the uninterrupted run.
func TestSweepInterruptedAndResumed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two programs over 2,000 users, five times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	dir := t.TempDir()
	// A slower write rate gives the kills a few seconds.
	policy := []string{"--keep-newest", "1", "--write-rate", "1000"}
	f, bin, env, whole, want := resumeBaseline(t, dir, policy)

	rng := loggedRand(t)
	args := f.sweepArgs(append(policy, "--json", "--checkpoint", filepath.Join(dir, "resumed.json"))...)
	var all []sweep.Record
	for kill := range 3 {
		after := 1 + rng.IntN(1200)
		recs, stderr := interrupt(t, bin, env, args, after)
		t.Logf("run %d, interrupted after %d lines: %d lines", kill+1, after, len(recs))
		assert.Contains(t, stderr, "stopped by interrupt")
		assert.Contains(t, stderr, "To resume, run:\n  cognitodevices "+strings.Join(args, " ")+"\n", "the resume hint is the command line")
		all = append(all, recs...)
	}
	code, out, stderr := cli(t, bin, env, args...)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "; complete")
	checkResumed(t, f, want, whole, append(all, records(t, out)...))
}

// interrupt runs the CLI, sends it SIGINT once it printed after lines,
// and returns its records and stderr. It requires the exit status 130.
func interrupt(t *testing.T, bin string, env, args []string, after int) ([]sweep.Record, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	var out strings.Builder
	r := bufio.NewReader(stdout)
	for n := 0; ; n++ {
		if n == after {
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		}
		line, err := r.ReadString('\n')
		out.WriteString(line)
		if err != nil {
			break
		}
	}
	err = cmd.Wait()
	require.Error(t, err, "an interrupted sweep exits non-zero; stderr:\n%s", stderr.String())
	require.Equal(t, 130, cmd.ProcessState.ExitCode(), stderr.String())
	return records(t, out.String()), stderr.String()
}

// TestSweepKilledAndResumed is TestSweepInterruptedAndResumed with kill
// -9 instead of Ctrl-C, and the report in a file (--report): the sweep
// is killed three times at random points, with no chance to finish a
// call or write its checkpoint, and resumed. The fake ends in the state
// of an uninterrupted run, no user is skipped, and the report file holds
// each device exactly once, with the uninterrupted run's outcome.
func TestSweepKilledAndResumed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two programs over 2,000 users, five times")
	}
	dir := t.TempDir()
	policy := []string{"--keep-newest", "1", "--write-rate", "1000"}
	f, bin, env, whole, want := resumeBaseline(t, dir, policy)

	rng := loggedRand(t)
	report := filepath.Join(dir, "report.jsonl")
	args := f.sweepArgs(append(policy, "--checkpoint", filepath.Join(dir, "resumed.json"), "--report", report)...)
	for kill := range 3 {
		after := 1 + rng.IntN(1500)
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		before := strings.Count(readFile(t, report), "\n")
		require.NoError(t, cmd.Start())
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		for strings.Count(readFile(t, report), "\n") < before+after {
			select {
			case err := <-exited:
				t.Fatalf("run %d ended before it was killed (%v): %s", kill+1, err, stderr.String())
			case <-time.After(time.Millisecond):
			}
		}
		require.NoError(t, cmd.Process.Kill())
		require.Error(t, <-exited, "killed before it finished")
		t.Logf("run %d killed after %d lines more", kill+1, after)
	}
	code, _, stderr := cli(t, bin, env, args...)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "; complete")
	checkResumed(t, f, want, whole, records(t, readFile(t, report)))

	code, out, stderr := cli(t, bin, env, args...)
	assert.Equal(t, 0, code, stderr)
	assert.Empty(t, out)
	assert.Contains(t, stderr, "says this sweep is complete: nothing to do", "a complete checkpoint is said so")
}

// readFile returns the file's content, "" when it does not exist yet.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	}
	require.NoError(t, err)
	return string(b)
}

// TestREADMESweepCommands runs the README's commands against
// cmd/fakecognito as written there, but for the fake's port: it starts
// the fake with the README's flags, exports what the README exports, and
// runs each cdv line with the program; each exits 0, and the sweep's
// report and checkpoint say it finished.
func TestREADMESweepCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two programs over 2,000 users")
	}
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	const first = "go run ./cmd/fakecognito -generate-users 2000 -addr 127.0.0.1:8765 &"
	start := strings.Index(string(readme), first)
	require.GreaterOrEqual(t, start, 0, "the README starts the fake with %q", first)
	block := string(readme[start:])
	block = block[:strings.Index(block, "```")]
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(block, "\\\n", " "), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}

	dir := t.TempDir()
	fakeArgs := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(lines[0], "go run ./cmd/fakecognito"), "&"))
	require.Equal(t, []string{"-generate-users", "2000", "-addr", "127.0.0.1:8765"}, fakeArgs)
	f := startFakeWith(t, dir, "-generate-users", "2000", "-addr", "127.0.0.1:0")
	bin := programtest.Build(t, dir, ".", "cognitodevices")
	env := f.env(dir)
	ran := 0
	for _, line := range lines[1:] {
		switch {
		case strings.HasPrefix(line, "export "):
			env = append(env, strings.Fields(strings.TrimPrefix(line, "export "))...)
			assert.Contains(t, line, "AWS_ACCESS_KEY_ID="+f.AccessKeyID+" ", "the README exports the fake's key pair")
			assert.Contains(t, line, "AWS_SECRET_ACCESS_KEY="+f.SecretAccessKey, "the README exports the fake's key pair")
		case line == "alias cdv='go run ./cmd/cognitodevices'":
		case strings.HasPrefix(line, "cdv "):
			args := strings.Fields(strings.ReplaceAll(strings.TrimPrefix(line, "cdv "), "http://127.0.0.1:8765", f.Endpoint))
			cmd := exec.Command(bin, args...)
			cmd.Env, cmd.Dir = env, dir
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s\n%s", line, out)
			ran++
		default:
			t.Fatalf("a README line this test does not know: %q", line)
		}
	}
	assert.Equal(t, 3, ran, "the README's three commands")
	recs := records(t, readFile(t, filepath.Join(dir, "report.jsonl")))
	assert.Len(t, recs, 3*scaleUsers, "the sweep's report holds every device")
	cp, err := sweep.ReadCheckpoint(filepath.Join(dir, "sweep.json"))
	require.NoError(t, err)
	require.NotNil(t, cp)
	assert.True(t, cp.Complete)
}
