package compat

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/exceptions"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// exceptionStatus is the HTTP status the service sends e with: 500 for a
// server fault, 400 for the others.
func exceptionStatus(e exceptions.Exception) int {
	if e.Server {
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// The packages of the two clients' exception types.
var (
	libraryErrorsPkg  = reflect.TypeFor[cognitodevices.Client]().PkgPath()
	officialErrorsPkg = reflect.TypeFor[types.InternalErrorException]().PkgPath()
)

// apiErrorType returns the package path and name of the type of the
// smithy.APIError in err's chain, such as
// "github.com/aws/smithy-go.GenericAPIError", or "" when there is none.
func apiErrorType(err error) string {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return ""
	}
	t := reflect.TypeOf(apiErr)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() + "." + t.Name()
}

// errorCase is an error response and the code and message both clients
// must report for it.
type errorCase struct {
	name        string
	status      int
	header      map[string]string
	body        string
	wantCode    string
	wantMessage string
}

const coralSuffix = ":http://internal.amazon.com/coral/com.amazonaws.cognito.identity.idp.model/"

// errorCases returns, for each exception of the library's table
// (internal/exceptions), its code sent in the header, in __type (with
// and without a namespace), in the code member, and without a message;
// then the cases of precedence between those places, case, unknown codes
// and extra members.
func errorCases() []errorCase {
	var cases []errorCase
	for _, e := range exceptions.All {
		code, status, msg := e.Name, exceptionStatus(e), "message of "+e.Name
		cases = append(cases,
			errorCase{code + "/header", status, map[string]string{"X-Amzn-ErrorType": code + coralSuffix},
				`{"message":"` + msg + `"}`, code, msg},
			errorCase{code + "/__type", status, nil,
				`{"__type":"aws.protocol#` + code + coralSuffix + `","message":"` + msg + `"}`, code, msg},
			errorCase{code + "/header and __type", status, map[string]string{"X-Amzn-ErrorType": code},
				`{"__type":"com.amazonaws.cognito.identity.idp.model#` + code + `","Message":"` + msg + `"}`, code, msg},
			errorCase{code + "/code member", status, nil,
				`{"code":"` + code + `","message":"` + msg + `"}`, code, msg},
			errorCase{code + "/no message", status, nil,
				`{"__type":"` + code + `"}`, code, ""},
		)
	}
	return append(cases,
		errorCase{"header wins over __type", 400, map[string]string{"X-Amzn-ErrorType": "TooManyRequestsException"},
			`{"__type":"InternalErrorException","message":"slow down"}`, "TooManyRequestsException", "slow down"},
		errorCase{"__type wins over code", 400, nil,
			`{"code":"InternalErrorException","__type":"NotAuthorizedException","message":"m"}`, "NotAuthorizedException", "m"},
		errorCase{"lower-case code", 400, map[string]string{"X-Amzn-ErrorType": "notauthorizedexception:http://x/"},
			`{"message":"Access Token has expired"}`, "NotAuthorizedException", "Access Token has expired"},
		errorCase{"Message member", 400, nil,
			`{"__type":"ResourceNotFoundException","Message":"Device does not exist."}`, "ResourceNotFoundException", "Device does not exist."},
		errorCase{"unknown code", 400, nil,
			`{"__type":"com.amazonaws.cognito.identity.idp.model#BrandNewException","message":"new"}`, "BrandNewException", "new"},
		errorCase{"unknown code in header", 418, map[string]string{"X-Amzn-ErrorType": "aws.protocol#TeapotException:http://x/"},
			`{"Message":"short and stout"}`, "TeapotException", "short and stout"},
		errorCase{"unknown code without message", 400, nil,
			`{"__type":"BrandNewException"}`, "BrandNewException", "UnknownError"},
		errorCase{"no code", 400, nil,
			`{"message":"something"}`, "UnknownError", "something"},
		errorCase{"500 InternalErrorException", 500, nil,
			`{"__type":"InternalErrorException","message":"Internal error"}`, "InternalErrorException", "Internal error"},
		errorCase{"own request ID", 400, map[string]string{"X-Amzn-Requestid": "0f0e0d0c-request"},
			`{"__type":"NotAuthorizedException","message":"m"}`, "NotAuthorizedException", "m"},
		errorCase{"extra members", 400, nil,
			`{"__type":"InvalidParameterException","message":"m","reasonCode":"INVALID_PARAMETER","extra":[1,{"a":null}]}`, "InvalidParameterException", "m"},
	)
}

// TestErrors serves each error response to every operation of both
// clients and requires the same code, message, request ID, HTTP status,
// operation name and, where the official client has a type for the code
// in that operation, the same fault and error text. The official client
// maps only the exceptions an operation documents to types and the rest to
// a *smithy.GenericAPIError, so codes and messages are compared through
// smithy.APIError; the library must return its own type for every code
// it knows, whatever the operation. One difference follows: for such an
// undocumented code sent without a message, the official message is
// "UnknownError" and the library's is empty.
func TestErrors(t *testing.T) {
	srv := setup(t, reply{})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	ctx := context.Background()
	for _, tc := range errorCases() {
		for _, in := range everyOperation {
			t.Run(fmt.Sprintf("%s/%T", tc.name, in), func(t *testing.T) {
				srv.respond(reply{status: tc.status, header: tc.header, body: []byte(tc.body)})
				_, libErr := callLibrary(ctx, lib, in)
				_, offErr := callOfficial(ctx, off, in)
				require.Error(t, libErr)
				require.Error(t, offErr)

				var libAPI, offAPI smithy.APIError
				require.ErrorAs(t, libErr, &libAPI)
				require.ErrorAs(t, offErr, &offAPI)
				assert.Equal(t, tc.wantCode, libAPI.ErrorCode(), "library code")
				assert.Equal(t, tc.wantMessage, libAPI.ErrorMessage(), "library message")
				_, offGeneric := offAPI.(*smithy.GenericAPIError)
				_, libGeneric := libAPI.(*smithy.GenericAPIError)
				if offGeneric && !libGeneric {
					// A code the operation does not document: the official
					// client keeps it as sent, the library names its type.
					assert.True(t, strings.EqualFold(offAPI.ErrorCode(), libAPI.ErrorCode()), "code: %s and %s", offAPI.ErrorCode(), libAPI.ErrorCode())
				} else {
					assert.Equal(t, offAPI.ErrorCode(), libAPI.ErrorCode(), "code")
				}
				if offGeneric && !libGeneric && tc.wantMessage == "" {
					// A code the operation does not document: the official
					// client's generic error stands "UnknownError" in for a
					// missing message, the library's typed error has none.
					assert.Equal(t, "UnknownError", offAPI.ErrorMessage(), "official message")
				} else {
					assert.Equal(t, offAPI.ErrorMessage(), libAPI.ErrorMessage(), "message")
				}

				wantID := requestID
				if id, ok := tc.header["X-Amzn-Requestid"]; ok {
					wantID = id
				}
				var libResp, offResp *awshttp.ResponseError
				require.ErrorAs(t, libErr, &libResp)
				require.ErrorAs(t, offErr, &offResp)
				assert.Equal(t, wantID, libResp.ServiceRequestID())
				assert.Equal(t, offResp.ServiceRequestID(), libResp.ServiceRequestID())
				assert.Equal(t, tc.status, libResp.HTTPStatusCode())
				assert.Equal(t, offResp.HTTPStatusCode(), libResp.HTTPStatusCode())

				var libOp, offOp *smithy.OperationError
				require.ErrorAs(t, libErr, &libOp)
				require.ErrorAs(t, offErr, &offOp)
				assert.Equal(t, offOp.Service(), libOp.Service())
				assert.Equal(t, offOp.Operation(), libOp.Operation())

				if !offGeneric {
					assert.Equal(t, offAPI.ErrorFault(), libAPI.ErrorFault(), "fault")
					assert.Equal(t, offErr.Error(), libErr.Error(), "error text")
				}
				if slices.Contains(exceptions.Names(), tc.wantCode) {
					assert.Equal(t, libraryErrorsPkg+"."+tc.wantCode, apiErrorType(libErr), "the library's type")
				}
			})
		}
	}
}

// TestInvalidParameterReasonCode requires both clients to carry the
// reasonCode of an InvalidParameterException.
func TestInvalidParameterReasonCode(t *testing.T) {
	srv := setup(t, reply{status: 400, body: []byte(`{"__type":"InvalidParameterException","message":"m","reasonCode":"INVALID_PARAMETER"}`)})
	_, libErr := callLibrary(context.Background(), newLibrary(srv.URL), adminListInput)
	_, offErr := callOfficial(context.Background(), newOfficial(srv.URL), adminListInput)
	var libIPE *cognitodevices.InvalidParameterException
	var offIPE *types.InvalidParameterException
	require.ErrorAs(t, libErr, &libIPE)
	require.ErrorAs(t, offErr, &offIPE)
	assert.Equal(t, offIPE.ReasonCode, libIPE.ReasonCode)
	assert.Equal(t, "INVALID_PARAMETER", *libIPE.ReasonCode)
}

// TestErrorDifferences pins where the two clients report an error
// response differently, each case with what each client returns. A
// *smithy.DeserializationError from the official client is marked by an
// empty official code. In short: the library turns bodies that are not
// JSON, empty bodies and redirects into a *smithy.GenericAPIError whose
// message names the HTTP status, maps every code it knows to its type on
// every operation, matches the message member without regard to case, and
// skips a message that is not a string; the official client fails to
// deserialize, reports "UnknownError", keeps a code an operation does not
// document as sent, reads only "message" and "Message" for typed errors,
// and fails on a non-string message. For an error object followed by other
// data the library keeps the code but not the type or the message.
//
// Where the operation documents the code (its official error deserializer
// maps it), both clients return typed errors with a client fault, and
// report their code, message, request ID and status alike.
func TestErrorDifferences(t *testing.T) {
	const trailing = `{"__type":"NotAuthorizedException","message":"m"} trailing`
	cases := []struct {
		name                string
		in                  any
		status              int
		header              map[string]string
		body                string
		libCode, libMessage string
		offCode, offMessage string
	}{
		{"HTML from a proxy", adminListInput, http.StatusBadGateway, nil, "<html>bad gateway</html>",
			"UnknownError", `HTTP 502 Bad Gateway with a body that is not a JSON object: "<html>bad gateway</html>"`, "", ""},
		{"empty body", adminListInput, http.StatusBadRequest, nil, "",
			"UnknownError", "HTTP 400 Bad Request with an empty body", "UnknownError", "UnknownError"},
		{"redirect", listInput, http.StatusMovedPermanently, map[string]string{"Location": "http://elsewhere.example/"}, "{}",
			"UnexpectedRedirect", `HTTP 301: redirects are not followed (Location: "http://elsewhere.example/")`, "UnknownError", "UnknownError"},
		{"lower-case code the operation does not document", getInput, http.StatusBadRequest,
			map[string]string{"X-Amzn-ErrorType": "usernotfoundexception"}, `{"message":"m"}`,
			"UserNotFoundException", "m", "usernotfoundexception", "m"},
		{"MESSAGE in upper case", adminListInput, http.StatusBadRequest, nil, `{"__type":"NotAuthorizedException","MESSAGE":"upper"}`,
			"NotAuthorizedException", "upper", "NotAuthorizedException", ""},
		{"message not a string", adminListInput, http.StatusBadRequest, nil, `{"__type":"NotAuthorizedException","message":5}`,
			"NotAuthorizedException", "", "", ""},
		{"data after the error object", adminListInput, http.StatusBadRequest, nil, trailing,
			"NotAuthorizedException", "m", "NotAuthorizedException", "m"},
		{"ConfirmDevice exception without message", confirmInput, http.StatusBadRequest, nil, `{"__type":"InvalidLambdaResponseException"}`,
			"InvalidLambdaResponseException", "", "InvalidLambdaResponseException", ""},
		{"ConfirmDevice DeviceKeyExistsException", confirmInput, http.StatusBadRequest, nil, `{"__type":"DeviceKeyExistsException","message":"m"}`,
			"DeviceKeyExistsException", "m", "DeviceKeyExistsException", "m"},
		{"ConfirmDevice InvalidPasswordException", confirmInput, http.StatusBadRequest, map[string]string{"X-Amzn-ErrorType": "InvalidPasswordException" + coralSuffix}, `{"message":"m"}`,
			"InvalidPasswordException", "m", "InvalidPasswordException", "m"},
		{"ConfirmDevice UsernameExistsException", confirmInput, http.StatusBadRequest, nil, `{"__type":"aws.protocol#UsernameExistsException` + coralSuffix + `","Message":"m"}`,
			"UsernameExistsException", "m", "UsernameExistsException", "m"},
	}
	srv := setup(t, reply{})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv.respond(reply{status: tc.status, header: tc.header, body: []byte(tc.body)})
			_, libErr := callLibrary(context.Background(), lib, tc.in)
			_, offErr := callOfficial(context.Background(), off, tc.in)

			var libAPI smithy.APIError
			require.ErrorAs(t, libErr, &libAPI)
			assert.Equal(t, tc.libCode, libAPI.ErrorCode(), "library code")
			assert.Equal(t, tc.libMessage, libAPI.ErrorMessage(), "library message")
			if tc.offCode == "" {
				var de *smithy.DeserializationError
				assert.ErrorAs(t, offErr, &de, "official")
			} else {
				var offAPI smithy.APIError
				require.ErrorAs(t, offErr, &offAPI)
				assert.Equal(t, tc.offCode, offAPI.ErrorCode(), "official code")
				assert.Equal(t, tc.offMessage, offAPI.ErrorMessage(), "official message")
			}
			for _, err := range []error{libErr, offErr} {
				var re *awshttp.ResponseError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, requestID, re.ServiceRequestID())
				assert.Equal(t, tc.status, re.HTTPStatusCode())
			}
			if slices.Contains(officialErrorCodes(t, operationOf(tc.in).Name), tc.offCode) {
				// Both map the operation's documented exceptions to typed
				// errors.
				for _, err := range []error{libErr, offErr} {
					var apiErr smithy.APIError
					require.ErrorAs(t, err, &apiErr)
					_, generic := apiErr.(*smithy.GenericAPIError)
					assert.False(t, generic, "%T", apiErr)
					assert.Equal(t, smithy.FaultClient, apiErr.ErrorFault())
				}
			}
		})
	}
}

