package compat

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// officialModule is the official client's module, at the version compat's
// go.mod requires.
const officialModule = "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

// officialDir returns the directory of officialModule in the module cache,
// as the go command resolves it from this module's go.mod.
var officialDir = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", officialModule).Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w", officialModule, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("go list -m %s: the module is not downloaded", officialModule)
	}
	return dir, nil
})

// officialCalls parses file of the official client and returns, for each
// function named prefix+<Operation>+suffix, the first arguments of its
// calls to callee ("pkg.Func") that are string literals, in source order.
func officialCalls(file, prefix, suffix, callee string) (map[string][]string, error) {
	dir, err := officialDir()
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, file), nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	byOperation := map[string][]string{}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || fn.Body == nil {
			continue
		}
		op, hasPrefix := strings.CutPrefix(fn.Name.Name, prefix)
		op, hasSuffix := strings.CutSuffix(op, suffix)
		if !hasPrefix || !hasSuffix || op == "" {
			continue
		}
		byOperation[op] = []string{}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name+"."+sel.Sel.Name != callee {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					byOperation[op] = append(byOperation[op], s)
				}
			}
			return true
		})
	}
	return byOperation, nil
}

// officialErrorsByOperation holds, for each operation of the official
// client, the error codes its error deserializer
// (awsAwsjson11_deserializeOpError<Op> in deserializers.go) maps to a type
// of its own, each in a clause `case strings.EqualFold("XxxException",
// errorCode)`; any other code becomes a *smithy.GenericAPIError.
var officialErrorsByOperation = sync.OnceValues(func() (map[string][]string, error) {
	return officialCalls("deserializers.go", "awsAwsjson11_deserializeOpError", "", "strings.EqualFold")
})

// officialRequired holds, for each operation of the official client, the
// top-level input members its validator (validateOp<Op>Input in
// validators.go) requires, each in a call
// `smithy.NewErrParamRequired("Member")`.
var officialRequired = sync.OnceValues(func() (map[string][]string, error) {
	return officialCalls("validators.go", "validateOp", "Input", "smithy.NewErrParamRequired")
})

// officialErrorCodes returns the codes the official client's error
// deserializer of operation maps to types; it fails the test when there
// is no such deserializer, or it maps none.
func officialErrorCodes(t *testing.T, operation string) []string {
	t.Helper()
	all, err := officialErrorsByOperation()
	require.NoError(t, err)
	codes, ok := all[operation]
	require.True(t, ok, "the official client has no awsAwsjson11_deserializeOpError%s", operation)
	require.NotEmpty(t, codes, "the official deserializer of %s maps no code", operation)
	return codes
}

// TestOfficialSourceIsRead checks the reading of the official client's
// source on operations whose lists are known, so that the tests built on
// it cannot pass by reading nothing.
func TestOfficialSourceIsRead(t *testing.T) {
	errs, err := officialErrorsByOperation()
	require.NoError(t, err)
	required, err := officialRequired()
	require.NoError(t, err)
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"AdminGetDevice errors", errs["AdminGetDevice"], []string{"InternalErrorException", "InvalidParameterException", "InvalidUserPoolConfigurationException",
			"NotAuthorizedException", "OperationNotEnabledException", "ResourceNotFoundException", "TooManyRequestsException"}},
		{"ConfirmDevice required", required["ConfirmDevice"], []string{"AccessToken", "DeviceKey"}},
		{"InitiateAuth required", required["InitiateAuth"], []string{"AuthFlow", "ClientId"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.got)
		})
	}
	client := reflect.TypeFor[*cip.Client]()
	for _, byOperation := range []map[string][]string{errs, required} {
		for op := range byOperation {
			_, ok := client.MethodByName(op)
			assert.True(t, ok, "%s is not an operation of the official client", op)
		}
	}
}
