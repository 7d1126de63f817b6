package compat

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// TestRequiredMembers takes, for each operation of the shared table, the
// members the official client's validator requires (validateOp<Op>Input in
// its validators.go) and sends the table's input with each one unset
// through both clients: both must refuse it before sending, and the
// library must name that member. An operation whose descriptor does not
// validate a required member fails here.
func TestRequiredMembers(t *testing.T) {
	required, err := officialRequired()
	require.NoError(t, err)
	srv := setup(t, anyOperationReply)
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	ctx := context.Background()
	for _, op := range optable.All {
		members, ok := required[op.Name]
		require.True(t, ok, "the official client has no validateOp%sInput", op.Name)
		require.NotEmpty(t, members, "the official client requires no member of %sInput", op.Name)
		for _, member := range members {
			t.Run(op.Name+"/"+member, func(t *testing.T) {
				in := op.Input(fixture)
				f := reflect.ValueOf(in).Elem().FieldByName(member)
				require.True(t, f.IsValid(), "the library's %sInput has no %s", op.Name, member)
				f.SetZero()
				srv.take()
				_, libErr := callLibrary(ctx, lib, in)
				_, offErr := callOfficial(ctx, off, in)
				assert.Equal(t, 0, len(srv.take()), "requests sent: neither client may send it")

				var offParams smithy.InvalidParamsError
				assert.ErrorAs(t, offErr, &offParams, "official")
				var libParams smithy.InvalidParamsError
				require.ErrorAs(t, libErr, &libParams, "library")
				var fields []string
				for _, e := range libParams.Errs() {
					fields = append(fields, e.(smithy.InvalidParamError).Field())
				}
				assert.Equal(t, []string{op.Name + "Input." + member}, fields, "the library names the member, and only it")
			})
		}
	}
}
