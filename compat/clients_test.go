package compat

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

const testRegion = "us-west-2"

// testCredentials are temporary credentials, so that signed requests carry
// X-Amz-Security-Token as well.
var testCredentials = aws.Credentials{
	AccessKeyID:     "AKIDEXAMPLE",
	SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	SessionToken:    "session-token-example",
	Source:          "compat",
}

func staticProvider(c aws.Credentials) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
}

// Inputs used across the tests, in the library's types.
var (
	getInput = &cognitodevices.AdminGetDeviceInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222"), UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"),
	}
	adminListInput = &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"), Limit: aws.Int32(60),
	}
	listInput = &cognitodevices.ListDevicesInput{
		AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"), Limit: aws.Int32(60),
	}
	adminForgetInput = &cognitodevices.AdminForgetDeviceInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222"), UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"),
	}
	adminUpdateInput = &cognitodevices.AdminUpdateDeviceStatusInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222"), UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"),
		DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered,
	}
	getDeviceInput = &cognitodevices.GetDeviceInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222"), AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
	}
	forgetInput = &cognitodevices.ForgetDeviceInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222"), AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
	}
	updateInput = &cognitodevices.UpdateDeviceStatusInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222"), AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
		DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeNotRemembered,
	}
	confirmInput = &cognitodevices.ConfirmDeviceInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222"), AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
		DeviceName: aws.String("Dart-device"),
		DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{
			PasswordVerifier: aws.String("AJ1yq0lqY2k8R3Vn5Q=="), Salt: aws.String("AIvB0W0l4K5dY2mRkZ3hLA=="),
		},
	}
)

// everyOperation holds one input of each operation of the shared table.
var everyOperation = func() []any {
	ins := make([]any, len(optable.All))
	for i, op := range optable.All {
		ins[i] = op.Input(fixture)
	}
	return ins
}()

// fixture points the shared table's inputs at this module's pool. It
// starts from optable.Default, so a member added to the fixture has a
// value here too.
var fixture = func() optable.Fixture {
	f := optable.Default
	f.UserPoolId, f.Username = "us-west-2_EXAMPLE", "testuser"
	f.DeviceKey, f.NewDeviceKey = "us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222", "us-west-2_a1b2c3d4-5678-90ab-cdef-000000033333"
	f.AccessToken = "eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"
	f.ClientId, f.Session = "4example5client6id7", "AYABeCOMPAT-session-0123456789"
	f.PaginationToken = ""
	return f
}()

// operationOf returns the row of the shared table whose input type is
// that of in, one of the library's input types.
func operationOf(in any) optable.Operation {
	for _, op := range optable.All {
		if reflect.TypeOf(op.Input(fixture)) == reflect.TypeOf(in) {
			return op
		}
	}
	panic(fmt.Sprintf("no operation takes %T", in))
}

// signedOperation reports whether the operation of in, one of the
// library's input types, is signed with SigV4; the others (authorized by
// an access token or an app client ID) are never signed.
func signedOperation(in any) bool { return operationOf(in).Auth == optable.AuthSigned }

// newLibrary returns a library client for endpoint that never retries.
func newLibrary(endpoint string, optFns ...func(*cognitodevices.Options)) *cognitodevices.Client {
	return cognitodevices.New(cognitodevices.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      staticProvider(testCredentials),
		RetryMaxAttempts: 1,
	}, optFns...)
}

// newOfficial returns an official client configured as newLibrary
// configures the library's. Its HTTP client is the official default
// behind bufferedBodyClient.
func newOfficial(endpoint string, optFns ...func(*cip.Options)) *cip.Client {
	return cip.New(cip.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      staticProvider(testCredentials),
		RetryMaxAttempts: 1,
		HTTPClient:       bufferedBodyClient{awshttp.NewBuildableClient()},
	}, optFns...)
}

// bufferedBodyClient hands net/http the request body as an in-memory
// reader. It works around a race in the official client that a loopback
// server hits every few hundred calls: net/http flushes the headers of a
// request whose body it does not recognise, writes the body, and only then
// checks it for extra bytes, by which time the response may have arrived
// and the official client have closed the body; the closed body's WriteTo
// returns io.EOF, and the transport closes the connection under the
// response still being read ("use of closed network connection", as in
// aws/aws-sdk-go-v2 issues 1825 and 2737). With a reader it knows, net/http
// writes the whole request before sending any of it. The body bytes, and
// the signature over them, are unchanged.
type bufferedBodyClient struct{ next cip.HTTPClient }

// Do sends req with its body read into memory first.
func (c bufferedBodyClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	return c.next.Do(req)
}

// result is what either client returned, in the library's types: the
// device of AdminGetDevice or GetDevice, the page of a listing, the flag
// of ConfirmDevice, the members of the sign-in outputs, and the request
// ID of every operation.
type result struct {
	Devices                   []cognitodevices.DeviceType
	Token                     *string
	UserConfirmationNecessary bool
	SignIn                    signInResult
	RequestID                 string
}

