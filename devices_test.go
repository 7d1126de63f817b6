package cognitodevices_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

const (
	chorePool = "us-east-1_CHORES"
	choreUser = "alice"
)

// choreServer seeds alice with one device per entry of lastUsed, used
// that many days ago, and returns the fake service, a client of it that
// retries without back-off, and the device keys in order.
func choreServer(t *testing.T, lastUsed ...int) (*devicestest.Server, *cd.Client, []string) {
	t.Helper()
	srv := devicestest.NewServerT(t)
	now := time.Now().UTC().Truncate(time.Millisecond)
	var keys []string
	for i, days := range lastUsed {
		d := cd.DeviceType{
			DeviceAttributes:            []cd.AttributeType{{Name: aws.String(cd.AttributeDeviceName), Value: aws.String(fmt.Sprint("device ", i))}},
			DeviceLastAuthenticatedDate: aws.Time(now.Add(-time.Duration(days) * 24 * time.Hour)),
		}
		keys = append(keys, srv.AddDevice(chorePool, choreUser, d))
	}
	c := srv.Client(func(o *cd.Options) {
		o.Retryer = retry.NewStandard(func(o *retry.StandardOptions) {
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	})
	return srv, c, keys
}

func keysOfDevices(devices []cd.DeviceType) []string {
	var out []string
	for _, d := range devices {
		out = append(out, aws.ToString(d.DeviceKey))
	}
	return out
}

// unpaced lets the tests forget without waiting.
func unpaced(o *cd.ForgetUserDevicesOptions) { o.RateLimiter = cd.NewIntervalLimiter(0) }

func TestForgetUserDevicesSelectors(t *testing.T) {
	// Last used 10, 100, 5, 1 and 50 days ago.
	ages := []int{10, 100, 5, 1, 50}
	tests := []struct {
		name     string
		selector func(keys []string) cd.DeviceSelector
		forget   []int
	}{
		{"all", func([]string) cd.DeviceSelector { return cd.SelectAll() }, []int{0, 1, 2, 3, 4}},
		{"not used for 30 days", func([]string) cd.DeviceSelector { return cd.SelectNotUsedSince(time.Now().Add(-30 * 24 * time.Hour)) }, []int{1, 4}},
		{"keep the newest two", func([]string) cd.DeviceSelector { return cd.SelectAllButNewest(2) }, []int{0, 1, 4}},
		{"keep the newest ten", func([]string) cd.DeviceSelector { return cd.SelectAllButNewest(10) }, nil},
		{"all but one", func(keys []string) cd.DeviceSelector { return cd.SelectAllBut(keys[3]) }, []int{0, 1, 2, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c, keys := choreServer(t, ages...)
			var want, kept []string
			for i, k := range keys {
				if slices.Contains(tt.forget, i) {
					want = append(want, k)
				} else {
					kept = append(kept, k)
				}
			}
			report, err := cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, tt.selector(keys), unpaced)
			require.NoError(t, err)
			assert.ElementsMatch(t, want, keysOfDevices(report.Forgotten))
			assert.ElementsMatch(t, kept, keysOfDevices(report.Kept))
			assert.Empty(t, report.Failed)
			assert.ElementsMatch(t, kept, keysOfDevices(srv.Devices(chorePool, choreUser)), "what is left on the service")
		})
	}
}

// TestSelectorsNeverUsed checks that a device without a last sign-in date
// counts as the oldest: not used since any time, and first to go when
// only the newest are kept. (The fake service dates every device, so the
// selectors are checked on their own.)
func TestSelectorsNeverUsed(t *testing.T) {
	now := time.Now()
	devices := []cd.DeviceType{
		{DeviceKey: aws.String("a"), DeviceLastAuthenticatedDate: aws.Time(now.Add(-time.Hour))},
		{DeviceKey: aws.String("never")},
		{DeviceKey: aws.String("b"), DeviceLastAuthenticatedDate: aws.Time(now.Add(-2 * time.Hour))},
		{DeviceKey: aws.String("tie"), DeviceLastAuthenticatedDate: aws.Time(now.Add(-2 * time.Hour))},
	}
	assert.Equal(t, []string{"never"}, cd.SelectNotUsedSince(now.Add(-90*time.Minute*10))(devices))
	assert.Equal(t, []string{"never", "b"}, cd.SelectAllButNewest(2)(devices), "the later listed of equals is kept")
	assert.Equal(t, []string{"a", "never", "b", "tie"}, cd.SelectAllButNewest(0)(devices))
	assert.Equal(t, []string{"a", "b", "tie"}, cd.SelectAllBut("never")(devices))
	assert.Equal(t, []string{"a", "never", "b", "tie"}, cd.SelectAll()(devices))
	assert.Equal(t, "a", *devices[0].DeviceKey, "selectors leave the list as it was")
}

func TestForgetUserDevicesDryRun(t *testing.T) {
	srv, c, keys := choreServer(t, 1, 2, 3)
	report, err := cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, cd.SelectAll(), func(o *cd.ForgetUserDevicesOptions) { o.DryRun = true })
	require.NoError(t, err)
	assert.True(t, report.DryRun)
	assert.Equal(t, keys, keysOfDevices(report.Forgotten))
	assert.Len(t, srv.Devices(chorePool, choreUser), 3, "nothing forgotten")
	for _, r := range srv.Requests() {
		assert.NotEqual(t, "AdminForgetDevice", r.Operation)
	}
}

