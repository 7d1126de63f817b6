package cognitodevices_test

// The soak runs the client against the fake service through a transport
// that injects faults, with workers that each own their users, so that
// every answer can be checked against the fake's state at that moment
// and every write's outcome against what the caller was told. It lives
// in the root package's external test package because what it checks is
// the client's promise (retries, clock-skew correction, decoding and
// the errors a caller classifies), through its exported API only, and
// so that the README's `go test ./...` runs its short budget with the
// rest. The fault transport is in soak_faults_test.go.
//
// A long run, on request:
//
//	COGNITODEVICES_SOAK_CALLS=1000000 go test -run 'TestSoak$' -v -timeout 0 .
//
// COGNITODEVICES_SOAK_WORKERS, _USERS, _FAULT_RATE and _SEED change the
// other figures.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

const soakPool = "us-east-1_SOAK"

// soakConfig is the budget and shape of one soak.
type soakConfig struct {
	calls     int
	workers   int
	users     int
	faultRate float64
	seed      uint64
	// maxDevices is how many devices a user may have before
	// ConfirmDevice gives way to forgetting one.
	maxDevices int
	// heapBound bounds the live heap after the soak, the fake's state
	// included.
	heapBound uint64
	bug       faultKind
}

// shortSoak is the budget of every go test: some seconds, under the race
// detector too.
func shortSoak() soakConfig {
	calls := 10000
	if raceEnabled {
		calls = 3000
	}
	return soakConfig{calls: calls, workers: 16, users: 512, faultRate: 0.075, seed: 21, maxDevices: 8, heapBound: 64 << 20}
}

// soakFromEnv is shortSoak changed by the COGNITODEVICES_SOAK_* variables.
func soakFromEnv(t *testing.T) soakConfig {
	cfg := shortSoak()
	for name, p := range map[string]*int{"CALLS": &cfg.calls, "WORKERS": &cfg.workers, "USERS": &cfg.users} {
		if v := os.Getenv("COGNITODEVICES_SOAK_" + name); v != "" {
			n, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
			require.NoError(t, err, "COGNITODEVICES_SOAK_%s", name)
			require.Positive(t, n, "COGNITODEVICES_SOAK_%s", name)
			*p = n
		}
	}
	if v := os.Getenv("COGNITODEVICES_SOAK_FAULT_RATE"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		require.NoError(t, err, "COGNITODEVICES_SOAK_FAULT_RATE")
		require.True(t, r >= 0 && r < 1, "COGNITODEVICES_SOAK_FAULT_RATE must be in [0, 1)")
		cfg.faultRate = r
	}
	if v := os.Getenv("COGNITODEVICES_SOAK_SEED"); v != "" {
		s, err := strconv.ParseUint(v, 10, 64)
		require.NoError(t, err, "COGNITODEVICES_SOAK_SEED")
		cfg.seed = s
	}
	require.LessOrEqual(t, cfg.workers, cfg.users, "each worker needs a user of its own")
	return cfg
}

// TestSoak runs the soak and requires no wrong answer, no lost or
// phantom write, no unexplained error, the goroutines back to where they
// were and the heap under its bound.
func TestSoak(t *testing.T) {
	cfg := soakFromEnv(t)
	r := runSoak(t, cfg)
	r.log(t)
	for _, v := range r.violations {
		t.Error(v)
	}
	assert.Zero(t, r.count(violationKinds...), "violations")
	assert.LessOrEqual(t, r.goroutinesAfter, r.goroutinesBefore, "goroutines after the soak")
	assert.Less(t, r.heapAfterGC, cfg.heapBound, "live heap after the soak, bytes")
	assert.EqualValues(t, cfg.calls, r.calls.Load(), "calls made")
}

