package devicestest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
)

// handlerClient sends a client's requests straight to the server's
// handler, without a network, so that a long run measures the server.
type handlerClient struct{ s *Server }

func (h handlerClient) Do(req *http.Request) (*http.Response, error) {
	req.RemoteAddr = "127.0.0.1:40000"
	rec := httptest.NewRecorder()
	h.s.serveHTTP(rec, req)
	return rec.Result(), nil
}

// liveHeap returns the bytes of the objects still reachable after a full
// collection: what the server holds. (HeapInuse, the spans those objects
// sit in, also counts how the runtime happened to pack them, and varied
// by 2 MiB between runs of the same load.)
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// residentSet returns the process's resident set size in bytes, read from
// /proc, or 0 where it cannot be read.
func residentSet() uint64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

const mib = 1 << 20

// The pool, app client and user of memorySetup.
const memoryPool, memoryClient, memoryUser, memoryPassword = "us-east-1_MEMORY", "memory1client", "mia", "Passw0rd-of-mia"

// memorySetup starts a server with a public app client and a user with a
// password in a pool that tracks devices, and returns the user and a
// USER_PASSWORD_AUTH sign-in through the server's handler.
func memorySetup(t *testing.T) (s *Server, u *user, signIn func() (*cognitodevices.AuthenticationResultType, error)) {
	s = NewServerT(t)
	s.AddAppClient(memoryPool, memoryClient, "")
	s.SetPassword(memoryPool, memoryUser, memoryPassword)
	s.SetDeviceTracking(memoryPool, cognitodevices.DeviceConfigurationType{})
	client := s.Client(func(o *cognitodevices.Options) { o.HTTPClient = handlerClient{s} })
	return s, s.findUser(memoryPool, memoryUser), func() (*cognitodevices.AuthenticationResultType, error) {
		out, err := client.InitiateAuth(context.Background(), &cognitodevices.InitiateAuthInput{
			AuthFlow: cognitodevices.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(memoryClient),
			AuthParameters: map[string]string{"USERNAME": memoryUser, "PASSWORD": memoryPassword},
		})
		if err != nil {
			return nil, err
		}
		return out.AuthenticationResult, nil
	}
}

// mustSignIn returns the tokens of signIn, failing t on an error.
func mustSignIn(t *testing.T, signIn func() (*cognitodevices.AuthenticationResultType, error)) *cognitodevices.AuthenticationResultType {
	t.Helper()
	res, err := signIn()
	require.NoError(t, err)
	return res
}

// heapBound is the heap a server may hold after n writes and n sign-ins
// whose tokens are all still valid, as the package doc states it for
// 200,000: 100 MiB, of which 4 MiB for the request log and the rest in
// proportion to the sign-ins.
func heapBound(n int) uint64 { return 4*mib + uint64(n)*96*mib/200_000 }

// TestMemoryStaysBounded runs a long-lived server's load in process:
// 200,000 AdminUpdateDeviceStatus calls, then 200,000 USER_PASSWORD_AUTH
// sign-ins in a pool that tracks devices, none confirmed, and checks that
// the heap the server holds after a collection stays under heapBound.
// Under the race detector, ten times slower, it runs a tenth of the
// calls; DEVICESTEST_MEMORY_CALLS sets another count.
func TestMemoryStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("a long run; skipped in -short")
	}
	n := 200_000
	if raceEnabled {
		n /= 10
	}
	if v, err := strconv.Atoi(os.Getenv("DEVICESTEST_MEMORY_CALLS")); err == nil {
		n = v
	}
	writes, signIns := n, n
	s, u, signIn := memorySetup(t)
	key := s.AddDevice(memoryPool, memoryUser, cognitodevices.DeviceType{})
	client := s.Client(func(o *cognitodevices.Options) { o.HTTPClient = handlerClient{s} })
	ctx := context.Background()

	before, rssBefore := liveHeap(), residentSet()
	run := func(n int, call func(i int) error) {
		const workers = 2
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < n; i += workers {
					if err := call(i); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		require.NoError(t, <-errs)
	}
	statuses := []cognitodevices.DeviceRememberedStatusType{cognitodevices.DeviceRememberedStatusTypeRemembered, cognitodevices.DeviceRememberedStatusTypeNotRemembered}
	run(writes, func(i int) error {
		_, err := client.AdminUpdateDeviceStatus(ctx, &cognitodevices.AdminUpdateDeviceStatusInput{
			UserPoolId: aws.String(memoryPool), Username: aws.String(memoryUser), DeviceKey: aws.String(key),
			DeviceRememberedStatus: statuses[i%2],
		})
		return err
	})
	afterWrites, rssWrites := liveHeap(), residentSet()
	run(signIns, func(int) error {
		_, err := signIn()
		return err
	})
	afterSignIns, rssSignIns := liveHeap(), residentSet()
	t.Logf("heap in use: %.1f MiB at start, %.1f MiB after %d writes, %.1f MiB after %d sign-ins",
		float64(before)/mib, float64(afterWrites)/mib, writes, float64(afterSignIns)/mib, signIns)
	t.Logf("resident set: %.1f MiB at start, %.1f MiB after the writes, %.1f MiB after the sign-ins",
		float64(rssBefore)/mib, float64(rssWrites)/mib, float64(rssSignIns)/mib)
	assert.Less(t, afterWrites-min(before, afterWrites), heapBound(0), "the request log is a ring")
	assert.Less(t, afterSignIns-min(before, afterSignIns), heapBound(n))
	s.mu.Lock()
	assert.Len(t, s.requests.all(), DefaultRequestLogSize)
	assert.LessOrEqual(t, len(u.pending), maxPendingDevices)
	s.mu.Unlock()

	s.Reset()
	released := liveHeap()
	t.Logf("heap in use: %.1f MiB after Reset", float64(released)/mib)
	assert.Less(t, released-min(before, released), heapBound(0), "Reset releases the tokens")
}

