package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// AdminRespondToAuthChallenge answers, from a trusted server, a challenge
// of a sign-in that AdminInitiateAuth started: it answers with the tokens,
// or with the next challenge. It is signed with the client's credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRespondToAuthChallenge.html
func (c *Client) AdminRespondToAuthChallenge(ctx context.Context, params *AdminRespondToAuthChallengeInput, optFns ...func(*Options)) (*AdminRespondToAuthChallengeOutput, error) {
	return invoke(ctx, c, opAdminRespondToAuthChallenge, params, optFns)
}

// AdminRespondToAuthChallengeInput is the request of
// [Client.AdminRespondToAuthChallenge]. ChallengeName, ClientId and
// UserPoolId are required. Printing it with the fmt package or logging it
// with log/slog shows the ChallengeResponses values of USERNAME,
// USER_ID_FOR_SRP and DEVICE_KEY only, never a password, proof, code,
// SECRET_HASH or the Session.
type AdminRespondToAuthChallengeInput struct {
	// ChallengeName is the challenge answered, as the previous step named
	// it.
	ChallengeName ChallengeNameType

	// ClientId is the ID of the user pool's app client.
	ClientId *string

	// UserPoolId is the ID of the user pool.
	UserPoolId *string

	// AnalyticsMetadata names the Amazon Pinpoint endpoint of the
	// sign-in, when the app client records analytics.
	AnalyticsMetadata *AnalyticsMetadataType

	// ChallengeResponses is the answer, such as USERNAME and
	// SOFTWARE_TOKEN_MFA_CODE. All but USERNAME, USER_ID_FOR_SRP and
	// DEVICE_KEY are treated as secrets.
	ChallengeResponses map[string]string `redact:"auth-values"`

	// ClientMetadata is passed to the user pool's Lambda triggers.
	ClientMetadata map[string]string

	// ContextData is what the server saw of the user's request, for
	// threat protection.
	ContextData *ContextDataType

	// Session is the one the challenge came with. It is a secret.
	Session *string `redact:"secret"`
}

// Format prints the input with its secrets replaced by a fixed mark,
// whatever the verb.
func (in AdminRespondToAuthChallengeInput) Format(f fmt.State, verb rune) {
	redaction.Format(f, verb, in)
}

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark, with the text and the JSON handler alike.
func (in AdminRespondToAuthChallengeInput) LogValue() slog.Value { return redaction.LogValue(in) }

// AdminRespondToAuthChallengeOutput is the response of
// [Client.AdminRespondToAuthChallenge]: either AuthenticationResult, or
// the next ChallengeName with its ChallengeParameters and Session.
// Printing it with the fmt package or logging it with log/slog never shows
// the tokens, the Session or a ChallengeParameters value other than
// USERNAME's, USER_ID_FOR_SRP's and DEVICE_KEY's.
type AdminRespondToAuthChallengeOutput struct {
	// AuthenticationResult holds the tokens when the sign-in is complete.
	AuthenticationResult *AuthenticationResultType

	// ChallengeName is the challenge to answer next, if any.
	ChallengeName ChallengeNameType

	// ChallengeParameters are the next challenge's inputs.
	ChallengeParameters map[string]string `redact:"auth-values"`

	// Session is passed back with the answer to the next challenge. It is
	// a secret.
	Session *string `redact:"secret"`

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// Format prints the output with its secrets replaced by a fixed mark,
// whatever the verb.
func (out AdminRespondToAuthChallengeOutput) Format(f fmt.State, verb rune) {
	redaction.Format(f, verb, out)
}

// LogValue makes log/slog print the output with its secrets replaced by a
// fixed mark.
func (out AdminRespondToAuthChallengeOutput) LogValue() slog.Value { return redaction.LogValue(out) }

var opAdminRespondToAuthChallenge = newOperation("AdminRespondToAuthChallenge", true, operation[AdminRespondToAuthChallengeInput, AdminRespondToAuthChallengeOutput]{
	validate: func(in *AdminRespondToAuthChallengeInput) error {
		v := newValidator("AdminRespondToAuthChallengeInput")
		v.requiredEnum("ChallengeName", string(in.ChallengeName))
		v.clientID("ClientId", in.ClientId)
		v.userPoolID("UserPoolId", in.UserPoolId)
		v.analyticsMetadata("AnalyticsMetadata", in.AnalyticsMetadata)
		v.stringMap("ChallengeResponses", in.ChallengeResponses)
		v.stringMap("ClientMetadata", in.ClientMetadata)
		v.contextData("ContextData", in.ContextData)
		v.session("Session", in.Session)
		return v.err()
	},
	encode: func(dst []byte, in *AdminRespondToAuthChallengeInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.analyticsMetadata("AnalyticsMetadata", in.AnalyticsMetadata)
		w.enum("ChallengeName", string(in.ChallengeName))
		w.stringMap("ChallengeResponses", in.ChallengeResponses)
		w.str("ClientId", in.ClientId)
		w.stringMap("ClientMetadata", in.ClientMetadata)
		w.contextData("ContextData", in.ContextData)
		w.str("Session", in.Session)
		w.str("UserPoolId", in.UserPoolId)
		return w.bytes()
	},
	decode: func(body string, out *AdminRespondToAuthChallengeOutput) error {
		return decodeRespondToAuthChallengeOutput(body, (*RespondToAuthChallengeOutput)(out))
	},

	metadata: func(out *AdminRespondToAuthChallengeOutput) *middleware.Metadata { return &out.ResultMetadata },
})
