package devicestest_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/optable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const missingKey = "us-east-1_00000000-0000-4000-8000-000000000000"

// seededAt is the date of every device seedDevice adds.
var seededAt = time.Date(2024, 1, 2, 3, 4, 5, 6e6, time.UTC)

// nearNow returns a server clock a minute behind the real one, close
// enough for the client's signatures, with a sub-millisecond part the
// server must drop.
func nearNow() time.Time {
	return time.Now().Add(-time.Minute).Truncate(time.Millisecond).Add(456 * time.Microsecond)
}

// seedDevice adds a device named name, with a dev:device_remembered_status
// attribute when status is not empty, dated seededAt.
func seedDevice(srv *devicestest.Server, pool, user, name string, status cognitodevices.DeviceRememberedStatusType) string {
	attrs := []cognitodevices.AttributeType{
		{Name: aws.String(cognitodevices.AttributeDeviceName), Value: aws.String(name)},
	}
	if status != "" {
		attrs = append(attrs, cognitodevices.AttributeType{Name: aws.String(cognitodevices.AttributeDeviceRememberedStatus), Value: aws.String(string(status))})
	}
	return srv.AddDevice(pool, user, cognitodevices.DeviceType{
		DeviceAttributes:            attrs,
		DeviceCreateDate:            aws.Time(seededAt),
		DeviceLastModifiedDate:      aws.Time(seededAt),
		DeviceLastAuthenticatedDate: aws.Time(seededAt),
	})
}

// requireAPIError checks that err is the service error code with status
// 400, and its message when wantMsg is not empty.
func requireAPIError(t *testing.T, err error, wantCode, wantMsg string) {
	t.Helper()
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, wantCode, apiErr.ErrorCode())
	if wantMsg != "" {
		assert.Equal(t, wantMsg, apiErr.ErrorMessage())
	}
	assert.Equal(t, http.StatusBadRequest, httpStatus(err))
}

func countAttribute(d cognitodevices.DeviceType, name string) int {
	n := 0
	for _, a := range d.DeviceAttributes {
		if aws.ToString(a.Name) == name {
			n++
		}
	}
	return n
}

func adminListKeys(t *testing.T, client *cognitodevices.Client, pool, user string) []string {
	t.Helper()
	out, err := client.AdminListDevices(context.Background(), &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String(pool), Username: aws.String(user),
	})
	require.NoError(t, err)
	return keysOf(out.Devices)
}

func listKeys(t *testing.T, client *cognitodevices.Client, token string) []string {
	t.Helper()
	out, err := client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String(token)})
	require.NoError(t, err)
	return keysOf(out.Devices)
}

func TestAdminForgetDevice(t *testing.T) {
	tests := []struct {
		name       string
		pool, user string
		key        func(keys []string) string
		wantCode   string
		wantMsg    string
	}{
		{name: "first", pool: poolID, user: username, key: func(k []string) string { return k[0] }},
		{name: "middle", pool: poolID, user: username, key: func(k []string) string { return k[1] }},
		{name: "unknown pool", pool: "us-east-1_NOPE", user: username, key: func(k []string) string { return k[0] },
			wantCode: "ResourceNotFoundException", wantMsg: "User pool us-east-1_NOPE does not exist."},
		{name: "unknown user", pool: poolID, user: "carol", key: func(k []string) string { return k[0] },
			wantCode: "UserNotFoundException", wantMsg: "User does not exist."},
		{name: "unknown device", pool: poolID, user: username, key: func([]string) string { return missingKey },
			wantCode: "ResourceNotFoundException", wantMsg: "Device does not exist."},
		{name: "device of another user", pool: poolID, user: "bob", key: func(k []string) string { return k[0] },
			wantCode: "ResourceNotFoundException", wantMsg: "Device does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client := setup(t)
			keys := addDevices(srv, poolID, username, 3)
			srv.AddUser(poolID, "bob")
			key := tt.key(keys)

			out, err := client.AdminForgetDevice(context.Background(), &cognitodevices.AdminForgetDeviceInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(tt.pool), Username: aws.String(tt.user),
			})
			if tt.wantCode != "" {
				requireAPIError(t, err, tt.wantCode, tt.wantMsg)
				assert.Equal(t, keys, adminListKeys(t, client, poolID, username), "nothing was removed")
				return
			}
			require.NoError(t, err)
			require.NotNil(t, out)

			var want []string
			for _, k := range keys {
				if k != key {
					want = append(want, k)
				}
			}
			assert.Equal(t, want, adminListKeys(t, client, poolID, username), "the others keep their order")
			assert.Equal(t, want, keysOf(srv.Devices(poolID, username)))

			_, err = client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(username),
			})
			requireAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")

			_, err = client.AdminForgetDevice(context.Background(), &cognitodevices.AdminForgetDeviceInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(username),
			})
			requireAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")
		})
	}

	t.Run("success body", func(t *testing.T) {
		srv, _ := setup(t)
		key := srv.AddDevice(poolID, username, cognitodevices.DeviceType{})
		req := newRawRequest(t, srv, "AdminForgetDevice", `{"DeviceKey":"`+key+`","UserPoolId":"`+poolID+`","Username":"alice"}`)
		sign(t, req, srv.Credentials(), srv.Region(), time.Now())
		resp := send(t, req)
		assert.Equal(t, http.StatusOK, resp.status)
		assert.Equal(t, `{}`, resp.body)
		assert.Equal(t, "application/x-amz-json-1.1", resp.header.Get("Content-Type"))
	})
}

