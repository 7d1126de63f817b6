package cognitodevices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// InitiateAuth starts a user's sign-in with an app client: it answers with
// the tokens, or with the first challenge the user must answer through
// RespondToAuthChallenge. It is never signed and needs no AWS
// credentials: the app client ID authorizes it.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
func (c *Client) InitiateAuth(ctx context.Context, params *InitiateAuthInput, optFns ...func(*Options)) (*InitiateAuthOutput, error) {
	return invoke(ctx, c, opInitiateAuth, params, optFns)
}

// InitiateAuthInput is the request of [Client.InitiateAuth]. AuthFlow and
// ClientId are required. Printing it with the fmt package or logging it
// with log/slog shows the AuthParameters values of USERNAME,
// USER_ID_FOR_SRP and DEVICE_KEY only, never a password, SRP value,
// SECRET_HASH, refresh token, the Session or the UserContextData.
type InitiateAuthInput struct {
	// AuthFlow is how the sign-in starts, such as USER_SRP_AUTH.
	AuthFlow AuthFlowType

	// ClientId is the ID of the user pool's app client.
	ClientId *string

	// AnalyticsMetadata names the Amazon Pinpoint endpoint of the
	// sign-in, when the app client records analytics.
	AnalyticsMetadata *AnalyticsMetadataType

	// AuthParameters are the inputs of the flow, such as USERNAME and
	// SRP_A for USER_SRP_AUTH; signin.SRPSession.SRPA computes SRP_A and
	// signin.SecretHash SECRET_HASH. All but USERNAME, USER_ID_FOR_SRP
	// and DEVICE_KEY are treated as secrets.
	AuthParameters map[string]string `redact:"auth-values"`

	// ClientMetadata is passed to the user pool's Lambda triggers.
	ClientMetadata map[string]string

	// Session continues a sign-in that chose its flow in an earlier step.
	// It is a secret.
	Session *string `redact:"secret"`

	// UserContextData is what the user's device reports, for threat
	// protection.
	UserContextData *UserContextDataType
}

// Format prints the input with its secrets replaced by a fixed mark,
// whatever the verb.
func (in InitiateAuthInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark, with the text and the JSON handler alike.
func (in InitiateAuthInput) LogValue() slog.Value { return redaction.LogValue(in) }

// InitiateAuthOutput is the response of [Client.InitiateAuth]: either
// AuthenticationResult, or ChallengeName with its ChallengeParameters and
// the Session to answer it with. Printing it with the fmt package or
// logging it with log/slog never shows the tokens, the Session or a
// ChallengeParameters value other than USERNAME's, USER_ID_FOR_SRP's and
// DEVICE_KEY's.
type InitiateAuthOutput struct {
	// AuthenticationResult holds the tokens when the sign-in is complete.
	AuthenticationResult *AuthenticationResultType

	// AvailableChallenges lists the challenges the user may choose from,
	// in the USER_AUTH flow.
	AvailableChallenges []ChallengeNameType

	// ChallengeName is the challenge to answer next, if any.
	ChallengeName ChallengeNameType

	// ChallengeParameters are the challenge's inputs, such as SRP_B, SALT
	// and SECRET_BLOCK for PASSWORD_VERIFIER.
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
func (out InitiateAuthOutput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, out) }

// LogValue makes log/slog print the output with its secrets replaced by a
// fixed mark.
func (out InitiateAuthOutput) LogValue() slog.Value { return redaction.LogValue(out) }

var opInitiateAuth = newOperation("InitiateAuth", false, operation[InitiateAuthInput, InitiateAuthOutput]{
	validate: func(in *InitiateAuthInput) error {
		v := newValidator("InitiateAuthInput")
		v.requiredEnum("AuthFlow", string(in.AuthFlow))
		v.clientID("ClientId", in.ClientId)
		v.analyticsMetadata("AnalyticsMetadata", in.AnalyticsMetadata)
		v.stringMap("AuthParameters", in.AuthParameters)
		v.stringMap("ClientMetadata", in.ClientMetadata)
		v.session("Session", in.Session)
		v.userContextData("UserContextData", in.UserContextData)
		return v.err()
	},
	encode: func(dst []byte, in *InitiateAuthInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.analyticsMetadata("AnalyticsMetadata", in.AnalyticsMetadata)
		w.enum("AuthFlow", string(in.AuthFlow))
		w.stringMap("AuthParameters", in.AuthParameters)
		w.str("ClientId", in.ClientId)
		w.stringMap("ClientMetadata", in.ClientMetadata)
		w.str("Session", in.Session)
		w.userContextData("UserContextData", in.UserContextData)
		return w.bytes()
	},
	decode: decodeInitiateAuthOutput,

	metadata: func(out *InitiateAuthOutput) *middleware.Metadata { return &out.ResultMetadata },
})

// decodeInitiateAuthOutput reads the body of InitiateAuth and of
// AdminInitiateAuth, whose outputs have the same members.
func decodeInitiateAuthOutput(body string, out *InitiateAuthOutput) error {
	res, err := decodeAuthResponse(body, true)
	if err != nil {
		return err
	}
	out.AuthenticationResult, out.AvailableChallenges, out.ChallengeName = res.result, res.available, res.challenge
	out.ChallengeParameters, out.Session = res.parameters, res.session
	return nil
}