// TestSoakCatchesInjectedBugs shows the soak can fail: a transport that
// answers success for a write it never sent is caught as lost writes,
// and one that answers a read with an earlier answer as wrong answers.
func TestSoakCatchesInjectedBugs(t *testing.T) {
	for _, tc := range []struct {
		bug  faultKind
		want soakCount
	}{
		{bugLoseWrite, countLostWrite},
		{bugStaleRead, countWrongAnswer},
	} {
		t.Run(faultNames[tc.bug], func(t *testing.T) {
			cfg := shortSoak()
			cfg.calls, cfg.workers, cfg.users, cfg.faultRate, cfg.bug = 400, 4, 16, 0.3, tc.bug
			r := runSoak(t, cfg)
			assert.Positive(t, r.count(tc.want), "%s caught; violations: %q", countNames[tc.want], r.violations)
		})
	}
}

// soakCount indexes the soak's counters.
type soakCount int

const (
	countReadOK          soakCount = iota // a read answered and matching the fake, or failing as expected
	countReadFailed                       // a read failing under injected faults
	countApplied                          // a write that succeeded, its effect present
	countNotApplied                       // a write that failed before it could apply, its effect absent
	countUnknownApplied                   // a write that failed after it may have applied: it had
	countUnknownAbsent                    // ... or had not
	countExpectedRefusal                  // a write refused as expected (no such device), nothing changed
	countSkewRefusal                      // a signed call refused while the fake's clock moved

	countWrongAnswer   // a read whose answer differs from the fake, or an answer where an error was due
	countLostWrite     // a write that succeeded without its effect
	countPhantomWrite  // a write that failed before it could apply, with its effect present
	countWrongState    // the fake in neither the state before nor after a write
	countUnexplained   // an error where no fault was injected and none was due
	countWrongVerifier // ConfirmDevice applied with another verifier than was sent

	numCounts
)

var countNames = [numCounts]string{
	countReadOK: "read ok", countReadFailed: "read failed under faults",
	countApplied: "applied", countNotApplied: "not applied",
	countUnknownApplied: "unknown, was applied", countUnknownAbsent: "unknown, was not applied",
	countExpectedRefusal: "refused as expected", countSkewRefusal: "refused while the clock moved",
	countWrongAnswer: "wrong answers", countLostWrite: "lost writes", countPhantomWrite: "phantom writes",
	countWrongState: "wrong states", countUnexplained: "unexplained errors", countWrongVerifier: "wrong verifiers",
}

var violationKinds = []soakCount{countWrongAnswer, countLostWrite, countPhantomWrite, countWrongState, countUnexplained, countWrongVerifier}

// soakOp is one operation of the mix.
type soakOp int

const (
	opAdminList soakOp = iota
	opList
	opAdminGet
	opGet
	opAdminUpdate
	opUpdate
	opAdminForget
	opForget
	opConfirm
	opSignOut
	numOps
)

var opNames = [numOps]string{"AdminListDevices", "ListDevices", "AdminGetDevice", "GetDevice", "AdminUpdateDeviceStatus", "UpdateDeviceStatus", "AdminForgetDevice", "ForgetDevice", "ConfirmDevice", "GlobalSignOut"}

// opWeights is the mix: about half reads, as many devices confirmed as
// forgotten, and now and then a sign-out, after which the user gets a new
// access token.
var opWeights = [numOps]int{12, 12, 12, 12, 10, 10, 6, 6, 12, 2}

// soakReport holds the figures of a soak.
type soakReport struct {
	cfg              soakConfig
	calls            atomic.Int64
	ops              [numOps]atomic.Int64
	counts           [numCounts]atomic.Int64
	elapsed          time.Duration
	requests         int64
	faults           [numFaultKinds]int64
	clockMoves       int64
	skewRefusals     int64
	goroutinesBefore int
	goroutinesAfter  int
	peakHeap         uint64
	heapAfterGC      uint64

	mu         sync.Mutex
	violations []string // the first maxViolations
}

const maxViolations = 20

func (r *soakReport) count(kinds ...soakCount) int64 {
	var n int64
	for _, k := range kinds {
		n += r.counts[k].Load()
	}
	return n
}

func (r *soakReport) violate(kind soakCount, format string, args ...any) {
	r.counts[kind].Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.violations) < maxViolations {
		r.violations = append(r.violations, countNames[kind]+": "+fmt.Sprintf(format, args...))
	}
}

