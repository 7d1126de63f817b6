package cognitodevices

import (
	"context"

	"github.com/aws/smithy-go/middleware"
)

// AdminGetDevice returns one device of a user, given the device key. It is
// signed with the client's credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetDevice.html
func (c *Client) AdminGetDevice(ctx context.Context, params *AdminGetDeviceInput, optFns ...func(*Options)) (*AdminGetDeviceOutput, error) {
	return invoke(ctx, c, opAdminGetDevice, params, optFns)
}

// AdminGetDeviceInput is the request of [Client.AdminGetDevice]. All three
// fields are required.
type AdminGetDeviceInput struct {
	// DeviceKey identifies the device, as returned in DeviceType.DeviceKey.
	DeviceKey *string

	// UserPoolId is the ID of the user pool the device owner belongs to.
	UserPoolId *string

	// Username is the user's name or one of their alias attributes.
	Username *string
}

// AdminGetDeviceOutput is the response of [Client.AdminGetDevice].
type AdminGetDeviceOutput struct {
	// Device is the requested device. It is never nil in a successful
	// response from this client.
	Device *DeviceType

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opAdminGetDevice = newOperation("AdminGetDevice", true, operation[AdminGetDeviceInput, AdminGetDeviceOutput]{
	validate: func(in *AdminGetDeviceInput) error {
		v := newValidator("AdminGetDeviceInput")
		v.deviceKey("DeviceKey", in.DeviceKey)
		v.userPoolID("UserPoolId", in.UserPoolId)
		v.username("Username", in.Username)
		return v.err()
	},
	encode: func(dst []byte, in *AdminGetDeviceInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("DeviceKey", in.DeviceKey)
		w.str("Username", in.Username)
		w.str("UserPoolId", in.UserPoolId)
		return w.bytes()
	},
	decode: func(body string, out *AdminGetDeviceOutput) (err error) {
		out.Device, err = decodeDeviceResponse(body)
		return err
	},
	metadata: func(out *AdminGetDeviceOutput) *middleware.Metadata { return &out.ResultMetadata },
})
