package compat

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognitodevices/cognitodevices"
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
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"), UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"),
	}
	adminListInput = &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"), Limit: aws.Int32(60),
	}
	listInput = &cognitodevices.ListDevicesInput{
		AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"), Limit: aws.Int32(60),
	}
	adminForgetInput = &cognitodevices.AdminForgetDeviceInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"), UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"),
	}
	adminUpdateInput = &cognitodevices.AdminUpdateDeviceStatusInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"), UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"),
		DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered,
	}
	getDeviceInput = &cognitodevices.GetDeviceInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"), AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
	}
	forgetInput = &cognitodevices.ForgetDeviceInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"), AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
	}
	updateInput = &cognitodevices.UpdateDeviceStatusInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"), AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
		DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeNotRemembered,
	}
	confirmInput = &cognitodevices.ConfirmDeviceInput{
		DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"), AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
		DeviceName: aws.String("Dart-device"),
		DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{
			PasswordVerifier: aws.String("AJ1yq0lqY2k8R3Vn5Q=="), Salt: aws.String("AIvB0W0l4K5dY2mRkZ3hLA=="),
		},
	}

	// everyOperation holds one input of each of the nine operations.
	everyOperation = []any{
		getInput, adminListInput, listInput, adminForgetInput, adminUpdateInput,
		getDeviceInput, forgetInput, updateInput, confirmInput,
	}
)

// signedOperation reports whether the operation of in, one of the
// library's input types, is an admin operation signed with SigV4; the
// others carry an access token in the body and are never signed.
func signedOperation(in any) bool {
	switch in.(type) {
	case *cognitodevices.AdminGetDeviceInput, *cognitodevices.AdminListDevicesInput,
		*cognitodevices.AdminForgetDeviceInput, *cognitodevices.AdminUpdateDeviceStatusInput:
		return true
	}
	return false
}

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
// of ConfirmDevice, and the request ID of every operation.
type result struct {
	Devices                   []cognitodevices.DeviceType
	Token                     *string
	UserConfirmationNecessary bool
	RequestID                 string
}

// callLibrary sends in, one of the library's input types, with c.
func callLibrary(ctx context.Context, c *cognitodevices.Client, in any) (result, error) {
	switch in := in.(type) {
	case *cognitodevices.AdminGetDeviceInput:
		out, err := c.AdminGetDevice(ctx, in)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{Devices: []cognitodevices.DeviceType{*out.Device}, RequestID: id}, nil
	case *cognitodevices.AdminListDevicesInput:
		out, err := c.AdminListDevices(ctx, in)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{Devices: out.Devices, Token: out.PaginationToken, RequestID: id}, nil
	case *cognitodevices.ListDevicesInput:
		out, err := c.ListDevices(ctx, in)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{Devices: out.Devices, Token: out.PaginationToken, RequestID: id}, nil
	case *cognitodevices.AdminForgetDeviceInput:
		out, err := c.AdminForgetDevice(ctx, in)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{RequestID: id}, nil
	case *cognitodevices.AdminUpdateDeviceStatusInput:
		out, err := c.AdminUpdateDeviceStatus(ctx, in)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{RequestID: id}, nil
	case *cognitodevices.GetDeviceInput:
		out, err := c.GetDevice(ctx, in)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{Devices: []cognitodevices.DeviceType{*out.Device}, RequestID: id}, nil
	case *cognitodevices.ForgetDeviceInput:
		out, err := c.ForgetDevice(ctx, in)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{RequestID: id}, nil
	case *cognitodevices.UpdateDeviceStatusInput:
		out, err := c.UpdateDeviceStatus(ctx, in)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{RequestID: id}, nil
	case *cognitodevices.ConfirmDeviceInput:
		out, err := c.ConfirmDevice(ctx, in)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{UserConfirmationNecessary: out.UserConfirmationNecessary, RequestID: id}, nil
	}
	panic(fmt.Sprintf("unexpected input %T", in))
}

