package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/sweep"
)

const sweepHeader = `Usage: cognitodevices sweep --pool ID (--older-than AGE | --keep-newest N) [flags]

Sweeps the devices of every user of a pool (ListUsers, then per user
AdminListDevices, the writes, and AdminListDevices again), paced per
Cognito quota category (--list-rate, --read-rate, --write-rate default
to Cognito's 30, 50 and 25 requests per second). The policy:

  --older-than AGE         act on the devices last used more than AGE ago
  --keep-newest N          act on all but the N devices used most recently
  both                     act on the old devices, but never the N newest

--action forget (the default) forgets them; not-remembered marks them
not_remembered, so they answer MFA again (a device trust window); report
only reports them. --dry-run sends no write and prints the plan, each
device the run would act on with the outcome "planned".

Each device gets one line: kept, reported, planned, forgotten, gone,
marked_not_remembered, failed or not_tried; --json prints one JSON
object a line (pool, username, device_key, action, outcome, ...), and
--report FILE appends those lines to FILE instead of printing them.

With --checkpoint FILE the sweep writes where it stands to FILE (and
each write it is about to send to FILE.journal) and, when FILE exists,
resumes from it: no user is skipped and no device reported twice across
the runs. Ctrl-C (SIGINT) or SIGTERM stops the sweep: the calls in
flight end, the checkpoint is written and the command that resumes is
printed; the exit status is 130 (143 for SIGTERM). A second Ctrl-C exits
at once. With --report FILE too, the report stays exact even when the
sweep is killed outright (kill -9): the resumed sweep reads back what
reached FILE. Printed to stdout instead, the records of the users in
flight at such a kill may be printed again. Progress goes to stderr: a
bar on a terminal, a line every few seconds otherwise.

Flags:
`

const sweepExamples = `
Examples:
  # What would go: devices not used for 90 days, keeping each user's newest.
  cognitodevices sweep --pool us-east-1_EXAMPLE --older-than 90d --keep-newest 1 --dry-run

  # Do it, resumably, with a JSON-lines report (run it again to resume).
  cognitodevices sweep --pool us-east-1_EXAMPLE --older-than 90d --keep-newest 1 \
    --checkpoint sweep-checkpoint.json --report sweep-report.jsonl

  # A 60-day trust window: mark old devices not_remembered instead.
  cognitodevices sweep --pool us-east-1_EXAMPLE --older-than 60d --action not-remembered

  # Against cmd/fakecognito (go run ./cmd/fakecognito -generate-users 2000),
  # with its key pair in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY:
  cognitodevices sweep --region us-east-1 --endpoint-url http://127.0.0.1:PORT \
    --pool us-east-1_SCALE --older-than 90d --dry-run
`

// sweepConfig is the sweep command line.
type sweepConfig struct {
	aws                         *awsFlags
	pool, action, checkpoint    string
	report, filter              string
	olderThan                   time.Duration
	keepNewest                  int
	dryRun                      bool
	workers, totalUsers         int
	listRate, readRate          float64
	writeRate                   float64
	userReadRate, userWriteRate float64
}

// newSweepFlags defines the sweep flags on a new flag set.
// finishInFlight is how long a write that is out when the sweep is
// interrupted may go on, so that its answer is reported.
const finishInFlight = 30 * time.Second

func newSweepFlags(stderr io.Writer) (*flag.FlagSet, *sweepConfig) {
	fs := newFlagSet("sweep", sweepHeader, sweepExamples, stderr)
	c := &sweepConfig{aws: addAWSFlags(fs), keepNewest: -1,
		listRate: sweep.DefaultRates.UserList, readRate: sweep.DefaultRates.UserResourceRead, writeRate: sweep.DefaultRates.UserResourceUpdate,
		userReadRate: sweep.DefaultRates.PerUserRead, userWriteRate: sweep.DefaultRates.PerUserWrite}
	fs.StringVar(&c.pool, "pool", "", "user pool `ID` to sweep (required)")
	fs.StringVar(&c.filter, "filter", "", "sweep only the users this ListUsers `filter` matches, such as 'status = \"Enabled\"' or 'username ^= \"test-\"'")
	fs.Var(ageValue{&c.olderThan}, "older-than", "act on the devices last used more than this `age` ago: a Go duration (2160h) or days (90d)")
	fs.IntVar(&c.keepNewest, "keep-newest", -1, "keep the `N` devices of each user used most recently; alone, act on all the others")
	fs.StringVar(&c.action, "action", "forget", "what to do with the devices chosen: forget, not-remembered or report")
	fs.BoolVar(&c.dryRun, "dry-run", false, "send no write: print the plan (outcome planned)")
	fs.StringVar(&c.checkpoint, "checkpoint", "", "checkpoint `file`: written as the sweep goes, resumed from when it exists")
	fs.StringVar(&c.report, "report", "", "append the report to this `file` as JSON lines, instead of printing it; with --checkpoint, exact across kills")
	fs.IntVar(&c.workers, "workers", sweep.DefaultWorkers, "how many users are swept at once")
	fs.IntVar(&c.totalUsers, "total-users", 0, "the number of users in the pool, when known, for the progress bar and the time left")
	fs.Var(rateValue{&c.listRate}, "list-rate", "ListUsers `requests` per second (Cognito's UserList quota)")
	fs.Var(rateValue{&c.readRate}, "read-rate", "device read `requests` per second, AdminListDevices (Cognito's UserResourceRead quota)")
	fs.Var(rateValue{&c.writeRate}, "write-rate", "device write `requests` per second, AdminForgetDevice and AdminUpdateDeviceStatus (Cognito's UserResourceUpdate quota)")
	fs.Var(rateValue{&c.userReadRate}, "user-read-rate", "device reads per second for any one user (`requests`)")
	fs.Var(rateValue{&c.userWriteRate}, "user-write-rate", "device writes per second for any one user (`requests`)")
	return fs, c
}