func (r *soakReport) log(t *testing.T) {
	calls := r.calls.Load()
	t.Logf("soak: %d calls (%d requests) in %v, %.0f calls/s; %d workers, %d users, fault rate %.3f, seed %d",
		calls, r.requests, r.elapsed.Round(time.Millisecond), float64(calls)/r.elapsed.Seconds(), r.cfg.workers, r.cfg.users, r.cfg.faultRate, r.cfg.seed)
	var b strings.Builder
	for k, n := range r.faults {
		if n != 0 {
			fmt.Fprintf(&b, " %s %d,", faultNames[k], n)
		}
	}
	t.Logf("soak: requests by fault:%s; clock moves %d, signed requests the fake refused for their time %d",
		strings.TrimSuffix(b.String(), ","), r.clockMoves, r.skewRefusals)
	b.Reset()
	for op := range r.ops {
		fmt.Fprintf(&b, " %s %d,", opNames[op], r.ops[op].Load())
	}
	t.Logf("soak: calls by operation:%s", strings.TrimSuffix(b.String(), ","))
	b.Reset()
	for k := range r.counts {
		fmt.Fprintf(&b, " %s %d,", countNames[k], r.counts[k].Load())
	}
	t.Logf("soak: outcomes:%s", strings.TrimSuffix(b.String(), ","))
	t.Logf("soak: goroutines %d before, %d after; peak heap %.1f MiB, live heap after GC %.1f MiB (bound %d MiB)%s",
		r.goroutinesBefore, r.goroutinesAfter, mib(r.peakHeap), mib(r.heapAfterGC), r.cfg.heapBound>>20, peakRSS())
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// peakRSS reports the process's peak resident set where Linux tells it.
func peakRSS() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return "; peak RSS of the test process " + strings.Join(strings.Fields(v), " ")
		}
	}
	return ""
}

// runSoak runs one soak: it starts the fake, seeds the users, runs the
// workers until cfg.calls calls are made, stops everything it started
// and measures what is left.
func runSoak(t *testing.T, cfg soakConfig) *soakReport {
	r := &soakReport{cfg: cfg}
	runtime.GC()
	r.goroutinesBefore = runtime.NumGoroutine()

	srv := devicestest.NewServer(devicestest.WithRequestLogSize(0), devicestest.WithControlEndpoint(false))
	ft := newFaultTransport(srv, cfg.faultRate, cfg.bug, cfg.workers)
	client := srv.Client(func(o *cd.Options) {
		o.HTTPClient = &http.Client{Transport: ft}
		// Retries at once, without a retry quota: the soak is about
		// outcomes, not back-off.
		o.Retryer = retry.NewStandard(func(o *retry.StandardOptions) {
			o.RateLimiter = ratelimit.None
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	})

	workers := make([]*soakWorker, cfg.workers)
	for i := range workers {
		workers[i] = &soakWorker{
			r: r, srv: srv, client: client, clock: ft.clock,
			rng:   rand.New(rand.NewPCG(cfg.seed, uint64(i))),
			stale: map[string][]byte{},
		}
	}
	for i := range cfg.users {
		workers[i%cfg.workers].seedUser(fmt.Sprintf("user%04d", i))
	}

	// The fake's clock starts ahead, so every soak has the client learn
	// it; faultSkew moves it later.
	ft.clock.move(skewOffsets[len(skewOffsets)-1])

	stopSampling := sampleHeap(&r.peakHeap)
	var budget atomic.Int64
	budget.Store(int64(cfg.calls))
	start := time.Now()
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for budget.Add(-1) >= 0 {
				w.step()
			}
		}()
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	stopSampling()

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.heapAfterGC = ms.HeapAlloc
	r.requests = ft.requests.Load()
	for k := range r.faults {
		r.faults[k] = ft.counts[k].Load()
	}
	r.clockMoves = ft.clock.moves.Load()
	r.skewRefusals = ft.skewed.Load()

	srv.Close()
	ft.next.CloseIdleConnections()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		r.goroutinesAfter = runtime.NumGoroutine()
		if r.goroutinesAfter <= r.goroutinesBefore || time.Now().After(deadline) {
			break
		}
	}
	return r
}

