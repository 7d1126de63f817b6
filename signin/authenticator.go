package signin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// SignInClient holds the operations an Authenticator calls.
// *[cognitodevices.Client] implements it, and so does
// devicestest.MockAPI.
type SignInClient interface {
	InitiateAuth(ctx context.Context, params *cd.InitiateAuthInput, optFns ...func(*cd.Options)) (*cd.InitiateAuthOutput, error)
	RespondToAuthChallenge(ctx context.Context, params *cd.RespondToAuthChallengeInput, optFns ...func(*cd.Options)) (*cd.RespondToAuthChallengeOutput, error)
	ConfirmDevice(ctx context.Context, params *cd.ConfirmDeviceInput, optFns ...func(*cd.Options)) (*cd.ConfirmDeviceOutput, error)
	UpdateDeviceStatus(ctx context.Context, params *cd.UpdateDeviceStatusInput, optFns ...func(*cd.Options)) (*cd.UpdateDeviceStatusOutput, error)
	GetDevice(ctx context.Context, params *cd.GetDeviceInput, optFns ...func(*cd.Options)) (*cd.GetDeviceOutput, error)
	GetTokensFromRefreshToken(ctx context.Context, params *cd.GetTokensFromRefreshTokenInput, optFns ...func(*cd.Options)) (*cd.GetTokensFromRefreshTokenOutput, error)
	RevokeToken(ctx context.Context, params *cd.RevokeTokenInput, optFns ...func(*cd.Options)) (*cd.RevokeTokenOutput, error)
}

// Authenticator signs users in to one app client of a user pool with
// Cognito's SRP protocol, remembered devices included: it answers the
// PASSWORD_VERIFIER, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER
// challenges itself, hands every other challenge (MFA, a new password) to
// AnswerChallenge, confirms the new devices the pool tracks, and signs in
// again without the stored device when the service says it no longer
// exists. The calls it makes are not signed and need no AWS credentials.
//
// An Authenticator is safe for concurrent use once set up. Printing it
// with fmt or log/slog never shows the client secret.
type Authenticator struct {
	// Client sends the calls; a *cognitodevices.Client is the usual
	// one. Required.
	Client SignInClient `redact:"omit"`

	// UserPoolID is the pool's ID, such as "us-east-1_EXAMPLE". Required.
	UserPoolID string

	// ClientID is the app client's ID. Required.
	ClientID string

	// ClientSecret is the app client's secret, for clients that have one;
	// the Authenticator then adds SECRET_HASH to every request. It is a
	// secret.
	ClientSecret string `redact:"secret"`

	// DeviceName names the devices the Authenticator confirms; empty
	// confirms them without a name.
	DeviceName string

	// RememberDevices answers, for a pool that leaves it to the user,
	// whether a newly confirmed device should be remembered. When true,
	// SignIn marks such a device remembered; when false, it stays
	// tracked but not remembered. Pools that remember every device ignore
	// it.
	RememberDevices bool

	// ClientMetadata, when set, is sent with every InitiateAuth and
	// RespondToAuthChallenge, for the user pool's Lambda triggers.
	ClientMetadata map[string]string

	// UseRefreshTokenAuth makes Refresh use InitiateAuth's
	// REFRESH_TOKEN_AUTH flow instead of GetTokensFromRefreshToken, for a
	// pool or a test double that does not offer the newer operation. The
	// service refuses the flow for an app client that rotates refresh
	// tokens.
	UseRefreshTokenAuth bool

	// AnswerChallenge answers the challenges the Authenticator cannot
	// answer itself, such as SMS_MFA, SOFTWARE_TOKEN_MFA or
	// NEW_PASSWORD_REQUIRED, with the ChallengeResponses to send (for
	// example SMS_MFA_CODE or NEW_PASSWORD). The Authenticator adds
	// USERNAME, SECRET_HASH and DEVICE_KEY itself. When nil, such a
	// challenge ends the sign-in with an *UnansweredChallengeError.
	AnswerChallenge func(ctx context.Context, challenge Challenge) (map[string]string, error) `redact:"omit"`
}

