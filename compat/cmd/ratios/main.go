// Command ratios runs the compat benchmarks several times and prints, for
// every benchmark that runs both clients, the median time and allocations
// per operation of the library and of the official client, their ratios,
// the library's time over the bare signed request that gets the same
// response the same way (the floor), and that floor over the official
// client's time: the lowest ratio any client could reach.
//
// Each of the -count runs is one `go test -bench` of the whole set, so the
// two clients' samples interleave in time and a slow spell of the machine
// weighs on both. Run it from the compat module:
//
//	cd compat && go run ./cmd/ratios -count 5 -benchtime 200ms
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/cognitodevices/cognitodevices/internal/cmdline"
)

// bareName is the benchmark the library's round trips of the 60-device
// page are compared with, and bareSmallName the one AdminGetDevice is;
// the InMemory names are their floors without network or server.
const (
	bareName              = "BareSignedRoundTrip"
	bareSmallName         = "BareSignedRoundTripAdminGetDevice"
	inMemoryBareName      = "InMemoryBareSignedRequest"
	inMemoryBareSmallName = "InMemoryBareSignedRequestAdminGetDevice"
)

const usage = `Usage: cd compat && go run ./cmd/ratios [-count N] [-benchtime D] [-bench PATTERN] [-dir DIR]

Runs the compat benchmarks -count times, each run one go test -bench of the
whole set, and prints the median time and allocations per operation of the
library and of the official client, their ratios, and the library's time
over the bare signed request (the floor).

Flags:
`

// environment ends the usage, after the flags.
const environment = `
Environment: the program reads none of its own. It runs the go command
found in PATH with the environment it was given, so the go command's
variables (GOFLAGS, GOTOOLCHAIN, ...) and the runtime's in the benchmarks
(GOMAXPROCS, GOGC, ...) change what is measured.
`

func main() {
	flags := cmdline.NewFlagSet("ratios", usage, environment)
	count := flags.Int("count", 5, "number of runs of the benchmark set")
	benchtime := flags.String("benchtime", "200ms", "go test -benchtime of each run")
	pattern := flags.String("bench", ".", "go test -bench pattern")
	dir := flags.String("dir", ".", "directory of the compat module")
	cmdline.Parse(flags, os.Args[1:]) // -h prints the usage and exits

	samples := map[string][]sample{}
	var host string
	for i := range *count {
		fmt.Fprintf(os.Stderr, "run %d of %d\n", i+1, *count)
		out, err := runBenchmarks(*dir, *pattern, *benchtime)
		if err != nil {
			os.Stderr.Write(out)
			fmt.Fprintln(os.Stderr, "ratios:", err)
			os.Exit(1)
		}
		for _, s := range parse(bytes.NewReader(out)) {
			samples[s.name] = append(samples[s.name], s)
		}
		if host == "" {
			host = machine(bytes.NewReader(out)) + ", " + runtime.Version()
		}
	}
	if len(samples) == 0 {
		fmt.Fprintln(os.Stderr, "ratios: no benchmark results")
		os.Exit(1)
	}
	report(os.Stdout, samples, *count, *benchtime, host)
}

// machine returns the platform and CPU that go test prints before the
// results, such as "linux/amd64, Intel(R) Xeon(R) Processor".
func machine(r io.Reader) string {
	var goos, goarch, cpu string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), ": ")
		switch key {
		case "goos":
			goos = value
		case "goarch":
			goarch = value
		case "cpu":
			cpu = value
		}
	}
	return goos + "/" + goarch + ", " + cpu
}

// runBenchmarks runs the benchmark set once in dir and returns its output.
func runBenchmarks(dir, pattern, benchtime string) ([]byte, error) {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", pattern, "-benchmem", "-count", "1", "-benchtime", benchtime, ".")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("go test -bench: %w", err)
	}
	return out, nil
}

// sample is one benchmark result line.
type sample struct {
	name   string // without the Benchmark prefix and the GOMAXPROCS suffix
	nsOp   float64
	allocs float64
}

var procsSuffix = regexp.MustCompile(`-\d+$`)

// parse reads the result lines of `go test -bench -benchmem` output, such
// as "BenchmarkX/library-8  100  2000 ns/op  64 B/op  2 allocs/op", and
// ignores everything else.
func parse(r io.Reader) []sample {
	var out []sample
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		s := sample{name: procsSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")}
		ok := false
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				s.nsOp, ok = v, true
			case "allocs/op":
				s.allocs = v
			}
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}

