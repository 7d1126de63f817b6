package devicestest_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

// The fake's throughput: the real client over loopback against a server
// seeded with 100,000 users and 300,000 devices, requests sent from
// GOMAXPROCS goroutines (b.RunParallel). Each benchmark reports
// requests/s; the README quotes them.

// scaleServer returns a server seeded with 100,000 generated users of
// three devices each, and a client of it that does not retry.
func scaleServer(b *testing.B) (*devicestest.Server, *cognitodevices.Client) {
	b.Helper()
	srv := devicestest.NewServerT(b, devicestest.WithRequestLogSize(0))
	require.NoError(b, srv.LoadSeed(generatedSeed(100_000, 3)))
	return srv, srv.Client(func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
}

// benchmarkRequests sends b.N requests from GOMAXPROCS goroutines and
// reports requests/s. Each goroutine's requests come from a worker
// newWorker returns, called with the request's number, 0 to b.N-1.
func benchmarkRequests(b *testing.B, newWorker func() func(k int64)) {
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		request := newWorker()
		for pb.Next() {
			request(next.Add(1) - 1)
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "requests/s")
}

func BenchmarkServerAdminListDevices(b *testing.B) {
	_, client := scaleServer(b)
	benchmarkRequests(b, func() func(int64) {
		return func(k int64) {
			out, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
				UserPoolId: aws.String(poolID), Username: aws.String(fmt.Sprintf("user%06d", k%100_000+1))})
			if err != nil || len(out.Devices) != 3 {
				b.Fatal(err, out)
			}
		}
	})
}

func BenchmarkServerAdminForgetDevice(b *testing.B) {
	_, client := scaleServer(b)
	benchmarkRequests(b, func() func(int64) {
		return func(k int64) {
			// Devices beyond the 300,000 seeded answer not found, a write
			// all the same.
			_, err := client.AdminForgetDevice(context.Background(), &cognitodevices.AdminForgetDeviceInput{
				UserPoolId: aws.String(poolID), Username: aws.String(fmt.Sprintf("user%06d", (k/3)%100_000+1)),
				DeviceKey: aws.String(fmt.Sprintf("us-east-1_00000000-0000-4000-8000-%012x", k))})
			var gone *cognitodevices.ResourceNotFoundException
			if err != nil && !(k >= 300_000 && errors.As(err, &gone)) {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkServerListUsers pages through the 100,000 users, 60 at a time,
// each goroutine from wherever its last page left off, so that a page
// late in the pool costs what an early one does.
func BenchmarkServerListUsers(b *testing.B) {
	for _, bm := range []struct {
		name   string
		filter *string
	}{
		{"all", nil},
		{"filter prefix", aws.String(`username ^= "user"`)},
	} {
		b.Run(bm.name, func(b *testing.B) {
			_, client := scaleServer(b)
			benchmarkRequests(b, func() func(int64) {
				var token *string
				return func(int64) {
					out, err := client.ListUsers(context.Background(), &cognitodevices.ListUsersInput{
						UserPoolId: aws.String(poolID), Limit: aws.Int32(60), Filter: bm.filter, PaginationToken: token})
					if err != nil || len(out.Users) == 0 {
						b.Fatal(err)
					}
					token = out.PaginationToken
				}
			})
		})
	}
}

// TestListUsersAtScale pages through 100,000 users, and checks that a
// filter few users match is answered in short pages that each look at a
// bounded number of users, and an exact username without a walk.
func TestListUsersAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 100,000 users")
	}
	srv := devicestest.NewServerT(t, devicestest.WithRequestLogSize(0))
	require.NoError(t, srv.LoadSeed(generatedSeed(100_000, 0)))
	client := srv.Client()
	ctx := context.Background()
	pages, last := 0, []string(nil)
	var token *string
	began := time.Now()
	for {
		out, err := client.ListUsers(ctx, &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), Limit: aws.Int32(60), PaginationToken: token})
		require.NoError(t, err)
		pages++
		if out.PaginationToken == nil {
			for _, u := range out.Users {
				last = append(last, aws.ToString(u.Username))
			}
			break
		}
		token = out.PaginationToken
	}
	t.Logf("%d pages of 60 users in %v", pages, time.Since(began).Round(time.Millisecond))
	assert.Equal(t, 1667, pages, "100,001 users (alice too)")
	assert.Equal(t, "user100000", last[len(last)-1])

	// user099990 to user099999, near the end: nine empty pages of 10,000
	// users looked at, then the ten.
	var shapes []int
	token = nil
	for {
		out, err := client.ListUsers(ctx, &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(`username ^= "user09999"`),
			Limit: aws.Int32(60), PaginationToken: token})
		require.NoError(t, err)
		shapes = append(shapes, len(out.Users))
		if token = out.PaginationToken; token == nil {
			break
		}
	}
	assert.Equal(t, []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0}, shapes)

	// An exact username is found without walking the pool.
	for _, name := range []string{"user000001", "user099999", "alice"} {
		out, err := client.ListUsers(ctx, &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(`username = "` + name + `"`)})
		require.NoError(t, err)
		require.Len(t, out.Users, 1, name)
		assert.Equal(t, name, aws.ToString(out.Users[0].Username))
		assert.Nil(t, out.PaginationToken, "nothing more to look at")
	}
}
