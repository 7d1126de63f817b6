package signin_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/signin"
)

// respondsTo matches a RespondToAuthChallenge input answering name.
func respondsTo(name cd.ChallengeNameType) any {
	return mock.MatchedBy(func(in *cd.RespondToAuthChallengeInput) bool { return in.ChallengeName == name })
}

// TestStoredDeviceRefusedOnlyOnRefusal checks that only the service's
// refusal of the device proof tells the application to discard its
// stored device: a server error, throttling, a deadline or a lost
// sign-in session at the same step do not.
func TestStoredDeviceRefusedOnlyOnRefusal(t *testing.T) {
	stored := &signin.RememberedDevice{DeviceKey: "us-east-1_0123abcd", DeviceGroupKey: "-group", DevicePassword: "device-password"}
	session := aws.String(strings.Repeat("s", 32))
	deviceVerifier := passwordVerifierParameters()
	delete(deviceVerifier, "USER_ID_FOR_SRP")
	for _, tc := range []struct {
		name    string
		err     error
		refused bool
	}{
		{"wrong device password", &cd.NotAuthorizedException{Message: aws.String("Incorrect username or password.")}, true},
		{"server error", &cd.InternalErrorException{Message: aws.String("Internal error")}, false},
		{"throttled", &cd.TooManyRequestsException{Message: aws.String("Rate exceeded")}, false},
		{"deadline", context.DeadlineExceeded, false},
		{"lost answer, then the session is gone", &cd.NotAuthorizedException{Message: aws.String("Invalid session for the user.")}, false},
		{"expired session", &cd.NotAuthorizedException{Message: aws.String("Invalid session for the user, session is expired.")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &devicestest.MockAPI{}
			m.On("InitiateAuth", mock.Anything, mock.Anything).Return(&cd.InitiateAuthOutput{
				ChallengeName: cd.ChallengeNameTypePasswordVerifier, ChallengeParameters: passwordVerifierParameters()}, nil)
			m.On("RespondToAuthChallenge", mock.Anything, respondsTo(cd.ChallengeNameTypePasswordVerifier)).
				Return(&cd.RespondToAuthChallengeOutput{ChallengeName: cd.ChallengeNameTypeDeviceSrpAuth, Session: session}, nil)
			m.On("RespondToAuthChallenge", mock.Anything, respondsTo(cd.ChallengeNameTypeDeviceSrpAuth)).
				Return(&cd.RespondToAuthChallengeOutput{ChallengeName: cd.ChallengeNameTypeDevicePasswordVerifier, Session: session, ChallengeParameters: deviceVerifier}, nil)
			m.On("RespondToAuthChallenge", mock.Anything, respondsTo(cd.ChallengeNameTypeDevicePasswordVerifier)).Return(nil, tc.err)
			auth := &signin.Authenticator{Client: m, UserPoolID: signInPool, ClientID: signInClient}
			_, err := auth.SignIn(context.Background(), signInUser, signInPassword, stored)
			require.ErrorIs(t, err, tc.err, "the cause is kept")
			assert.Equal(t, tc.refused, errors.Is(err, signin.ErrStoredDeviceRefused))
		})
	}
}

// loseFirstAnswer is an HTTP client that sends every request, but
// reports a dropped connection instead of the first answer to the
// operation named, as when a connection breaks after the service applied
// the request.
type loseFirstAnswer struct {
	operation string
	lost      atomic.Bool
}

func (l *loseFirstAnswer) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err == nil && strings.HasSuffix(req.Header.Get("X-Amz-Target"), "."+l.operation) && l.lost.CompareAndSwap(false, true) {
		resp.Body.Close()
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	}
	return resp, err
}

// TestConfirmDeviceAnswerLost checks that a new device whose
// ConfirmDevice answer was lost (the retry finds it confirmed) is still
// returned, usable: the next sign-in proves it and skips MFA.
func TestConfirmDeviceAnswerLost(t *testing.T) {
	for _, prompt := range []bool{false, true} {
		srv := signInServer(t, &cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: prompt}, true)
		lose := &loseFirstAnswer{operation: "ConfirmDevice"}
		log := &challengeLog{code: signInCode}
		auth := newAuthenticator(srv, log, func(o *cd.Options) {
			o.HTTPClient = lose
			o.Retryer = retry.NewStandard(func(o *retry.StandardOptions) { o.Backoff = retry.BackoffDelayerFunc(noDelay) })
		})
		res, err := auth.SignIn(context.Background(), signInUser, signInPassword, nil)
		require.NoError(t, err)
		require.True(t, lose.lost.Load(), "the answer was lost")
		require.NotNil(t, res.Device, "the confirmed device is returned, not orphaned")
		assert.True(t, res.NewDevice)
		assert.True(t, res.DeviceRemembered, "remembered (prompt=%v)", prompt)
		log.take()

		_, err = auth.SignIn(context.Background(), signInUser, signInPassword, res.Device)
		require.NoError(t, err, "the device signs in")
		assert.Empty(t, log.take(), "without MFA")
	}
}

func noDelay(int, error) (time.Duration, error) { return 0, nil }

// TestAliasSignInAnswersWithUserIDForSRP checks that when the user signs
// in with an alias, the answers name the user as the service's
// USER_ID_FOR_SRP, as AWS Amplify and amazon-cognito-identity-js do, and
// the SECRET_HASH is computed over that name.
func TestAliasSignInAnswersWithUserIDForSRP(t *testing.T) {
	params := passwordVerifierParameters()
	params["USERNAME"] = "alice@example.com"
	params["USER_ID_FOR_SRP"] = "7f3e0c52-alice"
	m := &devicestest.MockAPI{}
	m.On("InitiateAuth", mock.Anything, mock.Anything).Return(&cd.InitiateAuthOutput{ChallengeName: cd.ChallengeNameTypePasswordVerifier, ChallengeParameters: params}, nil)
	var sent map[string]string
	m.On("RespondToAuthChallenge", mock.Anything, mock.Anything).Run(func(args mock.Arguments) {
		sent = args.Get(1).(*cd.RespondToAuthChallengeInput).ChallengeResponses
	}).Return(&cd.RespondToAuthChallengeOutput{AuthenticationResult: &cd.AuthenticationResultType{
		AccessToken: aws.String("a"), IdToken: aws.String("i"), RefreshToken: aws.String("r")}}, nil)
	const secret = "s3cr3tOfTheClient0123456789"
	auth := &signin.Authenticator{Client: m, UserPoolID: signInPool, ClientID: signInClient, ClientSecret: secret}
	res, err := auth.SignIn(context.Background(), "alice@example.com", signInPassword, nil)
	require.NoError(t, err)
	assert.Equal(t, "7f3e0c52-alice", sent["USERNAME"])
	assert.Equal(t, signin.SecretHash("7f3e0c52-alice", signInClient, secret), sent["SECRET_HASH"])
	assert.Equal(t, "7f3e0c52-alice", res.Username)
}
