package cognitodevices

import (
	"context"

	"github.com/aws/smithy-go/middleware"
)

// AdminForgetDevice forgets (deletes) one device of a user. It is signed
// with the client's credentials.
//
// A failed attempt is retried (see Options.Retryer). When an attempt was
// applied but its answer lost (a 5xx or a broken connection after the
// service forgot the device), the retry finds no device and the call
// returns ResourceNotFoundException for a device this call forgot:
// after a forget you sent, take it as forgotten. ForgetUserDevices does.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminForgetDevice.html
func (c *Client) AdminForgetDevice(ctx context.Context, params *AdminForgetDeviceInput, optFns ...func(*Options)) (*AdminForgetDeviceOutput, error) {
	return invoke(ctx, c, opAdminForgetDevice, params, optFns)
}

// AdminForgetDeviceInput is the request of [Client.AdminForgetDevice]. All
// three fields are required.
type AdminForgetDeviceInput struct {
	// DeviceKey identifies the device to forget.
	DeviceKey *string

	// UserPoolId is the ID of the user pool the device owner belongs to.
	UserPoolId *string

	// Username is the user's name or one of their alias attributes.
	Username *string
}

// AdminForgetDeviceOutput is the response of [Client.AdminForgetDevice].
type AdminForgetDeviceOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opAdminForgetDevice = newOperation("AdminForgetDevice", true, operation[AdminForgetDeviceInput, AdminForgetDeviceOutput]{
	validate: func(in *AdminForgetDeviceInput) error {
		v := newValidator("AdminForgetDeviceInput")
		v.deviceKey("DeviceKey", in.DeviceKey)
		v.userPoolID("UserPoolId", in.UserPoolId)
		v.username("Username", in.Username)
		return v.err()
	},
	encode: func(dst []byte, in *AdminForgetDeviceInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("DeviceKey", in.DeviceKey)
		w.str("Username", in.Username)
		w.str("UserPoolId", in.UserPoolId)
		return w.bytes()
	},
	decode: func(body string, _ *AdminForgetDeviceOutput) error {
		return decodeEmptyResponse(body)
	},
	metadata: func(out *AdminForgetDeviceOutput) *middleware.Metadata { return &out.ResultMetadata },
})
