package devicestest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// Sign-in: InitiateAuth and RespondToAuthChallenge, authorized by the app
// client ID, and their signed Admin twins. The server runs the service's
// SRP exchanges for real (a wrong password or device password fails as it
// does on the service), asks for MFA and new passwords, tracks new devices
// and issues tokens that work with the device operations.

// Lifetimes of what sign-in hands out, as the service's defaults (see
// also refreshTokenLifetime).
const (
	sessionLifetime = 3 * time.Minute
	tokenLifetime   = time.Hour
)

// appClient is an app client of a pool. A public client has no secret.
type appClient struct {
	pool, id, secret string
	// rotation is on when the client rotates refresh tokens: refreshes go
	// through GetTokensFromRefreshToken only, each returns a new refresh
	// token, and the one sent stops working grace after the refresh.
	rotation bool
	grace    time.Duration
}

// authState is the sign-in state of the server: app clients by ID,
// sign-ins waiting for a challenge answer by session (and, for the SRP
// steps, by secret block), refresh tokens (see tokens.go), and the last
// refresh token family issued.
type authState struct {
	clients  map[string]*appClient
	sessions map[string]*authSession
	refresh  map[tokenKey]refreshGrant
	families uint64
}

func newAuthState() authState {
	return authState{clients: map[string]*appClient{}, sessions: map[string]*authSession{}, refresh: map[tokenKey]refreshGrant{}}
}

// authSession is one sign-in between its first request and its tokens.
type authSession struct {
	pool, client, username string
	admin                  bool // started with AdminInitiateAuth
	// passwordless is true when the first factor was a one-time code
	// (USER_AUTH's EMAIL_OTP or SMS_OTP), which MFA does not follow.
	passwordless bool
	challenge    string
	keys         []string // the sessions map keys that lead here
	expires      time.Time
	exchange     *srpExchange

	deviceKey    string // the confirmed device the sign-in names
	deviceAuthed bool   // the device's SRP proof was checked
	mfaDone      bool
}

// refreshGrant is what a refresh token stands for.
type refreshGrant struct {
	pool, username, client string
	deviceKey              string // the device the tokens were issued to, if any
	// family is shared by the refresh tokens that rotation issued from
	// one sign-in, and by the access tokens issued from them: revoking
	// one refresh token revokes them all.
	family uint64
	// expires is refreshTokenLifetime after the sign-in; rotation does
	// not extend it.
	expires expiry
	// rotatedAt, when set, is when rotation replaced the token; it works
	// until the client's grace period after that.
	rotatedAt time.Time
	revoked   bool
}

// signInUser is the sign-in part of a user: the SRP salt and verifier of
// the password (and the password, for USER_PASSWORD_AUTH), the SMS code,
// whether the user must choose a new password, and the group keys of the
// devices sign-in tracked, confirmed or not.
type signInUser struct {
	sub               string
	password          string
	salt, verifier    *big.Int
	mfaCode           string
	emailOTP, smsOTP  string // the one-time codes of USER_AUTH's EMAIL_OTP and SMS_OTP
	mustResetPassword bool
	pending           map[string]string // device key -> group key, not yet confirmed
	pendingOrder      []string          // the keys of pending, oldest first, and keys confirmed since
	groups            map[string]string // device key -> group key, confirmed
}

// maxPendingDevices is how many devices sign-in issued a user may wait
// for ConfirmDevice: beyond it, the oldest is forgotten, so that sign-ins
// that never confirm their device do not make a long-running server grow
// without bound.
const maxPendingDevices = 64

// addPending records a device sign-in issued, to be confirmed with
// ConfirmDevice, forgetting the oldest beyond maxPendingDevices.
func (u *signInUser) addPending(deviceKey, groupKey string) {
	u.pending[deviceKey] = groupKey
	u.pendingOrder = append(u.pendingOrder, deviceKey)
	for len(u.pending) > maxPendingDevices {
		delete(u.pending, u.pendingOrder[0]) // nothing when confirmed since
		u.pendingOrder = u.pendingOrder[1:]
	}
	if len(u.pendingOrder) > 2*maxPendingDevices {
		u.pendingOrder = slices.DeleteFunc(slices.Clone(u.pendingOrder), func(k string) bool { return u.pending[k] == "" })
	}
}

