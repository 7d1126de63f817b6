package sweep_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/sweep"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type outcomeKey struct{ user, key string }

type outcomeOf struct {
	action  sweep.Action
	outcome sweep.Outcome
}

// byDevice indexes records by user and device key, failing on a device
// reported twice.
func byDevice(t *testing.T, records []sweep.Record) map[outcomeKey]outcomeOf {
	t.Helper()
	out := map[outcomeKey]outcomeOf{}
	for _, r := range records {
		k := outcomeKey{r.Username, r.DeviceKey}
		_, twice := out[k]
		require.False(t, twice, "device %v reported twice", k)
		out[k] = outcomeOf{r.Action, r.Outcome}
	}
	return out
}

// TestSweepKilledAndResumed stops a sweep three times at random points,
// each time just after the service applied a write whose answer the
// sweep never got, resumes it from its checkpoint, and compares the end
// state and the union of the reports with an uninterrupted sweep of the
// same pool.
func TestSweepKilledAndResumed(t *testing.T) {
	const users = 300
	now := time.Now()
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			whole := devicestest.NewServerT(t)
			seed(whole, users, now)
			var wholeReport bytes.Buffer
			opts := fastOptions(mixedPolicy())
			opts.Workers, opts.Report = workers, &wholeReport
			sum, err := sweep.Run(context.Background(), whole.Client(), opts)
			require.NoError(t, err)
			require.True(t, sum.Complete)
			want := byDevice(t, parseReport(t, wholeReport.Bytes()))
			require.NotZero(t, sum.Outcomes[sweep.Forgotten])
			require.NotZero(t, sum.Outcomes[sweep.Marked])
			require.NotZero(t, sum.Outcomes[sweep.Kept])

			srv := devicestest.NewServerT(t)
			seed(srv, users, now)
			opts.Checkpoint = filepath.Join(t.TempDir(), "checkpoint.json")
			var report bytes.Buffer
			opts.Report = &report
			rng := rand.New(rand.NewPCG(uint64(workers), 20))
			for kill := range 3 {
				ctx, cancel := context.WithCancel(context.Background())
				rt := &cancelAfterWrites{k: 1 + rng.Int64N(60), cancel: cancel}
				sum, err := sweep.Run(ctx, srv.Client(func(o *cognitodevices.Options) { o.HTTPClient = &http.Client{Transport: rt} }), opts)
				cancel()
				require.ErrorIs(t, err, context.Canceled, "kill %d", kill)
				require.False(t, sum.Complete)
				cp, err := sweep.ReadCheckpoint(opts.Checkpoint)
				require.NoError(t, err)
				require.NotNil(t, cp)
			}
			sum, err = sweep.Run(context.Background(), srv.Client(), opts)
			require.NoError(t, err)
			require.True(t, sum.Complete)

			assert.Equal(t, state(whole, users), state(srv, users), "end state")
			assert.Equal(t, want, byDevice(t, parseReport(t, report.Bytes())), "union of the reports")

			// A complete checkpoint makes another run do nothing.
			srv.ResetRequests()
			sum, err = sweep.Run(context.Background(), srv.Client(), opts)
			require.NoError(t, err)
			assert.True(t, sum.Complete)
			assert.Empty(t, srv.Requests())
		})
	}
}

// TestSweepDryRun checks that a dry run sends no write and reports
// exactly what the real run then does.
func TestSweepDryRun(t *testing.T) {
	const users = 200
	srv := devicestest.NewServerT(t, devicestest.WithRequestLogSize(100000))
	seed(srv, users, time.Now())
	before := state(srv, users)

	var plan bytes.Buffer
	opts := fastOptions(mixedPolicy())
	opts.DryRun, opts.Report = true, &plan
	_, err := sweep.Run(context.Background(), srv.Client(), opts)
	require.NoError(t, err)
	for _, r := range srv.Requests() {
		assert.Contains(t, []string{"ListUsers", "AdminListDevices"}, r.Operation)
	}
	assert.Equal(t, before, state(srv, users))

	var real bytes.Buffer
	opts.DryRun, opts.Report = false, &real
	_, err = sweep.Run(context.Background(), srv.Client(), opts)
	require.NoError(t, err)

	planned, done := byDevice(t, parseReport(t, plan.Bytes())), byDevice(t, parseReport(t, real.Bytes()))
	require.Len(t, planned, len(done))
	forgets, marks := 0, 0
	for k, p := range planned {
		d := done[k]
		require.Equal(t, p.action, d.action, "%v", k)
		switch p.action {
		case sweep.Forget:
			forgets++
			assert.Equal(t, sweep.Planned, p.outcome)
			assert.Equal(t, sweep.Forgotten, d.outcome)
		case sweep.MarkNotRemembered:
			marks++
			assert.Equal(t, sweep.Planned, p.outcome)
			assert.Equal(t, sweep.Marked, d.outcome)
		default:
			assert.Equal(t, sweep.Kept, p.outcome)
			assert.Equal(t, p, d)
		}
	}
	assert.NotZero(t, forgets)
	assert.NotZero(t, marks)
}

