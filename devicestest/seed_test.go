package devicestest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

// TestReadSeedRefusals feeds ReadSeed seeds the service could not hold,
// each of which must be refused with the JSON path of the member at
// fault; LoadSeed refuses them the same way.
func TestReadSeedRefusals(t *testing.T) {
	// pool wraps users in a pool with a valid ID.
	pool := func(users string) string { return `{"pools":[{"id":"us-east-1_SEED","users":[` + users + `]}]}` }
	long := strings.Repeat("x", 129)
	tests := []struct {
		name, seed, wantErr string
	}{
		{"trailing garbage", `{"pools":[]} garbage`, "more than white space follows"},
		{"a second document", `{"pools":[]}` + "\n" + `{"pools":[{"id":"us-east-1_TWO"}]}`, "more than white space follows"},
		{"unknown member", `{"pool":[]}`, `unknown field "pool"`},
		{"not JSON", `[`, "reading the seed"},
		{"empty pool ID", `{"pools":[{"id":""}]}`, "pools[0].id: is empty"},
		{"pool ID without an underscore", `{"pools":[{"id":"us-east-1_A"},{"id":"POOL"}]}`, `pools[1].id: "POOL" does not match [\w-]+_[0-9a-zA-Z]+`},
		{"pool ID with a bad suffix", `{"pools":[{"id":"us-east-1_a-b"}]}`, `pools[0].id: "us-east-1_a-b" does not match`},
		{"pool ID too long", `{"pools":[{"id":"us-east-1_` + strings.Repeat("A", 46) + `"}]}`, "pools[0].id: has 56 characters, more than 55"},
		{"pool twice", `{"pools":[{"id":"us-east-1_A"},{"id":"us-east-1_A"}]}`, `pools[1].id: "us-east-1_A" is also at pools[0].id`},
		{"client ID with a space", `{"pools":[{"id":"us-east-1_A","clients":[{"id":"my client"}]}]}`, "pools[0].clients[0].id"},
		{"client in two pools", `{"pools":[{"id":"us-east-1_A","clients":[{"id":"c1"}]},{"id":"us-east-1_B","clients":[{"id":"c1"}]}]}`,
			`pools[1].clients[0].id: "c1" is also at pools[0].clients[0].id`},
		{"client secret too long", `{"pools":[{"id":"us-east-1_A","clients":[{"id":"c1","secret":"` + strings.Repeat("s", 65) + `"}]}]}`, "pools[0].clients[0].secret"},
		{"rotation feature", `{"pools":[{"id":"us-east-1_A","clients":[{"id":"c1","refreshTokenRotation":{"feature":"ON"}}]}]}`,
			"pools[0].clients[0].refreshTokenRotation.feature"},
		{"empty username", pool(`{"username":""}`), "pools[0].users[0].username: is empty"},
		{"username over 128 characters", pool(`{"username":"u"},{"username":"` + long + `"}`), "pools[0].users[1].username: has 129 characters, more than 128"},
		{"a 1 MiB username", pool(`{"username":"` + strings.Repeat("x", 1<<20) + `"}`), "pools[0].users[0].username: has 1048576 characters"},
		{"username with a space", pool(`{"username":"a b"}`), `pools[0].users[0].username: "a b" does not match`},
		{"user twice", pool(`{"username":"u"},{"username":"u"}`), `pools[0].users[1].username: "u" is also at pools[0].users[0].username`},
		{"password over 256 characters", pool(`{"username":"u","password":"` + strings.Repeat("p", 257) + `"}`), "pools[0].users[0].password"},
		{"malformed access token", pool(`{"username":"u","accessTokens":["not a token"]}`), "pools[0].users[0].accessTokens[0]: has a character outside"},
		{"one access token for two users", pool(`{"username":"u","accessTokens":["t1"]},{"username":"v","accessTokens":["t2","t1"]}`),
			"pools[0].users[1].accessTokens[1]: the same access token is also at pools[0].users[0].accessTokens[0]"},
		{"device key without an underscore", pool(`{"username":"u","devices":[{"key":"us-east-1_0a"},{"key":"0a0a"}]}`),
			`pools[0].users[0].devices[1].key: "0a0a" does not match [\w-]+_[0-9a-f-]+`},
		{"device key not hexadecimal", pool(`{"username":"u","devices":[{"key":"us-east-1_XYZ"}]}`), "pools[0].users[0].devices[0].key"},
		{"device key too long", pool(`{"username":"u","devices":[{"key":"us-east-1_` + strings.Repeat("a", 46) + `"}]}`),
			"pools[0].users[0].devices[0].key: has 56 characters, more than 55"},
		{"device key twice", pool(`{"username":"u","devices":[{"key":"us-east-1_0a"}]},{"username":"v","devices":[{"key":"us-east-1_0a"}]}`),
			`pools[0].users[1].devices[0].key: "us-east-1_0a" is also at pools[0].users[0].devices[0].key`},
		{"attribute name too long", pool(`{"username":"u","devices":[{"attributes":{"` + strings.Repeat("n", 33) + `":"v"}}]}`),
			`pools[0].users[0].devices[0].attributes["nnn`},
		{"attribute value too long", pool(`{"username":"u","devices":[{"attributes":{"device_name":"` + strings.Repeat("v", 2049) + `"}}]}`),
			`pools[0].users[0].devices[0].attributes["device_name"]: the value has 2049 characters`},
		{"negative generated users", `{"pools":[{"id":"us-east-1_A","generate":{"users":-1}}]}`, "pools[0].generate.users: -1 is outside"},
		{"too many generated devices", `{"pools":[{"id":"us-east-1_A","generate":{"users":100000,"devicesPerUser":101}}]}`,
			"pools[0].generate: 100000 users with 101 devices each is more than 10000000 devices"},
		{"a listed user named as a generated one", `{"pools":[{"id":"us-east-1_A","users":[{"username":"user000002"}],"generate":{"users":2}}]}`,
			`pools[0].users[0].username: "user000002" is also a generated user's name (pools[0].generate)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := devicestest.ReadSeed(strings.NewReader(tt.seed))
			require.ErrorContains(t, err, tt.wantErr)
			assert.Less(t, len(err.Error()), 400, "the error does not quote a long value")
		})
	}

	// LoadSeed checks a seed built in Go the same way.
	srv := devicestest.NewServerT(t)
	err := srv.LoadSeed(devicestest.Seed{Pools: []devicestest.SeedPool{{ID: "us-east-1_A", Users: []devicestest.SeedUser{{Username: strings.Repeat("x", 129)}}}}})
	require.ErrorContains(t, err, "pools[0].users[0].username")
	assert.Nil(t, srv.Devices("us-east-1_A", "x"), "nothing of a refused seed is loaded")

	for _, ok := range []string{
		`{"pools":[]}` + " \n\t",
		`{"pools":[{"id":"eu-west-2_aB3","clients":[{"id":"a+b_c","secret":"` + strings.Repeat("s", 64) + `"}],
		  "users":[{"username":"` + strings.Repeat("ü", 128) + `","devices":[{"key":"eu-west-2_` + strings.Repeat("0", 45) + `"}]}]}]}`,
	} {
		_, err := devicestest.ReadSeed(strings.NewReader(ok))
		assert.NoError(t, err, ok)
	}
}

// TestSeedFillsOnce loads a seed whose device has no key and no dates,
// moves the clock and resets: the device comes back as it was loaded.
func TestSeedFillsOnce(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 123456789, time.UTC)
	srv := devicestest.NewServerT(t, devicestest.WithClock(func() time.Time { return now }))
	seed, err := devicestest.ReadSeed(strings.NewReader(`{"pools":[{"id":"us-east-1_SEED","users":[{"username":"u","devices":[
		{"attributes":{"device_name":"undated"}},
		{"key":"us-east-1_0a","createDate":"2026-01-02T03:04:05Z"}]}]}]}`))
	require.NoError(t, err)
	require.NoError(t, srv.LoadSeed(seed))
	loaded := srv.Devices("us-east-1_SEED", "u")
	require.Len(t, loaded, 2)
	at := now.Truncate(time.Millisecond)
	assert.Equal(t, cognitodevices.DeviceType{
		DeviceKey: loaded[0].DeviceKey, DeviceAttributes: loaded[0].DeviceAttributes,
		DeviceCreateDate: &at, DeviceLastModifiedDate: &at, DeviceLastAuthenticatedDate: &at,
	}, loaded[0], "left-out dates are the clock's time at LoadSeed")
	assert.Regexp(t, `^us-east-1_[0-9a-f-]{36}$`, *loaded[0].DeviceKey)
	assert.Equal(t, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), *loaded[1].DeviceCreateDate)

	for range 2 {
		now = now.Add(time.Hour)
		srv.Reset()
		assert.Equal(t, loaded, srv.Devices("us-east-1_SEED", "u"), "Reset restores the same keys and dates")
	}
	assert.Nil(t, seed.Pools[0].Users[0].Devices[0].CreateDate, "LoadSeed leaves the caller's seed as it was")
	assert.Empty(t, seed.Pools[0].Users[0].Devices[0].Key)

	other := devicestest.NewServerT(t)
	require.NoError(t, other.LoadSeed(seed))
	assert.NotEqual(t, loaded[0].DeviceKey, other.Devices("us-east-1_SEED", "u")[0].DeviceKey, "another server fills in its own")
}