// SetPassword sets the password a user signs in with, creating the pool
// and the user when needed. The server keeps the SRP verifier of the
// password, as the service does, and the password itself for
// USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH.
func (s *Server) SetPassword(userPoolID, username, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user(userPoolID, username).setPassword(userPoolID, username, password)
}

func (u *user) setPassword(poolID, username, password string) {
	u.password = password
	u.salt, u.verifier = newUserVerifier(poolName(poolID), username, password)
}

// poolName is the part of a pool ID after the underscore, the realm of
// the users' SRP.
func poolName(poolID string) string {
	_, name, _ := strings.Cut(poolID, "_")
	return name
}

// AddAppClient creates an app client of the pool, creating the pool when
// needed. An empty secret makes a public client; otherwise sign-in
// requests must carry the SECRET_HASH of the secret. Client IDs are
// unique across pools: adding an ID that exists moves it.
func (s *Server) AddAppClient(userPoolID, clientID, clientSecret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pool(userPoolID)
	s.auth.clients[clientID] = &appClient{pool: userPoolID, id: clientID, secret: clientSecret}
}

// SetDeviceTracking turns device tracking on for the pool with the given
// configuration, creating the pool when needed: an SRP sign-in that names
// no device gets NewDeviceMetadata, ConfirmDevice remembers the device at
// once unless cfg.DeviceOnlyRememberedOnUserPrompt, and, with
// cfg.ChallengeRequiredOnNewDevice, a remembered device signs in without
// MFA.
func (s *Server) SetDeviceTracking(userPoolID string, cfg cognitodevices.DeviceConfigurationType) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pool(userPoolID).tracking = &cfg
}

// SetMFACode makes the user answer an SMS_MFA challenge with code after
// the password, unless signing in from a remembered device in a pool that
// lets remembered devices skip MFA. An empty code turns MFA off. The pool
// and the user are created when needed.
func (s *Server) SetMFACode(userPoolID, username, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user(userPoolID, username).mfaCode = code
}

// RequireNewPassword makes the user's next sign-in answer a
// NEW_PASSWORD_REQUIRED challenge after the password, as the service asks
// of a user an administrator created. The pool and the user are created
// when needed.
func (s *Server) RequireNewPassword(userPoolID, username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user(userPoolID, username).mustResetPassword = true
}

// authInput is the input of the four sign-in operations.
type authInput struct {
	AuthFlow, ChallengeName *string
	ClientId, UserPoolId    *string
	Session                 *string
	AuthParameters          map[string]string
	ChallengeResponses      map[string]string
	ClientMetadata          map[string]string
	AnalyticsMetadata       *struct{ AnalyticsEndpointId *string }
	UserContextData         *struct{ EncodedData, IpAddress *string }
	ContextData             json.RawMessage
}

// The auth flows and challenges the service knows; the server serves the
// ones its sign-in implements and refuses the others as unsupported.
var (
	authFlows = []string{"USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH",
		"USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH"}
	challengeNames = []string{"SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER",
		"CUSTOM_CHALLENGE", "SELECT_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH",
		"NEW_PASSWORD_REQUIRED", "SMS_OTP", "PASSWORD", "WEB_AUTHN", "PASSWORD_SRP"}
)

// Limits of the sign-in members, from the API reference.
const (
	maxClientIDLen = 128
	minSessionLen  = 20
	maxSessionLen  = 2048
)

// check validates the members common to the four operations; enumMember
// names the AuthFlow or ChallengeName member.
func (in *authInput) check(v *validation, admin bool, enumMember string, enum *string, values []string) {
	v.required(enumMember, enum, 0)
	if enum != nil && !slices.Contains(values, *enum) {
		v.add("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", *enum, enumMember, strings.Join(values, ", "))
	}
	v.required("clientId", in.ClientId, maxClientIDLen)
	if admin {
		v.required("userPoolId", in.UserPoolId, maxUserPoolIDLen)
	}
	if in.Session != nil {
		if n := len(*in.Session); n < minSessionLen || n > maxSessionLen {
			v.add("Value at 'session' failed to satisfy constraint: Member must have length between %d and %d", minSessionLen, maxSessionLen)
		}
	}
}

