package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// AdminInitiateAuth starts a user's sign-in from a trusted server, with
// flows such as ADMIN_USER_PASSWORD_AUTH that InitiateAuth does not offer:
// it answers with the tokens, or with the first challenge, answered through
// AdminRespondToAuthChallenge. It is signed with the client's credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminInitiateAuth.html
func (c *Client) AdminInitiateAuth(ctx context.Context, params *AdminInitiateAuthInput, optFns ...func(*Options)) (*AdminInitiateAuthOutput, error) {
	return invoke(ctx, c, opAdminInitiateAuth, params, optFns)
}

// AdminInitiateAuthInput is the request of [Client.AdminInitiateAuth].
// AuthFlow, ClientId and UserPoolId are required. Printing it with the fmt
// package or logging it with log/slog shows the AuthParameters values of
// USERNAME, USER_ID_FOR_SRP and DEVICE_KEY only, never a password, SRP
// value, SECRET_HASH, refresh token or the Session.
type AdminInitiateAuthInput struct {
	// AuthFlow is how the sign-in starts, such as ADMIN_USER_PASSWORD_AUTH.
	AuthFlow AuthFlowType

	// ClientId is the ID of the user pool's app client.
	ClientId *string

	// UserPoolId is the ID of the user pool.
	UserPoolId *string

	// AnalyticsMetadata names the Amazon Pinpoint endpoint of the
	// sign-in, when the app client records analytics.
	AnalyticsMetadata *AnalyticsMetadataType

	// AuthParameters are the inputs of the flow, such as USERNAME and
	// PASSWORD for ADMIN_USER_PASSWORD_AUTH. All but USERNAME,
	// USER_ID_FOR_SRP and DEVICE_KEY are treated as secrets.
	AuthParameters map[string]string `redact:"auth-values"`

	// ClientMetadata is passed to the user pool's Lambda triggers.
	ClientMetadata map[string]string

	// ContextData is what the server saw of the user's request, for
	// threat protection.
	ContextData *ContextDataType

	// Session continues a sign-in that chose its flow in an earlier step.
	// It is a secret.
	Session *string `redact:"secret"`
}

// Format prints the input with its secrets replaced by a fixed mark,
// whatever the verb.
func (in AdminInitiateAuthInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark, with the text and the JSON handler alike.
func (in AdminInitiateAuthInput) LogValue() slog.Value { return redaction.LogValue(in) }

// AdminInitiateAuthOutput is the response of [Client.AdminInitiateAuth]:
// either AuthenticationResult, or ChallengeName with its
// ChallengeParameters and the Session to answer it with. Printing it with
// the fmt package or logging it with log/slog never shows the tokens, the
// Session or a ChallengeParameters value other than USERNAME's,
// USER_ID_FOR_SRP's and DEVICE_KEY's.
type AdminInitiateAuthOutput struct {
	// AuthenticationResult holds the tokens when the sign-in is complete.
	AuthenticationResult *AuthenticationResultType

	// AvailableChallenges lists the challenges the user may choose from,
	// in the USER_AUTH flow.
	AvailableChallenges []ChallengeNameType

	// ChallengeName is the challenge to answer next, if any.
	ChallengeName ChallengeNameType

	// ChallengeParameters are the challenge's inputs.
	ChallengeParameters map[string]string `redact:"auth-values"`

	// Session is passed back with the answer to the challenge. It is a
	// secret.
	Session *string `redact:"secret"`

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// Format prints the output with its secrets replaced by a fixed mark,
// whatever the verb.
func (out AdminInitiateAuthOutput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, out) }

// LogValue makes log/slog print the output with its secrets replaced by a
// fixed mark.
func (out AdminInitiateAuthOutput) LogValue() slog.Value { return redaction.LogValue(out) }

var opAdminInitiateAuth = newOperation("AdminInitiateAuth", true, operation[AdminInitiateAuthInput, AdminInitiateAuthOutput]{
	validate: func(in *AdminInitiateAuthInput) error {
		v := newValidator("AdminInitiateAuthInput")
		v.requiredEnum("AuthFlow", string(in.AuthFlow))
		v.clientID("ClientId", in.ClientId)
		v.userPoolID("UserPoolId", in.UserPoolId)
		v.analyticsMetadata("AnalyticsMetadata", in.AnalyticsMetadata)
		v.stringMap("AuthParameters", in.AuthParameters)
		v.stringMap("ClientMetadata", in.ClientMetadata)
		v.contextData("ContextData", in.ContextData)
		v.session("Session", in.Session)
		return v.err()
	},
	encode: func(dst []byte, in *AdminInitiateAuthInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.analyticsMetadata("AnalyticsMetadata", in.AnalyticsMetadata)
		w.enum("AuthFlow", string(in.AuthFlow))
		w.stringMap("AuthParameters", in.AuthParameters)
		w.str("ClientId", in.ClientId)
		w.stringMap("ClientMetadata", in.ClientMetadata)
		w.contextData("ContextData", in.ContextData)
		w.str("Session", in.Session)
		w.str("UserPoolId", in.UserPoolId)
		return w.bytes()
	},
	decode: func(body string, out *AdminInitiateAuthOutput) error {
		return decodeInitiateAuthOutput(body, (*InitiateAuthOutput)(out))
	},

	metadata: func(out *AdminInitiateAuthOutput) *middleware.Metadata { return &out.ResultMetadata },
})
