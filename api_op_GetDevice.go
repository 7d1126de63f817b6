package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// GetDevice returns one device of the user who owns the access token. It is
// never signed and needs no AWS credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetDevice.html
func (c *Client) GetDevice(ctx context.Context, params *GetDeviceInput, optFns ...func(*Options)) (*GetDeviceOutput, error) {
	return invoke(ctx, c, opGetDevice, params, optFns)
}

// GetDeviceInput is the request of [Client.GetDevice]. DeviceKey and
// AccessToken are required. Printing it with the fmt package never shows
// the access token.
type GetDeviceInput struct {
	// DeviceKey identifies the device.
	DeviceKey *string

	// AccessToken is the device owner's access token. It is a secret.
	AccessToken *string `redact:"secret"`
}

// Format prints the input with the access token replaced by a fixed mark.
func (in GetDeviceInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark, with the text and the JSON handler alike.
func (in GetDeviceInput) LogValue() slog.Value { return redaction.LogValue(in) }

// GetDeviceOutput is the response of [Client.GetDevice].
type GetDeviceOutput struct {
	// Device is the requested device. It is never nil in a successful
	// response from this client.
	Device *DeviceType

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opGetDevice = newOperation("GetDevice", false, operation[GetDeviceInput, GetDeviceOutput]{
	validate: func(in *GetDeviceInput) error {
		v := newValidator("GetDeviceInput")
		v.deviceKey("DeviceKey", in.DeviceKey)
		v.accessToken("AccessToken", in.AccessToken)
		return v.err()
	},
	encode: func(dst []byte, in *GetDeviceInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("AccessToken", in.AccessToken)
		w.str("DeviceKey", in.DeviceKey)
		return w.bytes()
	},
	decode: func(body string, out *GetDeviceOutput) (err error) {
		out.Device, err = decodeDeviceResponse(body)
		return err
	},
	metadata: func(out *GetDeviceOutput) *middleware.Metadata { return &out.ResultMetadata },
})
