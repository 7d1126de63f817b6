package sweep_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/sweep"
)

// The environment of a sweep run as a child process of the test binary,
// to be killed outright (see killedSweep).
const (
	childEndpoint   = "SWEEP_TEST_CHILD_ENDPOINT"
	childCheckpoint = "SWEEP_TEST_CHILD_CHECKPOINT"
	childReport     = "SWEEP_TEST_CHILD_REPORT"
	childWorkers    = "SWEEP_TEST_CHILD_WORKERS"
	childKill       = "SWEEP_TEST_CHILD_KILL"    // "write" or "report"
	childKillAt     = "SWEEP_TEST_CHILD_KILL_AT" // the count at which it dies
)

func TestMain(m *testing.M) {
	if os.Getenv(childEndpoint) != "" {
		killedSweep()
		return
	}
	os.Exit(m.Run())
}

// die kills the process at once, as kill -9 does: nothing deferred runs,
// nothing buffered is written.
func die() {
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Kill()
	}
	panic(fmt.Sprint("the process survived its own kill: ", err))
}

// killedSweep is the child process: it sweeps the parent's server with a
// checkpoint and a report file, and kills itself either just after the
// service applied its k-th write, before the answer reaches the sweep
// ("write"), or just after the records of its k-th user were written,
// before the checkpoint that says so ("report"). It exits 3 when the sweep
// ended first.
func killedSweep() {
	k, _ := strconv.ParseInt(os.Getenv(childKillAt), 10, 64)
	workers, _ := strconv.Atoi(os.Getenv(childWorkers))
	transport := http.RoundTripper(http.DefaultTransport)
	opts := fastOptions(mixedPolicy())
	opts.Workers, opts.Checkpoint, opts.ReportFile = workers, os.Getenv(childCheckpoint), os.Getenv(childReport)
	switch os.Getenv(childKill) {
	case "write":
		transport = &dieAfterWrites{k: k}
	case "report":
		opts.Progress = func(p sweep.Progress) {
			if int64(p.UsersDone) >= k {
				die()
			}
		}
	}
	client := cognitodevices.New(cognitodevices.Options{Region: "us-east-1", BaseEndpoint: aws.String(os.Getenv(childEndpoint)),
		HTTPClient: &http.Client{Transport: transport},
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: devicestest.DefaultAccessKeyID, SecretAccessKey: devicestest.DefaultSecretAccessKey}, nil
		})})
	if _, err := sweep.Run(context.Background(), client, opts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(3)
}

// dieAfterWrites kills the process once the service answered its k-th
// device write.
type dieAfterWrites struct {
	k      int64
	writes atomic.Int64
}

func (d *dieAfterWrites) RoundTrip(r *http.Request) (*http.Response, error) {
	target := r.Header.Get("X-Amz-Target")
	resp, err := http.DefaultTransport.RoundTrip(r)
	if (target == "AWSCognitoIdentityProviderService.AdminForgetDevice" || target == "AWSCognitoIdentityProviderService.AdminUpdateDeviceStatus") &&
		err == nil && d.writes.Add(1) == d.k {
		die()
	}
	return resp, err
}

// TestSweepKilledOutright kills a sweep three times, as kill -9 would,
// at the two moments a checkpoint alone cannot cover: just after the
// service applied a write whose answer the sweep never got, and just
// after a user's records reached the report but before the checkpoint
// that says so. Once it also leaves a half-written line at the end of the
// report and of the journal. Resumed from its checkpoint, the sweep ends
// in the state of an uninterrupted sweep, and its report file holds each
// device exactly once, with the uninterrupted sweep's outcome.
func TestSweepKilledOutright(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sweep as a child process, three times")
	}
	const users = 300
	now := time.Now()
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			dir := t.TempDir()
			whole := devicestest.NewServerT(t)
			seed(whole, users, now)
			opts := fastOptions(mixedPolicy())
			opts.Workers, opts.ReportFile = workers, filepath.Join(dir, "whole.jsonl")
			sum, err := sweep.Run(context.Background(), whole.Client(), opts)
			require.NoError(t, err)
			require.True(t, sum.Complete)
			wholeReport, err := os.ReadFile(opts.ReportFile)
			require.NoError(t, err)
			want := byDevice(t, parseReport(t, wholeReport))

			srv := devicestest.NewServerT(t)
			seed(srv, users, now)
			opts.Checkpoint, opts.ReportFile = filepath.Join(dir, "checkpoint.json"), filepath.Join(dir, "report.jsonl")
			rng := rand.New(rand.NewPCG(uint64(workers), 21))
			for i, kill := range []string{"write", "report", "write"} {
				at := 1 + rng.IntN(60)
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), childEndpoint+"="+srv.URL, childCheckpoint+"="+opts.Checkpoint, childReport+"="+opts.ReportFile,
					childWorkers+"="+strconv.Itoa(workers), childKill+"="+kill, childKillAt+"="+strconv.Itoa(at))
				out, err := cmd.CombinedOutput()
				var exit *exec.ExitError
				require.ErrorAs(t, err, &exit, "%s", out)
				require.False(t, exit.Exited(), "kill %d (%s at %d) ended the child by a signal, not exit status %d: %s", i+1, kill, at, exit.ExitCode(), out)
				t.Logf("killed at the %s %d", kill, at)
				if i == 1 {
					appendTo(t, opts.ReportFile, `{"pool":"us-east-1_SWEEP","username":"u00`)
					appendTo(t, opts.Checkpoint+".journal", `{"pool":"us-east-1_SWEEP","username":"u02`)
				}
			}
			sum, err = sweep.Run(context.Background(), srv.Client(), opts)
			require.NoError(t, err)
			require.True(t, sum.Complete)

			assert.Equal(t, state(whole, users), state(srv, users), "end state")
			assert.NoFileExists(t, opts.Checkpoint+".journal", "a complete sweep removes its journal")
			report, err := os.ReadFile(opts.ReportFile)
			require.NoError(t, err)
			assert.Equal(t, want, byDevice(t, parseReport(t, report)), "the report file, across the runs")
		})
	}
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = f.WriteString(s)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