func TestForgetUserDevicesThrottledGoneAndFailing(t *testing.T) {
	srv, c, keys := choreServer(t, 1, 2, 3)
	srv.FailNext("AdminForgetDevice", 2, "TooManyRequestsException")
	report, err := cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, cd.SelectAll(), unpaced, noForgetBackoff)
	require.NoError(t, err)
	assert.Equal(t, keys, keysOfDevices(report.Forgotten), "throttling was retried")
	assert.Empty(t, srv.Devices(chorePool, choreUser))

	srv, c, keys = choreServer(t, 1, 2)
	srv.FailNext("AdminForgetDevice", 1, "ResourceNotFoundException")
	report, err = cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, cd.SelectAll(), unpaced, noForgetBackoff)
	require.NoError(t, err)
	assert.Equal(t, keys[:1], keysOfDevices(report.AlreadyGone), "forgotten elsewhere counts as done")
	assert.Equal(t, keys[1:], keysOfDevices(report.Forgotten))

	srv, c, keys = choreServer(t, 1, 2)
	srv.FailNext("AdminForgetDevice", 1, "InvalidParameterException")
	report, err = cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, cd.SelectAll(), unpaced, noForgetBackoff)
	require.NoError(t, err)
	require.Len(t, report.Failed, 1)
	assert.Equal(t, keys[0], aws.ToString(report.Failed[0].Device.DeviceKey))
	var invalid *cd.InvalidParameterException
	assert.ErrorAs(t, report.Failed[0].Err, &invalid)
	assert.Equal(t, keys[1:], keysOfDevices(report.Forgotten), "the others are still tried")
}

// passCounter counts the requests the limiter it wraps let through.
type passCounter struct {
	next  cd.RateLimiter
	count atomic.Int32
}

func (r *passCounter) Wait(ctx context.Context) error {
	err := r.next.Wait(ctx)
	r.count.Add(1)
	return err
}