// sampleHeap records the largest heap in use, every 20 ms, until the
// function it returns is called; that function returns once sampling has
// stopped.
func sampleHeap(peak *uint64) (stop func()) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			*peak = max(*peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-stopped }
}

// soakWorker makes calls for the users it alone owns, so that it knows
// their state: what each read must show and what each write may leave.
type soakWorker struct {
	r      *soakReport
	srv    *devicestest.Server
	client *cd.Client
	clock  *soakClock
	rng    *rand.Rand
	users  []*soakUser
	stale  map[string][]byte // for bugStaleRead
	n      int               // devices confirmed, for their names
}

// soakUser is a user as its worker knows it: the access token and the
// devices in the fake's order with their remembered status.
type soakUser struct {
	name    string
	token   string
	devices []soakDevice
}

type soakDevice struct {
	key    string
	status cd.DeviceRememberedStatusType
}

var rememberedStatuses = []cd.DeviceRememberedStatusType{cd.DeviceRememberedStatusTypeRemembered, cd.DeviceRememberedStatusTypeNotRemembered}

func (w *soakWorker) seedUser(name string) {
	w.srv.AddUser(soakPool, name)
	for i := range w.rng.IntN(5) {
		status := rememberedStatuses[w.rng.IntN(2)]
		w.srv.AddDevice(soakPool, name, cd.DeviceType{DeviceAttributes: []cd.AttributeType{
			{Name: aws.String(cd.AttributeDeviceName), Value: aws.String(fmt.Sprint("seeded ", i))},
			{Name: aws.String(cd.AttributeDeviceRememberedStatus), Value: aws.String(string(status))},
		}})
	}
	w.users = append(w.users, &soakUser{name: name, token: w.srv.IssueAccessToken(soakPool, name), devices: stateOf(w.srv.Devices(soakPool, name))})
}

func stateOf(devices []cd.DeviceType) []soakDevice {
	out := make([]soakDevice, len(devices))
	for i, d := range devices {
		out[i] = soakDevice{key: aws.ToString(d.DeviceKey), status: d.RememberedStatus()}
	}
	return out
}

// pickOp draws an operation, confirming no device beyond maxDevices.
func (w *soakWorker) pickOp(u *soakUser) soakOp {
	total := 0
	for _, wt := range opWeights {
		total += wt
	}
	x := w.rng.IntN(total)
	op := opAdminList
	for ; x >= opWeights[op]; op++ {
		x -= opWeights[op]
	}
	if op == opConfirm && len(u.devices) >= w.r.cfg.maxDevices {
		op = opAdminForget + soakOp(w.rng.IntN(2))
	}
	return op
}

// target draws a device of u, or a key u has not when u has none; i is
// -1 then.
func (w *soakWorker) target(u *soakUser) (key string, i int) {
	if len(u.devices) == 0 {
		return w.newKey(), -1
	}
	i = w.rng.IntN(len(u.devices))
	return u.devices[i].key, i
}

func (w *soakWorker) newKey() string {
	return fmt.Sprintf("us-east-1_%08x-%04x-4%03x-a%03x-%012x", w.rng.Uint32(), w.rng.IntN(1<<16), w.rng.IntN(1<<12), w.rng.IntN(1<<12), w.rng.Uint64()&(1<<48-1))
}

