package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// RespondToAuthChallenge answers a challenge of a sign-in that
// InitiateAuth started: it answers with the tokens, or with the next
// challenge. It is never signed and needs no AWS credentials: the app
// client ID and the session authorize it.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
func (c *Client) RespondToAuthChallenge(ctx context.Context, params *RespondToAuthChallengeInput, optFns ...func(*Options)) (*RespondToAuthChallengeOutput, error) {
	return invoke(ctx, c, opRespondToAuthChallenge, params, optFns)
}

// RespondToAuthChallengeInput is the request of
// [Client.RespondToAuthChallenge]. ChallengeName and ClientId are
// required. Printing it with the fmt package or logging it with log/slog
// shows the ChallengeResponses values of USERNAME, USER_ID_FOR_SRP and
// DEVICE_KEY only, never a password, proof, code, SECRET_HASH, the Session
// or the UserContextData.
type RespondToAuthChallengeInput struct {
	// ChallengeName is the challenge answered, as the previous step named
	// it.
	ChallengeName ChallengeNameType

	// ClientId is the ID of the user pool's app client.
	ClientId *string

	// AnalyticsMetadata names the Amazon Pinpoint endpoint of the
	// sign-in, when the app client records analytics.
	AnalyticsMetadata *AnalyticsMetadataType

	// ChallengeResponses is the answer, such as the map
	// signin.SRPSession.PasswordVerifierResponse returns. All but USERNAME,
	// USER_ID_FOR_SRP and DEVICE_KEY are treated as secrets.
	ChallengeResponses map[string]string `redact:"auth-values"`

	// ClientMetadata is passed to the user pool's Lambda triggers.
	ClientMetadata map[string]string

	// Session is the one the challenge came with. It is a secret.
	Session *string `redact:"secret"`

	// UserContextData is what the user's device reports, for threat
	// protection.
	UserContextData *UserContextDataType
}

// Format prints the input with its secrets replaced by a fixed mark,
// whatever the verb.
func (in RespondToAuthChallengeInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark, with the text and the JSON handler alike.
func (in RespondToAuthChallengeInput) LogValue() slog.Value { return redaction.LogValue(in) }

// RespondToAuthChallengeOutput is the response of
// [Client.RespondToAuthChallenge]: either AuthenticationResult, or the
// next ChallengeName with its ChallengeParameters and Session. Printing it
// with the fmt package or logging it with log/slog never shows the tokens,
// the Session or a ChallengeParameters value other than USERNAME's,
// USER_ID_FOR_SRP's and DEVICE_KEY's.
type RespondToAuthChallengeOutput struct {
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
func (out RespondToAuthChallengeOutput) Format(f fmt.State, verb rune) {
	redaction.Format(f, verb, out)
}

// LogValue makes log/slog print the output with its secrets replaced by a
// fixed mark.
func (out RespondToAuthChallengeOutput) LogValue() slog.Value { return redaction.LogValue(out) }

var opRespondToAuthChallenge = newOperation("RespondToAuthChallenge", false, operation[RespondToAuthChallengeInput, RespondToAuthChallengeOutput]{
	validate: func(in *RespondToAuthChallengeInput) error {
		v := newValidator("RespondToAuthChallengeInput")
		v.requiredEnum("ChallengeName", string(in.ChallengeName))
		v.clientID("ClientId", in.ClientId)
		v.analyticsMetadata("AnalyticsMetadata", in.AnalyticsMetadata)
		v.stringMap("ChallengeResponses", in.ChallengeResponses)
		v.stringMap("ClientMetadata", in.ClientMetadata)
		v.session("Session", in.Session)
		v.userContextData("UserContextData", in.UserContextData)
		return v.err()
	},
	encode: func(dst []byte, in *RespondToAuthChallengeInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.analyticsMetadata("AnalyticsMetadata", in.AnalyticsMetadata)
		w.enum("ChallengeName", string(in.ChallengeName))
		w.stringMap("ChallengeResponses", in.ChallengeResponses)
		w.str("ClientId", in.ClientId)
		w.stringMap("ClientMetadata", in.ClientMetadata)
		w.str("Session", in.Session)
		w.userContextData("UserContextData", in.UserContextData)
		return w.bytes()
	},
	decode: decodeRespondToAuthChallengeOutput,

	metadata: func(out *RespondToAuthChallengeOutput) *middleware.Metadata { return &out.ResultMetadata },
})

// decodeRespondToAuthChallengeOutput reads the body of
// RespondToAuthChallenge and of AdminRespondToAuthChallenge, whose
// outputs have the same members.
func decodeRespondToAuthChallengeOutput(body string, out *RespondToAuthChallengeOutput) error {
	res, err := decodeAuthResponse(body, false)
	if err != nil {
		return err
	}
	out.AuthenticationResult, out.ChallengeName = res.result, res.challenge
	out.ChallengeParameters, out.Session = res.parameters, res.session
	return nil
}