// TestForgetUserDevicesPacing forgets the 1,000 devices of one user
// through a limiter of 500 per second and checks the achieved write rate
// stays within it.
func TestForgetUserDevicesPacing(t *testing.T) {
	if testing.Short() {
		t.Skip("forgets 1,000 devices")
	}
	srv, c, _ := choreServer(t, make([]int, 1000)...)
	const rate = 500
	counter := &passCounter{next: cd.NewIntervalLimiter(rate)}
	start := time.Now()
	report, err := cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, cd.SelectAll(), func(o *cd.ForgetUserDevicesOptions) { o.RateLimiter = counter })
	elapsed := time.Since(start)
	require.NoError(t, err)
	assert.Len(t, report.Forgotten, 1000)
	assert.Empty(t, srv.Devices(chorePool, choreUser))
	achieved := float64(counter.count.Load()) / elapsed.Seconds()
	t.Logf("forgot 1,000 devices in %v: %.0f writes per second through a %d/s limiter", elapsed, achieved, rate)
	assert.LessOrEqual(t, achieved, rate*1.01)
	assert.Equal(t, int32(1000), counter.count.Load())
}

type limiterFunc func(ctx context.Context) error

func (f limiterFunc) Wait(ctx context.Context) error { return f(ctx) }

func TestForgetUserDevicesCancellation(t *testing.T) {
	srv, c, keys := choreServer(t, 1, 2, 3, 4, 5)
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	cancelOnThird := limiterFunc(func(ctx context.Context) error {
		if calls.Add(1) == 3 {
			cancel()
		}
		return ctx.Err()
	})
	report, err := cd.ForgetUserDevices(ctx, c, chorePool, choreUser, cd.SelectAll(), func(o *cd.ForgetUserDevicesOptions) { o.RateLimiter = cancelOnThird })
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, report)
	assert.Equal(t, keys[:2], keysOfDevices(report.Forgotten))
	assert.Equal(t, keys[2:], keysOfDevices(report.NotTried))
	assert.Len(t, srv.Devices(chorePool, choreUser), 3)
}

func TestForgetUserDevicesRefusals(t *testing.T) {
	srv, c, _ := choreServer(t, 1)
	srv.FailNext("AdminListDevices", 5, "UserNotFoundException")
	report, err := cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, cd.SelectAll(), unpaced, noForgetBackoff)
	var notFound *cd.UserNotFoundException
	require.ErrorAs(t, err, &notFound)
	assert.Nil(t, report)
	assert.Len(t, srv.Devices(chorePool, choreUser), 1, "nothing forgotten when the listing fails")

	_, err = cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, nil)
	assert.ErrorContains(t, err, "needs a DeviceSelector")
	_, err = cd.ForgetUserDevices(context.Background(), nil, chorePool, choreUser, cd.SelectAll())
	assert.ErrorIs(t, err, cd.ErrNilClient)
}

func TestIntervalLimiterSpacing(t *testing.T) {
	l := cd.NewIntervalLimiter(100)
	start := time.Now()
	for range 21 {
		require.NoError(t, l.Wait(context.Background()))
	}
	assert.GreaterOrEqual(t, time.Since(start), 190*time.Millisecond, "20 intervals of 10 ms")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, l.Wait(ctx), context.Canceled)
}

// scriptedHousekeeper lists the pages its listings give, in turn (the
// last one repeats), and forgets as forget says.
type scriptedHousekeeper struct {
	mu       sync.Mutex
	listings [][]cd.DeviceType // one per listing, one page each
	listed   int
	forget   func(ctx context.Context, key string, call int) error
	calls    map[string]int
}

func (s *scriptedHousekeeper) AdminListDevices(_ context.Context, _ *cd.AdminListDevicesInput, _ ...func(*cd.Options)) (*cd.AdminListDevicesOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	page := s.listings[min(s.listed, len(s.listings)-1)]
	s.listed++
	return &cd.AdminListDevicesOutput{Devices: page}, nil
}

func (s *scriptedHousekeeper) AdminForgetDevice(ctx context.Context, in *cd.AdminForgetDeviceInput, _ ...func(*cd.Options)) (*cd.AdminForgetDeviceOutput, error) {
	s.mu.Lock()
	if s.calls == nil {
		s.calls = map[string]int{}
	}
	key := aws.ToString(in.DeviceKey)
	s.calls[key]++
	n := s.calls[key]
	s.mu.Unlock()
	if s.forget != nil {
		if err := s.forget(ctx, key, n); err != nil {
			return nil, err
		}
	}
	return &cd.AdminForgetDeviceOutput{}, nil
}

