package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cognitodevices/cognitodevices/internal/npmtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeEndpoint is the endpoint the README's snippets for other
// languages name: the program started with -addr 127.0.0.1:8765. The
// tests put the endpoint of a program on a free port in its place.
const readmeEndpoint = "http://127.0.0.1:8765"

// readmeSnippetOutput is what each snippet prints with the example seed:
// the keys of alice's two devices, from AdminListDevices, then from
// ListDevices.
const readmeSnippetOutput = `us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
us-east-1_1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d
us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
us-east-1_1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d
`

// readmeSnippet returns the README's one fenced code block in language,
// with the endpoint of the running program in place of readmeEndpoint.
func readmeSnippet(t *testing.T, language, endpoint string) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	var blocks []string
	rest := string(readme)
	for {
		_, after, found := strings.Cut(rest, "\n```"+language+"\n")
		if !found {
			break
		}
		block, tail, closed := strings.Cut(after, "\n```\n")
		require.True(t, closed, "an unclosed %s block in README.md", language)
		blocks = append(blocks, block+"\n")
		rest = tail
	}
	require.Len(t, blocks, 1, "README.md should hold one %s block", language)
	require.Contains(t, blocks[0], readmeEndpoint, "the %s snippet names the endpoint the README starts the program on", language)
	return strings.ReplaceAll(blocks[0], readmeEndpoint, endpoint)
}

// runSnippet runs the README's snippet in language with interpreter,
// from dir, against the program started with the example seed, and
// checks what it prints. The environment has no AWS_ variables and empty
// shared config files, so that no credentials, profile or endpoint of the
// machine's changes what the snippet sets.
func runSnippet(t *testing.T, interpreter, dir, language, file string) {
	t.Helper()
	fake := runProgram(t, dir, "../../examples/fakecognito/seed.json")
	script := filepath.Join(dir, file)
	require.NoError(t, os.WriteFile(script, []byte(readmeSnippet(t, language, fake.Endpoint)), 0o644))
	run := exec.Command(interpreter, script)
	run.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			run.Env = append(run.Env, kv)
		}
	}
	run.Env = append(run.Env, "AWS_CONFIG_FILE="+os.DevNull, "AWS_SHARED_CREDENTIALS_FILE="+os.DevNull)
	out, err := run.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("%s: %v\n%s", language, err, ee.Stderr)
	}
	require.NoError(t, err)
	assert.Equal(t, readmeSnippetOutput, string(out))
}

// TestREADMEPythonSnippet runs the README's boto3 snippet against the
// program started with the example seed. It skips where python3 or
// boto3 is absent.
func TestREADMEPythonSnippet(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	if out, err := exec.Command(python, "-c", "import boto3").CombinedOutput(); err != nil {
		t.Skipf("boto3 is not installed: %v\n%s", err, out)
	}
	runSnippet(t, python, t.TempDir(), "python", "snippet.py")
}

// TestREADMEJavaScriptSnippet runs the README's snippet for the AWS SDK
// for JavaScript v3 against the program started with the example seed.
// It installs the package with npm, and skips where node or npm is absent
// and with -short (see npmtest).
func TestREADMEJavaScriptSnippet(t *testing.T) {
	node, dir := npmtest.Install(t, "@aws-sdk/client-cognito-identity-provider@3")
	runSnippet(t, node, dir, "js", "snippet.mjs")
}
