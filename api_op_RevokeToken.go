package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// RevokeToken revokes a refresh token, and with it every access token
// issued from it: an application signs a user out this way. It is never
// signed and needs no AWS credentials: the app client ID authorizes it.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html
func (c *Client) RevokeToken(ctx context.Context, params *RevokeTokenInput, optFns ...func(*Options)) (*RevokeTokenOutput, error) {
	return invoke(ctx, c, opRevokeToken, params, optFns)
}

// RevokeTokenInput is the request of [Client.RevokeToken]. ClientId and
// Token are required. Printing it with the fmt package or logging it with
// log/slog never shows the token or the client secret.
type RevokeTokenInput struct {
	// ClientId is the ID of the app client the token was issued to.
	ClientId *string

	// Token is the refresh token to revoke. It is a secret.
	Token *string `redact:"secret"`

	// ClientSecret is the app client's secret, required when the app
	// client has one (24 to 64 characters). It is a secret.
	ClientSecret *string `redact:"secret"`
}

// Format prints the input with its secrets replaced by a fixed mark,
// whatever the verb.
func (in RevokeTokenInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark.
func (in RevokeTokenInput) LogValue() slog.Value { return redaction.LogValue(in) }

// RevokeTokenOutput is the response of [Client.RevokeToken].
type RevokeTokenOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opRevokeToken = newOperation("RevokeToken", false, operation[RevokeTokenInput, RevokeTokenOutput]{
	validate: func(in *RevokeTokenInput) error {
		v := newValidator("RevokeTokenInput")
		v.clientID("ClientId", in.ClientId)
		v.accessToken("Token", in.Token)
		v.clientSecret("ClientSecret", in.ClientSecret)
		return v.err()
	},
	encode: func(dst []byte, in *RevokeTokenInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("ClientId", in.ClientId)
		w.str("ClientSecret", in.ClientSecret)
		w.str("Token", in.Token)
		return w.bytes()
	},
	decode: func(body string, _ *RevokeTokenOutput) error {
		return decodeEmptyResponse(body)
	},
	metadata: func(out *RevokeTokenOutput) *middleware.Metadata { return &out.ResultMetadata },
})
