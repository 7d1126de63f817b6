package cognitodevices_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/exceptions"
	"github.com/cognitodevices/cognitodevices/internal/optable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServiceErrors(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		headers []string
		body    string
		check   func(t *testing.T, err error)
		code    string
		message string
	}{
		{"user not found from body", 400, nil, `{"__type":"UserNotFoundException","message":"User does not exist."}`,
			func(t *testing.T, err error) { var e *cd.UserNotFoundException; require.ErrorAs(t, err, &e) },
			"UserNotFoundException", "User does not exist."},
		{"header code", 400, []string{"X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/"}, `{"message":"Device does not exist."}`,
			func(t *testing.T, err error) { var e *cd.ResourceNotFoundException; require.ErrorAs(t, err, &e) },
			"ResourceNotFoundException", "Device does not exist."},
		{"forbidden on admin op", 400, nil, `{"__type":"ForbiddenException","message":"waf"}`,
			func(t *testing.T, err error) { var e *cd.ForbiddenException; require.ErrorAs(t, err, &e) },
			"ForbiddenException", "waf"},
		{"password reset", 400, nil, `{"code":"PasswordResetRequiredException","Message":"reset"}`,
			func(t *testing.T, err error) { var e *cd.PasswordResetRequiredException; require.ErrorAs(t, err, &e) },
			"PasswordResetRequiredException", "reset"},
		{"unknown", 400, nil, `{"__type":"SomethingNewException","message":"new"}`,
			func(t *testing.T, err error) { var e *smithy.GenericAPIError; require.ErrorAs(t, err, &e) },
			"SomethingNewException", "new"},
		{"proxy html", 403, nil, `<html>denied</html>`,
			func(t *testing.T, err error) { assert.Contains(t, err.Error(), "HTTP 403 Forbidden") },
			"UnknownError", `HTTP 403 Forbidden with a body that is not a JSON object: "<html>denied</html>"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := setup(t)
			ts.Handle(respond(tt.status, tt.body, tt.headers...))
			_, err := c.AdminListDevices(context.Background(), adminListInput())
			require.Error(t, err)
			tt.check(t, err)

			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, "Cognito Identity Provider", opErr.Service())
			assert.Equal(t, "AdminListDevices", opErr.Operation())
			var respErr *awshttp.ResponseError
			require.ErrorAs(t, err, &respErr)
			assert.Equal(t, tt.status, respErr.HTTPStatusCode())
			assert.Equal(t, "req-1234", respErr.ServiceRequestID())
			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.code, apiErr.ErrorCode())
			assert.Equal(t, tt.message, apiErr.ErrorMessage())
			assert.Len(t, ts.Requests(), 1, "client errors are not retried")
		})
	}
}

// TestEveryExceptionMapsFromEveryOperation serves each code of the
// exception table to every operation: each comes back, under the response
// error, as this package's type of the same name, with the message.
func TestEveryExceptionMapsFromEveryOperation(t *testing.T) {
	require.NotEmpty(t, cd.ExceptionCodes)
	pkg := reflect.TypeFor[cd.Client]().PkgPath()
	c, ts := setup(t, func(o *cd.Options) { o.Retryer = aws.NopRetryer{} })
	for _, code := range cd.ExceptionCodes {
		ts.Handle(respond(400, `{"__type":"`+code+`","message":"m"}`))
		for _, op := range optable.All {
			err := op.Run(context.Background(), c)
			var respErr *awshttp.ResponseError
			require.ErrorAs(t, err, &respErr, "%s %s", op.Name, code)
			got := errors.Unwrap(respErr.ResponseError)
			typ := reflect.TypeOf(got)
			require.Equal(t, reflect.Pointer, typ.Kind(), "%s %s: %T", op.Name, code, got)
			assert.Equal(t, pkg+"."+code, typ.Elem().PkgPath()+"."+typ.Elem().Name(), "%s %s", op.Name, code)
			assert.Equal(t, code+": m", got.Error())
		}
	}
}

// TestExceptionTableIsGenerated requires errors_gen.go to hold every
// exception of internal/exceptions and no other: a row added or removed
// without running go generate fails here.
func TestExceptionTableIsGenerated(t *testing.T) {
	assert.Equal(t, exceptions.Names(), cd.ExceptionCodes, "run go generate")
}