// step makes one call and checks it.
func (w *soakWorker) step() {
	u := w.users[w.rng.IntN(len(w.users))]
	op := w.pickOp(u)
	w.r.calls.Add(1)
	w.r.ops[op].Add(1)
	c := &soakCall{rng: w.rng, stale: w.stale}
	if op == opList || op == opGet || op == opUpdate || op == opForget || op == opConfirm || op == opSignOut {
		c.token = u.token
	}
	c.write = op >= opAdminUpdate
	ctx, cancel := context.WithTimeout(withCall(context.Background(), c), time.Minute)
	defer cancel()
	start := time.Now()
	pool, name := aws.String(soakPool), aws.String(u.name)
	token := aws.String(u.token)

	switch op {
	case opAdminList, opList:
		limit := aws.Int32(int32(1 + w.rng.IntN(5)))
		var pages func(func(cd.DeviceType, error) bool)
		if op == opAdminList {
			pages = cd.AdminListDevicesAll(ctx, w.client, &cd.AdminListDevicesInput{UserPoolId: pool, Username: name, Limit: limit})
		} else {
			pages = cd.ListDevicesAll(ctx, w.client, &cd.ListDevicesInput{AccessToken: token, Limit: limit})
		}
		var got []cd.DeviceType
		var err error
		for d, e := range pages {
			if e != nil {
				err = e
				break
			}
			got = append(got, d)
		}
		want := w.srv.Devices(soakPool, u.name)
		if op == opList {
			want = slices.DeleteFunc(want, notShownToUser)
		}
		w.checkRead(c, op, u, start, err, "", func() string { return diffDevices(got, want) })

	case opAdminGet, opGet:
		key, _ := w.target(u)
		var got *cd.DeviceType
		var err error
		if op == opAdminGet {
			out, e := w.client.AdminGetDevice(ctx, &cd.AdminGetDeviceInput{UserPoolId: pool, Username: name, DeviceKey: &key})
			if err = e; out != nil {
				got = out.Device
			}
		} else {
			out, e := w.client.GetDevice(ctx, &cd.GetDeviceInput{AccessToken: token, DeviceKey: &key})
			if err = e; out != nil {
				got = out.Device
			}
		}
		var want []cd.DeviceType
		for _, d := range w.srv.Devices(soakPool, u.name) {
			if aws.ToString(d.DeviceKey) == key && (op == opAdminGet || !notShownToUser(d)) {
				want = append(want, d)
			}
		}
		due := ""
		if len(want) == 0 {
			due = "ResourceNotFoundException"
		}
		w.checkRead(c, op, u, start, err, due, func() string {
			if got == nil {
				return "no device in the answer"
			}
			return diffDevices([]cd.DeviceType{*got}, want)
		})

	case opAdminUpdate, opUpdate:
		key, i := w.target(u)
		after, status := slices.Clone(u.devices), rememberedStatuses[w.rng.IntN(2)]
		if i >= 0 {
			// Flip it, so that the write changes what a read shows.
			status = rememberedStatuses[0]
			if u.devices[i].status == status {
				status = rememberedStatuses[1]
			}
			after[i].status = status
		}
		var err error
		if op == opAdminUpdate {
			_, err = w.client.AdminUpdateDeviceStatus(ctx, &cd.AdminUpdateDeviceStatusInput{UserPoolId: pool, Username: name, DeviceKey: &key, DeviceRememberedStatus: status})
		} else {
			_, err = w.client.UpdateDeviceStatus(ctx, &cd.UpdateDeviceStatusInput{AccessToken: token, DeviceKey: &key, DeviceRememberedStatus: status})
		}
		w.checkWrite(c, op, u, start, err, i < 0, after)

	case opAdminForget, opForget:
		key, i := w.target(u)
		after := slices.Clone(u.devices)
		if i >= 0 {
			after = slices.Delete(after, i, i+1)
		}
		var err error
		if op == opAdminForget {
			_, err = w.client.AdminForgetDevice(ctx, &cd.AdminForgetDeviceInput{UserPoolId: pool, Username: name, DeviceKey: &key})
		} else {
			_, err = w.client.ForgetDevice(ctx, &cd.ForgetDeviceInput{AccessToken: token, DeviceKey: &key})
		}
		w.checkWrite(c, op, u, start, err, i < 0, after)

	case opConfirm:
		key := w.newKey()
		verifier, _, err := cd.GenerateDeviceSecretVerifier("soak-group", key)
		if err != nil {
			w.r.violate(countUnexplained, "GenerateDeviceSecretVerifier: %v", err)
			return
		}
		w.n++
		_, err = w.client.ConfirmDevice(ctx, &cd.ConfirmDeviceInput{AccessToken: token, DeviceKey: &key, DeviceName: aws.String(fmt.Sprint("confirmed ", w.n)), DeviceSecretVerifierConfig: verifier})
		after := append(slices.Clone(u.devices), soakDevice{key: key, status: cd.DeviceRememberedStatusTypeNotRemembered})
		if w.checkWrite(c, op, u, start, err, false, after) {
			got, ok := w.srv.DeviceVerifier(soakPool, u.name, key)
			if !ok || aws.ToString(got.PasswordVerifier) != aws.ToString(verifier.PasswordVerifier) || aws.ToString(got.Salt) != aws.ToString(verifier.Salt) {
				w.r.violate(countWrongVerifier, "%s of %s: the fake holds another verifier for %s", opNames[op], u.name, key)
			}
		}

	case opSignOut:
		_, err := w.client.GlobalSignOut(ctx, &cd.GlobalSignOutInput{AccessToken: token})
		if w.checkSignOut(c, u, start, err) {
			u.token = w.srv.IssueAccessToken(soakPool, u.name)
		}
	}
	if c.revoked {
		u.token = w.srv.IssueAccessToken(soakPool, u.name)
	}
}

