package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// ConfirmDevice confirms a device the service has just tracked for the user
// who owns the access token, with the SRP verifier of its secret (see
// GenerateDeviceSecretVerifier). It is never signed and needs no AWS
// credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html
func (c *Client) ConfirmDevice(ctx context.Context, params *ConfirmDeviceInput, optFns ...func(*Options)) (*ConfirmDeviceOutput, error) {
	return invoke(ctx, c, opConfirmDevice, params, optFns)
}

// ConfirmDeviceInput is the request of [Client.ConfirmDevice]. AccessToken
// and DeviceKey are required. Printing it with the fmt package never shows
// the access token or the verifier.
type ConfirmDeviceInput struct {
	// AccessToken is the access token of the sign-in that returned the
	// device key. It is a secret.
	AccessToken *string `redact:"secret"`

	// DeviceKey is the key the service returned in NewDeviceMetadata.
	DeviceKey *string

	// DeviceName is a friendly name for the device, 1 to 1024 characters.
	DeviceName *string

	// DeviceSecretVerifierConfig holds the SRP verifier and salt of the
	// device secret; GenerateDeviceSecretVerifier builds it.
	DeviceSecretVerifierConfig *DeviceSecretVerifierConfigType
}

// Format prints the input with the access token and the verifier replaced
// by a fixed mark.
func (in ConfirmDeviceInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark, with the text and the JSON handler alike.
func (in ConfirmDeviceInput) LogValue() slog.Value { return redaction.LogValue(in) }

// ConfirmDeviceOutput is the response of [Client.ConfirmDevice].
type ConfirmDeviceOutput struct {
	// UserConfirmationNecessary is true when the user pool lets users
	// choose whether to remember devices: the application should then ask
	// the user and call UpdateDeviceStatus.
	UserConfirmationNecessary bool

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// maxDeviceNameLen is the documented limit of ConfirmDevice's DeviceName.
const maxDeviceNameLen = 1024

var opConfirmDevice = newOperation("ConfirmDevice", false, operation[ConfirmDeviceInput, ConfirmDeviceOutput]{
	validate: func(in *ConfirmDeviceInput) error {
		v := newValidator("ConfirmDeviceInput")
		v.accessToken("AccessToken", in.AccessToken)
		v.deviceKey("DeviceKey", in.DeviceKey)
		v.optional("DeviceName", in.DeviceName, maxDeviceNameLen)
		if c := in.DeviceSecretVerifierConfig; c != nil {
			v.optional("DeviceSecretVerifierConfig.PasswordVerifier", c.PasswordVerifier, maxVerifierLen)
			v.optional("DeviceSecretVerifierConfig.Salt", c.Salt, maxVerifierLen)
		}
		return v.err()
	},
	encode: func(dst []byte, in *ConfirmDeviceInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("AccessToken", in.AccessToken)
		w.str("DeviceKey", in.DeviceKey)
		w.str("DeviceName", in.DeviceName)
		if v := in.DeviceSecretVerifierConfig; v != nil {
			w.object("DeviceSecretVerifierConfig", func(inner *jsonObjectWriter) {
				inner.str("PasswordVerifier", v.PasswordVerifier)
				inner.str("Salt", v.Salt)
			})
		}
		return w.bytes()
	},
	decode: func(body string, out *ConfirmDeviceOutput) (err error) {
		out.UserConfirmationNecessary, err = decodeConfirmDeviceResponse(body)
		return err
	},
	metadata: func(out *ConfirmDeviceOutput) *middleware.Metadata { return &out.ResultMetadata },
})