func device(key string, lastUsed time.Time) cd.DeviceType {
	return cd.DeviceType{DeviceKey: aws.String(key), DeviceLastAuthenticatedDate: aws.Time(lastUsed)}
}

// TestSelectAllButNewestKeepsTheNewestByKey lists the newest device twice:
// the repeat must not push it out of the devices to keep.
func TestSelectAllButNewestKeepsTheNewestByKey(t *testing.T) {
	now := time.Now()
	newest, old := device("us-east-1_newest", now), device("us-east-1_old", now.Add(-time.Hour))
	h := &scriptedHousekeeper{listings: [][]cd.DeviceType{{newest, old, newest}}}
	report, err := cd.ForgetUserDevices(context.Background(), h, chorePool, choreUser, cd.SelectAllButNewest(1), unpaced)
	require.NoError(t, err)
	assert.Equal(t, []string{"us-east-1_old"}, keysOfDevices(report.Forgotten))
	assert.Equal(t, []string{"us-east-1_newest"}, keysOfDevices(report.Kept))
	assert.Zero(t, h.calls["us-east-1_newest"], "the device to keep is never forgotten")
}

// TestForgetUserDevicesOutcomes checks the class of each device when
// answers are lost, the context ends with a request out, and failures
// may or may not have been applied.
func TestForgetUserDevicesOutcomes(t *testing.T) {
	now := time.Now()
	devices := []cd.DeviceType{device("us-east-1_lost", now), device("us-east-1_refused", now), device("us-east-1_broken", now), device("us-east-1_gone", now)}
	h := &scriptedHousekeeper{listings: [][]cd.DeviceType{devices, nil}, forget: func(_ context.Context, key string, call int) error {
		switch {
		case key == "us-east-1_lost" && call == 1:
			return &cd.InternalErrorException{Message: aws.String("applied, but the answer was lost")}
		case key == "us-east-1_lost":
			return &cd.ResourceNotFoundException{Message: aws.String("Device does not exist.")}
		case key == "us-east-1_refused":
			return &cd.InvalidParameterException{Message: aws.String("refused")}
		case key == "us-east-1_broken":
			return &cd.InternalErrorException{Message: aws.String("always failing")}
		case key == "us-east-1_gone":
			return &cd.ResourceNotFoundException{Message: aws.String("Device does not exist.")}
		}
		return nil
	}}
	var progress []cd.ForgetProgress
	report, err := cd.ForgetUserDevices(context.Background(), h, chorePool, choreUser, cd.SelectAll(), unpaced, noForgetBackoff,
		func(o *cd.ForgetUserDevicesOptions) {
			o.Progress = func(p cd.ForgetProgress) { progress = append(progress, p) }
		})
	require.NoError(t, err)
	assert.Equal(t, []string{"us-east-1_lost"}, keysOfDevices(report.Forgotten), "a not-found after an attempt that may have been applied: this run forgot it")
	assert.Equal(t, []string{"us-east-1_gone"}, keysOfDevices(report.AlreadyGone))
	require.Len(t, report.Failed, 2)
	assert.Equal(t, "us-east-1_refused", aws.ToString(report.Failed[0].Device.DeviceKey))
	assert.False(t, report.Failed[0].OutcomeUnknown, "the service refused it: not applied")
	assert.Equal(t, "us-east-1_broken", aws.ToString(report.Failed[1].Device.DeviceKey))
	assert.True(t, report.Failed[1].OutcomeUnknown, "server errors may come after the write")
	assert.Equal(t, cd.DefaultForgetAttempts, h.calls["us-east-1_broken"])
	require.Len(t, progress, 4, "one report of progress a device")
	assert.Equal(t, cd.ForgetProgress{Listed: 4, Selected: 4, Forgotten: 1, Gone: 1, Failed: 2}, progress[3])
	assert.Equal(t, 1, report.Relists)
}