// signInResult holds the members of the sign-in outputs; the Respond
// outputs have no AvailableChallenges.
type signInResult struct {
	AuthenticationResult *cognitodevices.AuthenticationResultType
	AvailableChallenges  []cognitodevices.ChallengeNameType
	ChallengeName        cognitodevices.ChallengeNameType
	ChallengeParameters  map[string]string
	Session              *string
}

// callLibrary sends in, one of the library's input types, with c.
func callLibrary(ctx context.Context, c *cognitodevices.Client, in any) (result, error) {
	out, err := operationOf(in).Call(ctx, c, in)
	if err != nil {
		return result{}, err
	}
	return resultOf(out), nil
}

// callOfficial sends the official counterpart of in, one of the library's
// input types, with c and converts the output to the library's types. The
// operation is the official client's method of the same name, and inputs
// and outputs are converted member by member by name (see convert), so
// this also checks that the two clients' shapes match.
func callOfficial(ctx context.Context, c *cip.Client, in any) (result, error) {
	out, err := callOfficialOutput(ctx, c, in)
	if err != nil {
		return result{}, err
	}
	return resultOf(out), nil
}

// callOfficialOutput is callOfficial returning the whole output, in the
// library's output type of the operation (a *<Operation>Output).
func callOfficialOutput(ctx context.Context, c *cip.Client, in any) (any, error) {
	op := operationOf(in)
	method := reflect.ValueOf(c).MethodByName(op.Name)
	if !method.IsValid() {
		panic("the official client has no method " + op.Name)
	}
	officialIn := reflect.New(method.Type().In(1).Elem())
	convert(officialIn, reflect.ValueOf(in))
	res := method.Call([]reflect.Value{reflect.ValueOf(ctx), officialIn})
	if err, _ := res[1].Interface().(error); err != nil {
		return nil, err
	}
	libraryOut := reflect.New(op.Output())
	convert(libraryOut, res[0])
	return libraryOut.Interface(), nil
}

// resultOf reads a library output, a *<Operation>Output, into a result.
func resultOf(out any) result {
	v := reflect.ValueOf(out).Elem()
	var r result
	if f := v.FieldByName("Device"); f.IsValid() && !f.IsNil() {
		r.Devices = []cognitodevices.DeviceType{*f.Interface().(*cognitodevices.DeviceType)}
	}
	if f := v.FieldByName("Devices"); f.IsValid() {
		r.Devices = f.Interface().([]cognitodevices.DeviceType)
	}
	if f := v.FieldByName("PaginationToken"); f.IsValid() {
		r.Token = f.Interface().(*string)
	}
	if f := v.FieldByName("UserConfirmationNecessary"); f.IsValid() {
		r.UserConfirmationNecessary = f.Bool()
	}
	signIn := reflect.ValueOf(&r.SignIn).Elem()
	for i := range signIn.NumField() {
		if f := v.FieldByName(signIn.Type().Field(i).Name); f.IsValid() {
			signIn.Field(i).Set(f)
		}
	}
	r.RequestID, _ = awsmiddleware.GetRequestIDMetadata(v.FieldByName("ResultMetadata").Interface().(middleware.Metadata))
	return r
}

// convert copies src into dst, both pointers, slices or structs of the
// two clients' shapes, member by member by name: pointers and slices keep
// nil apart from empty, enums are converted by value, and values of the
// same type (strings, numbers, times, metadata) are copied. It panics on
// an exported member that one shape has and the other lacks, or on
// members of different kinds, so the two shapes must match exactly.
func convert(dst, src reflect.Value) {
	switch {
	case src.Type() == dst.Type():
		dst.Set(src)
	case src.Kind() == reflect.Pointer && dst.Kind() == reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		if dst.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		convert(dst.Elem(), src.Elem())
	case src.Kind() == reflect.Slice && dst.Kind() == reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		dst.Set(reflect.MakeSlice(dst.Type(), src.Len(), src.Len()))
		for i := range src.Len() {
			convert(dst.Index(i), src.Index(i))
		}
	case src.Kind() == reflect.Struct && dst.Kind() == reflect.Struct:
		checkSameMembers(dst.Type(), src.Type())
		for i := range src.NumField() {
			if f := src.Type().Field(i); f.IsExported() {
				convert(dst.FieldByName(f.Name), src.Field(i))
			}
		}
	case src.Kind() == reflect.String && dst.Kind() == reflect.String:
		dst.SetString(src.String())
	default:
		panic(fmt.Sprintf("cannot convert %v to %v", src.Type(), dst.Type()))
	}
}

// checkSameMembers panics unless a and b have the same exported fields.
func checkSameMembers(a, b reflect.Type) {
	for _, pair := range [][2]reflect.Type{{a, b}, {b, a}} {
		for i := range pair[0].NumField() {
			f := pair[0].Field(i)
			if _, ok := pair[1].FieldByName(f.Name); f.IsExported() && !ok {
				panic(fmt.Sprintf("%v has %s, %v does not", pair[0], f.Name, pair[1]))
			}
		}
	}
}