// wireAuthResponse is the output of the four sign-in operations.
type wireAuthResponse struct {
	AuthenticationResult *wireAuthResult   `json:"AuthenticationResult,omitempty"`
	AvailableChallenges  []string          `json:"AvailableChallenges,omitempty"`
	ChallengeName        string            `json:"ChallengeName,omitempty"`
	ChallengeParameters  map[string]string `json:"ChallengeParameters"`
	Session              string            `json:"Session,omitempty"`
}

type wireAuthResult struct {
	AccessToken       string         `json:"AccessToken"`
	ExpiresIn         int32          `json:"ExpiresIn"`
	IdToken           string         `json:"IdToken"`
	NewDeviceMetadata *wireNewDevice `json:"NewDeviceMetadata,omitempty"`
	RefreshToken      string         `json:"RefreshToken,omitempty"`
	TokenType         string         `json:"TokenType"`
}

type wireNewDevice struct {
	DeviceGroupKey string `json:"DeviceGroupKey"`
	DeviceKey      string `json:"DeviceKey"`
}

var (
	initiateAuth                = handler{serve: func(s *Server, c call) (any, error) { return s.initiateAuth(c, false) }}
	adminInitiateAuth           = handler{admin: true, serve: func(s *Server, c call) (any, error) { return s.initiateAuth(c, true) }}
	respondToAuthChallenge      = handler{serve: func(s *Server, c call) (any, error) { return s.respondToAuthChallenge(c, false) }}
	adminRespondToAuthChallenge = handler{admin: true, serve: func(s *Server, c call) (any, error) { return s.respondToAuthChallenge(c, true) }}
)

func errIncorrectPassword() error {
	return newError("NotAuthorizedException", "Incorrect username or password.")
}

func errMissing(name string) error {
	return newError("InvalidParameterException", "Missing required parameter %s", name)
}

func errRefreshTokenExpired() error {
	return newError("NotAuthorizedException", "Refresh Token has expired")
}

func errInvalidSession() error {
	return newError("NotAuthorizedException", "Invalid session for the user.")
}

