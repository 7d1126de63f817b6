package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// UpdateDeviceStatus marks one device of the user who owns the access token
// remembered or not remembered. It is never signed and needs no AWS
// credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html
func (c *Client) UpdateDeviceStatus(ctx context.Context, params *UpdateDeviceStatusInput, optFns ...func(*Options)) (*UpdateDeviceStatusOutput, error) {
	return invoke(ctx, c, opUpdateDeviceStatus, params, optFns)
}

// UpdateDeviceStatusInput is the request of [Client.UpdateDeviceStatus].
// AccessToken and DeviceKey are required. Printing it with the fmt package
// never shows the access token.
type UpdateDeviceStatusInput struct {
	// AccessToken is the device owner's access token. It is a secret.
	AccessToken *string `redact:"secret"`

	// DeviceKey identifies the device to update.
	DeviceKey *string

	// DeviceRememberedStatus is the new status; empty leaves it out of the
	// request.
	DeviceRememberedStatus DeviceRememberedStatusType
}

// Format prints the input with the access token replaced by a fixed mark.
func (in UpdateDeviceStatusInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark, with the text and the JSON handler alike.
func (in UpdateDeviceStatusInput) LogValue() slog.Value { return redaction.LogValue(in) }

// UpdateDeviceStatusOutput is the response of [Client.UpdateDeviceStatus].
type UpdateDeviceStatusOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opUpdateDeviceStatus = newOperation("UpdateDeviceStatus", false, operation[UpdateDeviceStatusInput, UpdateDeviceStatusOutput]{
	validate: func(in *UpdateDeviceStatusInput) error {
		v := newValidator("UpdateDeviceStatusInput")
		v.accessToken("AccessToken", in.AccessToken)
		v.deviceKey("DeviceKey", in.DeviceKey)
		v.rememberedStatus("DeviceRememberedStatus", in.DeviceRememberedStatus)
		return v.err()
	},
	encode: func(dst []byte, in *UpdateDeviceStatusInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("AccessToken", in.AccessToken)
		w.str("DeviceKey", in.DeviceKey)
		w.enum("DeviceRememberedStatus", string(in.DeviceRememberedStatus))
		return w.bytes()
	},
	decode: func(body string, _ *UpdateDeviceStatusOutput) error {
		return decodeEmptyResponse(body)
	},
	metadata: func(out *UpdateDeviceStatusOutput) *middleware.Metadata { return &out.ResultMetadata },
})