// median returns the median of what f picks from each sample.
func median(samples []sample, f func(sample) float64) float64 {
	if len(samples) == 0 {
		return 0
	}
	v := make([]float64, len(samples))
	for i, s := range samples {
		v[i] = f(s)
	}
	slices.Sort(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}

func nsOp(s sample) float64   { return s.nsOp }
func allocs(s sample) float64 { return s.allocs }

// row is one benchmark run by both clients, by medians.
type row struct {
	name                    string
	libNs, offNs            float64
	libAllocs, offAllocs    float64
	nsRatio, allocRatio     float64
	bareRatio               float64 // 0 when floorOf(name) is ""
	bareOfficialRatio       float64 // the floor over the official client; 0 without a floor
	hasLibrary, hasOfficial bool
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// rows pairs the library and official samples of each benchmark and
// returns the rows and the names of the benchmarks that have no pair.
func rows(samples map[string][]sample) ([]row, []string) {
	byBase := map[string]*row{}
	var others []string
	for name, s := range samples {
		// The variant is the last element, so that benchmarks with
		// sub-benchmarks per operation pair too.
		i := strings.LastIndex(name, "/")
		if i < 0 {
			others = append(others, name)
			continue
		}
		base, variant := name[:i], name[i+1:]
		if variant != "library" && variant != "official" {
			others = append(others, name)
			continue
		}
		r := byBase[base]
		if r == nil {
			r = &row{name: base}
			byBase[base] = r
		}
		if variant == "library" {
			r.libNs, r.libAllocs, r.hasLibrary = median(s, nsOp), median(s, allocs), true
		} else {
			r.offNs, r.offAllocs, r.hasOfficial = median(s, nsOp), median(s, allocs), true
		}
	}
	var out []row
	for _, r := range byBase {
		r.nsRatio, r.allocRatio = ratio(r.libNs, r.offNs), ratio(r.libAllocs, r.offAllocs)
		if floor := floorOf(r.name); floor != "" {
			bare := median(samples[floor], nsOp)
			r.bareRatio, r.bareOfficialRatio = ratio(r.libNs, bare), ratio(bare, r.offNs)
		}
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b row) int { return strings.Compare(a.name, b.name) })
	slices.Sort(others)
	return out, others
}

// floorOf names the bare signed request a benchmark's library time is
// compared with: the one that gets the same response the same way (from
// the loopback server, or in memory), or "" for benchmarks without one.
func floorOf(name string) string {
	switch name {
	case "AdminListDevices60", "ListDevices60":
		return bareName
	case "AdminGetDevice":
		return bareSmallName
	case "InMemoryAdminListDevices60":
		return inMemoryBareName
	case "InMemoryAdminGetDevice":
		return inMemoryBareSmallName
	}
	return ""
}

// report prints the table of paired benchmarks and the reference
// benchmarks.
func report(w io.Writer, samples map[string][]sample, count int, benchtime, host string) {
	table, others := rows(samples)
	fmt.Fprintf(w, "medians of %d runs, -benchtime %s, on %s\n\n", count, benchtime, host)
	// Names are padded to one width so that they read left-aligned in a
	// right-aligned table.
	width := len("benchmark")
	for _, r := range table {
		width = max(width, len(r.name))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\tlibrary ns/op\tofficial ns/op\tratio ns\tlibrary allocs/op\tofficial allocs/op\tratio allocs\tlibrary/bare ns\tbare/official ns\t\n", width, "benchmark")
	for _, r := range table {
		fmt.Fprintf(tw, "%-*s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", width, r.name,
			number(r.libNs, r.hasLibrary), number(r.offNs, r.hasOfficial), times(r.nsRatio),
			number(r.libAllocs, r.hasLibrary), number(r.offAllocs, r.hasOfficial), times(r.allocRatio),
			times(r.bareRatio), times(r.bareOfficialRatio))
	}
	tw.Flush()

	if len(others) > 0 {
		fmt.Fprintln(w, "\nreference benchmarks")
		width = 0
		for _, name := range others {
			width = max(width, len(name))
		}
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		for _, name := range others {
			fmt.Fprintf(tw, "%-*s\t%.0f ns/op\t%.0f allocs/op\t\n", width, name, median(samples[name], nsOp), median(samples[name], allocs))
		}
		tw.Flush()
	}
}

func number(v float64, present bool) string {
	if !present {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func times(v float64) string {
	if v == 0 {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', 3, 64) + "x"
}