// initiateAuth serves InitiateAuth and AdminInitiateAuth.
func (s *Server) initiateAuth(c call, admin bool) (any, error) {
	in := new(authInput)
	if err := decodeChecked(c.body, in, func(v *validation, in *authInput) {
		in.check(v, admin, "authFlow", in.AuthFlow, authFlows)
	}); err != nil {
		return nil, err
	}
	client, pool, err := s.appClient(*in.ClientId, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	p := in.AuthParameters
	flow := *in.AuthFlow
	switch {
	case flow == "USER_SRP_AUTH":
		u, username, err := s.signInUser(client, pool, p)
		if err != nil {
			return nil, err
		}
		st := &authSession{pool: client.pool, client: client.id, username: username, admin: admin}
		return s.startPasswordVerifier(st, u, p["SRP_A"], c)

	case flow == "USER_PASSWORD_AUTH" && !admin, flow == "ADMIN_USER_PASSWORD_AUTH" && admin:
		u, username, err := s.signInUser(client, pool, p)
		if err != nil {
			return nil, err
		}
		if p["PASSWORD"] == "" {
			return nil, errMissing("PASSWORD")
		}
		st := &authSession{pool: client.pool, client: client.id, username: username, admin: admin}
		if err := s.nameDevice(st, u, p["DEVICE_KEY"]); err != nil {
			return nil, err
		}
		if !u.passwordMatches(p["PASSWORD"]) {
			return nil, errIncorrectPassword()
		}
		return s.nextChallengeOrTokens(st, u, c)

	case flow == "USER_AUTH":
		u, username, err := s.signInUser(client, pool, p)
		if err != nil {
			return nil, err
		}
		st := &authSession{pool: client.pool, client: client.id, username: username, admin: admin}
		if err := s.nameDevice(st, u, p["DEVICE_KEY"]); err != nil {
			return nil, err
		}
		return s.startFirstFactor(st, u, p["PREFERRED_CHALLENGE"], p, c, true)

	case flow == "REFRESH_TOKEN_AUTH", flow == "REFRESH_TOKEN":
		return s.refreshTokens(client, p, c)
	}
	return nil, newError("InvalidParameterException", "Initiate Auth method not supported.")
}

// startPasswordVerifier starts the SRP exchange of a sign-in with the
// client's SRP_A and answers PASSWORD_VERIFIER with the server's values.
// PASSWORD_VERIFIER goes out without a Session, as the service sends it:
// the answer finds the sign-in by its secret block (see waiting).
func (s *Server) startPasswordVerifier(st *authSession, u *user, srpA string, c call) (any, error) {
	if srpA == "" {
		return nil, errMissing("SRP_A")
	}
	if u.verifier == nil {
		return nil, errIncorrectPassword()
	}
	ex := newSRPExchange(poolName(st.pool), st.username, u.salt, u.verifier, srpA)
	if ex == nil {
		return nil, newError("InvalidParameterException", "SRP_A is not a valid SRP value.")
	}
	st.exchange = ex
	params := ex.parameters()
	params["USER_ID_FOR_SRP"] = st.username
	params["USERNAME"] = st.username
	s.openSession(st, "PASSWORD_VERIFIER", c.now, ex.secretBlockText())
	return wireAuthResponse{ChallengeName: st.challenge, ChallengeParameters: params}, nil
}

// appClient finds the app client of a request and its pool. poolID is the
// UserPoolId of an admin request, which must be the client's pool.
func (s *Server) appClient(clientID string, poolID *string) (*appClient, *userPool, error) {
	if poolID != nil && s.pools[*poolID] == nil {
		return nil, nil, newError("ResourceNotFoundException", "User pool %s does not exist.", *poolID)
	}
	client := s.auth.clients[clientID]
	if client == nil || (poolID != nil && client.pool != *poolID) {
		return nil, nil, newError("ResourceNotFoundException", "User pool client %s does not exist.", clientID)
	}
	return client, s.pool(client.pool), nil
}

// signInUser finds the user a first sign-in request names in USERNAME and
// checks the client's SECRET_HASH.
func (s *Server) signInUser(client *appClient, pool *userPool, p map[string]string) (*user, string, error) {
	username := p["USERNAME"]
	if username == "" {
		return nil, "", errMissing("USERNAME")
	}
	if err := client.checkSecretHash(p, username); err != nil {
		return nil, "", err
	}
	u := pool.users[username]
	if u == nil {
		return nil, "", newError("UserNotFoundException", "User does not exist.")
	}
	return u, username, nil
}

// checkSecretHash checks the SECRET_HASH of a request to a client with a
// secret: the base64 HMAC-SHA256, keyed by the secret, of the username
// and the client ID.
func (client *appClient) checkSecretHash(p map[string]string, username string) error {
	if client.secret == "" {
		return nil
	}
	got, ok := p["SECRET_HASH"]
	if !ok || got == "" {
		return newError("NotAuthorizedException", "Client %s is configured with secret but SECRET_HASH was not received", client.id)
	}
	mac := hmac.New(sha256.New, []byte(client.secret))
	mac.Write([]byte(username + client.id))
	if !hmac.Equal([]byte(got), []byte(base64.StdEncoding.EncodeToString(mac.Sum(nil)))) {
		return newError("NotAuthorizedException", "Unable to verify secret hash for client %s", client.id)
	}
	return nil
}

// maxOpenSignIns is how many sign-ins may wait for an answer before the
// expired ones are swept, so that abandoned sign-ins do not make a
// long-running server grow without bound.
const maxOpenSignIns = 1024

// openSession makes st wait for an answer to challenge, found by a new
// session string (returned) and by the extra keys given. The keys st was
// found by before no longer find it.
func (s *Server) openSession(st *authSession, challenge string, now time.Time, extra ...string) string {
	s.closeSession(st)
	if len(s.auth.sessions) >= maxOpenSignIns {
		for _, open := range s.auth.sessions {
			if !now.Before(open.expires) {
				s.closeSession(open)
			}
		}
	}
	session := randomText(96)
	st.challenge = challenge
	st.expires = now.Add(sessionLifetime)
	st.keys = append([]string{session}, extra...)
	for _, k := range st.keys {
		s.auth.sessions[k] = st
	}
	return session
}

// closeSession ends the wait of st for an answer: neither its session nor
// its other keys find it any more.
func (s *Server) closeSession(st *authSession) {
	for _, k := range st.keys {
		delete(s.auth.sessions, k)
	}
	st.keys = nil
}

// challengeReply sends the next challenge of st.
func (s *Server) challengeReply(st *authSession, challenge string, params map[string]string, now time.Time, extra ...string) wireAuthResponse {
	session := s.openSession(st, challenge, now, extra...)
	return wireAuthResponse{ChallengeName: challenge, ChallengeParameters: params, Session: session}
}

// respondToAuthChallenge serves RespondToAuthChallenge and
// AdminRespondToAuthChallenge: it finds the sign-in the answer continues,
// checks the answer's USERNAME and SECRET_HASH, and hands the answer to
// the method of the challenge the sign-in waits for.
func (s *Server) respondToAuthChallenge(c call, admin bool) (any, error) {
	in := new(authInput)
	if err := decodeChecked(c.body, in, func(v *validation, in *authInput) {
		in.check(v, admin, "challengeName", in.ChallengeName, challengeNames)
	}); err != nil {
		return nil, err
	}
	client, pool, err := s.appClient(*in.ClientId, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	r := in.ChallengeResponses
	st, err := s.waiting(in, r, client, admin, c.now)
	if err != nil {
		return nil, err
	}
	if r["USERNAME"] == "" {
		return nil, errMissing("USERNAME")
	}
	if err := client.checkSecretHash(r, r["USERNAME"]); err != nil {
		return nil, err
	}
	u := pool.users[st.username]
	if u == nil {
		s.closeSession(st)
		return nil, newError("UserNotFoundException", "User does not exist.")
	}
	switch st.challenge {
	case "PASSWORD_VERIFIER":
		return s.answerPasswordVerifier(st, u, r, c)
	case "NEW_PASSWORD_REQUIRED":
		return s.answerNewPasswordRequired(st, u, r, c)
	case "SMS_MFA":
		return s.answerSMSMFA(st, u, r, c)
	case "DEVICE_SRP_AUTH":
		return s.answerDeviceSRPAuth(st, u, r, c)
	case "DEVICE_PASSWORD_VERIFIER":
		return s.answerDevicePasswordVerifier(st, u, r, c)
	case "SELECT_CHALLENGE":
		return s.answerSelectChallenge(st, u, r, c)
	case "EMAIL_OTP":
		return s.answerOTP(st, u, r, "EMAIL_OTP_CODE", u.emailOTP, c)
	case "SMS_OTP":
		return s.answerOTP(st, u, r, "SMS_OTP_CODE", u.smsOTP, c)
	}
	return nil, errInvalidSession()
}

// answerPasswordVerifier checks the proof of the user's password. A
// wrong proof ends the sign-in; a right one names the device of
// DEVICE_KEY, when the user has it confirmed with a verifier, and moves
// on.
func (s *Server) answerPasswordVerifier(st *authSession, u *user, r map[string]string, c call) (any, error) {
	if err := requireAll(r, "PASSWORD_CLAIM_SIGNATURE", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP"); err != nil {
		return nil, err
	}
	// An unknown device fails before the proof is checked, and the
	// sign-in stays open: clients answer again without DEVICE_KEY.
	dk := r["DEVICE_KEY"]
	if dk != "" && u.device(dk) == nil && u.pending[dk] == "" {
		return nil, errNoDevice()
	}
	s.closeSession(st)
	if r["PASSWORD_CLAIM_SECRET_BLOCK"] != st.exchange.secretBlockText() || !st.exchange.verify(r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"]) {
		return nil, errIncorrectPassword()
	}
	if _, ok := u.verifiers[dk]; ok && u.groups[dk] != "" {
		st.deviceKey = dk
	}
	return s.nextChallengeOrTokens(st, u, c)
}

// answerNewPasswordRequired sets the user's new password and moves on.
func (s *Server) answerNewPasswordRequired(st *authSession, u *user, r map[string]string, c call) (any, error) {
	if r["NEW_PASSWORD"] == "" {
		return nil, errMissing("NEW_PASSWORD")
	}
	s.closeSession(st)
	u.setPassword(st.pool, st.username, r["NEW_PASSWORD"])
	u.mustResetPassword = false
	return s.nextChallengeOrTokens(st, u, c)
}

// answerSMSMFA checks the SMS code and moves on. A wrong code leaves the
// sign-in waiting for another.
func (s *Server) answerSMSMFA(st *authSession, u *user, r map[string]string, c call) (any, error) {
	if r["SMS_MFA_CODE"] == "" {
		return nil, errMissing("SMS_MFA_CODE")
	}
	if subtle.ConstantTimeCompare([]byte(r["SMS_MFA_CODE"]), []byte(u.mfaCode)) != 1 {
		return nil, newError("CodeMismatchException", "Invalid code or auth state for the user.")
	}
	st.mfaDone = true
	return s.nextChallengeOrTokens(st, u, c)
}

// answerDeviceSRPAuth starts the SRP exchange of the device the sign-in
// names with the client's SRP_A, and answers with the
// DEVICE_PASSWORD_VERIFIER challenge, waiting for the proof by session
// and by secret block.
func (s *Server) answerDeviceSRPAuth(st *authSession, u *user, r map[string]string, c call) (any, error) {
	if err := requireAll(r, "DEVICE_KEY", "SRP_A"); err != nil {
		return nil, err
	}
	dk := r["DEVICE_KEY"]
	if dk != st.deviceKey {
		return nil, newError("NotAuthorizedException", "Invalid device key given.")
	}
	vc, ok := u.verifiers[dk]
	if u.device(dk) == nil || !ok {
		s.closeSession(st)
		return nil, errNoDevice()
	}
	salt, verifier := decodeVerifier(vc)
	ex := newSRPExchange(u.groups[dk], dk, salt, verifier, r["SRP_A"])
	if ex == nil {
		return nil, newError("InvalidParameterException", "SRP_A is not a valid SRP value.")
	}
	st.exchange = ex
	params := ex.parameters()
	params["USERNAME"] = st.username
	return s.challengeReply(st, "DEVICE_PASSWORD_VERIFIER", params, c.now, ex.secretBlockText()), nil
}

// answerDevicePasswordVerifier checks the proof of the device password.
// A wrong proof ends the sign-in; a right one moves on.
func (s *Server) answerDevicePasswordVerifier(st *authSession, u *user, r map[string]string, c call) (any, error) {
	if err := requireAll(r, "PASSWORD_CLAIM_SIGNATURE", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "DEVICE_KEY"); err != nil {
		return nil, err
	}
	s.closeSession(st)
	if r["DEVICE_KEY"] != st.deviceKey || r["PASSWORD_CLAIM_SECRET_BLOCK"] != st.exchange.secretBlockText() ||
		!st.exchange.verify(r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"]) {
		return nil, errIncorrectPassword()
	}
	st.deviceAuthed = true
	return s.nextChallengeOrTokens(st, u, c)
}

// waiting finds the sign-in a challenge answer continues: by Session, or
// for the SRP proofs by the secret block they sign.
func (s *Server) waiting(in *authInput, r map[string]string, client *appClient, admin bool, now time.Time) (*authSession, error) {
	key := deref(in.Session)
	if key == "" && (*in.ChallengeName == "PASSWORD_VERIFIER" || *in.ChallengeName == "DEVICE_PASSWORD_VERIFIER") {
		// The proof of an SRP exchange may come without a Session: the
		// service sends PASSWORD_VERIFIER with none (see initiateAuth),
		// so clients answer it, and may answer DEVICE_PASSWORD_VERIFIER,
		// with the proof alone. The proof carries back, as
		// PASSWORD_CLAIM_SECRET_BLOCK, the SECRET_BLOCK the server drew
		// at random for that exchange, and openSession filed the sign-in
		// under that block as well: the block finds it as a Session would.
		key = r["PASSWORD_CLAIM_SECRET_BLOCK"]
	}
	st := s.auth.sessions[key]
	switch {
	case key == "" || st == nil || st.client != client.id || st.admin != admin:
		return nil, errInvalidSession()
	case !now.Before(st.expires):
		s.closeSession(st)
		return nil, newError("NotAuthorizedException", "Invalid session for the user, session is expired.")
	case *in.ChallengeName != st.challenge:
		return nil, newError("InvalidParameterException", "The sign-in is waiting for an answer to %s, not %s.", st.challenge, *in.ChallengeName)
	}
	return st, nil
}

func requireAll(r map[string]string, names ...string) error {
	for _, n := range names {
		if r[n] == "" {
			return errMissing(n)
		}
	}
	return nil
}

// decodeVerifier reads the salt and verifier ConfirmDevice stored.
func decodeVerifier(vc cognitodevices.DeviceSecretVerifierConfigType) (salt, verifier *big.Int) {
	s, _ := base64.StdEncoding.DecodeString(deref(vc.Salt))
	v, _ := base64.StdEncoding.DecodeString(deref(vc.PasswordVerifier))
	return new(big.Int).SetBytes(s), new(big.Int).SetBytes(v)
}

// nextChallengeOrTokens moves a sign-in whose password is verified to its
// next challenge, or ends it with tokens: a new password first, then MFA
// (which a remembered device skips where the pool allows it), then the
// proof of the device the sign-in names.
func (s *Server) nextChallengeOrTokens(st *authSession, u *user, c call) (any, error) {
	switch {
	case u.mustResetPassword:
		params := map[string]string{"USER_ID_FOR_SRP": st.username, "requiredAttributes": "[]", "userAttributes": "{}"}
		return s.challengeReply(st, "NEW_PASSWORD_REQUIRED", params, c.now), nil
	case u.mfaCode != "" && !st.mfaDone && !st.passwordless && !s.deviceSkipsMFA(st, u):
		params := map[string]string{"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******0100"}
		return s.challengeReply(st, "SMS_MFA", params, c.now), nil
	case st.deviceKey != "" && !st.deviceAuthed:
		return s.challengeReply(st, "DEVICE_SRP_AUTH", map[string]string{}, c.now), nil
	}
	return s.signedIn(st, u, c), nil
}

// deviceSkipsMFA reports whether the device a sign-in names lets it skip
// MFA: the pool lets remembered devices do so and the device is
// remembered. Its proof is still required before tokens are issued.
func (s *Server) deviceSkipsMFA(st *authSession, u *user) bool {
	cfg := s.pool(st.pool).tracking
	if cfg == nil || !cfg.ChallengeRequiredOnNewDevice || st.deviceKey == "" {
		return false
	}
	d := u.device(st.deviceKey)
	return d != nil && d.Remembered()
}

// signedIn ends a sign-in with tokens. A sign-in that proved no device,
// whatever its flow, in a pool that tracks devices gets a new device (the
// service includes a device key in the response to any sign-in that does
// not already include device information), which the device operations
// show once ConfirmDevice confirms it.
func (s *Server) signedIn(st *authSession, u *user, c call) wireAuthResponse {
	s.closeSession(st)
	var newDevice *wireNewDevice
	deviceKey := st.deviceKey
	if st.deviceAuthed {
		if d := u.device(deviceKey); d != nil {
			at := c.now.UTC().Truncate(time.Millisecond)
			d.DeviceLastAuthenticatedDate = &at
			setAttribute(d, cognitodevices.AttributeLastIPUsed, c.remoteIP)
		}
	} else if s.pool(st.pool).tracking != nil {
		deviceKey = s.region + "_" + newUUID()
		newDevice = &wireNewDevice{DeviceGroupKey: "-" + randomText(9)[:9], DeviceKey: deviceKey}
		u.addPending(deviceKey, newDevice.DeviceGroupKey)
	}
	result := s.issueTokens(refreshGrant{pool: st.pool, username: st.username, client: st.client, deviceKey: deviceKey}, u, c.now, true)
	result.NewDeviceMetadata = newDevice
	return wireAuthResponse{AuthenticationResult: result, ChallengeParameters: map[string]string{}}
}

// refreshTokens serves REFRESH_TOKEN_AUTH: tokens issued to a device need
// that DEVICE_KEY, and the device must still be confirmed.
func (s *Server) refreshTokens(client *appClient, p map[string]string, c call) (any, error) {
	token := p["REFRESH_TOKEN"]
	if token == "" {
		return nil, errMissing("REFRESH_TOKEN")
	}
	if client.rotation {
		return nil, newError("NotAuthorizedException", "Refresh token rotation is enabled for the app client: refresh with GetTokensFromRefreshToken.")
	}
	g, _, err := s.liveGrant(client, token, c.now)
	if err != nil {
		return nil, err
	}
	if err := client.checkSecretHash(p, g.username); err != nil {
		return nil, err
	}
	u := s.findUser(g.pool, g.username)
	if u == nil || (g.deviceKey != "" && (p["DEVICE_KEY"] != g.deviceKey || u.device(g.deviceKey) == nil)) {
		return nil, newError("NotAuthorizedException", "Invalid Refresh Token")
	}
	return wireAuthResponse{AuthenticationResult: s.issueTokens(g, u, c.now, false), ChallengeParameters: map[string]string{}}, nil
}

// issueTokens issues an access and an ID token for the grant, and a
// refresh token when withRefresh. The access token works with the device
// operations for tokenLifetime, unless revoked first; the refresh token
// until the grant expires, refreshTokenLifetime after its sign-in.
func (s *Server) issueTokens(g refreshGrant, u *user, now time.Time, withRefresh bool) *wireAuthResult {
	if u.sub == "" {
		u.sub = newUUID()
	}
	iss := "https://cognito-idp." + s.region + ".amazonaws.com/" + g.pool
	times := map[string]any{"iat": now.Unix(), "auth_time": now.Unix(), "exp": now.Add(tokenLifetime).Unix()}
	access := map[string]any{"iss": iss, "sub": u.sub, "client_id": g.client, "username": g.username,
		"token_use": "access", "scope": "aws.cognito.signin.user.admin", "jti": newUUID(), "origin_jti": newUUID()}
	if g.deviceKey != "" {
		access["device_key"] = g.deviceKey
	}
	id := map[string]any{"iss": iss, "sub": u.sub, "aud": g.client, "cognito:username": g.username, "token_use": "id"}
	for k, v := range times {
		access[k], id[k] = v, v
	}
	r := &wireAuthResult{AccessToken: s.jwt(access), IdToken: s.jwt(id), ExpiresIn: int32(tokenLifetime / time.Second), TokenType: "Bearer"}
	if g.family == 0 {
		s.auth.families++
		g.family = s.auth.families
	}
	if g.expires == 0 {
		g.expires = expiresAt(now.Add(refreshTokenLifetime))
	}
	s.sweepTokens(now)
	s.tokens[s.tokenHash.key(r.AccessToken)] = tokenOwner{pool: g.pool, username: g.username, family: g.family, expires: expiresAt(now.Add(tokenLifetime))}
	if withRefresh {
		r.RefreshToken = randomText(48) + "." + randomText(48) + "." + randomText(48)
		s.auth.refresh[s.tokenHash.key(r.RefreshToken)] = g
	}
	return r
}

// jwt returns a token of the form of a JWT with the claims, an unsigned
// header and a random signature. The server knows tokens only as opaque
// strings; the claims are there for clients that read them.
func (s *Server) jwt(claims map[string]any) string {
	header, _ := json.Marshal(map[string]string{"alg": "none", "kid": "devicestest"})
	payload, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	return enc.EncodeToString(header) + "." + enc.EncodeToString(payload) + "." + randomText(43)
}

// randomText returns at least n random characters of the base64url
// alphabet.
func randomText(n int) string {
	b := make([]byte, (n*3+3)/4)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