// TestSweepThrottling checks that throttled requests are tried again, that
// each throttling halves its category's pace and that the pace recovers.
func TestSweepThrottling(t *testing.T) {
	for _, tc := range []struct {
		operation string
		category  sweep.Category
		n         int
	}{
		{"AdminForgetDevice", sweep.UserResourceUpdate, 3},
		{"AdminUpdateDeviceStatus", sweep.UserResourceUpdate, 2},
		{"AdminListDevices", sweep.UserResourceRead, 2},
		{"ListUsers", sweep.UserList, 1},
	} {
		t.Run(tc.operation, func(t *testing.T) {
			srv := devicestest.NewServerT(t)
			old := time.Now().Add(-400 * day)
			for j := range 40 {
				status := "remembered"
				if j%2 == 0 {
					status = "not_remembered"
				}
				srv.AddDevice(pool, "alice", cognitodevices.DeviceType{
					DeviceLastAuthenticatedDate: &old,
					DeviceAttributes:            []cognitodevices.AttributeType{{Name: aws.String(cognitodevices.AttributeDeviceRememberedStatus), Value: &status}},
				})
			}
			srv.FailNext(tc.operation, tc.n, "TooManyRequestsException")
			opts := fastOptions(sweep.Any(sweep.NotRemembered(), sweep.TrustWindow(day)))
			opts.Rates = sweep.Rates{UserList: 1000, UserResourceRead: 1000, UserResourceUpdate: 1000, PerUserRead: -1, PerUserWrite: -1}
			sum, err := sweep.Run(context.Background(), srv.Client(), opts)
			require.NoError(t, err)
			assert.Equal(t, tc.n, sum.Throttled[tc.category])
			assert.InDelta(t, 1000/float64(int(1)<<tc.n), sum.LowestRate[tc.category], 0.001)
			if tc.category == sweep.UserResourceUpdate {
				assert.InDelta(t, 1000, sum.Rate[tc.category], 0.001, "recovered")
			}
			assert.Equal(t, 20, sum.Outcomes[sweep.Forgotten])
			assert.Equal(t, 20, sum.Outcomes[sweep.Marked])
			for _, d := range srv.Devices(pool, "alice") {
				assert.Equal(t, cognitodevices.DeviceRememberedStatusTypeNotRemembered, d.RememberedStatus())
			}
		})
	}
}

