package devicestest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

// throttled reports whether err is the service's throttle answer.
func throttled(t *testing.T, err error) bool {
	t.Helper()
	if err == nil {
		return false
	}
	var tooMany *cognitodevices.TooManyRequestsException
	require.ErrorAs(t, err, &tooMany, "the only error is the throttle")
	return true
}

// TestQuotas sends requests of each category at a stopped clock, so that
// exactly the bucket's burst is served, then moves the clock to refill
// it; the per-user limits apply to one user's reads and writes.
func TestQuotas(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		quotas   devicestest.Quotas
		category devicestest.QuotaCategory
		users    int // the requests go round this many users
		call     func(c *cognitodevices.Client, user, i int) error
		// wantServed of 20 requests at one instant, then after a tenth
		// of a second.
		wantServed, wantAfterRefill int64
		perUser                     bool // the per-user limit is what throttles
	}{
		{"ListUsers", devicestest.Quotas{UserList: devicestest.Quota{Rate: 30, Burst: 10}}, devicestest.QuotaUserList, 1, func(c *cognitodevices.Client, _, _ int) error {
			_, err := c.ListUsers(ctx, &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID)})
			return err
		}, 10, 3, false},
		{"AdminListDevices over many users", devicestest.Quotas{UserResourceRead: devicestest.Quota{Rate: 50, Burst: 5}, PerUserRead: devicestest.Quota{Rate: 10}},
			devicestest.QuotaUserResourceRead, 10, func(c *cognitodevices.Client, user, _ int) error {
				_, err := c.AdminListDevices(ctx, &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(poolID), Username: aws.String(fmt.Sprint("u", user))})
				return err
			}, 5, 5, false},
		{"AdminGetDevice of one user", devicestest.DefaultQuotas(), devicestest.QuotaUserResourceRead, 1, func(c *cognitodevices.Client, user, _ int) error {
			_, err := c.AdminGetDevice(ctx, &cognitodevices.AdminGetDeviceInput{UserPoolId: aws.String(poolID), Username: aws.String(fmt.Sprint("u", user)),
				DeviceKey: aws.String(fmt.Sprintf("us-east-1_%02x", user))})
			return err
		}, 10, 1, true},
		{"AdminUpdateDeviceStatus of one user", devicestest.DefaultQuotas(), devicestest.QuotaUserResourceUpdate, 1, func(c *cognitodevices.Client, user, _ int) error {
			_, err := c.AdminUpdateDeviceStatus(ctx, &cognitodevices.AdminUpdateDeviceStatusInput{UserPoolId: aws.String(poolID), Username: aws.String(fmt.Sprint("u", user)),
				DeviceKey: aws.String(fmt.Sprintf("us-east-1_%02x", user)), DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered})
			return err
		}, 10, 1, true},
		{"AdminForgetDevice over many users", devicestest.DefaultQuotas(), devicestest.QuotaUserResourceUpdate, 20, func(c *cognitodevices.Client, user, _ int) error {
			_, err := c.AdminForgetDevice(ctx, &cognitodevices.AdminForgetDeviceInput{UserPoolId: aws.String(poolID), Username: aws.String(fmt.Sprint("u", user)),
				DeviceKey: aws.String(fmt.Sprintf("us-east-1_%02x", user))})
			var gone *cognitodevices.ResourceNotFoundException
			if errors.As(err, &gone) {
				return nil // forgotten in an earlier round: served all the same
			}
			return err
		}, 20, 7, false},
		{"ListDevices by access token", devicestest.DefaultQuotas(), devicestest.QuotaUserResourceRead, 1, func(c *cognitodevices.Client, user, _ int) error {
			_, err := c.ListDevices(ctx, &cognitodevices.ListDevicesInput{AccessToken: aws.String(fmt.Sprint("token-u", user))})
			return err
		}, 10, 1, true},
		{"ConfirmDevice by access token", devicestest.DefaultQuotas(), devicestest.QuotaUserResourceUpdate, 1, func(c *cognitodevices.Client, user, i int) error {
			_, err := c.ConfirmDevice(ctx, &cognitodevices.ConfirmDeviceInput{AccessToken: aws.String(fmt.Sprint("token-u", user)),
				DeviceKey: aws.String(fmt.Sprintf("us-east-1_%02x", 16+i))})
			return err
		}, 10, 1, true},
		{"no limit for a category at rate 0", devicestest.Quotas{UserList: devicestest.Quota{Rate: 1}}, devicestest.QuotaUserResourceRead, 1,
			func(c *cognitodevices.Client, user, _ int) error {
				_, err := c.AdminListDevices(ctx, &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(poolID), Username: aws.String(fmt.Sprint("u", user))})
				return err
			}, 20, 20, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := time.Now()
			srv, client := setup(t, devicestest.WithQuotas(tt.quotas), devicestest.WithClock(func() time.Time { return at }))
			client = cognitodevices.New(client.Options(), func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
			seed := devicestest.Seed{Pools: []devicestest.SeedPool{{ID: poolID}}}
			for u := range tt.users {
				seed.Pools[0].Users = append(seed.Pools[0].Users, devicestest.SeedUser{Username: fmt.Sprint("u", u), AccessTokens: []string{fmt.Sprint("token-u", u)},
					Devices: []devicestest.SeedDevice{{Key: fmt.Sprintf("us-east-1_%02x", u)}}})
			}
			require.NoError(t, srv.LoadSeed(seed))
			send := func(from int) (served int64) {
				for i := range 20 {
					if !throttled(t, tt.call(client, i%tt.users, from+i)) {
						served++
					}
				}
				return served
			}
			assert.Equal(t, tt.wantServed, send(0), "the burst")
			srv.SetClock(func() time.Time { return at.Add(100 * time.Millisecond) })
			assert.Equal(t, tt.wantAfterRefill, send(20), "a tenth of a second's refill")

			stats := srv.QuotaStats()[tt.category]
			assert.Equal(t, tt.wantServed+tt.wantAfterRefill, stats.Served)
			refused := 40 - stats.Served
			if tt.perUser {
				assert.Equal(t, refused, stats.ThrottledPerUser)
				assert.Zero(t, stats.Throttled)
			} else {
				assert.Equal(t, refused, stats.Throttled)
				assert.Zero(t, stats.ThrottledPerUser)
			}
			if stats.Served > 1 {
				assert.InDelta(t, float64(stats.Served-1)/0.1, stats.Rate(), 0.001)
			}

			srv.ResetQuotaStats()
			assert.Zero(t, srv.QuotaStats()[tt.category].Served)
			assert.Equal(t, tt.wantServed, send(40), "ResetQuotaStats refills the buckets")
		})
	}
}