// policy builds the sweep policy from the flags, or says what is wrong.
func (c *sweepConfig) policy() (sweep.Policy, error) {
	if c.pool == "" {
		return nil, errors.New("missing --pool")
	}
	if c.keepNewest < -1 {
		return nil, fmt.Errorf("--keep-newest %d: want 0 or more devices", c.keepNewest)
	}
	if c.olderThan == 0 && c.keepNewest < 0 {
		return nil, errors.New("say which devices to act on: --older-than AGE, --keep-newest N, or both")
	}
	if c.workers < 1 {
		return nil, fmt.Errorf("--workers %d: want 1 or more", c.workers)
	}
	if c.totalUsers < 0 {
		return nil, fmt.Errorf("--total-users %d: want 0 or more", c.totalUsers)
	}
	var p sweep.Policy
	switch {
	case c.olderThan > 0 && c.action == "not-remembered":
		p = sweep.TrustWindow(c.olderThan)
	case c.olderThan > 0:
		p = sweep.Stale(c.olderThan)
	}
	switch {
	case c.keepNewest >= 0 && p != nil:
		p = sweep.KeepNewest(c.keepNewest, p)
	case c.keepNewest >= 0:
		p = sweep.Cap(c.keepNewest)
	}
	switch c.action {
	case "forget":
		return p, nil
	case "not-remembered":
		return markInstead(p), nil
	case "report":
		return sweep.ReportOnly(p), nil
	}
	return nil, fmt.Errorf("--action %q: want forget, not-remembered or report", c.action)
}

// markInstead applies p but marks not_remembered the devices p would
// forget.
func markInstead(p sweep.Policy) sweep.Policy {
	return func(devices []cognitodevices.DeviceType) map[string]sweep.Action {
		out := p(devices)
		for k, a := range out {
			if a == sweep.Forget {
				out[k] = sweep.MarkNotRemembered
			}
		}
		return out
	}
}

func runSweep(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, c := newSweepFlags(stderr)
	if status := parseFlags(fs, args); status >= 0 {
		return status
	}
	policy, err := c.policy()
	if err != nil {
		return usageError(fs, err.Error())
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	client, err := c.aws.client(ctx)
	if err != nil {
		return fail(stderr, "sweep", err)
	}

	// The first SIGINT or SIGTERM ends the sweep's context: the sweep
	// lets the writes that are out finish (for up to finishInFlight),
	// starts no new request, writes its checkpoint and returns. A second one finds the
	// default handling back and ends the process.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	var (
		mu     sync.Mutex
		caught os.Signal
	)
	go func() {
		select {
		case s := <-signals:
			signal.Stop(signals)
			mu.Lock()
			caught = s
			mu.Unlock()
			cancel()
		case <-ctx.Done():
		}
	}()
	defer signal.Stop(signals)

	if c.checkpoint != "" {
		if cp, err := sweep.ReadCheckpoint(c.checkpoint); err == nil && cp != nil && cp.Complete {
			fmt.Fprintf(stderr, "cognitodevices sweep: the checkpoint %s says this sweep is complete: nothing to do. Remove it (and its report) to sweep again.\n", c.checkpoint)
			return 0
		}
	}
	report := newRecordTable(stdout, c.aws.json, c.dryRun)
	var reportTo io.Writer = report
	if c.report != "" {
		reportTo = nil
	}
	progress := newProgressPrinter(stderr, isTerminal(os.Stderr))
	sum, err := sweep.Run(ctx, client, sweep.Options{
		UserPoolID: c.pool, Filter: c.filter, Policy: policy, DryRun: c.dryRun, Workers: c.workers, Checkpoint: c.checkpoint,
		Rates: sweep.Rates{UserList: c.listRate, UserResourceRead: c.readRate, UserResourceUpdate: c.writeRate,
			PerUserRead: c.userReadRate, PerUserWrite: c.userWriteRate},
		Report: reportTo, ReportFile: c.report, Progress: progress.update, TotalUsers: c.totalUsers,
		// Ctrl-C lets the writes that are out finish, so that their
		// answers are reported; no new request starts.
		FinishInFlight: finishInFlight,
	})
	progress.done()
	if ferr := report.flush(); ferr != nil && err == nil {
		err = ferr
	}
	if sum != nil {
		fmt.Fprintln(stderr, summaryLine(sum))
	}
	mu.Lock()
	sig := caught
	mu.Unlock()
	if sig != nil {
		fmt.Fprintf(stderr, "cognitodevices sweep: stopped by %v.\n", sig)
		switch {
		case c.dryRun:
			fmt.Fprintln(stderr, "A dry run keeps no checkpoint; run it again to see the whole plan.")
		case c.checkpoint != "":
			fmt.Fprintf(stderr, "The checkpoint %s holds where it stopped. To resume, run:\n  %s\n", c.checkpoint, resumeCommand(args))
		default:
			fmt.Fprintln(stderr, "Without --checkpoint, running it again starts over (users already swept are listed again; nothing is sent twice for a device already forgotten).")
		}
		if sig == syscall.SIGTERM {
			return 143
		}
		return 130
	}
	if err != nil {
		return fail(stderr, "sweep", err)
	}
	if sum.Outcomes[sweep.Failed] > 0 {
		fmt.Fprintf(stderr, "cognitodevices sweep: %d records failed; see the report\n", sum.Outcomes[sweep.Failed])
		return 1
	}
	return 0
}