// TestForgetUserDevicesCancelledInFlight ends the context while the
// service applies a forget: that device may be forgotten, so it is failed
// with an unknown outcome, not "not tried"; the next one is not tried.
func TestForgetUserDevicesCancelledInFlight(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	now := time.Now()
	h := &scriptedHousekeeper{listings: [][]cd.DeviceType{{device("us-east-1_a", now), device("us-east-1_b", now)}}, forget: func(ctx context.Context, key string, _ int) error {
		cancel() // the request reached the service, and the caller gives up
		<-ctx.Done()
		return ctx.Err()
	}}
	report, err := cd.ForgetUserDevices(ctx, h, chorePool, choreUser, cd.SelectAll(), unpaced)
	require.ErrorIs(t, err, context.Canceled)
	require.Len(t, report.Failed, 1)
	assert.Equal(t, "us-east-1_a", aws.ToString(report.Failed[0].Device.DeviceKey))
	assert.True(t, report.Failed[0].OutcomeUnknown)
	assert.Equal(t, []string{"us-east-1_b"}, keysOfDevices(report.NotTried))
	assert.Empty(t, report.Forgotten)
}

// TestForgetUserDevicesRelistsMissedDevices has a device move between
// listing pages (as when another client removes devices meanwhile): the
// first listing misses it, the re-listing finds and forgets it.
func TestForgetUserDevicesRelistsMissedDevices(t *testing.T) {
	now := time.Now()
	a, b, c := device("us-east-1_a", now), device("us-east-1_b", now), device("us-east-1_c", now)
	h := &scriptedHousekeeper{listings: [][]cd.DeviceType{{a, b}, {c}, nil}}
	report, err := cd.ForgetUserDevices(context.Background(), h, chorePool, choreUser, cd.SelectAll(), unpaced)
	require.NoError(t, err)
	assert.Equal(t, []string{"us-east-1_a", "us-east-1_b", "us-east-1_c"}, keysOfDevices(report.Forgotten))
	assert.Equal(t, 2, report.Relists, "listed again until nothing new is selected")
}

// TestForgetUserDevicesKeepsTheClientsLimiter checks that the client's own
// RateLimiter still paces the forgets (ForgetUserDevices waits on its
// own limiter besides, instead of replacing the client's).
func TestForgetUserDevicesKeepsTheClientsLimiter(t *testing.T) {
	srv, _, _ := choreServer(t, 1, 2, 3)
	counter := &passCounter{next: cd.NewIntervalLimiter(0)}
	c := srv.Client(func(o *cd.Options) { o.RateLimiter = counter })
	report, err := cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, cd.SelectAll(), unpaced, noForgetBackoff)
	require.NoError(t, err)
	assert.Len(t, report.Forgotten, 3)
	forgets := 0
	for _, r := range srv.Requests() {
		if r.Operation == "AdminForgetDevice" {
			forgets++
		}
	}
	assert.Equal(t, 3, forgets)
	assert.Equal(t, int32(len(srv.Requests())), counter.count.Load(), "every request, forgets included, went through the client's limiter")
}

// noForgetBackoff retries forgets at once.
func noForgetBackoff(o *cd.ForgetUserDevicesOptions) {
	o.Retryer = retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = cd.DefaultForgetAttempts
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
	})
}

// TestForgetUserDevicesFinishesTheForgetInFlight ends the context while a
// forget is out: with FinishInFlight the forget completes and is filed as
// forgotten, and no other request starts.
func TestForgetUserDevicesFinishesTheForgetInFlight(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	now := time.Now()
	release := make(chan struct{})
	h := &scriptedHousekeeper{listings: [][]cd.DeviceType{{device("us-east-1_a", now), device("us-east-1_b", now)}}, forget: func(ctx context.Context, _ string, _ int) error {
		cancel() // Ctrl-C while the request is out
		go func() { time.Sleep(20 * time.Millisecond); close(release) }()
		select {
		case <-release:
			return nil // the service answers
		case <-ctx.Done():
			return ctx.Err()
		}
	}}
	report, err := cd.ForgetUserDevices(ctx, h, chorePool, choreUser, cd.SelectAll(), unpaced,
		func(o *cd.ForgetUserDevicesOptions) { o.FinishInFlight = 5 * time.Second })
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, []string{"us-east-1_a"}, keysOfDevices(report.Forgotten), "the forget in flight finished")
	assert.Equal(t, []string{"us-east-1_b"}, keysOfDevices(report.NotTried), "no new request after the end")
	assert.Empty(t, report.Failed)
	assert.Zero(t, h.calls["us-east-1_b"])
}