// Challenge is a challenge of a sign-in that the Authenticator hands to
// AnswerChallenge.
type Challenge struct {
	// Name is the challenge, such as
	// [cognitodevices.ChallengeNameTypeSmsMfa].
	Name cd.ChallengeNameType

	// Parameters are the ChallengeParameters the service sent, such as
	// CODE_DELIVERY_DESTINATION for SMS_MFA. Printed and logged, their
	// values are hidden but those of USERNAME, USER_ID_FOR_SRP and
	// DEVICE_KEY, as the client's ChallengeParameters are.
	Parameters map[string]string `redact:"auth-values"`

	// Username is the name the service knows the user by.
	Username string

	// Available lists the first factors the user may choose from, for
	// SELECT_CHALLENGE; answer with ANSWER set to one of them and that
	// factor's parameters (such as PASSWORD).
	Available []cd.ChallengeNameType
}

// Format prints the challenge with its parameter values hidden.
func (c Challenge) Format(f fmt.State, verb rune) { redaction.Format(f, verb, c) }

// LogValue makes log/slog print the challenge with its parameter values
// hidden.
func (c Challenge) LogValue() slog.Value { return redaction.LogValue(c) }

// RememberedDevice is what an application stores to sign in with a
// device later: its key, its group key and the device password the
// Authenticator generated when it confirmed the device. The password is
// a secret that lets its holder sign in without MFA where the pool
// allows it: keep it as the application keeps the refresh token (the
// platform's keychain or an encrypted store), never in logs. Printing a
// RememberedDevice with fmt or log/slog hides the password; encoding it
// with encoding/json, for storage, does not.
type RememberedDevice struct {
	DeviceKey      string `json:"deviceKey"`
	DeviceGroupKey string `json:"deviceGroupKey"`
	DevicePassword string `json:"devicePassword" redact:"secret"`
}

// Format prints the device with its password replaced by a fixed mark.
func (d RememberedDevice) Format(f fmt.State, verb rune) { redaction.Format(f, verb, d) }

// LogValue makes log/slog print the device without its password.
func (d RememberedDevice) LogValue() slog.Value { return redaction.LogValue(d) }

// SignInResult is the outcome of a sign-in.
type SignInResult struct {
	// AuthenticationResult holds the tokens. They are secrets.
	AuthenticationResult *cd.AuthenticationResultType

	// Username is the name the service knows the user by (its
	// USER_ID_FOR_SRP), which Refresh needs for clients with a secret.
	Username string

	// Device is the device to store for the next sign-in: the one given
	// to SignIn, or the one confirmed during this sign-in, or nil when
	// there is neither.
	Device *RememberedDevice

	// NewDevice reports that Device was confirmed during this sign-in and
	// should replace whatever the application stored.
	NewDevice bool

	// DeviceRemembered reports, for a new device, whether it is
	// remembered.
	DeviceRemembered bool

	// StoredDeviceGone reports that the device given to SignIn no longer
	// exists (it was forgotten), so the Authenticator signed in without
	// it. The application should delete it from its store.
	StoredDeviceGone bool
}

// Format prints the result with its tokens and device password replaced
// by a fixed mark.
func (r SignInResult) Format(f fmt.State, verb rune) { redaction.Format(f, verb, r) }

// LogValue makes log/slog print the result without its secrets.
func (r SignInResult) LogValue() slog.Value { return redaction.LogValue(r) }

// UnansweredChallengeError reports a challenge that the Authenticator
// cannot answer itself and that no AnswerChallenge answered.
type UnansweredChallengeError struct {
	Name cd.ChallengeNameType
}

// Error names the challenge that went unanswered, cut to its first 64
// bytes.
func (e *UnansweredChallengeError) Error() string {
	return "signin: the sign-in needs an answer to the " + quote(string(e.Name)) + " challenge and the Authenticator has no AnswerChallenge"
}

// maxQuoted is how much of a value from the service an error quotes.
const maxQuoted = 64

// quote returns s quoted, cut to its first maxQuoted bytes with its
// length when longer, so that an error never carries a hostile answer's
// megabytes.
func quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:maxQuoted]) + "... (" + strconv.Itoa(len(s)) + " bytes)"
}

