package cognitodevices

import (
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeAPIError(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		header   string
		body     string
		wantCode string
		wantMsg  string
		typed    any
	}{
		{"header wins", 400, "UserNotFoundException:http://internal", `{"__type":"ResourceNotFoundException","message":"m"}`, "UserNotFoundException", "m", &UserNotFoundException{}},
		{"__type with namespace", 400, "", `{"__type":"com.amazonaws#TooManyRequestsException","message":"slow down"}`, "TooManyRequestsException", "slow down", &TooManyRequestsException{}},
		{"code member", 400, "", `{"code":"NotAuthorizedException","Message":"Invalid Access Token"}`, "NotAuthorizedException", "Invalid Access Token", &NotAuthorizedException{}},
		{"case-insensitive", 400, "", `{"__type":"invalidparameterexception","message":"bad","reasonCode":"R"}`, "InvalidParameterException", "bad", &InvalidParameterException{}},
		{"internal error", 500, "", `{"__type":"InternalErrorException"}`, "InternalErrorException", "", &InternalErrorException{}},
		{"unknown code", 400, "", `{"__type":"BrandNewException","message":"new"}`, "BrandNewException", "new", &smithy.GenericAPIError{}},
		{"no code", 400, "", `{"message":"what"}`, "UnknownError", "what", &smithy.GenericAPIError{}},
		{"html", 502, "", `<html><body>Bad Gateway</body></html>`, "UnknownError", "HTTP 502 Bad Gateway with a body that is not a JSON object: \"<html><body>Bad Gateway</body></html>\"", &smithy.GenericAPIError{}},
		{"empty 503", 503, "", ``, "UnknownError", "HTTP 503 Service Unavailable with an empty body", &smithy.GenericAPIError{}},
		{"known code with non-JSON body", 400, "ForbiddenException", `blocked`, "ForbiddenException", "", &ForbiddenException{}},
		{"known code, junk after the object", 400, "", `{"__type":"NotAuthorizedException","message":"m"} trailing`, "NotAuthorizedException", "m", &NotAuthorizedException{}},
		{"unknown code with non-JSON body", 400, "Weird", `blocked`, "Weird", "HTTP 400 Bad Request with a body that is not a JSON object: \"blocked\"", &smithy.GenericAPIError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("X-Amzn-ErrorType", tt.header)
			}
			err := decodeAPIError(tt.status, h, tt.body)
			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.wantCode, apiErr.ErrorCode())
			assert.Equal(t, tt.wantMsg, apiErr.ErrorMessage())
			assert.IsType(t, tt.typed, err)
		})
	}
	err := decodeAPIError(400, http.Header{}, `{"__type":"InvalidParameterException","reasonCode":"INVALID_ADDRESS"}`)
	assert.Equal(t, "INVALID_ADDRESS", aws.ToString(err.(*InvalidParameterException).ReasonCode))
	assert.Equal(t, smithy.FaultServer, (&InternalErrorException{}).ErrorFault())
	assert.Equal(t, smithy.FaultClient, (&UserNotFoundException{}).ErrorFault())
}

func TestSanitizeErrorCode(t *testing.T) {
	for in, want := range map[string]string{
		"UserNotFoundException":                 "UserNotFoundException",
		"aws.protocol#UserNotFoundException":    "UserNotFoundException",
		"UserNotFoundException:http://example/": "UserNotFoundException",
		"aws#UserNotFoundException:http://x#y":  "UserNotFoundException",
		"":                                      "",
		"a#b#c":                                 "b#c",
	} {
		assert.Equal(t, want, sanitizeErrorCode(in), in)
	}
}

// FuzzDecodeAPIError checks that any error response yields an API error
// with a non-empty code and never panics.
func FuzzDecodeAPIError(f *testing.F) {
	f.Add(400, "", `{"__type":"UserNotFoundException","message":"m"}`)
	f.Add(400, "aws#X:y", `{"code":"Y"}`)
	f.Add(503, "", ``)
	f.Add(502, "", `<html>`)
	f.Add(400, "", `{"message":{"nested":1},"__type":5}`)
	f.Fuzz(func(t *testing.T, status int, header, body string) {
		h := http.Header{}
		h.Set("X-Amzn-ErrorType", header)
		err := decodeAPIError(status, h, body)
		var apiErr smithy.APIError
		if err == nil || !errors.As(err, &apiErr) {
			t.Fatalf("no API error for %q", body)
		}
		if apiErr.ErrorCode() == "" {
			t.Fatalf("empty code for header %q body %q", header, body)
		}
		_ = err.Error()
	})
}
