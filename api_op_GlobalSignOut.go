package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// GlobalSignOut signs the user who owns the access token out of every
// session: the user's refresh tokens stop working, and so do the access
// and ID tokens issued from them. It is never signed and needs no AWS
// credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html
func (c *Client) GlobalSignOut(ctx context.Context, params *GlobalSignOutInput, optFns ...func(*Options)) (*GlobalSignOutOutput, error) {
	return invoke(ctx, c, opGlobalSignOut, params, optFns)
}

// GlobalSignOutInput is the request of [Client.GlobalSignOut].
// AccessToken is required. Printing it with the fmt package or logging it
// with log/slog never shows the access token.
type GlobalSignOutInput struct {
	// AccessToken is the user's access token. It is a secret.
	AccessToken *string `redact:"secret"`
}

// Format prints the input with the access token replaced by a fixed mark.
func (in GlobalSignOutInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with the access token replaced
// by a fixed mark.
func (in GlobalSignOutInput) LogValue() slog.Value { return redaction.LogValue(in) }

// GlobalSignOutOutput is the response of [Client.GlobalSignOut].
type GlobalSignOutOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opGlobalSignOut = newOperation("GlobalSignOut", false, operation[GlobalSignOutInput, GlobalSignOutOutput]{
	validate: func(in *GlobalSignOutInput) error {
		v := newValidator("GlobalSignOutInput")
		v.accessToken("AccessToken", in.AccessToken)
		return v.err()
	},
	encode: func(dst []byte, in *GlobalSignOutInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("AccessToken", in.AccessToken)
		return w.bytes()
	},
	decode: func(body string, _ *GlobalSignOutOutput) error {
		return decodeEmptyResponse(body)
	},
	metadata: func(out *GlobalSignOutOutput) *middleware.Metadata { return &out.ResultMetadata },
})
