package main

import (
	"strings"
	"testing"

	"github.com/cognitodevices/cognitodevices/internal/programtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const output = `goos: linux
goarch: amd64
pkg: github.com/cognitodevices/cognitodevices/compat
cpu: AMD EPYC
BenchmarkAdminListDevices60/library-2   	    1254	    200000 ns/op	  112222 B/op	     176 allocs/op
BenchmarkAdminListDevices60/official-2  	     153	   1000000 ns/op	  476703 B/op	    7625 allocs/op
BenchmarkBareSignedRoundTrip-2          	    3998	    100000 ns/op	   13024 B/op	     151 allocs/op
BenchmarkInMemoryAdminListDevices60/library-2	 2233	    134499 ns/op	  103938 B/op	      87 allocs/op
--- FAIL: BenchmarkBroken
    bench_test.go:58: some log line
BenchmarkDecodePage60/encoding_json     	     608	    396575.5 ns/op
PASS
ok  	github.com/cognitodevices/cognitodevices/compat	2.635s
`

func TestParse(t *testing.T) {
	got := parse(strings.NewReader(output))
	assert.Equal(t, []sample{
		{"AdminListDevices60/library", 200000, 176},
		{"AdminListDevices60/official", 1000000, 7625},
		{"BareSignedRoundTrip", 100000, 151},
		{"InMemoryAdminListDevices60/library", 134499, 87},
		{"DecodePage60/encoding_json", 396575.5, 0},
	}, got)
}

func TestRows(t *testing.T) {
	samples := map[string][]sample{}
	for _, s := range parse(strings.NewReader(output + output)) {
		samples[s.name] = append(samples[s.name], s)
	}
	samples["AdminListDevices60/library"][1].nsOp = 300000

	table, others := rows(samples)
	require.Len(t, table, 2)
	r := table[0]
	assert.Equal(t, "AdminListDevices60", r.name)
	assert.Equal(t, 250000.0, r.libNs)
	assert.InDelta(t, 0.25, r.nsRatio, 1e-9)
	assert.InDelta(t, 176.0/7625, r.allocRatio, 1e-9)
	assert.InDelta(t, 2.5, r.bareRatio, 1e-9)
	assert.InDelta(t, 0.1, r.bareOfficialRatio, 1e-9)
	assert.False(t, table[1].hasOfficial)
	assert.Zero(t, table[1].bareRatio, "no in-memory floor in this output")
	assert.Zero(t, table[1].bareOfficialRatio)
	assert.Equal(t, "BareSignedRoundTrip", floorOf("ListDevices60"))
	assert.Equal(t, "BareSignedRoundTripAdminGetDevice", floorOf("AdminGetDevice"))
	assert.Equal(t, "InMemoryBareSignedRequest", floorOf("InMemoryAdminListDevices60"))
	assert.Equal(t, "InMemoryBareSignedRequestAdminGetDevice", floorOf("InMemoryAdminGetDevice"))
	assert.Empty(t, floorOf("TracedInMemoryAdminListDevices60"))
	assert.Empty(t, floorOf("OtherOperations/GetDevice"))
	assert.Equal(t, []string{"BareSignedRoundTrip", "DecodePage60/encoding_json"}, others)

	nested, _ := rows(map[string][]sample{
		"OtherOperations/GetDevice/library":  {{nsOp: 50}},
		"OtherOperations/GetDevice/official": {{nsOp: 100}},
	})
	require.Len(t, nested, 1)
	assert.Equal(t, "OtherOperations/GetDevice", nested[0].name)
	assert.InDelta(t, 0.5, nested[0].nsRatio, 1e-9)
}

func TestMachine(t *testing.T) {
	assert.Equal(t, "linux/amd64, AMD EPYC", machine(strings.NewReader(output)))
}

func TestMedian(t *testing.T) {
	odd := []sample{{nsOp: 3}, {nsOp: 1}, {nsOp: 2}}
	assert.Equal(t, 2.0, median(odd, nsOp))
	assert.Equal(t, 2.5, median(append(odd, sample{nsOp: 10}), nsOp))
	assert.Zero(t, median(nil, nsOp))
}

func TestMain(m *testing.M) { programtest.Main(m, main) }

// TestUsage checks -h: the usage, which names every flag and says what of
// the environment matters, and exit 0 without running a benchmark.
func TestUsage(t *testing.T) {
	programtest.CheckUsage(t, "-count", "-benchtime", "-bench", "-dir", "Environment", "GOFLAGS")
}
