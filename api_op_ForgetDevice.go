package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// ForgetDevice forgets one device of the user who owns the access token.
// It is never signed and needs no AWS credentials.
//
// A failed attempt is retried (see Options.Retryer). When an attempt was
// applied but its answer lost (a 5xx or a broken connection after the
// service forgot the device), the retry finds no device and the call
// returns ResourceNotFoundException for a device this call forgot:
// after a forget you sent, take it as forgotten. ForgetUserDevices does.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html
func (c *Client) ForgetDevice(ctx context.Context, params *ForgetDeviceInput, optFns ...func(*Options)) (*ForgetDeviceOutput, error) {
	return invoke(ctx, c, opForgetDevice, params, optFns)
}

// ForgetDeviceInput is the request of [Client.ForgetDevice]. DeviceKey and
// AccessToken are required. Printing it with the fmt package never shows
// the access token.
type ForgetDeviceInput struct {
	// DeviceKey identifies the device to forget.
	DeviceKey *string

	// AccessToken is the device owner's access token. It is a secret.
	AccessToken *string `redact:"secret"`
}

// Format prints the input with the access token replaced by a fixed mark.
func (in ForgetDeviceInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark, with the text and the JSON handler alike.
func (in ForgetDeviceInput) LogValue() slog.Value { return redaction.LogValue(in) }

// ForgetDeviceOutput is the response of [Client.ForgetDevice].
type ForgetDeviceOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opForgetDevice = newOperation("ForgetDevice", false, operation[ForgetDeviceInput, ForgetDeviceOutput]{
	validate: func(in *ForgetDeviceInput) error {
		v := newValidator("ForgetDeviceInput")
		v.deviceKey("DeviceKey", in.DeviceKey)
		v.accessToken("AccessToken", in.AccessToken)
		return v.err()
	},
	encode: func(dst []byte, in *ForgetDeviceInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("AccessToken", in.AccessToken)
		w.str("DeviceKey", in.DeviceKey)
		return w.bytes()
	},
	decode: func(body string, _ *ForgetDeviceOutput) error {
		return decodeEmptyResponse(body)
	},
	metadata: func(out *ForgetDeviceOutput) *middleware.Metadata { return &out.ResultMetadata },
})