func notShownToUser(d cd.DeviceType) bool {
	return d.RememberedStatus() == cd.DeviceRememberedStatusTypeNotRemembered
}

// explained reports whether err, the error of a call c made from start,
// has a cause the soak knows of: the code due, a fault injected into one
// of its attempts, or the fake's clock moving under a signed call (which
// it then counts).
func (w *soakWorker) explained(c *soakCall, start time.Time, err error, due string) bool {
	code := errorCode(err)
	switch {
	case due != "" && code == due, c.injected():
		return true
	case code == "InvalidSignatureException" && w.clock.movedSince(start):
		w.r.counts[countSkewRefusal].Add(1)
		return true
	}
	return false
}

// checkRead checks a read of u's devices: an answer must match the fake
// (diff returns "" when it does); an error must be the one due or have an
// injected cause.
func (w *soakWorker) checkRead(c *soakCall, op soakOp, u *soakUser, start time.Time, err error, due string, diff func() string) {
	switch {
	case err == nil && due != "":
		w.r.violate(countWrongAnswer, "%s of %s answered where %s was due (faults %v)", opNames[op], u.name, due, c.faultNames())
	case err == nil:
		if d := diff(); d != "" {
			w.r.violate(countWrongAnswer, "%s of %s (faults %v): %s", opNames[op], u.name, c.faultNames(), d)
			return
		}
		w.r.counts[countReadOK].Add(1)
	case errorCode(err) == due:
		w.r.counts[countReadOK].Add(1)
	case w.explained(c, start, err, due):
		w.r.counts[countReadFailed].Add(1)
	default:
		w.r.violate(countUnexplained, "%s of %s (faults %v): %v", opNames[op], u.name, c.faultNames(), err)
	}
}

// checkWrite checks a write of u's devices (see classify) against the
// fake's state, after being the devices the write leaves. refused says
// the write names no device of u. It records the fake's state as u's and
// reports whether the write was applied.
func (w *soakWorker) checkWrite(c *soakCall, op soakOp, u *soakUser, start time.Time, err error, refused bool, after []soakDevice) (applied bool) {
	state := stateOf(w.srv.Devices(soakPool, u.name))
	before := u.devices
	u.devices = state
	return w.classify(c, op, u, start, err, refused, slices.Equal(state, before), slices.Equal(state, after), func() string {
		return fmt.Sprintf("%s of %s (faults %v, error %v): before %v, after %v, fake %v", opNames[op], u.name, c.faultNames(), err, before, after, state)
	})
}

