package cognitodevices_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCompatModule runs the tests of the compat module, which compares this
// library with the official client side by side. compat is a module of its
// own, so that this library never depends on the official client, and
// `go test ./...` does not descend into it; this test does, so the README's
// one test command covers the whole repository.
func TestCompatModule(t *testing.T) {
	if testing.Short() {
		t.Skip("compat builds the official client; skipped with -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	// Reading every file of the module makes the go command's test cache
	// notice when compat changes.
	err = filepath.WalkDir("compat", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		_, err = os.ReadFile(path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"test"}
	if raceEnabled {
		args = append(args, "-race")
	}
	args = append(args, "./...")
	cmd := exec.Command(goBin, args...)
	cmd.Dir = "compat"
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	t.Logf("go %v (in compat/):\n%s", args, out)
	if err != nil {
		t.Fatalf("compat tests failed: %v", err)
	}
}
