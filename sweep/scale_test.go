package sweep_test

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/sweep"
)

// envInt reads a positive count from the environment, 0 when unset.
func envInt(t *testing.T, name string) int {
	v := os.Getenv(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	require.NoError(t, err, name)
	return n
}

// scaleServer starts a fake with users generated users of three devices
// each, with the service's default quotas when quotas is set.
func scaleServer(t *testing.T, users int, quotas bool) (*devicestest.Server, string) {
	t.Helper()
	var opts []devicestest.Option
	if quotas {
		opts = append(opts, devicestest.WithQuotas(devicestest.DefaultQuotas()))
	}
	srv := devicestest.NewServerT(t, opts...)
	const pool = "us-east-1_SCALE"
	start := time.Now()
	require.NoError(t, srv.LoadSeed(devicestest.Seed{Pools: []devicestest.SeedPool{{ID: pool,
		Generate: &devicestest.SeedGenerate{Users: users, DevicesPerUser: 3}}}}))
	t.Logf("seeded %d users and %d devices in %v", users, 3*users, time.Since(start).Round(time.Millisecond))
	srv.ResetQuotaStats()
	return srv, pool
}

// TestSweepAtScale sweeps a generated pool with the limits raised far
// above the service's quotas, to show what one machine does. It runs only
// when COGNITODEVICES_SWEEP_USERS names the number of users:
//
//	COGNITODEVICES_SWEEP_USERS=100000 go test ./sweep -run TestSweepAtScale -v -timeout 30m
func TestSweepAtScale(t *testing.T) {
	users := envInt(t, "COGNITODEVICES_SWEEP_USERS")
	if users == 0 {
		t.Skip("set COGNITODEVICES_SWEEP_USERS to run")
	}
	srv, pool := scaleServer(t, users, false)
	fast := sweep.Rates{UserList: 1e6, UserResourceRead: 1e6, UserResourceUpdate: 1e6, PerUserRead: 1e6, PerUserWrite: 1e6}
	start := time.Now()
	sum, err := sweep.Run(context.Background(), srv.Client(), sweep.Options{
		UserPoolID: pool, Policy: sweep.Stale(90 * 24 * time.Hour), Rates: fast, Workers: 8, Report: io.Discard,
	})
	require.NoError(t, err)
	elapsed := time.Since(start)
	require.True(t, sum.Complete)
	t.Logf("swept %d users in %v (%.0f users/s): %v; calls %v", sum.UsersDone, elapsed.Round(time.Millisecond),
		float64(sum.UsersDone)/elapsed.Seconds(), sum.Outcomes, sum.Calls)
	assert.Equal(t, users, sum.UsersDone)
	forgotten := sum.Outcomes[sweep.Outcome("forgotten")]
	assert.InDelta(t, 0.753*float64(3*users), float64(forgotten), 0.01*float64(3*users), "about 75.3% of the devices are older than 90 days")
}

// TestSweepKeepsToTheQuotas sweeps a generated pool through a fake that
// throttles at the service's default quotas, with the sweep's default
// rates, twice: a dry run, bound by the device reads, then the real run,
// bound by the device writes. No category goes over its quota by more
// than 2%, the category that bounds each run reaches its quota within 2%,
// and nothing is throttled. It runs only when
// COGNITODEVICES_SWEEP_QUOTA_USERS names the number of users (400 take
// about 45 s):
//
//	COGNITODEVICES_SWEEP_QUOTA_USERS=400 go test ./sweep -run TestSweepKeepsToTheQuotas -v
func TestSweepKeepsToTheQuotas(t *testing.T) {
	users := envInt(t, "COGNITODEVICES_SWEEP_QUOTA_USERS")
	if users == 0 {
		t.Skip("set COGNITODEVICES_SWEEP_QUOTA_USERS to run")
	}
	srv, pool := scaleServer(t, users, true)
	quota := map[devicestest.QuotaCategory]float64{
		devicestest.QuotaUserList: 30, devicestest.QuotaUserResourceRead: 50, devicestest.QuotaUserResourceUpdate: 25,
	}
	for _, run := range []struct {
		name   string
		dryRun bool
		bound  devicestest.QuotaCategory
	}{
		{"dry run", true, devicestest.QuotaUserResourceRead},
		{"real run", false, devicestest.QuotaUserResourceUpdate},
	} {
		t.Run(run.name, func(t *testing.T) {
			srv.ResetQuotaStats()
			start := time.Now()
			sum, err := sweep.Run(context.Background(), srv.Client(), sweep.Options{
				UserPoolID: pool, Policy: sweep.Stale(90 * 24 * time.Hour), DryRun: run.dryRun, Workers: 8, Report: io.Discard,
			})
			require.NoError(t, err)
			t.Logf("swept %d users in %v: %v; calls %v", sum.UsersDone, time.Since(start).Round(time.Millisecond), sum.Outcomes, sum.Calls)
			for category, stats := range srv.QuotaStats() {
				t.Logf("%s: %d served, %d throttled, %d throttled per user, %.2f/s (quota %.0f/s)",
					category, stats.Served, stats.Throttled, stats.ThrottledPerUser, stats.Rate(), quota[category])
				assert.Zero(t, stats.Throttled+stats.ThrottledPerUser, "%s: nothing throttled that the limiter could have held back", category)
				if stats.Served >= 100 { // enough requests for a rate
					assert.LessOrEqual(t, stats.Rate(), 1.02*quota[category], "%s: not over its quota", category)
				}
			}
			bound := srv.QuotaStats()[run.bound]
			assert.InDelta(t, quota[run.bound], bound.Rate(), 0.02*quota[run.bound], "%s, which bounds the run, within 2%% of its quota", run.bound)
		})
	}
}