// summaryLine says what a sweep did, in one line.
func summaryLine(sum *sweep.Summary) string {
	var outcomes []string
	for _, o := range []sweep.Outcome{sweep.Kept, sweep.Reported, sweep.Planned, sweep.Forgotten, sweep.Gone, sweep.Marked, sweep.Failed, sweep.NotTried} {
		if n := sum.Outcomes[o]; n > 0 {
			outcomes = append(outcomes, fmt.Sprintf("%d %s", n, o))
		}
	}
	if len(outcomes) == 0 {
		outcomes = append(outcomes, "no device")
	}
	state := "incomplete"
	if sum.Complete {
		state = "complete"
	}
	return fmt.Sprintf("swept %d users (%d skipped as done) in %v: %s; %s", sum.UsersDone, sum.UsersSkipped,
		sum.Elapsed.Round(time.Millisecond), strings.Join(outcomes, ", "), state)
}

// resumeCommand is the command line that runs the sweep again, quoted for
// a POSIX shell.
func resumeCommand(args []string) string {
	parts := []string{"cognitodevices", "sweep"}
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,@%+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// recordTable receives the sweep's JSON lines: with --json it passes them
// on as they are; otherwise it prints each as a table row.
type recordTable struct {
	w      io.Writer
	json   bool
	header bool
	dryRun bool
	buf    []byte
}

func newRecordTable(w io.Writer, asJSON, dryRun bool) *recordTable {
	return &recordTable{w: w, json: asJSON, dryRun: dryRun}
}

const recordRow = "%-20s  %-46s  %-20s  %-19s  %-21s  %s"

// Write takes whole or partial lines; each whole line is one record.
func (t *recordTable) Write(p []byte) (int, error) {
	if t.json {
		return t.w.Write(p)
	}
	t.buf = append(t.buf, p...)
	for {
		i := bytes.IndexByte(t.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		var r sweep.Record
		if err := json.Unmarshal(t.buf[:i], &r); err != nil {
			return 0, err
		}
		t.buf = t.buf[i+1:]
		if err := t.row(r); err != nil {
			return 0, err
		}
	}
}

func (t *recordTable) row(r sweep.Record) error {
	if !t.header {
		t.header = true
		if t.dryRun {
			if _, err := fmt.Fprintln(t.w, "Dry run: nothing is written. The plan (outcome planned) and the devices kept:"); err != nil {
				return err
			}
		}
		if _, err := fmt.Fprintln(t.w, fmt.Sprintf(recordRow, "USER", "DEVICE KEY", "LAST USED", "ACTION", "OUTCOME", "ERROR")); err != nil {
			return err
		}
	}
	e := r.Error
	if r.OutcomeUnknown {
		e = "(may have been applied) " + e
	}
	_, err := fmt.Fprintln(t.w, strings.TrimRight(fmt.Sprintf(recordRow, r.Username, orDash(r.DeviceKey), formatTime(r.LastUsed), r.Action, r.Outcome, e), " "))
	return err
}

func (t *recordTable) flush() error {
	if len(t.buf) > 0 {
		return fmt.Errorf("the report ended with a partial line: %q", t.buf)
	}
	return nil
}