// TestOperationExceptions checks each operation's exceptions against the
// official client's error deserializer for that operation: every code it
// maps to a type must be in the library's exception table, and both
// clients, answered that code, must return their own type of that name,
// not a *smithy.GenericAPIError.
func TestOperationExceptions(t *testing.T) {
	srv := setup(t, reply{})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	ctx := context.Background()
	status := map[string]int{}
	for _, e := range exceptions.All {
		status[e.Name] = exceptionStatus(e)
	}
	for _, op := range optable.All {
		in := op.Input(fixture)
		for _, code := range officialErrorCodes(t, op.Name) {
			t.Run(op.Name+"/"+code, func(t *testing.T) {
				assert.True(t, slices.Contains(exceptions.Names(), code), "the official client maps %s for %s; the library's exception table (internal/exceptions) does not have it", code, op.Name)
				srv.respond(reply{status: cmp.Or(status[code], http.StatusBadRequest), body: []byte(`{"__type":"` + code + `","message":"m"}`)})
				_, libErr := callLibrary(ctx, lib, in)
				_, offErr := callOfficial(ctx, off, in)
				assert.Equal(t, libraryErrorsPkg+"."+code, apiErrorType(libErr), "library")
				assert.Equal(t, officialErrorsPkg+"."+code, apiErrorType(offErr), "official")
			})
		}
	}
}
