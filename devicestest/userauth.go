package devicestest

import (
	"crypto/subtle"
	"slices"
)

// Choice-based sign-in: the USER_AUTH flow, its SELECT_CHALLENGE and the
// one-time codes of EMAIL_OTP and SMS_OTP.

// SetEmailOTPCode makes code the one-time code the user receives by email
// when signing in with USER_AUTH's EMAIL_OTP, which makes EMAIL_OTP one of
// the user's available challenges. An empty code makes it unavailable.
// The pool and the user are created when needed.
func (s *Server) SetEmailOTPCode(userPoolID, username, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user(userPoolID, username).emailOTP = code
}

// SetSMSOTPCode makes code the one-time code the user receives by SMS when
// signing in with USER_AUTH's SMS_OTP, as SetEmailOTPCode does for email.
func (s *Server) SetSMSOTPCode(userPoolID, username, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user(userPoolID, username).smsOTP = code
}

// passwordMatches reports whether password is the user's, in constant
// time; a user without a password has none that matches.
func (u *signInUser) passwordMatches(password string) bool {
	return u.verifier != nil && password != "" && subtle.ConstantTimeCompare([]byte(password), []byte(u.password)) == 1
}

// availableChallenges lists the first factors the user can sign in with
// in USER_AUTH, in the order the service lists them.
func (u *signInUser) availableChallenges() []string {
	var list []string
	if u.verifier != nil {
		list = append(list, "PASSWORD", "PASSWORD_SRP")
	}
	if u.emailOTP != "" {
		list = append(list, "EMAIL_OTP")
	}
	if u.smsOTP != "" {
		list = append(list, "SMS_OTP")
	}
	return list
}

// nameDevice records the device a first request names in DEVICE_KEY: a
// device the user has confirmed is proved with DEVICE_SRP_AUTH before the
// tokens; one the user does not have fails the request, as on the
// PASSWORD_VERIFIER of an SRP sign-in.
func (s *Server) nameDevice(st *authSession, u *user, deviceKey string) error {
	if deviceKey == "" {
		return nil
	}
	if u.device(deviceKey) == nil && u.pending[deviceKey] == "" {
		return errNoDevice()
	}
	if _, ok := u.verifiers[deviceKey]; ok && u.groups[deviceKey] != "" {
		st.deviceKey = deviceKey
	}
	return nil
}

// startFirstFactor starts the first factor of a USER_AUTH sign-in: the
// chosen one when the user has it, with its parameters from p (PASSWORD,
// SRP_A), or else, when fromInitiate, SELECT_CHALLENGE with the
// available ones. An answer to SELECT_CHALLENGE must name an available
// challenge.
func (s *Server) startFirstFactor(st *authSession, u *user, choice string, p map[string]string, c call, fromInitiate bool) (any, error) {
	available := u.availableChallenges()
	if !slices.Contains(available, choice) {
		if !fromInitiate {
			return nil, newError("InvalidParameterException", "The challenge %s is not available to the user.", choice)
		}
		session := s.openSession(st, "SELECT_CHALLENGE", c.now)
		return wireAuthResponse{ChallengeName: "SELECT_CHALLENGE", ChallengeParameters: map[string]string{},
			AvailableChallenges: available, Session: session}, nil
	}
	switch choice {
	case "PASSWORD":
		if p["PASSWORD"] == "" {
			return nil, errMissing("PASSWORD")
		}
		s.closeSession(st)
		if !u.passwordMatches(p["PASSWORD"]) {
			return nil, errIncorrectPassword()
		}
		return s.nextChallengeOrTokens(st, u, c)
	case "PASSWORD_SRP":
		return s.startPasswordVerifier(st, u, p["SRP_A"], c)
	case "EMAIL_OTP":
		return s.challengeReply(st, "EMAIL_OTP", map[string]string{"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "a***@e***"}, c.now), nil
	default: // SMS_OTP
		return s.challengeReply(st, "SMS_OTP", map[string]string{"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******0100"}, c.now), nil
	}
}

// answerSelectChallenge starts the first factor the answer chooses in
// ANSWER, with the parameters of that factor in the same answer.
func (s *Server) answerSelectChallenge(st *authSession, u *user, r map[string]string, c call) (any, error) {
	if r["ANSWER"] == "" {
		return nil, errMissing("ANSWER")
	}
	return s.startFirstFactor(st, u, r["ANSWER"], r, c, false)
}

// answerOTP checks a one-time code, the first factor of a passwordless
// sign-in, and moves on; MFA does not follow it. A wrong code leaves the
// sign-in waiting for another, as a wrong SMS_MFA code does.
func (s *Server) answerOTP(st *authSession, u *user, r map[string]string, member, code string, c call) (any, error) {
	if r[member] == "" {
		return nil, errMissing(member)
	}
	if code == "" || subtle.ConstantTimeCompare([]byte(r[member]), []byte(code)) != 1 {
		return nil, newError("CodeMismatchException", "Invalid code or auth state for the user.")
	}
	st.passwordless = true
	return s.nextChallengeOrTokens(st, u, c)
}