func TestAdminUpdateDeviceStatus(t *testing.T) {
	remembered := cognitodevices.DeviceRememberedStatusTypeRemembered
	notRemembered := cognitodevices.DeviceRememberedStatusTypeNotRemembered
	tests := []struct {
		name    string
		initial cognitodevices.DeviceRememberedStatusType
		status  cognitodevices.DeviceRememberedStatusType
	}{
		{name: "adds the missing attribute", initial: "", status: remembered},
		{name: "adds not_remembered", initial: "", status: notRemembered},
		{name: "remembers", initial: notRemembered, status: remembered},
		{name: "forgets", initial: remembered, status: notRemembered},
		{name: "same status", initial: remembered, status: remembered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := nearNow()
			srv, client := setup(t, devicestest.WithClock(func() time.Time { return clock }))
			key := seedDevice(srv, poolID, username, "laptop", tt.initial)
			other := seedDevice(srv, poolID, username, "phone", tt.initial)

			out, err := client.AdminUpdateDeviceStatus(context.Background(), &cognitodevices.AdminUpdateDeviceStatusInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(username),
				DeviceRememberedStatus: tt.status,
			})
			require.NoError(t, err)
			require.NotNil(t, out)

			devices := srv.Devices(poolID, username)
			require.Len(t, devices, 2)
			d := devices[0]
			assert.Equal(t, tt.status, d.RememberedStatus())
			assert.Equal(t, 1, countAttribute(d, cognitodevices.AttributeDeviceRememberedStatus), "set in place, never duplicated")
			assert.Equal(t, "laptop", d.Name(), "other attributes are kept")
			assert.Equal(t, clock.UTC().Truncate(time.Millisecond), *d.DeviceLastModifiedDate)
			assert.Equal(t, seededAt, *d.DeviceCreateDate)
			assert.Equal(t, seededAt, *d.DeviceLastAuthenticatedDate)
			assert.Equal(t, tt.initial, devices[1].RememberedStatus(), "other devices are untouched")
			assert.Equal(t, seededAt, *devices[1].DeviceLastModifiedDate)
			assert.Equal(t, other, aws.ToString(devices[1].DeviceKey))

			got, err := client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(username),
			})
			require.NoError(t, err)
			assert.Equal(t, d, *got.Device)
			assert.Equal(t, tt.status == remembered, got.Device.Remembered())
		})
	}

	t.Run("absent status changes nothing", func(t *testing.T) {
		srv, client := setup(t)
		key := seedDevice(srv, poolID, username, "laptop", remembered)
		before := srv.Devices(poolID, username)
		_, err := client.AdminUpdateDeviceStatus(context.Background(), &cognitodevices.AdminUpdateDeviceStatusInput{
			DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(username),
		})
		require.NoError(t, err)
		assert.Equal(t, before, srv.Devices(poolID, username))
		reqs := srv.Requests()
		require.Len(t, reqs, 1)
		assert.NotContains(t, string(reqs[0].Body), "DeviceRememberedStatus")
	})

	t.Run("errors", func(t *testing.T) {
		srv, client := setup(t)
		key := seedDevice(srv, poolID, username, "laptop", notRemembered)
		srv.AddUser(poolID, "bob")
		for _, tc := range []struct {
			name, pool, user, key string
			wantCode, wantMsg     string
		}{
			{"unknown pool", "us-east-1_NOPE", username, key, "ResourceNotFoundException", "User pool us-east-1_NOPE does not exist."},
			{"unknown user", poolID, "carol", key, "UserNotFoundException", "User does not exist."},
			{"unknown device", poolID, username, missingKey, "ResourceNotFoundException", "Device does not exist."},
			{"device of another user", poolID, "bob", key, "ResourceNotFoundException", "Device does not exist."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := client.AdminUpdateDeviceStatus(context.Background(), &cognitodevices.AdminUpdateDeviceStatusInput{
					DeviceKey: aws.String(tc.key), UserPoolId: aws.String(tc.pool), Username: aws.String(tc.user),
					DeviceRememberedStatus: remembered,
				})
				requireAPIError(t, err, tc.wantCode, tc.wantMsg)
			})
		}
		d := srv.Devices(poolID, username)[0]
		assert.Equal(t, notRemembered, d.RememberedStatus())
		assert.Equal(t, seededAt, *d.DeviceLastModifiedDate)
	})
}

func TestInvalidRememberedStatus(t *testing.T) {
	srv, client := setup(t)
	key := seedDevice(srv, poolID, username, "laptop", cognitodevices.DeviceRememberedStatusTypeNotRemembered)
	token := srv.IssueAccessToken(poolID, username)

	_, err := client.AdminUpdateDeviceStatus(context.Background(), &cognitodevices.AdminUpdateDeviceStatusInput{
		DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(username),
		DeviceRememberedStatus: "Remembered",
	})
	var invalid smithy.InvalidParamsError
	require.ErrorAs(t, err, &invalid, "the client refuses an unknown status before sending")
	assert.Empty(t, srv.Requests())

	const wantMsg = "1 validation error detected: Value 'Remembered' at 'deviceRememberedStatus' failed to satisfy constraint: " +
		"Member must satisfy enum value set: [remembered, not_remembered]"
	for _, tt := range []struct {
		operation, body string
	}{
		{"AdminUpdateDeviceStatus", `{"DeviceKey":"` + key + `","DeviceRememberedStatus":"Remembered","UserPoolId":"` + poolID + `","Username":"alice"}`},
		{"UpdateDeviceStatus", `{"AccessToken":"` + token + `","DeviceKey":"` + key + `","DeviceRememberedStatus":"Remembered"}`},
	} {
		t.Run(tt.operation, func(t *testing.T) {
			req := newRawRequest(t, srv, tt.operation, tt.body)
			if strings.HasPrefix(tt.operation, "Admin") {
				sign(t, req, srv.Credentials(), srv.Region(), time.Now())
			}
			resp := send(t, req)
			assert.Equal(t, http.StatusBadRequest, resp.status)
			code, msg := serviceError(t, resp)
			assert.Equal(t, "InvalidParameterException", code)
			assert.Equal(t, wantMsg, msg)
		})
	}
	assert.Equal(t, cognitodevices.DeviceRememberedStatusTypeNotRemembered, srv.Devices(poolID, username)[0].RememberedStatus())
}

