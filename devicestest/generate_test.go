package devicestest_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

var generateUntil = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// generatedSeed is a seed of one pool that lists alice and generates
// users with devices each.
func generatedSeed(users, devices int) devicestest.Seed {
	return devicestest.Seed{Pools: []devicestest.SeedPool{{
		ID:       poolID,
		Users:    []devicestest.SeedUser{{Username: "alice"}},
		Generate: &devicestest.SeedGenerate{Users: users, DevicesPerUser: devices, Until: &generateUntil},
	}}}
}

// TestSeedGenerate checks what a generated seed holds: the names, keys,
// attributes and dates SeedGenerate promises, served by the operations,
// and the same state after Reset.
func TestSeedGenerate(t *testing.T) {
	srv, client := setup(t)
	require.NoError(t, srv.LoadSeed(generatedSeed(1000, 3)))

	names := usernames(t, client, &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), Limit: aws.Int32(60)})
	require.Len(t, names, 1001)
	assert.Equal(t, []string{"alice", "user000001", "user000002"}, names[:3], "the listed users first, then the generated ones")
	assert.Equal(t, "user001000", names[1000])

	tests := []struct {
		username   string
		device     int // of the user
		wantKey    string
		wantName   string
		wantStatus string
	}{
		{"user000001", 0, "us-east-1_00000000-0000-4000-8000-000000000000", "device-0", "remembered"},
		{"user000004", 0, "us-east-1_00000000-0000-4000-8000-000000000009", "device-9", "not_remembered"},
		{"user001000", 2, "us-east-1_00000000-0000-4000-8000-000000000bb7", "device-2999", "not_remembered"},
	}
	for _, tt := range tests {
		t.Run(tt.username, func(t *testing.T) {
			out, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
				UserPoolId: aws.String(poolID), Username: aws.String(tt.username)})
			require.NoError(t, err)
			require.Len(t, out.Devices, 3)
			d := out.Devices[tt.device]
			assert.Equal(t, tt.wantKey, aws.ToString(d.DeviceKey))
			assert.Equal(t, tt.wantName, d.Name())
			assert.Equal(t, cognitodevices.DeviceRememberedStatusType(tt.wantStatus), d.RememberedStatus())
			assert.Equal(t, d.DeviceCreateDate, d.DeviceLastAuthenticatedDate)
		})
	}

	// The ages spread evenly over the year: the share older than d is
	// (365 days - d) / 365 days within a few devices.
	var all []cognitodevices.DeviceType
	for i := 1; i <= 1000; i++ {
		all = append(all, srv.Devices(poolID, fmt.Sprintf("user%06d", i))...)
	}
	require.Len(t, all, 3000)
	for _, days := range []int{30, 90, 180, 364} {
		cutoff := generateUntil.AddDate(0, 0, -days)
		older, notRemembered := 0, 0
		for _, d := range all {
			assert.False(t, d.DeviceLastAuthenticatedDate.After(generateUntil))
			assert.False(t, d.DeviceLastAuthenticatedDate.Before(generateUntil.AddDate(0, 0, -365)))
			if d.DeviceLastAuthenticatedDate.Before(cutoff) {
				older++
			}
			if d.RememberedStatus() == cognitodevices.DeviceRememberedStatusTypeNotRemembered {
				notRemembered++
			}
		}
		want := 3000 * float64(365-days) / 365
		assert.InDelta(t, want, older, 10, "devices older than %d days", days)
		assert.Equal(t, 300, notRemembered)
	}

	// A write changes one device; Reset restores the generated state.
	_, err := client.AdminForgetDevice(context.Background(), &cognitodevices.AdminForgetDeviceInput{UserPoolId: aws.String(poolID),
		Username: aws.String("user000001"), DeviceKey: aws.String("us-east-1_00000000-0000-4000-8000-000000000001")})
	require.NoError(t, err)
	_, err = client.AdminUpdateDeviceStatus(context.Background(), &cognitodevices.AdminUpdateDeviceStatusInput{UserPoolId: aws.String(poolID),
		Username: aws.String("user000002"), DeviceKey: aws.String("us-east-1_00000000-0000-4000-8000-000000000003"),
		DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeNotRemembered})
	require.NoError(t, err)
	require.Len(t, srv.Devices(poolID, "user000001"), 2)
	assert.Equal(t, cognitodevices.DeviceRememberedStatusTypeRemembered, srv.Devices(poolID, "user000003")[0].RememberedStatus(),
		"the write changed only its device, not another sharing an attribute value")
	before := srv.Devices(poolID, "user000002")
	srv.Reset()
	assert.Len(t, srv.Devices(poolID, "user000001"), 3)
	after := srv.Devices(poolID, "user000002")
	assert.Equal(t, cognitodevices.DeviceRememberedStatusTypeRemembered, after[0].RememberedStatus())
	assert.Equal(t, before[1:], after[1:], "the same dates and keys after Reset")
}

// TestSeedGenerateAtScale loads 100,000 users with three devices each and
// reports the time and the heap it takes; the README quotes the figures.
func TestSeedGenerateAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 300,000 devices")
	}
	srv := devicestest.NewServerT(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	require.NoError(t, srv.LoadSeed(generatedSeed(100_000, 3)))
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := after.HeapAlloc - before.HeapAlloc
	t.Logf("100,000 users and 300,000 devices: loaded in %v, %.1f MiB of heap", took.Round(time.Millisecond), float64(heap)/(1<<20))
	assert.Less(t, took, 10*time.Second, "seeding takes seconds, not minutes")
	assert.Less(t, heap, uint64(400<<20), "the heap stays within 400 MiB")
	assert.Len(t, srv.Devices(poolID, "user100000"), 3)
	runtime.KeepAlive(srv)
}
