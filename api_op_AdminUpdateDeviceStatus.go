package cognitodevices

import (
	"context"

	"github.com/aws/smithy-go/middleware"
)

// AdminUpdateDeviceStatus marks one device of a user remembered or not
// remembered. It is signed with the client's credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateDeviceStatus.html
func (c *Client) AdminUpdateDeviceStatus(ctx context.Context, params *AdminUpdateDeviceStatusInput, optFns ...func(*Options)) (*AdminUpdateDeviceStatusOutput, error) {
	return invoke(ctx, c, opAdminUpdateDeviceStatus, params, optFns)
}

// AdminUpdateDeviceStatusInput is the request of
// [Client.AdminUpdateDeviceStatus]. DeviceKey, UserPoolId and Username are
// required.
type AdminUpdateDeviceStatusInput struct {
	// DeviceKey identifies the device to update.
	DeviceKey *string

	// UserPoolId is the ID of the user pool the device owner belongs to.
	UserPoolId *string

	// Username is the user's name or one of their alias attributes.
	Username *string

	// DeviceRememberedStatus is the new status; empty leaves it out of the
	// request.
	DeviceRememberedStatus DeviceRememberedStatusType
}

// AdminUpdateDeviceStatusOutput is the response of
// [Client.AdminUpdateDeviceStatus].
type AdminUpdateDeviceStatusOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opAdminUpdateDeviceStatus = newOperation("AdminUpdateDeviceStatus", true, operation[AdminUpdateDeviceStatusInput, AdminUpdateDeviceStatusOutput]{
	validate: func(in *AdminUpdateDeviceStatusInput) error {
		v := newValidator("AdminUpdateDeviceStatusInput")
		v.deviceKey("DeviceKey", in.DeviceKey)
		v.userPoolID("UserPoolId", in.UserPoolId)
		v.username("Username", in.Username)
		v.rememberedStatus("DeviceRememberedStatus", in.DeviceRememberedStatus)
		return v.err()
	},
	encode: func(dst []byte, in *AdminUpdateDeviceStatusInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("DeviceKey", in.DeviceKey)
		w.enum("DeviceRememberedStatus", string(in.DeviceRememberedStatus))
		w.str("Username", in.Username)
		w.str("UserPoolId", in.UserPoolId)
		return w.bytes()
	},
	decode: func(body string, _ *AdminUpdateDeviceStatusOutput) error {
		return decodeEmptyResponse(body)
	},
	metadata: func(out *AdminUpdateDeviceStatusOutput) *middleware.Metadata { return &out.ResultMetadata },
})