// TestSweepReportFile checks the report file's rules: a sweep appends to
// it; set with Report it is refused; a resumed sweep refuses a report
// shorter than its checkpoint says, or with a line that is not a record
// after the checkpoint's offset, and a journal line that is not a write.
func TestSweepReportFile(t *testing.T) {
	const users = 20
	srv := devicestest.NewServerT(t)
	seed(srv, users, time.Now())
	dir := t.TempDir()
	opts := fastOptions(sweep.ReportOnly(sweep.Stale(100 * day)))
	opts.ReportFile = filepath.Join(dir, "report.jsonl")
	require.NoError(t, os.WriteFile(opts.ReportFile, []byte("an earlier report's line\n"), 0o644))
	_, err := sweep.Run(context.Background(), srv.Client(), opts)
	require.NoError(t, err)
	b, err := os.ReadFile(opts.ReportFile)
	require.NoError(t, err)
	require.Equal(t, "an earlier report's line\n", string(b[:25]), "appended to")
	recs := parseReport(t, b[25:])
	assert.Len(t, recs, 40, "users u0000..u0019 have 0..4 devices")

	if runtime.GOOS != "windows" {
		fresh := opts
		fresh.ReportFile = filepath.Join(dir, "fresh.jsonl")
		_, err = sweep.Run(context.Background(), srv.Client(), fresh)
		require.NoError(t, err)
		info, err := os.Stat(fresh.ReportFile)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "a report names users: its owner's only")
	}

	opts.Report = &strings.Builder{}
	_, err = sweep.Run(context.Background(), srv.Client(), opts)
	assert.ErrorContains(t, err, "not both")
	opts.Report = nil

	opts.Checkpoint = filepath.Join(dir, "checkpoint.json")
	_, err = sweep.Run(context.Background(), srv.Client(), opts)
	require.NoError(t, err)
	cp, err := sweep.ReadCheckpoint(opts.Checkpoint)
	require.NoError(t, err)
	require.True(t, cp.Complete)
	if runtime.GOOS != "windows" {
		info, err := os.Stat(opts.Checkpoint)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the checkpoint names users: its owner's only")
	}
	require.NoError(t, os.WriteFile(opts.Checkpoint, []byte(strings.Replace(mustRead(t, opts.Checkpoint), `"complete":true`, `"complete":false`, 1)), 0o644))

	full := mustRead(t, opts.ReportFile)
	appendTo(t, opts.ReportFile, "not a record\n")
	_, err = sweep.Run(context.Background(), srv.Client(), opts)
	assert.ErrorContains(t, err, "is not a record of this sweep")

	require.NoError(t, os.WriteFile(opts.ReportFile, nil, 0o644))
	_, err = sweep.Run(context.Background(), srv.Client(), opts)
	assert.ErrorContains(t, err, "fewer than the")

	require.NoError(t, os.WriteFile(opts.ReportFile, []byte(full), 0o644))
	require.NoError(t, os.WriteFile(opts.Checkpoint+".journal", []byte("{\"username\":\"u0001\"}\n"), 0o600))
	_, err = sweep.Run(context.Background(), srv.Client(), opts)
	assert.ErrorContains(t, err, "is not a write of this sweep", "a journal line without a device")
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}