// validChallengeName reports whether name has the form of the service's
// challenge names: 1 to 64 upper-case letters, digits and underscores.
// Any other name ends the sign-in without an answer.
func validChallengeName(name cd.ChallengeNameType) bool {
	if len(name) == 0 || len(name) > maxQuoted {
		return false
	}
	for _, c := range []byte(name) {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// ErrStoredDeviceRefused is wrapped, together with the service's
// *[cognitodevices.NotAuthorizedException], around the failure of a
// sign-in whose stored device the service refused: the proof of its
// device password did not pass, because the password is wrong or was
// lost. The user's password was accepted; the application should discard
// the stored device and sign in without it. Only the service's refusal of
// the proof carries it: a failure that says nothing about the device (a
// server error, throttling, a deadline, an expired or lost sign-in
// session) does not, and the device should be kept.
var ErrStoredDeviceRefused = errors.New("signin: the service refused the stored device's proof")

// maxSignInSteps bounds the challenges of one sign-in, so that a service
// that keeps asking cannot keep the Authenticator busy for ever.
const maxSignInSteps = 16

// Format prints the Authenticator without its client secret.
func (a Authenticator) Format(f fmt.State, verb rune) { redaction.Format(f, verb, a) }

// LogValue makes log/slog print the Authenticator without its secret.
func (a Authenticator) LogValue() slog.Value { return redaction.LogValue(a) }

func (a *Authenticator) check() error {
	switch {
	case a.Client == nil:
		return errors.New("signin: Authenticator.Client is nil")
	case a.ClientID == "":
		return errors.New("signin: Authenticator.ClientID is empty")
	case !strings.Contains(a.UserPoolID, "_"):
		return fmt.Errorf("signin: Authenticator.UserPoolID %q is not a user pool ID", a.UserPoolID)
	}
	return nil
}

// SignIn signs username in with password through USER_SRP_AUTH. With a
// device stored from an earlier sign-in, it names the device and proves
// it with device SRP, which skips MFA when the device is remembered and
// the pool allows it. When the service answers that the device does not
// exist, SignIn signs in again without it and sets StoredDeviceGone.
// When the pool tracks devices and the sign-in named none, SignIn
// confirms the new device (and remembers it, per RememberDevices) and
// returns it in Device, with NewDevice set; if confirming fails, it
// returns the tokens with the error.
//
// Errors of the service keep their types: a wrong password is a
// *[cognitodevices.NotAuthorizedException], a wrong MFA code a
// *[cognitodevices.CodeMismatchException]. A stored device whose proof
// the service refuses also wraps ErrStoredDeviceRefused.
func (a *Authenticator) SignIn(ctx context.Context, username, password string, device *RememberedDevice) (*SignInResult, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	if username == "" || password == "" {
		return nil, errors.New("signin: SignIn needs a username and a password")
	}
	if device != nil && (device.DeviceKey == "" || device.DeviceGroupKey == "" || device.DevicePassword == "") {
		return nil, errors.New("signin: the stored device lacks its key, group key or password")
	}
	return withStoredDevice(device, func(device *RememberedDevice) (*SignInResult, error) {
		return a.srpSignIn(ctx, username, password, device)
	})
}

// withStoredDevice runs a sign-in with the stored device, and again
// without it, with StoredDeviceGone set, when the service answers that
// the device does not exist. The result's Device is the device to store:
// the new one, or else the one given.
func withStoredDevice(device *RememberedDevice, signIn func(*RememberedDevice) (*SignInResult, error)) (*SignInResult, error) {
	res, err := signIn(device)
	if device != nil && isDeviceGone(err) {
		res, err = signIn(nil)
		if res != nil {
			res.StoredDeviceGone = true
		}
	}
	if err != nil {
		return res, err
	}
	if res.Device == nil && !res.StoredDeviceGone {
		res.Device = device
	}
	return res, nil
}

// SignInWithChoice signs username in with the choice-based USER_AUTH
// flow, naming the stored device (nil for none) so that a remembered
// device proves itself with device SRP and skips MFA where the service
// allows it. preferred is the first factor to ask for (PREFERRED_CHALLENGE),
// empty for none: PASSWORD_SRP or PASSWORD need password; EMAIL_OTP and
// SMS_OTP send the user a code, which the service asks for with a
// challenge of that name that goes to AnswerChallenge, as MFA codes do
// (answer with EMAIL_OTP_CODE or SMS_OTP_CODE). When the service lets the
// user choose (SELECT_CHALLENGE), SignInWithChoice answers PASSWORD_SRP,
// or else PASSWORD, when a password is given and the user has that
// factor; otherwise AnswerChallenge is asked, with Challenge.Available
// listing the factors, and answers with ANSWER and the factor's
// parameters. New devices, a forgotten stored device and errors are
// handled as SignIn handles them.
func (a *Authenticator) SignInWithChoice(ctx context.Context, username, password string, preferred cd.ChallengeNameType, device *RememberedDevice) (*SignInResult, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	if username == "" {
		return nil, errors.New("signin: SignInWithChoice needs a username")
	}
	if (preferred == cd.ChallengeNameTypePasswordSrp || preferred == cd.ChallengeNameTypePassword) && password == "" {
		return nil, fmt.Errorf("signin: the %s factor needs a password", preferred)
	}
	if device != nil && (device.DeviceKey == "" || device.DeviceGroupKey == "" || device.DevicePassword == "") {
		return nil, errors.New("signin: the stored device lacks its key, group key or password")
	}
	return withStoredDevice(device, func(device *RememberedDevice) (*SignInResult, error) {
		return a.userAuthSignIn(ctx, username, password, preferred, device)
	})
}

// userAuthSignIn runs one USER_AUTH sign-in to its end.
func (a *Authenticator) userAuthSignIn(ctx context.Context, username, password string, preferred cd.ChallengeNameType, device *RememberedDevice) (*SignInResult, error) {
	// The SRP session (a 3072-bit exponentiation) is made only when a
	// password may be proved: a sign-in by one-time code needs none.
	var srp *SRPSession
	if password != "" {
		var err error
		if srp, err = NewSRPSession(nil); err != nil {
			return nil, err
		}
	}
	params := map[string]string{"USERNAME": username}
	a.addSecretHash(params, username)
	if device != nil {
		params["DEVICE_KEY"] = device.DeviceKey
	}
	if preferred != "" {
		params["PREFERRED_CHALLENGE"] = string(preferred)
	}
	switch preferred {
	case cd.ChallengeNameTypePasswordSrp:
		params["SRP_A"] = srp.SRPA()
	case cd.ChallengeNameTypePassword:
		params["PASSWORD"] = password
	}
	first, err := a.initiateAuth(ctx, cd.AuthFlowTypeUserAuth, params)
	if err != nil {
		return nil, err
	}
	user := username
	out := &cd.RespondToAuthChallengeOutput{AuthenticationResult: first.AuthenticationResult, ChallengeName: first.ChallengeName,
		ChallengeParameters: first.ChallengeParameters, Session: first.Session}
	if first.AuthenticationResult == nil && first.ChallengeName == cd.ChallengeNameTypeSelectChallenge {
		responses, err := a.chooseFirstFactor(ctx, first, user, password, srp)
		if err != nil {
			return nil, err
		}
		out, err = a.respond(ctx, &cd.RespondToAuthChallengeInput{ChallengeName: cd.ChallengeNameTypeSelectChallenge, Session: first.Session}, user, responses, device)
		if err != nil {
			return nil, err
		}
	}
	verified := false
	for n := 0; out.AuthenticationResult == nil; n++ {
		if n == maxSignInSteps {
			return nil, fmt.Errorf("signin: the sign-in did not end after %d challenges", maxSignInSteps)
		}
		if out.ChallengeName == cd.ChallengeNameTypePasswordVerifier && !verified && password != "" {
			verified = true
			var responses map[string]string
			responses, err = srp.PasswordVerifierResponse(a.UserPoolID, password, out.ChallengeParameters, time.Now())
			if err != nil {
				return nil, err
			}
			user = responses["USERNAME"]
			out, err = a.respond(ctx, &cd.RespondToAuthChallengeInput{ChallengeName: cd.ChallengeNameTypePasswordVerifier, Session: out.Session}, user, responses, device)
		} else {
			out, err = a.continueSignIn(ctx, out, user, device)
		}
		if err != nil {
			return nil, err
		}
	}
	return a.finish(ctx, out, user)
}

// chooseFirstFactor answers SELECT_CHALLENGE: with PASSWORD_SRP or
// PASSWORD when there is a password and the user has that factor, or
// else as AnswerChallenge says.
func (a *Authenticator) chooseFirstFactor(ctx context.Context, first *cd.InitiateAuthOutput, user, password string, srp *SRPSession) (map[string]string, error) {
	if password != "" {
		switch {
		case slices.Contains(first.AvailableChallenges, cd.ChallengeNameTypePasswordSrp):
			return map[string]string{"ANSWER": string(cd.ChallengeNameTypePasswordSrp), "SRP_A": srp.SRPA()}, nil
		case slices.Contains(first.AvailableChallenges, cd.ChallengeNameTypePassword):
			return map[string]string{"ANSWER": string(cd.ChallengeNameTypePassword), "PASSWORD": password}, nil
		}
	}
	if a.AnswerChallenge == nil {
		return nil, &UnansweredChallengeError{Name: cd.ChallengeNameTypeSelectChallenge}
	}
	responses, err := a.AnswerChallenge(ctx, Challenge{Name: cd.ChallengeNameTypeSelectChallenge, Parameters: first.ChallengeParameters,
		Username: user, Available: first.AvailableChallenges})
	if err != nil {
		return nil, err
	}
	if responses["ANSWER"] == "" {
		return nil, errors.New("signin: AnswerChallenge answered SELECT_CHALLENGE without an ANSWER")
	}
	return responses, nil
}

// isDeviceGone reports whether err is the service's answer to a device
// that does not exist. ResourceNotFoundException has other causes (an
// unknown pool or client), so the message is checked too.
func isDeviceGone(err error) bool {
	var e *cd.ResourceNotFoundException
	return errors.As(err, &e) && strings.Contains(strings.ToLower(e.ErrorMessage()), "device")
}

// srpSignIn runs one USER_SRP_AUTH sign-in to its end, naming and
// proving device unless it is nil, and confirms the new device the
// service may issue. SignIn calls it once, and again without the device
// when the service says the device is gone.
func (a *Authenticator) srpSignIn(ctx context.Context, username, password string, device *RememberedDevice) (*SignInResult, error) {
	srp, err := NewSRPSession(nil)
	if err != nil {
		return nil, err
	}
	params := map[string]string{"USERNAME": username, "SRP_A": srp.SRPA()}
	a.addSecretHash(params, username)
	if device != nil {
		params["DEVICE_KEY"] = device.DeviceKey
	}
	first, err := a.initiateAuth(ctx, cd.AuthFlowTypeUserSrpAuth, params)
	if err != nil {
		return nil, err
	}
	if first.ChallengeName != cd.ChallengeNameTypePasswordVerifier {
		return nil, fmt.Errorf("signin: USER_SRP_AUTH answered with challenge %s, not PASSWORD_VERIFIER", quote(string(first.ChallengeName)))
	}
	responses, err := srp.PasswordVerifierResponse(a.UserPoolID, password, first.ChallengeParameters, time.Now())
	if err != nil {
		return nil, err
	}
	// From here on the service's USERNAME, not the name the user typed
	// (which may be an alias), goes into every answer.
	user := responses["USERNAME"]
	step := &cd.RespondToAuthChallengeInput{ChallengeName: cd.ChallengeNameTypePasswordVerifier, Session: first.Session}
	out, err := a.respond(ctx, step, user, responses, device)
	for n := 0; err == nil && out.AuthenticationResult == nil; n++ {
		if n == maxSignInSteps {
			return nil, fmt.Errorf("signin: the sign-in did not end after %d challenges", maxSignInSteps)
		}
		out, err = a.continueSignIn(ctx, out, user, device)
	}
	if err != nil {
		return nil, err
	}
	return a.finish(ctx, out, user)
}

// finish ends a sign-in whose last reply is out: it requires the tokens
// and confirms the new device the service may have issued.
func (a *Authenticator) finish(ctx context.Context, out *cd.RespondToAuthChallengeOutput, user string) (*SignInResult, error) {
	if err := checkTokens(out.AuthenticationResult, true); err != nil {
		return nil, err
	}
	res := &SignInResult{AuthenticationResult: out.AuthenticationResult, Username: user}
	if meta := out.AuthenticationResult.NewDeviceMetadata; meta != nil {
		return res, a.confirm(ctx, res, meta)
	}
	return res, nil
}

// continueSignIn answers the challenge of out, the service's last reply,
// and returns the service's reply to the answer. DEVICE_SRP_AUTH takes
// two requests (see proveDevice); PASSWORD_VERIFIER,
// DEVICE_PASSWORD_VERIFIER or no challenge at all is an error here; any
// other challenge, such as MFA or a new password, goes to
// AnswerChallenge.
func (a *Authenticator) continueSignIn(ctx context.Context, out *cd.RespondToAuthChallengeOutput, user string, device *RememberedDevice) (*cd.RespondToAuthChallengeOutput, error) {
	if !validChallengeName(out.ChallengeName) {
		return nil, fmt.Errorf("signin: the service sent neither tokens nor a well-formed challenge name (it sent %s)", quote(string(out.ChallengeName)))
	}
	switch out.ChallengeName {
	case cd.ChallengeNameTypeDeviceSrpAuth:
		return a.proveDevice(ctx, out.Session, user, device)
	case cd.ChallengeNameTypePasswordVerifier, cd.ChallengeNameTypeDevicePasswordVerifier, "":
		return nil, fmt.Errorf("signin: the service sent challenge %s out of turn", quote(string(out.ChallengeName)))
	}
	if a.AnswerChallenge == nil {
		return nil, &UnansweredChallengeError{Name: out.ChallengeName}
	}
	responses, err := a.AnswerChallenge(ctx, Challenge{Name: out.ChallengeName, Parameters: out.ChallengeParameters, Username: user})
	if err != nil {
		return nil, err
	}
	return a.respond(ctx, &cd.RespondToAuthChallengeInput{ChallengeName: out.ChallengeName, Session: out.Session}, user, responses, device)
}

// proveDevice answers DEVICE_SRP_AUTH, whose session is given, with the
// two requests of device authentication: DEVICE_SRP_AUTH with the
// device's SRP_A, then the proof of the device password for the
// DEVICE_PASSWORD_VERIFIER challenge the service answers with. It returns
// the service's reply to the proof; an error for the proof wraps
// ErrStoredDeviceRefused.
func (a *Authenticator) proveDevice(ctx context.Context, session *string, user string, device *RememberedDevice) (*cd.RespondToAuthChallengeOutput, error) {
	if device == nil {
		return nil, errors.New("signin: the service asked for device authentication of a sign-in that named no device")
	}
	srp, err := NewSRPSession(nil)
	if err != nil {
		return nil, err
	}
	challenge, err := a.respond(ctx, &cd.RespondToAuthChallengeInput{ChallengeName: cd.ChallengeNameTypeDeviceSrpAuth, Session: session},
		user, map[string]string{"USERNAME": user, "SRP_A": srp.SRPA()}, device)
	if err != nil {
		return nil, err
	}
	if challenge.ChallengeName != cd.ChallengeNameTypeDevicePasswordVerifier {
		return nil, fmt.Errorf("signin: DEVICE_SRP_AUTH answered with challenge %s, not DEVICE_PASSWORD_VERIFIER", quote(string(challenge.ChallengeName)))
	}
	responses, err := srp.DevicePasswordVerifierResponse(device.DeviceGroupKey, device.DeviceKey, device.DevicePassword, challenge.ChallengeParameters, time.Now())
	if err != nil {
		return nil, err
	}
	out, err := a.respond(ctx, &cd.RespondToAuthChallengeInput{ChallengeName: cd.ChallengeNameTypeDevicePasswordVerifier, Session: challenge.Session},
		user, responses, device)
	if refusedProof(err) {
		return nil, fmt.Errorf("%w: %w", ErrStoredDeviceRefused, err)
	}
	return out, err
}

// refusedProof reports whether err is the service's refusal of a device
// proof: a NotAuthorizedException that is not about the sign-in's session
// (an expired session, or one the service no longer knows after an
// answer was lost and the request retried, says nothing about the
// device).
func refusedProof(err error) bool {
	var refused *cd.NotAuthorizedException
	return errors.As(err, &refused) && !strings.Contains(strings.ToLower(refused.ErrorMessage()), "session")
}

// checkTokens requires the tokens of a successful sign-in or refresh: an
// access and an ID token, and a refresh token when withRefresh. A
// response that ends a sign-in without them is an error, not a success
// the application would dereference.
func checkTokens(r *cd.AuthenticationResultType, withRefresh bool) error {
	switch {
	case r == nil:
		return errors.New("signin: the service ended the sign-in without an AuthenticationResult")
	case aws.ToString(r.AccessToken) == "":
		return errors.New("signin: the service's AuthenticationResult has no AccessToken")
	case aws.ToString(r.IdToken) == "":
		return errors.New("signin: the service's AuthenticationResult has no IdToken")
	case withRefresh && aws.ToString(r.RefreshToken) == "":
		return errors.New("signin: the service's AuthenticationResult has no RefreshToken")
	}
	return nil
}

// respond sends one RespondToAuthChallenge with responses completed by
// USERNAME, SECRET_HASH and the device's key.
func (a *Authenticator) respond(ctx context.Context, in *cd.RespondToAuthChallengeInput, user string, responses map[string]string, device *RememberedDevice) (*cd.RespondToAuthChallengeOutput, error) {
	r := make(map[string]string, len(responses)+3)
	for k, v := range responses {
		r[k] = v
	}
	if r["USERNAME"] == "" {
		r["USERNAME"] = user
	}
	a.addSecretHash(r, r["USERNAME"])
	if device != nil {
		r["DEVICE_KEY"] = device.DeviceKey
	}
	in.ClientId = aws.String(a.ClientID)
	in.ChallengeResponses = r
	in.ClientMetadata = a.ClientMetadata
	return requireOutput(a.Client.RespondToAuthChallenge(ctx, in))
}

// errNoOutput reports a SignInClient that returned neither an output nor
// an error, as a mock without a return value does.
var errNoOutput = errors.New("signin: the sign-in client returned no output and no error")

// requireOutput passes on what a SignInClient call returned, with
// errNoOutput in place of a nil output that came without an error.
func requireOutput[T any](out *T, err error) (*T, error) {
	if err == nil && out == nil {
		return nil, errNoOutput
	}
	return out, err
}

// initiateAuth starts a sign-in or refresh of the flow with params, the
// app client and ClientMetadata, and refuses an answer without output.
func (a *Authenticator) initiateAuth(ctx context.Context, flow cd.AuthFlowType, params map[string]string) (*cd.InitiateAuthOutput, error) {
	return requireOutput(a.Client.InitiateAuth(ctx, &cd.InitiateAuthInput{
		AuthFlow:       flow,
		ClientId:       aws.String(a.ClientID),
		AuthParameters: params,
		ClientMetadata: a.ClientMetadata,
	}))
}

func (a *Authenticator) addSecretHash(params map[string]string, username string) {
	if a.ClientSecret != "" {
		params["SECRET_HASH"] = SecretHash(username, a.ClientID, a.ClientSecret)
	}
}

// confirm confirms the device the pool has just tracked and remembers it
// when the pool leaves that to the user and RememberDevices says so.
func (a *Authenticator) confirm(ctx context.Context, res *SignInResult, meta *cd.NewDeviceMetadataType) error {
	key, group := aws.ToString(meta.DeviceKey), aws.ToString(meta.DeviceGroupKey)
	verifier, password, err := cd.GenerateDeviceSecretVerifier(group, key)
	if err != nil {
		return err
	}
	in := &cd.ConfirmDeviceInput{
		AccessToken:                res.AuthenticationResult.AccessToken,
		DeviceKey:                  meta.DeviceKey,
		DeviceSecretVerifierConfig: verifier,
	}
	if a.DeviceName != "" {
		in.DeviceName = aws.String(a.DeviceName)
	}
	out, err := requireOutput(a.Client.ConfirmDevice(ctx, in))
	var exists *cd.DeviceKeyExistsException
	switch {
	case errors.As(err, &exists):
		// The device is confirmed already: the first ConfirmDevice was
		// applied but its answer was lost, and the retry of the same
		// request (the same verifier) found the device. It is usable
		// with the password generated here; whether it is remembered is
		// asked of the service.
		remembered, err := a.deviceRemembered(ctx, res.AuthenticationResult.AccessToken, meta.DeviceKey)
		if err != nil {
			return fmt.Errorf("signin: the new device %s is confirmed, but reading whether it is remembered failed: %w", key, err)
		}
		out = &cd.ConfirmDeviceOutput{UserConfirmationNecessary: !remembered}
	case err != nil:
		return fmt.Errorf("signin: confirming the new device %s failed, and it may or may not be confirmed on the service (a device confirmed without its password cannot sign in; ForgetDevice removes it): %w", key, err)
	}
	res.Device = &RememberedDevice{DeviceKey: key, DeviceGroupKey: group, DevicePassword: password}
	res.NewDevice = true
	res.DeviceRemembered = !out.UserConfirmationNecessary
	if out.UserConfirmationNecessary && a.RememberDevices {
		if _, err := a.Client.UpdateDeviceStatus(ctx, &cd.UpdateDeviceStatusInput{
			AccessToken:            res.AuthenticationResult.AccessToken,
			DeviceKey:              meta.DeviceKey,
			DeviceRememberedStatus: cd.DeviceRememberedStatusTypeRemembered,
		}); err != nil {
			return fmt.Errorf("signin: remembering the new device: %w", err)
		}
		res.DeviceRemembered = true
	}
	return nil
}

// deviceRemembered asks the service whether a device of the user is
// remembered: GetDevice shows remembered devices only, and answers
// ResourceNotFoundException for one that is not.
func (a *Authenticator) deviceRemembered(ctx context.Context, accessToken, deviceKey *string) (bool, error) {
	out, err := requireOutput(a.Client.GetDevice(ctx, &cd.GetDeviceInput{AccessToken: accessToken, DeviceKey: deviceKey}))
	var notFound *cd.ResourceNotFoundException
	switch {
	case errors.As(err, &notFound):
		return false, nil
	case err != nil:
		return false, err
	case out.Device == nil:
		return false, errors.New("signin: GetDevice answered without the device")
	}
	return out.Device.RememberedStatus() == cd.DeviceRememberedStatusTypeRemembered, nil
}

// Refresh gets new access and ID tokens with a refresh token. username is
// SignInResult.Username; device is the device the tokens were issued to,
// nil when none was.
//
// It calls GetTokensFromRefreshToken with the device's key in DeviceKey
// and the client secret. A refresh token issued to a device refreshes
// only with that device's key: without it, or after the device was
// forgotten, the service answers NotAuthorizedException and the user must
// sign in again (and tokens refreshed without a device belong to none, so
// the next sign-in gets a new device). When the app client rotates
// refresh tokens, the result carries a new RefreshToken that replaces the
// one given, which stops working once its grace period ends (a later use
// fails with RefreshTokenReuseException): store the new one before using
// the tokens, as TokenSource does. Without rotation the result has no
// RefreshToken; keep using the one you have.
//
// With UseRefreshTokenAuth, Refresh uses InitiateAuth's REFRESH_TOKEN_AUTH
// flow instead (with DEVICE_KEY and SECRET_HASH, for which username is
// needed when the client has a secret); the service refuses that flow for
// an app client that rotates refresh tokens.
func (a *Authenticator) Refresh(ctx context.Context, username, refreshToken string, device *RememberedDevice) (*cd.AuthenticationResultType, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	if refreshToken == "" {
		return nil, errors.New("signin: Refresh needs a refresh token")
	}
	var result *cd.AuthenticationResultType
	if a.UseRefreshTokenAuth {
		params := map[string]string{"REFRESH_TOKEN": refreshToken}
		if a.ClientSecret != "" {
			if username == "" {
				return nil, errors.New("signin: Refresh needs the username for a client with a secret")
			}
			a.addSecretHash(params, username)
		}
		if device != nil {
			params["DEVICE_KEY"] = device.DeviceKey
		}
		out, err := a.initiateAuth(ctx, cd.AuthFlowTypeRefreshTokenAuth, params)
		if err != nil {
			return nil, err
		}
		if out.AuthenticationResult == nil {
			return nil, fmt.Errorf("signin: REFRESH_TOKEN_AUTH answered with challenge %s and no tokens", quote(string(out.ChallengeName)))
		}
		result = out.AuthenticationResult
	} else {
		in := &cd.GetTokensFromRefreshTokenInput{
			ClientId:       aws.String(a.ClientID),
			RefreshToken:   aws.String(refreshToken),
			ClientMetadata: a.ClientMetadata,
		}
		if a.ClientSecret != "" {
			in.ClientSecret = aws.String(a.ClientSecret)
		}
		if device != nil {
			in.DeviceKey = aws.String(device.DeviceKey)
		}
		out, err := requireOutput(a.Client.GetTokensFromRefreshToken(ctx, in))
		if err != nil {
			return nil, err
		}
		result = out.AuthenticationResult
	}
	if err := checkTokens(result, false); err != nil {
		return nil, err
	}
	return result, nil
}