// checkSignOut checks a GlobalSignOut of u as checkWrite checks a
// write, its effect being that u's access token no longer works, which a
// ListDevices without faults tells. A token revoked by a fault says
// nothing of the sign-out, so then only the error is checked. It reports
// whether u's token is revoked.
func (w *soakWorker) checkSignOut(c *soakCall, u *soakUser, start time.Time, err error) bool {
	if c.revoked {
		w.classify(c, opSignOut, u, start, err, false, true, false, func() string { return "" })
		return true
	}
	_, probeErr := w.client.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: &u.token, Limit: aws.Int32(1)})
	signedOut := errorCode(probeErr) == "NotAuthorizedException"
	if probeErr != nil && !signedOut {
		w.r.violate(countUnexplained, "ListDevices after GlobalSignOut of %s: %v", u.name, probeErr)
	}
	return w.classify(c, opSignOut, u, start, err, false, !signedOut, signedOut, func() string {
		return fmt.Sprintf("GlobalSignOut of %s (faults %v, error %v): token refused afterwards %v (%v)", u.name, c.faultNames(), err, signedOut, probeErr)
	})
}

// classify sorts a write into its outcome class by what the caller can
// tell: applied (it succeeded), not applied (it failed, and every request
// the fake answered had its answer seen), or unknown (a request was
// forwarded and its answer lost). isBefore and isAfter say whether the
// fake is, after the call, in the state before the write or the one it
// makes; the class must allow it: after for applied, before for not
// applied, either for unknown, which the state resolves. refused says
// ResourceNotFoundException is due and nothing may change. It reports
// whether the write was applied.
func (w *soakWorker) classify(c *soakCall, op soakOp, u *soakUser, start time.Time, err error, refused, isBefore, isAfter bool, what func() string) (applied bool) {
	due := ""
	if refused {
		due = "ResourceNotFoundException"
	}
	switch {
	case err == nil && refused:
		w.r.violate(countWrongAnswer, "succeeded where %s was due: %s", due, what())
	case err == nil && isAfter:
		w.r.counts[countApplied].Add(1)
		return true
	case err == nil && isBefore:
		w.r.violate(countLostWrite, "%s", what())
	case err == nil:
		w.r.violate(countWrongState, "%s", what())
	case !w.explained(c, start, err, due):
		w.r.violate(countUnexplained, "%s", what())
	case !isBefore && !isAfter:
		w.r.violate(countWrongState, "%s", what())
	case refused:
		w.r.counts[countExpectedRefusal].Add(1)
	case c.maybeApplied && isAfter:
		w.r.counts[countUnknownApplied].Add(1)
		return true
	case c.maybeApplied:
		w.r.counts[countUnknownAbsent].Add(1)
	case isAfter:
		w.r.violate(countPhantomWrite, "%s", what())
	default:
		w.r.counts[countNotApplied].Add(1)
	}
	return false
}

func (c *soakCall) faultNames() []string {
	out := make([]string, len(c.faults))
	for i, k := range c.faults {
		out[i] = faultNames[k]
	}
	return out
}

func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// diffDevices describes the first difference between the devices of an
// answer and the fake's, or returns "" when they are the same: keys,
// dates and attributes in order.
func diffDevices(got, want []cd.DeviceType) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d devices, the fake has %d (%v, %v)", len(got), len(want), stateOf(got), stateOf(want))
	}
	for i := range got {
		g, f := got[i], want[i]
		switch {
		case aws.ToString(g.DeviceKey) != aws.ToString(f.DeviceKey):
			return fmt.Sprintf("device %d is %s, the fake's is %s", i, aws.ToString(g.DeviceKey), aws.ToString(f.DeviceKey))
		case !sameTime(g.DeviceCreateDate, f.DeviceCreateDate), !sameTime(g.DeviceLastModifiedDate, f.DeviceLastModifiedDate), !sameTime(g.DeviceLastAuthenticatedDate, f.DeviceLastAuthenticatedDate):
			return fmt.Sprintf("device %s has other dates than the fake's", aws.ToString(g.DeviceKey))
		case !slices.EqualFunc(g.DeviceAttributes, f.DeviceAttributes, func(a, b cd.AttributeType) bool {
			return aws.ToString(a.Name) == aws.ToString(b.Name) && aws.ToString(a.Value) == aws.ToString(b.Value) && (a.Value == nil) == (b.Value == nil)
		}):
			return fmt.Sprintf("device %s has other attributes than the fake's", aws.ToString(g.DeviceKey))
		}
	}
	return ""
}

func sameTime(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}
