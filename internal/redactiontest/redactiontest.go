// Package redactiontest checks, from a package's tests, the redact
// declarations of its shapes (see internal/redaction): that every member
// whose name says it holds a secret is declared or allow-listed, that
// every shape holding a secret formats and logs itself, and that the
// declarations match the package's reviewed golden record. The client
// and the signin package run the same checks over their own shapes.
package redactiontest

import (
	"fmt"
	"log/slog"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// SecretName matches the member names that say they hold a secret.
var SecretName = regexp.MustCompile(`(?i)token|secret|password|session|verifier|salt|code`)

// Shapes returns every struct type declared in package pkgPath that roots
// are or hold (directly, by pointer, or as the elements of a slice or the
// values of a map), each once, sorted by name.
func Shapes(pkgPath string, roots ...reflect.Type) []reflect.Type {
	seen := map[reflect.Type]bool{}
	var out []reflect.Type
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() != pkgPath {
			return
		}
		seen[t] = true
		out = append(out, t)
		for i := range t.NumField() {
			walk(t.Field(i).Type)
		}
	}
	for _, t := range roots {
		walk(t)
	}
	slices.SortFunc(out, func(a, b reflect.Type) int { return strings.Compare(a.Name(), b.Name()) })
	return out
}

// CheckNamesDeclared fails t for every exported member of shapes that
// looks like a secret (its name matches SecretName, or it is a map of
// strings) but has no redact tag, unless notSecret gives the reason it is
// not one. A notSecret entry without a reason fails too.
func CheckNamesDeclared(t testing.TB, shapes []reflect.Type, notSecret map[string]string) {
	t.Helper()
	for _, st := range shapes {
		kinds := redaction.Members(st)
		for i := range st.NumField() {
			f := st.Field(i)
			if !f.IsExported() {
				continue
			}
			declared := kinds[f.Name]
			looksSecret := SecretName.MatchString(f.Name) || f.Type == reflect.TypeFor[map[string]string]()
			if looksSecret && declared == redaction.Plain {
				assert.NotEmpty(t, notSecret[f.Name], "%s.%s looks like a secret: declare it with a redact tag, or give the reason it is not one in notSecret", st.Name(), f.Name)
			}
		}
	}
	for name, reason := range notSecret {
		assert.NotEmpty(t, reason, name)
	}
}

// CheckFormatters fails t for every shape that holds a secret but does
// not implement fmt.Formatter and slog.LogValuer.
func CheckFormatters(t testing.TB, shapes []reflect.Type) {
	t.Helper()
	formatter := reflect.TypeFor[fmt.Formatter]()
	valuer := reflect.TypeFor[slog.LogValuer]()
	for _, st := range shapes {
		if !redaction.HasSecrets(st) {
			continue
		}
		assert.True(t, st.Implements(formatter), "%s holds secrets: it needs Format, calling redaction.Format", st.Name())
		assert.True(t, st.Implements(valuer), "%s holds secrets: it needs LogValue, calling redaction.LogValue", st.Name())
	}
}

// CheckGolden compares the redact tags of shapes, one "Type.Member tag"
// a line, with the file golden, so that no declaration is removed
// unnoticed. With update it first rewrites the file from the tags.
func CheckGolden(t testing.TB, shapes []reflect.Type, golden string, update bool) {
	t.Helper()
	var b strings.Builder
	for _, st := range shapes {
		kinds := redaction.Members(st)
		names := make([]string, 0, len(kinds))
		for name := range kinds {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if tag, _ := st.FieldByName(name); tag.Tag.Get(redaction.TagKey) != "" {
				fmt.Fprintf(&b, "%s.%s %s\n", st.Name(), name, tag.Tag.Get(redaction.TagKey))
			}
		}
	}
	if update {
		require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String(), "the redact tags differ from %s: review, then run go test -run TestSecretDeclarations -update-secrets", golden)
}

// ReadGolden reads a golden record of CheckGolden: the kind of every
// member it names.
func ReadGolden(t testing.TB, golden string) map[string]redaction.Kind {
	t.Helper()
	data, err := os.ReadFile(golden)
	require.NoError(t, err)
	kinds := map[string]redaction.Kind{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		member, tag, _ := strings.Cut(line, " ")
		kinds[member] = map[string]redaction.Kind{"secret": redaction.Secret, "auth-values": redaction.AuthValues, "omit": redaction.Omitted}[tag]
	}
	return kinds
}