// appliedThenFailed forwards each request and, for the first
// AdminForgetDevice, throws the service's answer away and answers 503
// instead: the forget was applied, its answer lost. ForgetDevice's
// answer is lost instead once target says so.
type appliedThenFailed struct {
	next   http.RoundTripper
	target atomic.Value // the X-Amz-Target whose answer is lost; AdminForgetDevice when unset
	failed atomic.Bool
}

func (a *appliedThenFailed) RoundTrip(r *http.Request) (*http.Response, error) {
	target, _ := a.target.Load().(string)
	if target == "" {
		target = "AWSCognitoIdentityProviderService.AdminForgetDevice"
	}
	resp, err := a.next.RoundTrip(r)
	if err != nil || r.Header.Get("X-Amz-Target") != target || !a.failed.CompareAndSwap(false, true) {
		return resp, err
	}
	resp.Body.Close()
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
}

// TestForgetRetriedAfterAppliedAttempt shows what the doc comments of
// AdminForgetDevice and ForgetDevice warn of: the client retries a forget
// whose first attempt was applied but answered 503, and the retry gets
// ResourceNotFoundException for the device this very call forgot, with
// either operation.
// ForgetUserDevices reports such a device forgotten.
func TestForgetRetriedAfterAppliedAttempt(t *testing.T) {
	srv, _, keys := choreServer(t, 1, 2)
	transport := &appliedThenFailed{next: http.DefaultTransport}
	c := srv.Client(func(o *cd.Options) {
		o.HTTPClient = &http.Client{Transport: transport}
		o.Retryer = retry.NewStandard(func(o *retry.StandardOptions) {
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	})
	_, err := c.AdminForgetDevice(context.Background(), &cd.AdminForgetDeviceInput{UserPoolId: aws.String(chorePool), Username: aws.String(choreUser), DeviceKey: aws.String(keys[0])})
	var gone *cd.ResourceNotFoundException
	require.ErrorAs(t, err, &gone, "the retry finds the device gone")
	assert.Len(t, srv.Devices(chorePool, choreUser), 1, "the first attempt forgot it")

	transport.target.Store("AWSCognitoIdentityProviderService.ForgetDevice")
	transport.failed.Store(false)
	_, err = c.ForgetDevice(context.Background(), &cd.ForgetDeviceInput{AccessToken: aws.String(srv.IssueAccessToken(chorePool, choreUser)), DeviceKey: aws.String(keys[1])})
	require.ErrorAs(t, err, &gone, "ForgetDevice's retry finds the device gone too")
	assert.Empty(t, srv.Devices(chorePool, choreUser), "the first attempt forgot it")

	// ForgetUserDevices, on a device of its own.
	keys[1] = srv.AddDevice(chorePool, choreUser, cd.DeviceType{})
	transport.target.Store("AWSCognitoIdentityProviderService.AdminForgetDevice")
	transport.failed.Store(false)
	report, err := cd.ForgetUserDevices(context.Background(), c, chorePool, choreUser, cd.SelectAll(), unpaced, noForgetBackoff)
	require.NoError(t, err)
	assert.Equal(t, []string{keys[1]}, keysOfDevices(report.Forgotten), "ForgetUserDevices reports it forgotten")
	assert.Empty(t, report.AlreadyGone)
	assert.Empty(t, report.Failed)
}