// TestExpiredTokensAreSwept checks that access tokens, revoked ones and
// refresh tokens are forgotten once expired, when the records have
// doubled since the last sweep.
func TestExpiredTokensAreSwept(t *testing.T) {
	s, _, signIn := memorySetup(t)
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	now := start
	s.SetClock(func() time.Time { return now })
	records := func() (access, revoked, refresh int) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.tokens), len(s.revoked), len(s.auth.refresh)
	}

	// 600 sign-ins make 1,200 records: a sweep at 1,024 finds nothing
	// expired and puts the next at 2,048.
	for i := range 600 {
		res := mustSignIn(t, signIn)
		if i%2 == 0 {
			s.RevokeAccessToken(aws.ToString(res.AccessToken))
		}
	}
	access, revoked, refresh := records()
	assert.Equal(t, []int{300, 300, 600}, []int{access, revoked, refresh})

	// An hour on, the first 600 access tokens have expired; the sign-in
	// that brings the records to 2,048 sweeps them, revoked or not.
	now = start.Add(time.Hour)
	for range 500 {
		mustSignIn(t, signIn)
	}
	access, revoked, refresh = records()
	assert.Equal(t, []int{500, 0, 1100}, []int{access, revoked, refresh}, "only the last hour's access tokens are kept")

	// Thirty days on, the first refresh tokens have expired too.
	now = start.Add(30 * 24 * time.Hour)
	s.mu.Lock()
	s.sweepAt = 0
	s.mu.Unlock()
	mustSignIn(t, signIn)
	access, revoked, refresh = records()
	assert.Equal(t, []int{1, 0, 501}, []int{access, revoked, refresh})
}

// TestPendingDevicesAreBounded signs in many times in a pool that tracks
// devices without confirming most of them, and checks that the user
// keeps only the newest maxPendingDevices waiting for ConfirmDevice.
func TestPendingDevicesAreBounded(t *testing.T) {
	s, u, signIn := memorySetup(t)
	client := s.Client(func(o *cognitodevices.Options) { o.HTTPClient = handlerClient{s} })
	var keys []string
	for i := range 5 * maxPendingDevices {
		res := mustSignIn(t, signIn)
		key := aws.ToString(res.NewDeviceMetadata.DeviceKey)
		keys = append(keys, key)
		if i%3 == 0 {
			_, err := client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{AccessToken: res.AccessToken, DeviceKey: aws.String(key)})
			require.NoError(t, err)
		}
	}
	s.mu.Lock()
	assert.Len(t, u.pending, maxPendingDevices)
	assert.LessOrEqual(t, len(u.pendingOrder), 2*maxPendingDevices)
	assert.Len(t, u.groups, 5*maxPendingDevices/3+1, "confirmed devices keep their group key")
	newest := keys[len(keys)-1]
	_, kept := u.pending[newest]
	_, forgotten := u.pending[keys[1]]
	s.mu.Unlock()
	assert.True(t, kept, "the newest unconfirmed device can still be confirmed")
	assert.False(t, forgotten, "the oldest unconfirmed device is forgotten")
}