// TestSweepPacing counts the waits on each category's limiter and on the
// client's own, and checks that the per-category and per-user rates hold
// (a lower bound on the time taken, which only a broken limiter misses).
func TestSweepPacing(t *testing.T) {
	const users, devices = 4, 10
	srv := devicestest.NewServerT(t, devicestest.WithRequestLogSize(10000))
	old := time.Now().Add(-400 * day)
	for i := range users {
		for range devices {
			srv.AddDevice(pool, fmt.Sprintf("u%04d", i), cognitodevices.DeviceType{DeviceLastAuthenticatedDate: &old})
		}
	}
	counted := map[sweep.Category]*countingLimiter{sweep.UserList: {}, sweep.UserResourceRead: {}, sweep.UserResourceUpdate: {}}
	own := &countingLimiter{}
	opts := fastOptions(sweep.Stale(day))
	opts.Limiters = map[sweep.Category]cognitodevices.RateLimiter{}
	for c, l := range counted {
		opts.Limiters[c] = l
	}
	opts.Rates = sweep.Rates{UserList: -1, UserResourceRead: -1, UserResourceUpdate: 100, PerUserRead: -1, PerUserWrite: 40}
	opts.Workers = users
	sum, err := sweep.Run(context.Background(), srv.Client(func(o *cognitodevices.Options) { o.RateLimiter = own }), opts)
	require.NoError(t, err)
	require.Equal(t, users*devices, sum.Outcomes[sweep.Forgotten])

	ops := map[string]int{}
	var writes []time.Time
	perUser := map[string][]time.Time{}
	for _, r := range srv.Requests() {
		ops[r.Operation]++
		if r.Operation == "AdminForgetDevice" {
			writes = append(writes, r.Time)
			var in struct{ Username string }
			require.NoError(t, jsonUnmarshal(r.Body, &in))
			perUser[in.Username] = append(perUser[in.Username], r.Time)
		}
	}
	assert.Equal(t, int64(ops["ListUsers"]), counted[sweep.UserList].n.Load())
	assert.Equal(t, int64(ops["AdminListDevices"]), counted[sweep.UserResourceRead].n.Load())
	assert.Equal(t, int64(ops["AdminForgetDevice"]), counted[sweep.UserResourceUpdate].n.Load())
	assert.Equal(t, int64(len(srv.Requests())), own.n.Load(), "the client's own limiter is kept")
	assert.Equal(t, sum.Calls[sweep.UserResourceUpdate], ops["AdminForgetDevice"])

	span := writes[len(writes)-1].Sub(writes[0])
	t.Logf("%d forgets in %v (%.1f/s; limit 100/s)", len(writes), span, float64(len(writes)-1)/span.Seconds())
	assert.GreaterOrEqual(t, span, time.Duration(len(writes)-1)*10*time.Millisecond-5*time.Millisecond)
	assert.Less(t, span, 10*time.Second)
	for u, ts := range perUser {
		s := ts[len(ts)-1].Sub(ts[0])
		assert.GreaterOrEqual(t, s, time.Duration(len(ts)-1)*25*time.Millisecond-5*time.Millisecond, u)
	}
}

// TestSweepProgress checks the progress callback's counts and estimate.
func TestSweepProgress(t *testing.T) {
	const users = 50
	srv := devicestest.NewServerT(t)
	seed(srv, users, time.Now())
	var seen []sweep.Progress
	opts := fastOptions(sweep.Cap(2))
	opts.TotalUsers = users
	opts.Progress = func(p sweep.Progress) { seen = append(seen, p) }
	sum, err := sweep.Run(context.Background(), srv.Client(), opts)
	require.NoError(t, err)
	require.Len(t, seen, users)
	last := seen[len(seen)-1]
	assert.Equal(t, users, last.UsersDone)
	assert.Equal(t, users, last.UsersScanned)
	assert.Equal(t, users*2, last.DevicesSeen) // 0+1+2+3+4 devices per five users
	assert.Equal(t, 10*(1+2), last.Acted)      // users with 3 and 4 devices
	assert.Zero(t, last.ETA)
	assert.Positive(t, seen[0].ETA)
	assert.Positive(t, last.UsersPerSecond)
	assert.Equal(t, last.Acted, sum.Outcomes[sweep.Forgotten])
}

// TestSweepUsernames sweeps a given list of users, each once.
func TestSweepUsernames(t *testing.T) {
	srv := devicestest.NewServerT(t)
	seed(srv, 10, time.Now())
	var report bytes.Buffer
	opts := fastOptions(sweep.Cap(0))
	opts.Usernames, opts.Report = []string{"u0004", "u0003", "u0004"}, &report
	sum, err := sweep.Run(context.Background(), srv.Client(), opts)
	require.NoError(t, err)
	assert.Equal(t, 2, sum.UsersDone)
	assert.Len(t, parseReport(t, report.Bytes()), 7)
	assert.Empty(t, srv.Devices(pool, "u0004"))
	assert.Len(t, srv.Devices(pool, "u0002"), 2)
	for _, r := range srv.Requests() {
		assert.NotEqual(t, "ListUsers", r.Operation)
	}
}

// TestSweepCheckpointOfAnotherSweep refuses to resume another sweep.
func TestSweepCheckpointOfAnotherSweep(t *testing.T) {
	srv := devicestest.NewServerT(t)
	seed(srv, 3, time.Now())
	opts := fastOptions(sweep.Cap(1))
	opts.Checkpoint = filepath.Join(t.TempDir(), "cp.json")
	_, err := sweep.Run(context.Background(), srv.Client(), opts)
	require.NoError(t, err)
	opts.Filter = `username ^= "u"`
	_, err = sweep.Run(context.Background(), srv.Client(), opts)
	assert.ErrorContains(t, err, "another sweep")
}
