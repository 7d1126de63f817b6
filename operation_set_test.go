package cognitodevices_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// definedOperations returns the operations this package defines: one per
// api_op_<Operation>.go file.
func definedOperations(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("api_op_*.go")
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(f, "api_op_"), ".go"))
	}
	require.NotEmpty(t, names, "no api_op_*.go file")
	return names
}

// TestNoOperationIsHalfAdded requires each operation defined in an
// api_op_<Operation>.go file to have every other part the README's
// "Adding an operation" lists, and every method of the API interface and
// every golden request body to belong to such a file.
func TestNoOperationIsHalfAdded(t *testing.T) {
	srv := devicestest.NewServerT(t)
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	parts := []struct {
		name string
		has  func(t *testing.T, op string) bool
	}{
		{"a method of the API interface (api.go)", func(_ *testing.T, op string) bool {
			_, ok := reflect.TypeFor[cd.API]().MethodByName(op)
			return ok
		}},
		{"a row in internal/optable", func(_ *testing.T, op string) bool {
			_, ok := optable.Named(op)
			return ok
		}},
		{"a method of devicestest.MockAPI (devicestest/mock.go)", func(_ *testing.T, op string) bool {
			_, ok := reflect.TypeFor[*devicestest.MockAPI]().MethodByName(op)
			return ok
		}},
		{"a golden request body (testdata/golden/<Operation>.json)", func(_ *testing.T, op string) bool {
			_, err := os.Stat(filepath.Join("testdata", "golden", op+".json"))
			return err == nil
		}},
		{"a row in the README's table of operations", func(_ *testing.T, op string) bool {
			return strings.Contains(string(readme), "| ["+op+"](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_"+op+".html) |")
		}},
		{"a handler in the fake (devicestest/handler.go)", func(t *testing.T, op string) bool {
			// A bare request: the fake looks the operation up before it
			// checks the signature or the body.
			req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("{}"))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-amz-json-1.1")
			req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			return !strings.Contains(string(body), "UnknownOperationException")
		}},
	}
	defined := definedOperations(t)
	for _, op := range defined {
		for _, part := range parts {
			t.Run(op+"/"+part.name, func(t *testing.T) {
				assert.True(t, part.has(t, op), "%s is defined in api_op_%s.go but lacks %s", op, op, part.name)
			})
		}
	}

	t.Run("every API method has an api_op file", func(t *testing.T) {
		api := reflect.TypeFor[cd.API]()
		for i := range api.NumMethod() {
			name := api.Method(i).Name
			assert.Contains(t, defined, name, "the API has %s but there is no api_op_%s.go", name, name)
		}
	})
	t.Run("every golden body has an api_op file", func(t *testing.T) {
		golden, err := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
		require.NoError(t, err)
		require.NotEmpty(t, golden)
		for _, g := range golden {
			name := strings.TrimSuffix(filepath.Base(g), ".json")
			assert.True(t, slices.Contains(defined, name), "%s is the golden body of no operation (no api_op_%s.go)", g, name)
		}
	})
}
