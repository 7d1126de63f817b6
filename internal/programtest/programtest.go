// Package programtest runs a program's main function as a user runs the
// program: in a process of its own, with arguments, and sees its exit
// code and what it wrote. The process is the package's test binary
// started again, so nothing is built. The programs of this repository
// use it to check their command line.
package programtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// runMainVariable, set to 1 in the environment of the test binary, makes
// Main run the program instead of the tests.
const runMainVariable = "PROGRAMTEST_RUN_MAIN"

// Main runs the package's tests, or, in a process that Run started, the
// program's main function. Call it from the TestMain of the program's
// package.
func Main(m *testing.M, main func()) {
	if os.Getenv(runMainVariable) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Result is what one run of a program left.
type Result struct {
	ExitCode int
	Stdout   string
	Stderr   string
}

// Run runs the program's main function with args in a new process and
// returns its exit code and output. The package's TestMain must call
// Main. The test fails when the process cannot start or runs for more
// than a minute.
func Run(t testing.TB, args ...string) Result {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("finding the test binary: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), runMainVariable+"=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%v did not end within a minute", args)
	case errors.As(err, &exit):
	case err != nil:
		t.Fatalf("running %v: %v", args, err)
	}
	return Result{ExitCode: cmd.ProcessState.ExitCode(), Stdout: stdout.String(), Stderr: stderr.String()}
}

// CheckUsage checks what every program of this repository promises of
// its command line: -h and -help exit 0 and print the usage, which names
// each of want (its flags and the environment variables it reads), on
// standard error and nothing on standard output, so the program did not
// run; an unknown flag or an argument the program does not take exits 2
// with the same usage.
func CheckUsage(t *testing.T, want ...string) {
	t.Helper()
	var usage string
	for _, flag := range []string{"-h", "-help"} {
		r := Run(t, flag)
		assert.Equal(t, 0, r.ExitCode, "%s exits 0", flag)
		assert.Empty(t, r.Stdout, "%s: the program must not run", flag)
		for _, w := range want {
			assert.Contains(t, r.Stderr, w, "%s: the usage names it", flag)
		}
		usage = r.Stderr
	}
	for _, args := range [][]string{{"-no-such-flag"}, {"stray-argument"}} {
		r := Run(t, args...)
		assert.Equal(t, 2, r.ExitCode, "%v exits 2", args)
		assert.Empty(t, r.Stdout, "%v: the program must not run", args)
		assert.Contains(t, r.Stderr, strings.TrimPrefix(args[0], "-"), "%v is named", args)
		assert.True(t, strings.HasSuffix(r.Stderr, usage), "%v prints the usage:\n%s", args, r.Stderr)
	}
}

// Build builds the program of the package pkg (a path relative to the
// test's package, "." for itself) into dir as name, and returns the
// executable's path. The test fails when the build does.
func Build(t testing.TB, dir, pkg, name string) string {
	t.Helper()
	bin := filepath.Join(dir, name)
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("building %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// Start starts the executable bin with args, its standard error going to
// the test's, and returns the first line it prints on standard output (a
// server's start-up line). The process is stopped when the test ends.
func Start(t testing.TB, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		t.Fatalf("starting %s: %v", bin, err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("starting %s: %v", bin, err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line of %s: %v", bin, err)
	}
	return line
}