// TestQuotasInRealTime checks the standalone server's case: with the
// default clock, the buckets refill in real time, so a client sending as
// fast as it can is served the burst and then the rate.
func TestQuotasInRealTime(t *testing.T) {
	if testing.Short() {
		t.Skip("sends requests for a second")
	}
	srv, client := setup(t, devicestest.WithQuotas(devicestest.Quotas{UserList: devicestest.Quota{Rate: 100, Burst: 10}}))
	client = cognitodevices.New(client.Options(), func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
	srv.AddUserPool(poolID)
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		_, err := client.ListUsers(context.Background(), &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID)})
		throttled(t, err)
	}
	stats := srv.QuotaStats()[devicestest.QuotaUserList]
	assert.InDelta(t, 110, stats.Served, 8, "the burst and a second at the rate")
	assert.Positive(t, stats.Throttled)
}

// TestQuotaStatsWithoutLimits checks that a server without WithQuotas
// counts requests but throttles none, and that the control endpoint
// reads and resets the counts.
func TestQuotaStatsWithoutLimits(t *testing.T) {
	srv, client := setup(t)
	srv.AddDevice(poolID, "alice", cognitodevices.DeviceType{})
	for range 100 {
		_, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(poolID), Username: aws.String("alice")})
		require.NoError(t, err)
	}
	status, body := control(t, srv, http.MethodGet, "quotas", "")
	require.Equal(t, http.StatusOK, status, body)
	var stats map[string]struct {
		Served, Throttled, ThrottledPerUser int64
		Rate                                float64
	}
	require.NoError(t, json.Unmarshal([]byte(body), &stats))
	assert.Equal(t, int64(100), stats["UserResourceRead"].Served)
	assert.Zero(t, stats["UserResourceRead"].Throttled)
	assert.Positive(t, stats["UserResourceRead"].Rate)
	assert.Zero(t, stats["UserList"].Served)

	status, body = control(t, srv, http.MethodDelete, "quotas", "")
	require.Equal(t, http.StatusOK, status, body)
	assert.Zero(t, srv.QuotaStats()[devicestest.QuotaUserResourceRead].Served)
}
