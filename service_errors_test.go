package cognitodevices_test

import (
	"context"
	"errors"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	cd "github.com/cognitodevices/cognitodevices"
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

func TestEveryExceptionMapsFromEveryOperation(t *testing.T) {
	codes := map[string]any{
		"InvalidParameterException":             &cd.InvalidParameterException{},
		"ResourceNotFoundException":             &cd.ResourceNotFoundException{},
		"InvalidUserPoolConfigurationException": &cd.InvalidUserPoolConfigurationException{},
		"NotAuthorizedException":                &cd.NotAuthorizedException{},
		"ForbiddenException":                    &cd.ForbiddenException{},
		"PasswordResetRequiredException":        &cd.PasswordResetRequiredException{},
		"UserNotConfirmedException":             &cd.UserNotConfirmedException{},
		"UserNotFoundException":                 &cd.UserNotFoundException{},
		"OperationNotEnabledException":          &cd.OperationNotEnabledException{},
		"DeviceKeyExistsException":              &cd.DeviceKeyExistsException{},
		"InvalidLambdaResponseException":        &cd.InvalidLambdaResponseException{},
		"InvalidPasswordException":              &cd.InvalidPasswordException{},
		"UsernameExistsException":               &cd.UsernameExistsException{},
		// The exceptions of the sign-in operations.
		"AliasExistsException":                     &cd.AliasExistsException{},
		"CodeMismatchException":                    &cd.CodeMismatchException{},
		"ExpiredCodeException":                     &cd.ExpiredCodeException{},
		"InvalidEmailRoleAccessPolicyException":    &cd.InvalidEmailRoleAccessPolicyException{},
		"InvalidSmsRoleAccessPolicyException":      &cd.InvalidSmsRoleAccessPolicyException{},
		"InvalidSmsRoleTrustRelationshipException": &cd.InvalidSmsRoleTrustRelationshipException{},
		"MFAMethodNotFoundException":               &cd.MFAMethodNotFoundException{},
		"PasswordHistoryPolicyViolationException":  &cd.PasswordHistoryPolicyViolationException{},
		"SoftwareTokenMFANotFoundException":        &cd.SoftwareTokenMFANotFoundException{},
		"UnexpectedLambdaException":                &cd.UnexpectedLambdaException{},
		"UnsupportedOperationException":            &cd.UnsupportedOperationException{},
		"UserLambdaValidationException":            &cd.UserLambdaValidationException{},
	}
	c, ts := setup(t)
	for code, want := range codes {
		ts.Handle(respond(400, `{"__type":"`+code+`","message":"m"}`))
		for _, op := range optable.All {
			err := op.Run(context.Background(), c)
			var respErr *awshttp.ResponseError
			require.ErrorAs(t, err, &respErr, "%s %s", op.Name, code)
			assert.IsType(t, want, errors.Unwrap(respErr.ResponseError), "%s %s", op.Name, code)
			assert.Equal(t, code+": m", errors.Unwrap(respErr.ResponseError).Error())
		}
	}
}