// callOfficial sends the official counterpart of in, one of the library's
// input types, with c and converts the output to the library's types.
// Library and official inputs share member names and the enum's values.
func callOfficial(ctx context.Context, c *cip.Client, in any) (result, error) {
	switch in := in.(type) {
	case *cognitodevices.AdminGetDeviceInput:
		out, err := c.AdminGetDevice(ctx, &cip.AdminGetDeviceInput{
			DeviceKey: in.DeviceKey, UserPoolId: in.UserPoolId, Username: in.Username,
		})
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		var devices []cognitodevices.DeviceType
		if out.Device != nil {
			devices = fromOfficial([]types.DeviceType{*out.Device})
		}
		return result{Devices: devices, RequestID: id}, nil
	case *cognitodevices.AdminListDevicesInput:
		out, err := c.AdminListDevices(ctx, &cip.AdminListDevicesInput{
			UserPoolId: in.UserPoolId, Username: in.Username, Limit: in.Limit, PaginationToken: in.PaginationToken,
		})
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{Devices: fromOfficial(out.Devices), Token: out.PaginationToken, RequestID: id}, nil
	case *cognitodevices.ListDevicesInput:
		out, err := c.ListDevices(ctx, &cip.ListDevicesInput{
			AccessToken: in.AccessToken, Limit: in.Limit, PaginationToken: in.PaginationToken,
		})
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{Devices: fromOfficial(out.Devices), Token: out.PaginationToken, RequestID: id}, nil
	case *cognitodevices.AdminForgetDeviceInput:
		out, err := c.AdminForgetDevice(ctx, &cip.AdminForgetDeviceInput{
			DeviceKey: in.DeviceKey, UserPoolId: in.UserPoolId, Username: in.Username,
		})
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{RequestID: id}, nil
	case *cognitodevices.AdminUpdateDeviceStatusInput:
		out, err := c.AdminUpdateDeviceStatus(ctx, &cip.AdminUpdateDeviceStatusInput{
			DeviceKey: in.DeviceKey, UserPoolId: in.UserPoolId, Username: in.Username,
			DeviceRememberedStatus: types.DeviceRememberedStatusType(in.DeviceRememberedStatus),
		})
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{RequestID: id}, nil
	case *cognitodevices.GetDeviceInput:
		out, err := c.GetDevice(ctx, &cip.GetDeviceInput{DeviceKey: in.DeviceKey, AccessToken: in.AccessToken})
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		var devices []cognitodevices.DeviceType
		if out.Device != nil {
			devices = fromOfficial([]types.DeviceType{*out.Device})
		}
		return result{Devices: devices, RequestID: id}, nil
	case *cognitodevices.ForgetDeviceInput:
		out, err := c.ForgetDevice(ctx, &cip.ForgetDeviceInput{DeviceKey: in.DeviceKey, AccessToken: in.AccessToken})
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{RequestID: id}, nil
	case *cognitodevices.UpdateDeviceStatusInput:
		out, err := c.UpdateDeviceStatus(ctx, &cip.UpdateDeviceStatusInput{
			AccessToken: in.AccessToken, DeviceKey: in.DeviceKey,
			DeviceRememberedStatus: types.DeviceRememberedStatusType(in.DeviceRememberedStatus),
		})
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{RequestID: id}, nil
	case *cognitodevices.ConfirmDeviceInput:
		official := &cip.ConfirmDeviceInput{AccessToken: in.AccessToken, DeviceKey: in.DeviceKey, DeviceName: in.DeviceName}
		if v := in.DeviceSecretVerifierConfig; v != nil {
			official.DeviceSecretVerifierConfig = &types.DeviceSecretVerifierConfigType{PasswordVerifier: v.PasswordVerifier, Salt: v.Salt}
		}
		out, err := c.ConfirmDevice(ctx, official)
		if err != nil {
			return result{}, err
		}
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		return result{UserConfirmationNecessary: out.UserConfirmationNecessary, RequestID: id}, nil
	}
	panic(fmt.Sprintf("unexpected input %T", in))
}

// fromOfficial converts official devices to the library's type, keeping
// nil and empty slices apart.
func fromOfficial(in []types.DeviceType) []cognitodevices.DeviceType {
	if in == nil {
		return nil
	}
	out := make([]cognitodevices.DeviceType, len(in))
	for i, d := range in {
		out[i] = cognitodevices.DeviceType{
			DeviceKey:                   d.DeviceKey,
			DeviceCreateDate:            d.DeviceCreateDate,
			DeviceLastModifiedDate:      d.DeviceLastModifiedDate,
			DeviceLastAuthenticatedDate: d.DeviceLastAuthenticatedDate,
		}
		if d.DeviceAttributes != nil {
			out[i].DeviceAttributes = make([]cognitodevices.AttributeType, len(d.DeviceAttributes))
			for j, a := range d.DeviceAttributes {
				out[i].DeviceAttributes[j] = cognitodevices.AttributeType{Name: a.Name, Value: a.Value}
			}
		}
	}
	return out
}