func TestDeviceOperationsValidateInput(t *testing.T) {
	srv, _ := setup(t)
	srv.AddUser(poolID, username)
	token := srv.IssueAccessToken(poolID, username)
	longKey := strings.Repeat("k", 56)

	tests := []struct {
		name      string
		operation string
		body      string
		wantMsg   string
	}{
		{"AdminForgetDevice missing members", "AdminForgetDevice", `{}`,
			"3 validation errors detected: Value null at 'deviceKey' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'username' failed to satisfy constraint: Member must not be null"},
		{"AdminForgetDevice device key too long", "AdminForgetDevice", `{"DeviceKey":"` + longKey + `","UserPoolId":"p","Username":"u"}`,
			"1 validation error detected: Value at 'deviceKey' failed to satisfy constraint: Member must have length less than or equal to 55"},
		{"AdminUpdateDeviceStatus missing members", "AdminUpdateDeviceStatus", `{"DeviceRememberedStatus":"remembered"}`,
			"3 validation errors detected: Value null at 'deviceKey' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'username' failed to satisfy constraint: Member must not be null"},
		{"AdminUpdateDeviceStatus empty username", "AdminUpdateDeviceStatus", `{"DeviceKey":"k","UserPoolId":"p","Username":""}`,
			"1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"GetDevice missing members", "GetDevice", `{}`,
			"2 validation errors detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'deviceKey' failed to satisfy constraint: Member must not be null"},
		{"ForgetDevice bad token characters", "ForgetDevice", `{"AccessToken":"a b","DeviceKey":"k"}`,
			"1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+"},
		{"UpdateDeviceStatus device key too long", "UpdateDeviceStatus", `{"AccessToken":"` + token + `","DeviceKey":"` + longKey + `"}`,
			"1 validation error detected: Value at 'deviceKey' failed to satisfy constraint: Member must have length less than or equal to 55"},
		{"ConfirmDevice missing members", "ConfirmDevice", `{"DeviceName":"laptop"}`,
			"2 validation errors detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'deviceKey' failed to satisfy constraint: Member must not be null"},
		{"ConfirmDevice empty name", "ConfirmDevice", `{"AccessToken":"` + token + `","DeviceKey":"k","DeviceName":""}`,
			"1 validation error detected: Value at 'deviceName' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"ConfirmDevice name too long", "ConfirmDevice", `{"AccessToken":"` + token + `","DeviceKey":"k","DeviceName":"` + strings.Repeat("é", 1025) + `"}`,
			"1 validation error detected: Value at 'deviceName' failed to satisfy constraint: Member must have length less than or equal to 1024"},
		{"ConfirmDevice verifier of the wrong type", "ConfirmDevice", `{"AccessToken":"` + token + `","DeviceKey":"k","DeviceSecretVerifierConfig":"v"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRawRequest(t, srv, tt.operation, tt.body)
			if strings.HasPrefix(tt.operation, "Admin") {
				sign(t, req, srv.Credentials(), srv.Region(), time.Now())
			}
			resp := send(t, req)
			assert.Equal(t, http.StatusBadRequest, resp.status)
			code, msg := serviceError(t, resp)
			if tt.wantMsg == "" {
				assert.Equal(t, "SerializationException", code)
				return
			}
			assert.Equal(t, "InvalidParameterException", code)
			assert.Equal(t, tt.wantMsg, msg)
		})
	}
	assert.Empty(t, srv.Devices(poolID, username), "no invalid request created a device")

	t.Run("name of 1024 characters", func(t *testing.T) {
		name := strings.Repeat("é", 1024)
		_, err := srv.Client().ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String("us-east-1_00000001-aaaa"), DeviceName: aws.String(name),
		})
		require.NoError(t, err)
		assert.Equal(t, name, srv.Devices(poolID, username)[0].Name())
	})
}

func TestGetDevice(t *testing.T) {
	srv, client := setup(t)
	keys := addDevices(srv, poolID, username, 3)
	bobKey := seedDevice(srv, poolID, "bob", "bob's phone", "")
	alice := srv.IssueAccessToken(poolID, username)
	bob := srv.IssueAccessToken(poolID, "bob")
	sameNameOtherPool := srv.IssueAccessToken("us-east-1_OTHER", username)

	tests := []struct {
		name     string
		token    string
		key      string
		want     int // index in alice's devices, when wantCode is empty
		wantCode string
	}{
		{name: "first", token: alice, key: keys[0], want: 0},
		{name: "last", token: alice, key: keys[2], want: 2},
		{name: "device of another user", token: alice, key: bobKey, wantCode: "ResourceNotFoundException"},
		{name: "other user asks for alice's device", token: bob, key: keys[0], wantCode: "ResourceNotFoundException"},
		{name: "same username in another pool", token: sameNameOtherPool, key: keys[0], wantCode: "ResourceNotFoundException"},
		{name: "unknown device", token: alice, key: missingKey, wantCode: "ResourceNotFoundException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.GetDevice(context.Background(), &cognitodevices.GetDeviceInput{
				AccessToken: aws.String(tt.token), DeviceKey: aws.String(tt.key),
			})
			if tt.wantCode != "" {
				requireAPIError(t, err, tt.wantCode, "Device does not exist.")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, srv.Devices(poolID, username)[tt.want], *out.Device)
			assert.Equal(t, "d"+strconv.Itoa(tt.want), out.Device.Name())
		})
	}

	t.Run("same answer as AdminGetDevice", func(t *testing.T) {
		byToken, err := client.GetDevice(context.Background(), &cognitodevices.GetDeviceInput{
			AccessToken: aws.String(bob), DeviceKey: aws.String(bobKey),
		})
		require.NoError(t, err)
		byAdmin, err := client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
			DeviceKey: aws.String(bobKey), UserPoolId: aws.String(poolID), Username: aws.String("bob"),
		})
		require.NoError(t, err)
		assert.Equal(t, byAdmin.Device, byToken.Device)
		assert.Equal(t, seededAt, *byToken.Device.DeviceCreateDate)
	})
}

func TestForgetDevice(t *testing.T) {
	srv, client := setup(t)
	keys := addDevices(srv, poolID, username, 3)
	bobKey := srv.AddDevice(poolID, "bob", cognitodevices.DeviceType{})
	alice := srv.IssueAccessToken(poolID, username)

	_, err := client.ForgetDevice(context.Background(), &cognitodevices.ForgetDeviceInput{
		AccessToken: aws.String(alice), DeviceKey: aws.String(keys[1]),
	})
	require.NoError(t, err)
	assert.Equal(t, []string{keys[0], keys[2]}, listKeys(t, client, alice))
	assert.Equal(t, []string{keys[0], keys[2]}, adminListKeys(t, client, poolID, username))

	tests := []struct {
		name string
		key  string
	}{
		{"already forgotten", keys[1]},
		{"device of another user", bobKey},
		{"unknown device", missingKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.ForgetDevice(context.Background(), &cognitodevices.ForgetDeviceInput{
				AccessToken: aws.String(alice), DeviceKey: aws.String(tt.key),
			})
			requireAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")
		})
	}
	assert.Equal(t, []string{bobKey}, keysOf(srv.Devices(poolID, "bob")), "bob's device survives alice's attempt")
	assert.Equal(t, []string{keys[0], keys[2]}, keysOf(srv.Devices(poolID, username)))

	t.Run("success body", func(t *testing.T) {
		resp := send(t, newRawRequest(t, srv, "ForgetDevice", `{"AccessToken":"`+alice+`","DeviceKey":"`+keys[0]+`"}`))
		assert.Equal(t, http.StatusOK, resp.status)
		assert.Equal(t, `{}`, resp.body)
		assert.Equal(t, []string{keys[2]}, listKeys(t, client, alice))
	})
}

func TestUpdateDeviceStatus(t *testing.T) {
	clock := nearNow()
	srv, client := setup(t, devicestest.WithClock(func() time.Time { return clock }))
	key := seedDevice(srv, poolID, username, "laptop", "")
	bobKey := seedDevice(srv, poolID, "bob", "phone", cognitodevices.DeviceRememberedStatusTypeNotRemembered)
	alice := srv.IssueAccessToken(poolID, username)

	steps := []struct {
		status cognitodevices.DeviceRememberedStatusType
		at     time.Time
	}{
		{cognitodevices.DeviceRememberedStatusTypeRemembered, clock},
		{cognitodevices.DeviceRememberedStatusTypeNotRemembered, clock.Add(1500 * time.Millisecond)},
		{cognitodevices.DeviceRememberedStatusTypeRemembered, clock.Add(2 * time.Second)},
	}
	for _, step := range steps {
		t.Run(string(step.status), func(t *testing.T) {
			srv.SetClock(func() time.Time { return step.at })
			_, err := client.UpdateDeviceStatus(context.Background(), &cognitodevices.UpdateDeviceStatusInput{
				AccessToken: aws.String(alice), DeviceKey: aws.String(key), DeviceRememberedStatus: step.status,
			})
			require.NoError(t, err)

			d := srv.Devices(poolID, username)[0]
			assert.Equal(t, step.status, d.RememberedStatus())
			assert.Equal(t, 1, countAttribute(d, cognitodevices.AttributeDeviceRememberedStatus))
			assert.Equal(t, step.at.UTC().Truncate(time.Millisecond), *d.DeviceLastModifiedDate)
			assert.Equal(t, seededAt, *d.DeviceCreateDate)

			byAdmin, err := client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(username),
			})
			require.NoError(t, err)
			assert.Equal(t, d, *byAdmin.Device)
			byToken, err := client.GetDevice(context.Background(), &cognitodevices.GetDeviceInput{
				AccessToken: aws.String(alice), DeviceKey: aws.String(key),
			})
			if step.status == cognitodevices.DeviceRememberedStatusTypeNotRemembered {
				requireAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, d, *byToken.Device)
		})
	}

	t.Run("device of another user", func(t *testing.T) {
		_, err := client.UpdateDeviceStatus(context.Background(), &cognitodevices.UpdateDeviceStatusInput{
			AccessToken: aws.String(alice), DeviceKey: aws.String(bobKey),
			DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered,
		})
		requireAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")
		d := srv.Devices(poolID, "bob")[0]
		assert.Equal(t, cognitodevices.DeviceRememberedStatusTypeNotRemembered, d.RememberedStatus())
		assert.Equal(t, seededAt, *d.DeviceLastModifiedDate)
	})

	t.Run("absent status changes nothing", func(t *testing.T) {
		before := srv.Devices(poolID, username)
		srv.SetClock(func() time.Time { return clock.Add(time.Hour) })
		_, err := client.UpdateDeviceStatus(context.Background(), &cognitodevices.UpdateDeviceStatusInput{
			AccessToken: aws.String(alice), DeviceKey: aws.String(key),
		})
		require.NoError(t, err)
		assert.Equal(t, before, srv.Devices(poolID, username))
	})
}

// fixture points the shared table's inputs at the device key of user
// alice, with token as the access token.
func fixture(key, token string) optable.Fixture {
	f := optable.Default // the members not set here keep the table's values
	f.UserPoolId, f.Username, f.DeviceKey, f.AccessToken, f.NewDeviceKey = poolID, username, key, token, key+"-eee"
	f.PaginationToken, f.Session = "", ""
	return f
}

func TestTokenOperationsRefuseBadTokens(t *testing.T) {
	for _, op := range optable.AccessToken() {
		for _, tc := range []struct {
			name    string
			token   func(srv *devicestest.Server) string
			wantMsg string
		}{
			{"revoked", func(srv *devicestest.Server) string {
				tok := srv.IssueAccessToken(poolID, username)
				srv.RevokeAccessToken(tok)
				return tok
			}, "Access Token has been revoked"},
			{"garbage", func(*devicestest.Server) string { return "eyJhbGciOiJub25lIn0.e30.c2ln" }, "Invalid Access Token"},
		} {
			t.Run(op.Name+"/"+tc.name, func(t *testing.T) {
				srv, client := setup(t)
				key := seedDevice(srv, poolID, username, "laptop", cognitodevices.DeviceRememberedStatusTypeNotRemembered)
				before := srv.Devices(poolID, username)

				_, err := op.Call(context.Background(), client, op.Input(fixture(key, tc.token(srv))))
				var notAuthorized *cognitodevices.NotAuthorizedException
				require.ErrorAs(t, err, &notAuthorized)
				assert.Equal(t, tc.wantMsg, notAuthorized.ErrorMessage())
				assert.Equal(t, http.StatusBadRequest, httpStatus(err))
				assert.Equal(t, before, srv.Devices(poolID, username), "nothing changed")
				assert.Len(t, srv.Requests(), 1, "not retried")
			})
		}
	}
}

func TestTokenOperationsNeedNoSignature(t *testing.T) {
	for _, op := range optable.AccessToken() {
		t.Run(op.Name, func(t *testing.T) {
			srv := devicestest.NewServerT(t)
			srv.SetClock(func() time.Time { return time.Now().Add(48 * time.Hour) })
			key := seedDevice(srv, poolID, username, "laptop", "")
			token := srv.IssueAccessToken(poolID, username)

			client := srv.Client(func(o *cognitodevices.Options) { o.Credentials = nil })
			_, err := op.Call(context.Background(), client, op.Input(fixture(key, token)))
			require.NoError(t, err)
			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, op.Name, reqs[0].Operation)
			assert.Empty(t, reqs[0].Header.Get("Authorization"))
		})
	}

	t.Run("a bogus signature is ignored", func(t *testing.T) {
		srv := devicestest.NewServerT(t)
		key := seedDevice(srv, poolID, username, "laptop", "")
		token := srv.IssueAccessToken(poolID, username)
		req := newRawRequest(t, srv, "GetDevice", `{"AccessToken":"`+token+`","DeviceKey":"`+key+`"}`)
		sign(t, req, aws.Credentials{AccessKeyID: "AKIDUNKNOWN", SecretAccessKey: "wrong"}, "eu-west-1", time.Now().Add(-time.Hour))
		resp := send(t, req)
		assert.Equal(t, http.StatusOK, resp.status, resp.body)
		assert.Contains(t, resp.body, `"DeviceKey":"`+key+`"`)
	})
}

// adminWrites are the admin operations that change a device.
var adminWrites = []optable.Operation{optable.AdminForgetDevice, optable.AdminUpdateDeviceStatus}

func TestAdminWritesNeedASignature(t *testing.T) {
	for _, op := range adminWrites {
		t.Run(op.Name, func(t *testing.T) {
			srv := devicestest.NewServerT(t)
			key := seedDevice(srv, poolID, username, "laptop", cognitodevices.DeviceRememberedStatusTypeNotRemembered)
			before := srv.Devices(poolID, username)

			t.Run("no credentials", func(t *testing.T) {
				srv.ResetRequests()
				client := srv.Client(func(o *cognitodevices.Options) { o.Credentials = nil })
				_, err := op.Call(context.Background(), client, op.Input(fixture(key, "")))
				require.Error(t, err)
				assert.Contains(t, err.Error(), "admin operations need AWS credentials")
				var apiErr smithy.APIError
				assert.NotErrorAs(t, err, &apiErr, "refused by the client, not the server")
				assert.Empty(t, srv.Requests(), "nothing is sent unsigned")
			})

			t.Run("wrong secret", func(t *testing.T) {
				srv.ResetRequests()
				client := srv.Client(func(o *cognitodevices.Options) {
					o.Credentials = staticCredentials(devicestest.DefaultAccessKeyID, "not-the-secret")
				})
				_, err := op.Call(context.Background(), client, op.Input(fixture(key, "")))
				var apiErr smithy.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, "InvalidSignatureException", apiErr.ErrorCode())
				assert.Contains(t, apiErr.ErrorMessage(), "The request signature we calculated does not match")
				assert.Len(t, srv.Requests(), 1, "refused signatures are not retried")
			})

			t.Run("unsigned raw request", func(t *testing.T) {
				resp := send(t, newRawRequest(t, srv, op.Name, `{"DeviceKey":"`+key+`","DeviceRememberedStatus":"remembered","UserPoolId":"`+poolID+`","Username":"alice"}`))
				assert.Equal(t, http.StatusBadRequest, resp.status)
				code, _ := serviceError(t, resp)
				assert.Equal(t, "MissingAuthenticationTokenException", code)
			})

			assert.Equal(t, before, srv.Devices(poolID, username), "no refused request changed the device")

			_, err := op.Call(context.Background(), srv.Client(), op.Input(fixture(key, "")))
			require.NoError(t, err, "the server's own key pair works")
			assert.NotEqual(t, before, srv.Devices(poolID, username))
		})
	}
}

func TestConfirmDevice(t *testing.T) {
	verifier := base64.StdEncoding.EncodeToString([]byte{0x00, 0x9c, 0x41, 0x7e, 0x02, 0xff})
	salt := base64.StdEncoding.EncodeToString([]byte{0x5a, 0x17, 0x3c})
	const key = "us-east-1_4d3b1a52-6e0f-4c1e-9a0b-2f5b8c7d9e10"

	t.Run("stores the device", func(t *testing.T) {
		clock := nearNow()
		srv, client := setup(t, devicestest.WithClock(func() time.Time { return clock }))
		older := addDevices(srv, poolID, username, 2)
		token := srv.IssueAccessToken(poolID, username)

		out, err := client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token),
			DeviceKey:   aws.String(key),
			DeviceName:  aws.String("Alice's laptop"),
			DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{
				PasswordVerifier: aws.String(verifier), Salt: aws.String(salt),
			},
		})
		require.NoError(t, err)
		assert.False(t, out.UserConfirmationNecessary)

		devices := srv.Devices(poolID, username)
		require.Len(t, devices, 3)
		d := devices[2]
		assert.Equal(t, key, aws.ToString(d.DeviceKey), "the newest device")
		assert.Equal(t, "Alice's laptop", d.Name())
		assert.Equal(t, "valid", d.Status())
		assert.Equal(t, "127.0.0.1", d.LastIPUsed())
		assert.Equal(t, cognitodevices.DeviceRememberedStatusTypeNotRemembered, d.RememberedStatus())
		assert.False(t, d.Remembered())
		assert.Equal(t, "alice.us-east-1_TEST", d.Owner())
		assert.Equal(t, "arn:aws:cognito-idp:us-east-1:123456789012:owner/alice.us-east-1_TEST/device/"+key, d.ARN())
		assert.Equal(t, "aws-sdk-unknown-unknown", d.SDK())
		var names []string
		for _, a := range d.DeviceAttributes {
			names = append(names, aws.ToString(a.Name))
		}
		assert.Equal(t, []string{"device_status", "device_name", "dev:device_arn", "dev:device_owner", "last_ip_used",
			"dev:device_remembered_status", "dev:device_sdk"}, names, "the service's seven attributes, in its order")
		want := clock.UTC().Truncate(time.Millisecond)
		assert.Equal(t, want, *d.DeviceCreateDate)
		assert.Equal(t, want, *d.DeviceLastModifiedDate)
		assert.Equal(t, want, *d.DeviceLastAuthenticatedDate)

		got, ok := srv.DeviceVerifier(poolID, username, key)
		require.True(t, ok)
		assert.Equal(t, cognitodevices.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(verifier), Salt: aws.String(salt)}, got)
		*got.PasswordVerifier = "changed"
		again, _ := srv.DeviceVerifier(poolID, username, key)
		assert.Equal(t, verifier, aws.ToString(again.PasswordVerifier), "DeviceVerifier returns copies")

		assert.Equal(t, append(older, key), adminListKeys(t, client, poolID, username), "AdminListDevices shows it")
		assert.Equal(t, older, listKeys(t, client, token), "ListDevices hides it until it is remembered")
		_, err = client.GetDevice(context.Background(), &cognitodevices.GetDeviceInput{AccessToken: aws.String(token), DeviceKey: aws.String(key)})
		requireAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")

		_, err = client.UpdateDeviceStatus(context.Background(), &cognitodevices.UpdateDeviceStatusInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key), DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered,
		})
		require.NoError(t, err)
		assert.True(t, srv.Devices(poolID, username)[2].Remembered(), "a confirmed device can be remembered")
		assert.Equal(t, append(older, key), listKeys(t, client, token), "ListDevices shows it once remembered")
		byToken, err := client.GetDevice(context.Background(), &cognitodevices.GetDeviceInput{AccessToken: aws.String(token), DeviceKey: aws.String(key)})
		require.NoError(t, err)
		assert.Equal(t, srv.Devices(poolID, username)[2], *byToken.Device)
	})

	t.Run("name and verifier are optional", func(t *testing.T) {
		srv, client := setup(t)
		token := srv.IssueAccessToken(poolID, username)
		_, err := client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key),
		})
		require.NoError(t, err)
		d := srv.Devices(poolID, username)[0]
		_, named := d.Attribute(cognitodevices.AttributeDeviceName)
		assert.False(t, named)
		assert.Equal(t, "valid", d.Status())
		_, ok := srv.DeviceVerifier(poolID, username, key)
		assert.False(t, ok)
	})

	t.Run("duplicate refused", func(t *testing.T) {
		srv, client := setup(t)
		token := srv.IssueAccessToken(poolID, username)
		first := &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key), DeviceName: aws.String("first"),
			DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(verifier), Salt: aws.String(salt)},
		}
		_, err := client.ConfirmDevice(context.Background(), first)
		require.NoError(t, err)
		before := srv.Devices(poolID, username)

		_, err = client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key), DeviceName: aws.String("second"),
			DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(salt), Salt: aws.String(salt)},
		})
		requireAPIError(t, err, "DeviceKeyExistsException", "Device key already exists.")
		assert.Equal(t, before, srv.Devices(poolID, username))
		got, _ := srv.DeviceVerifier(poolID, username, key)
		assert.Equal(t, verifier, aws.ToString(got.PasswordVerifier), "the first verifier is kept")

		seeded := srv.AddDevice(poolID, username, cognitodevices.DeviceType{})
		_, err = client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{AccessToken: aws.String(token), DeviceKey: aws.String(seeded)})
		requireAPIError(t, err, "DeviceKeyExistsException", "Device key already exists.")

		_, err = client.ForgetDevice(context.Background(), &cognitodevices.ForgetDeviceInput{AccessToken: aws.String(token), DeviceKey: aws.String(key)})
		require.NoError(t, err)
		_, ok := srv.DeviceVerifier(poolID, username, key)
		assert.False(t, ok, "forgetting a device drops its verifier")
		_, err = client.ConfirmDevice(context.Background(), first)
		require.NoError(t, err, "a forgotten device may be confirmed again")
	})

	t.Run("invalid base64", func(t *testing.T) {
		srv, client := setup(t)
		token := srv.IssueAccessToken(poolID, username)
		for _, tc := range []struct {
			name           string
			verifier, salt *string
			wantMsg        string
		}{
			{"verifier with spaces", aws.String("not base64!"), aws.String(salt), "DeviceSecretVerifierConfig.PasswordVerifier must be non-empty base64 text."},
			{"verifier without padding", aws.String("QUI"), aws.String(salt), "DeviceSecretVerifierConfig.PasswordVerifier must be non-empty base64 text."},
			{"salt URL alphabet", aws.String(verifier), aws.String("_-__"), "DeviceSecretVerifierConfig.Salt must be non-empty base64 text."},
			{"salt only, invalid", nil, aws.String("%%%%"), "DeviceSecretVerifierConfig.Salt must be non-empty base64 text."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
					AccessToken: aws.String(token), DeviceKey: aws.String(key),
					DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{PasswordVerifier: tc.verifier, Salt: tc.salt},
				})
				requireAPIError(t, err, "InvalidParameterException", tc.wantMsg)
			})
		}
		assert.Empty(t, srv.Devices(poolID, username), "no device was created")

		resp := send(t, newRawRequest(t, srv, "ConfirmDevice",
			`{"AccessToken":"`+token+`","DeviceKey":"`+key+`","DeviceSecretVerifierConfig":{"PasswordVerifier":"","Salt":"`+salt+`"}}`))
		code, msg := serviceError(t, resp)
		assert.Equal(t, "InvalidParameterException", code)
		assert.Equal(t, "DeviceSecretVerifierConfig.PasswordVerifier must be non-empty base64 text.", msg, "an empty verifier is refused")
	})

	t.Run("last_ip_used is the caller's address", func(t *testing.T) {
		srv, _ := setup(t)
		token := srv.IssueAccessToken(poolID, username)
		req := newRawRequest(t, srv, "ConfirmDevice", `{"AccessToken":"`+token+`","DeviceKey":"`+key+`"}`)
		req.Header.Set("X-Forwarded-For", "203.0.113.9")
		resp := send(t, req)
		require.Equal(t, http.StatusOK, resp.status, resp.body)
		assert.Equal(t, `{"UserConfirmationNecessary":false}`, resp.body)
		assert.Equal(t, "127.0.0.1", srv.Devices(poolID, username)[0].LastIPUsed(), "forwarding headers are not trusted")
	})

	for _, necessary := range []bool{false, true} {
		t.Run("WithUserConfirmationNecessary "+strconv.FormatBool(necessary), func(t *testing.T) {
			srv, client := setup(t, devicestest.WithUserConfirmationNecessary(necessary))
			token := srv.IssueAccessToken(poolID, username)
			out, err := client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
				AccessToken: aws.String(token), DeviceKey: aws.String(key),
			})
			require.NoError(t, err)
			assert.Equal(t, necessary, out.UserConfirmationNecessary)
			assert.Equal(t, cognitodevices.DeviceRememberedStatusTypeNotRemembered, srv.Devices(poolID, username)[0].RememberedStatus(),
				"the device starts not remembered either way")
		})
	}
}

func TestDeviceVerifierLookups(t *testing.T) {
	srv, client := setup(t)
	token := srv.IssueAccessToken(poolID, username)
	_, err := client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
		AccessToken: aws.String(token), DeviceKey: aws.String("us-east-1_0000000c"),
		DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{Salt: aws.String("AQID")},
	})
	require.NoError(t, err)
	seeded := srv.AddDevice(poolID, username, cognitodevices.DeviceType{})

	got, ok := srv.DeviceVerifier(poolID, username, "us-east-1_0000000c")
	require.True(t, ok, "a partial config is stored as sent")
	assert.Nil(t, got.PasswordVerifier)
	assert.Equal(t, "AQID", aws.ToString(got.Salt))

	for _, tc := range []struct{ name, pool, user, key string }{
		{"seeded device", poolID, username, seeded},
		{"unknown device", poolID, username, missingKey},
		{"unknown user", poolID, "bob", "us-east-1_0000000c"},
		{"unknown pool", "us-east-1_NOPE", username, "us-east-1_0000000c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := srv.DeviceVerifier(tc.pool, tc.user, tc.key)
			assert.False(t, ok)
			assert.Zero(t, got)
		})
	}

	t.Run("AddDevice keeps it, RemoveDevice drops it", func(t *testing.T) {
		srv.AddDevice(poolID, username, cognitodevices.DeviceType{DeviceKey: aws.String("us-east-1_0000000c")})
		_, ok := srv.DeviceVerifier(poolID, username, "us-east-1_0000000c")
		assert.True(t, ok)
		require.True(t, srv.RemoveDevice(poolID, username, "us-east-1_0000000c"))
		_, ok = srv.DeviceVerifier(poolID, username, "us-east-1_0000000c")
		assert.False(t, ok)
	})

	t.Run("AdminForgetDevice drops it", func(t *testing.T) {
		_, err := client.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String("us-east-1_000000c2"),
			DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String("AQID"), Salt: aws.String("AQID")},
		})
		require.NoError(t, err)
		_, err = client.AdminForgetDevice(context.Background(), &cognitodevices.AdminForgetDeviceInput{
			DeviceKey: aws.String("us-east-1_000000c2"), UserPoolId: aws.String(poolID), Username: aws.String(username),
		})
		require.NoError(t, err)
		_, ok := srv.DeviceVerifier(poolID, username, "us-east-1_000000c2")
		assert.False(t, ok)
		assert.NotContains(t, adminListKeys(t, client, poolID, username), "us-east-1_000000c2")
	})
}

// TestFailNextEveryOperation injects a fault into each operation of the
// shared table: the next call fails with it and changes nothing, and the
// call after it is answered as the same call on a server without the
// fault.
func TestFailNextEveryOperation(t *testing.T) {
	for _, op := range optable.All {
		t.Run(op.Name, func(t *testing.T) {
			// start returns a server seeded for every kind of operation (a
			// device, an access token, an app client and a password), a
			// client that does not retry, and the operation's input.
			start := func() (*devicestest.Server, *cognitodevices.Client, any) {
				srv, _ := signInSetup(t)
				f := fixture(seedDevice(srv, poolID, username, "laptop", ""), srv.IssueAccessToken(poolID, username))
				f.ClientId = clientID
				return srv, srv.Client(noRetries), op.Input(f)
			}
			_, refClient, refIn := start()
			_, wantErr := op.Call(context.Background(), refClient, refIn)

			srv, client, in := start()
			require.NotPanics(t, func() { srv.FailNext(op.Name, 1, "InternalErrorException") })
			_, err := op.Call(context.Background(), client, in)
			var internal *cognitodevices.InternalErrorException
			require.ErrorAs(t, err, &internal)
			assert.Equal(t, http.StatusInternalServerError, httpStatus(err))
			assert.Len(t, srv.Devices(poolID, username), 1, "the failed call changed nothing")

			_, err = op.Call(context.Background(), client, in)
			assert.Equal(t, wantErr == nil, err == nil, "only the next call fails: %v", err)
			assert.Equal(t, errorCode(wantErr), errorCode(err), "only the next call fails")
			assert.Len(t, srv.Requests(), 2)
		})
	}

	t.Run("retried after a bare 503", func(t *testing.T) {
		srv, _ := setup(t)
		token := srv.IssueAccessToken(poolID, username)
		srv.FailNext("ConfirmDevice", 2, "503")
		_, err := srv.Client(zeroBackoff).ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String("us-east-1_0000000c"),
		})
		require.NoError(t, err)
		assert.Len(t, srv.Requests(), 3)
		assert.Len(t, srv.Devices(poolID, username), 1, "created once")
	})
}

func TestDeviceOperationsConcurrently(t *testing.T) {
	srv, client := setup(t)
	const workers = 8
	tokens := make([]string, workers)
	for i := range tokens {
		tokens[i] = srv.IssueAccessToken(poolID, "user"+strconv.Itoa(i))
	}

	var wg sync.WaitGroup
	errs := make(chan error, workers*5)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			user := "user" + strconv.Itoa(w)
			key := "us-east-1_0000000" + strconv.Itoa(w)
			token := aws.String(tokens[w])
			_, err := client.ConfirmDevice(ctx, &cognitodevices.ConfirmDeviceInput{AccessToken: token, DeviceKey: aws.String(key), DeviceName: aws.String(user)})
			errs <- err
			_, err = client.UpdateDeviceStatus(ctx, &cognitodevices.UpdateDeviceStatusInput{
				AccessToken: token, DeviceKey: aws.String(key), DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered,
			})
			errs <- err
			_, err = client.GetDevice(ctx, &cognitodevices.GetDeviceInput{AccessToken: token, DeviceKey: aws.String(key)})
			errs <- err
			_, err = client.AdminUpdateDeviceStatus(ctx, &cognitodevices.AdminUpdateDeviceStatusInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(user),
				DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeNotRemembered,
			})
			errs <- err
			_ = srv.Devices(poolID, user)
			_, _ = srv.DeviceVerifier(poolID, user, key)
			_, err = client.AdminForgetDevice(ctx, &cognitodevices.AdminForgetDeviceInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(poolID), Username: aws.String(user),
			})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	for i := range workers {
		assert.Empty(t, srv.Devices(poolID, "user"+strconv.Itoa(i)))
	}
}

// TestTokenReadsHideDevicesNotRemembered checks that ListDevices and
// GetDevice, like the service, do not show a device marked not
// remembered, while the admin reads do and the token writes still act on
// it.
func TestTokenReadsHideDevicesNotRemembered(t *testing.T) {
	srv, client := setup(t)
	shown := seedDevice(srv, poolID, username, "remembered", cognitodevices.DeviceRememberedStatusTypeRemembered)
	hidden := seedDevice(srv, poolID, username, "not remembered", cognitodevices.DeviceRememberedStatusTypeNotRemembered)
	plain := seedDevice(srv, poolID, username, "no status", "")
	token := srv.IssueAccessToken(poolID, username)

	assert.Equal(t, []string{shown, hidden, plain}, adminListKeys(t, client, poolID, username))
	assert.Equal(t, []string{shown, plain}, listKeys(t, client, token), "a device without the attribute is shown")
	sizes, _ := pageSizesFor(t, client, token, 1)
	assert.Equal(t, []int{1, 1}, sizes, "pages are cut from the devices shown")

	_, err := client.GetDevice(context.Background(), &cognitodevices.GetDeviceInput{AccessToken: aws.String(token), DeviceKey: aws.String(hidden)})
	requireAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")
	_, err = client.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{
		DeviceKey: aws.String(hidden), UserPoolId: aws.String(poolID), Username: aws.String(username),
	})
	require.NoError(t, err)

	_, err = client.ForgetDevice(context.Background(), &cognitodevices.ForgetDeviceInput{AccessToken: aws.String(token), DeviceKey: aws.String(hidden)})
	require.NoError(t, err, "the user can forget a device not remembered")
	assert.Equal(t, []string{shown, plain}, adminListKeys(t, client, poolID, username))
}

// pageSizesFor lists the token owner's devices limit at a time and
// returns the size of each page and the keys.
func pageSizesFor(t *testing.T, client *cognitodevices.Client, token string, limit int32) (sizes []int, keys []string) {
	t.Helper()
	p := cognitodevices.NewListDevicesPaginator(client, &cognitodevices.ListDevicesInput{AccessToken: aws.String(token), Limit: aws.Int32(limit)})
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		require.NoError(t, err)
		sizes = append(sizes, len(out.Devices))
		keys = append(keys, keysOf(out.Devices)...)
	}
	return sizes, keys
}
