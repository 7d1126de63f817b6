package devicestest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageSizes lists AdminListDevices page by page and returns each page's
// size and every key in order.
func pageSizes(t *testing.T, client *cognitodevices.Client, limit *int32) (sizes []int, keys []string) {
	t.Helper()
	in := &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(poolID), Username: aws.String(username), Limit: limit}
	keys = []string{}
	for {
		out, err := client.AdminListDevices(context.Background(), in)
		require.NoError(t, err)
		sizes = append(sizes, len(out.Devices))
		keys = append(keys, keysOf(out.Devices)...)
		if out.PaginationToken == nil {
			return sizes, keys
		}
		require.NotEmpty(t, *out.PaginationToken)
		in.PaginationToken = out.PaginationToken
	}
}

func TestAdminListDevicesPaging(t *testing.T) {
	tests := []struct {
		name      string
		opts      []devicestest.Option
		devices   int
		limit     *int32
		wantSizes []int
	}{
		{name: "limit 3", devices: 7, limit: aws.Int32(3), wantSizes: []int{3, 3, 1}},
		{name: "limit divides evenly", devices: 6, limit: aws.Int32(3), wantSizes: []int{3, 3}},
		{name: "default page size", devices: 25, wantSizes: []int{10, 10, 5}},
		{name: "limit 0 is the default", devices: 12, limit: aws.Int32(0), wantSizes: []int{10, 2}},
		{name: "configured default", opts: []devicestest.Option{devicestest.WithDefaultPageSize(4)}, devices: 9, wantSizes: []int{4, 4, 1}},
		{name: "limit 60", devices: 61, limit: aws.Int32(60), wantSizes: []int{60, 1}},
		{name: "no devices", devices: 0, wantSizes: []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client := setup(t, tt.opts...)
			srv.AddUser(poolID, username)
			want := addDevices(srv, poolID, username, tt.devices)
			sizes, keys := pageSizes(t, client, tt.limit)
			assert.Equal(t, tt.wantSizes, sizes)
			assert.Equal(t, want, keys, "insertion order, each device once")
		})
	}
}

func TestListDevicesPagingMatchesAdmin(t *testing.T) {
	srv, client := setup(t)
	want := addDevices(srv, poolID, username, 23)
	token := srv.IssueAccessToken(poolID, username)

	var got []string
	for d, err := range cognitodevices.ListDevicesAll(context.Background(), client, &cognitodevices.ListDevicesInput{AccessToken: aws.String(token)},
		func(o *cognitodevices.ListDevicesPaginatorOptions) { o.Limit = 5 }) {
		require.NoError(t, err)
		got = append(got, aws.ToString(d.DeviceKey))
	}
	assert.Equal(t, want, got)
	assert.Len(t, srv.Requests(), 5)
}

func TestPaginationTokens(t *testing.T) {
	srv, client := setup(t)
	addDevices(srv, poolID, username, 5)
	addDevices(srv, poolID, "bob", 5)
	other := devicestest.NewServerT(t)
	addDevices(other, poolID, username, 5)

	first, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String(poolID), Username: aws.String(username), Limit: aws.Int32(2),
	})
	require.NoError(t, err)
	require.NotNil(t, first.PaginationToken)
	token := *first.PaginationToken
	assert.Regexp(t, `^\S+$`, token)
	otherFirst, err := other.Client().AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String(poolID), Username: aws.String(username), Limit: aws.Int32(2),
	})
	require.NoError(t, err)

	tests := []struct {
		name    string
		user    string
		token   string
		wantErr bool
	}{
		{name: "continues", user: username, token: token},
		{name: "reusable", user: username, token: token},
		{name: "garbage", user: username, token: "not-a-token", wantErr: true},
		{name: "altered", user: username, token: token[:len(token)-2] + "AA", wantErr: true},
		{name: "another user's", user: "bob", token: token, wantErr: true},
		{name: "another server's", user: username, token: *otherFirst.PaginationToken, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
				UserPoolId: aws.String(poolID), Username: aws.String(tt.user), Limit: aws.Int32(2), PaginationToken: aws.String(tt.token),
			})
			if tt.wantErr {
				var invalid *cognitodevices.InvalidParameterException
				require.ErrorAs(t, err, &invalid)
				assert.Equal(t, http.StatusBadRequest, httpStatus(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, keysOf(srv.Devices(poolID, username)[2:4]), keysOf(out.Devices))
		})
	}
}

func TestListDevicesAccessTokens(t *testing.T) {
	srv, client := setup(t)
	addDevices(srv, poolID, username, 2)
	addDevices(srv, poolID, "bob", 1)
	alice := srv.IssueAccessToken(poolID, username)
	bob := srv.IssueAccessToken(poolID, "bob")
	revoked := srv.IssueAccessToken(poolID, username)
	srv.RevokeAccessToken(revoked)
	fresh := srv.IssueAccessToken("us-east-1_NEW", "carol")

	for _, tok := range []string{alice, bob, revoked, fresh} {
		assert.Regexp(t, `^[A-Za-z0-9\-_=.]+$`, tok)
	}
	assert.NotEqual(t, alice, revoked)

	tests := []struct {
		name      string
		token     string
		wantCount int
		wantMsg   string
	}{
		{name: "alice", token: alice, wantCount: 2},
		{name: "bob", token: bob, wantCount: 1},
		{name: "user created by IssueAccessToken", token: fresh, wantCount: 0},
		{name: "revoked", token: revoked, wantMsg: "Access Token has been revoked"},
		{name: "garbage", token: "eyJhbGciOiJub25lIn0.e30.c2ln", wantMsg: "Invalid Access Token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String(tt.token)})
			if tt.wantMsg != "" {
				var notAuthorized *cognitodevices.NotAuthorizedException
				require.ErrorAs(t, err, &notAuthorized)
				assert.Equal(t, tt.wantMsg, notAuthorized.ErrorMessage())
				assert.Equal(t, http.StatusBadRequest, httpStatus(err))
				return
			}
			require.NoError(t, err)
			assert.Len(t, out.Devices, tt.wantCount)
			assert.Nil(t, out.PaginationToken)
		})
	}

	t.Run("missing token", func(t *testing.T) {
		resp := send(t, newRawRequest(t, srv, "ListDevices", `{}`))
		code, msg := serviceError(t, resp)
		assert.Equal(t, "InvalidParameterException", code)
		assert.Contains(t, msg, "'accessToken'")
	})
}

func TestSixtyThousandDevices(t *testing.T) {
	if testing.Short() {
		t.Skip("lists 60,000 devices")
	}
	const n = 60_000
	srv, client := setup(t)
	keys := addDevices(srv, poolID, username, n)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	i := 0
	for d, err := range cognitodevices.AdminListDevicesAll(ctx, client, &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String(poolID), Username: aws.String(username), Limit: aws.Int32(60),
	}) {
		require.NoError(t, err)
		require.Less(t, i, n)
		require.Equal(t, keys[i], aws.ToString(d.DeviceKey))
		i++
	}
	assert.Equal(t, n, i)
	assert.Len(t, srv.Requests(), n/60)
	t.Logf("listed %d devices in %d pages in %v", n, n/60, time.Since(start))
}
