package signin_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/signin"
)

// otpAnswers answers the one-time-code challenges with the seeded codes
// and SELECT_CHALLENGE with choice, and records what it was asked.
type otpAnswers struct {
	challengeLog
	choice    cd.ChallengeNameType
	available []cd.ChallengeNameType
}

func (o *otpAnswers) answer(ctx context.Context, c signin.Challenge) (map[string]string, error) {
	switch c.Name {
	case cd.ChallengeNameTypeEmailOtp:
		o.record(c.Name)
		return map[string]string{"EMAIL_OTP_CODE": "424242"}, nil
	case cd.ChallengeNameTypeSmsOtp:
		o.record(c.Name)
		return map[string]string{"SMS_OTP_CODE": "515151"}, nil
	case cd.ChallengeNameTypeSelectChallenge:
		o.record(c.Name)
		o.available = c.Available
		return map[string]string{"ANSWER": string(o.choice)}, nil
	}
	return o.challengeLog.answer(ctx, c)
}

func (o *otpAnswers) record(name cd.ChallengeNameType) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.asked = append(o.asked, name)
}

func TestSignInWithChoice(t *testing.T) {
	ctx := context.Background()
	srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}, true)
	srv.SetEmailOTPCode(signInPool, signInUser, "424242")
	srv.SetSMSOTPCode(signInPool, signInUser, "515151")
	answers := &otpAnswers{challengeLog: challengeLog{code: signInCode}, choice: cd.ChallengeNameTypeSmsOtp}
	auth := newAuthenticator(srv, &answers.challengeLog)
	auth.AnswerChallenge = answers.answer

	t.Run("email code", func(t *testing.T) {
		res, err := auth.SignInWithChoice(ctx, signInUser, "", cd.ChallengeNameTypeEmailOtp, nil)
		require.NoError(t, err)
		assert.Equal(t, []cd.ChallengeNameType{cd.ChallengeNameTypeEmailOtp}, answers.take(), "no MFA after a one-time code")
		assert.True(t, res.NewDevice, "the pool tracks devices: confirmed")
	})

	var device *signin.RememberedDevice
	t.Run("password SRP, then the remembered device skips MFA", func(t *testing.T) {
		res, err := auth.SignInWithChoice(ctx, signInUser, signInPassword, cd.ChallengeNameTypePasswordSrp, nil)
		require.NoError(t, err)
		assert.Equal(t, []cd.ChallengeNameType{cd.ChallengeNameTypeSmsMfa}, answers.take())
		require.NotNil(t, res.Device)
		device = res.Device
		srv.ResetRequests()
		res, err = auth.SignInWithChoice(ctx, signInUser, signInPassword, cd.ChallengeNameTypePasswordSrp, device)
		require.NoError(t, err)
		assert.Empty(t, answers.take(), "no MFA with the remembered device")
		assert.False(t, res.NewDevice)
		assert.Equal(t, device, res.Device)
		assert.Equal(t, []string{"PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"}, sentChallenges(t, srv))
	})

	t.Run("password, with the device", func(t *testing.T) {
		_, err := auth.SignInWithChoice(ctx, signInUser, signInPassword, cd.ChallengeNameTypePassword, device)
		require.NoError(t, err)
		assert.Empty(t, answers.take())
	})

	t.Run("no preference, a password: PASSWORD_SRP chosen", func(t *testing.T) {
		srv.ResetRequests()
		_, err := auth.SignInWithChoice(ctx, signInUser, signInPassword, "", device)
		require.NoError(t, err)
		assert.Equal(t, []string{"SELECT_CHALLENGE", "PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"}, sentChallenges(t, srv))
	})

	t.Run("no preference, no password: AnswerChallenge chooses", func(t *testing.T) {
		_, err := auth.SignInWithChoice(ctx, signInUser, "", "", device)
		require.NoError(t, err)
		assert.Equal(t, []cd.ChallengeNameType{cd.ChallengeNameTypeSelectChallenge, cd.ChallengeNameTypeSmsOtp}, answers.take())
		assert.Equal(t, []cd.ChallengeNameType{"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"}, answers.available)
	})

	t.Run("refusals", func(t *testing.T) {
		_, err := auth.SignInWithChoice(ctx, signInUser, "", cd.ChallengeNameTypePassword, nil)
		assert.ErrorContains(t, err, "needs a password")
		_, err = auth.SignInWithChoice(ctx, "", "pw", "", nil)
		assert.ErrorContains(t, err, "needs a username")
		_, err = auth.SignInWithChoice(ctx, signInUser, "wrong", cd.ChallengeNameTypePassword, nil)
		var refused *cd.NotAuthorizedException
		assert.ErrorAs(t, err, &refused)
	})
}
