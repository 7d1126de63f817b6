package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// GetTokensFromRefreshToken exchanges a refresh token for new access and
// ID tokens. Give DeviceKey when the refresh token was issued to a
// remembered or tracked device: without it the service refuses the
// refresh of a device-bound token. When the app client rotates refresh
// tokens, the output carries a new refresh token and the one sent stops
// working once its grace period ends; a refresh token used again after
// that fails with RefreshTokenReuseException. It is never signed and needs
// no AWS credentials: the app client ID authorizes it.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html
func (c *Client) GetTokensFromRefreshToken(ctx context.Context, params *GetTokensFromRefreshTokenInput, optFns ...func(*Options)) (*GetTokensFromRefreshTokenOutput, error) {
	return invoke(ctx, c, opGetTokensFromRefreshToken, params, optFns)
}

// GetTokensFromRefreshTokenInput is the request of
// [Client.GetTokensFromRefreshToken]. ClientId and RefreshToken are
// required. Printing it with the fmt package or logging it with log/slog
// never shows the refresh token or the client secret.
type GetTokensFromRefreshTokenInput struct {
	// ClientId is the ID of the app client the refresh token was issued
	// to.
	ClientId *string

	// RefreshToken is the refresh token to exchange. It is a secret.
	RefreshToken *string `redact:"secret"`

	// ClientMetadata is passed to the user pool's Lambda triggers.
	ClientMetadata map[string]string

	// ClientSecret is the app client's secret, required when the app
	// client has one (24 to 64 characters). It is a secret.
	ClientSecret *string `redact:"secret"`

	// DeviceKey is the key of the device the refresh token was issued
	// to, when it was issued to one.
	DeviceKey *string
}

// Format prints the input with its secrets replaced by a fixed mark,
// whatever the verb.
func (in GetTokensFromRefreshTokenInput) Format(f fmt.State, verb rune) {
	redaction.Format(f, verb, in)
}

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark.
func (in GetTokensFromRefreshTokenInput) LogValue() slog.Value { return redaction.LogValue(in) }

// GetTokensFromRefreshTokenOutput is the response of
// [Client.GetTokensFromRefreshToken].
type GetTokensFromRefreshTokenOutput struct {
	// AuthenticationResult holds the new access and ID tokens, and a new
	// refresh token when the app client rotates them.
	AuthenticationResult *AuthenticationResultType

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// Format prints the output with its tokens replaced by a fixed mark,
// whatever the verb.
func (out GetTokensFromRefreshTokenOutput) Format(f fmt.State, verb rune) {
	redaction.Format(f, verb, out)
}

// LogValue makes log/slog print the output with its tokens replaced by a
// fixed mark.
func (out GetTokensFromRefreshTokenOutput) LogValue() slog.Value { return redaction.LogValue(out) }

// The documented length range of an app client's secret.
const (
	minClientSecretLen = 24
	maxClientSecretLen = 64
)

var opGetTokensFromRefreshToken = newOperation("GetTokensFromRefreshToken", false, operation[GetTokensFromRefreshTokenInput, GetTokensFromRefreshTokenOutput]{
	validate: func(in *GetTokensFromRefreshTokenInput) error {
		v := newValidator("GetTokensFromRefreshTokenInput")
		v.clientID("ClientId", in.ClientId)
		v.accessToken("RefreshToken", in.RefreshToken)
		v.stringMap("ClientMetadata", in.ClientMetadata)
		v.clientSecret("ClientSecret", in.ClientSecret)
		if in.DeviceKey != nil {
			v.deviceKey("DeviceKey", in.DeviceKey)
		}
		return v.err()
	},
	encode: func(dst []byte, in *GetTokensFromRefreshTokenInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("ClientId", in.ClientId)
		w.stringMap("ClientMetadata", in.ClientMetadata)
		w.str("ClientSecret", in.ClientSecret)
		w.str("DeviceKey", in.DeviceKey)
		w.str("RefreshToken", in.RefreshToken)
		return w.bytes()
	},
	decode: func(body string, out *GetTokensFromRefreshTokenOutput) error {
		res, err := decodeAuthResponse(body, false)
		out.AuthenticationResult = res.result
		return err
	},
	metadata: func(out *GetTokensFromRefreshTokenOutput) *middleware.Metadata { return &out.ResultMetadata },
})
