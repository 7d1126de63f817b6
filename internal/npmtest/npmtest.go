// Package npmtest lets tests drive the library and its fake service with
// JavaScript clients from the npm registry. Tests that use it skip where
// node or npm is absent or the registry cannot be reached, and in -short
// mode.
package npmtest

import (
	"os/exec"
	"testing"
)

// Install installs the npm packages (such as
// "amazon-cognito-identity-js@6") into a new temporary directory and
// returns the path of node and that directory, where scripts that require
// the packages must run. It skips the test when it cannot.
func Install(t testing.TB, packages ...string) (node, dir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("installs npm packages")
	}
	node, nodeErr := exec.LookPath("node")
	npm, npmErr := exec.LookPath("npm")
	if nodeErr != nil || npmErr != nil {
		t.Skip("node or npm is not installed")
	}
	dir = t.TempDir()
	install := exec.Command(npm, append([]string{"install", "--no-audit", "--no-fund", "--silent"}, packages...)...)
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		t.Skipf("npm could not install %v (%v):\n%s", packages, err, out)
	}
	return node, dir
}
