// Package signin signs users in to a Cognito user pool with remembered
// devices, over the operations of the cognitodevices client. It stands a
// floor above the client, as aws-sdk-go-v2 keeps its higher-level helpers
// in feature/... packages built on a service client: it uses only the
// client's exported API, through the narrow SignInClient interface that
// *cognitodevices.Client and devicestest.MockAPI both implement.
//
// NewSRPSession computes the values of Cognito's SRP flows (SRP_A and the
// answers to PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER) for use with
// any client, the official one included, and SecretHash the SECRET_HASH
// of app clients that have a secret. Authenticator puts them together: it
// signs a user in with SRP, proves a remembered device with device SRP
// (which skips MFA where the pool allows it), confirms and remembers new
// devices, refreshes tokens with the device's key, and signs in again
// without a stored device that was forgotten; SignInWithChoice does the
// same with the choice-based USER_AUTH flow (passwords or one-time codes).
// TokenSource keeps a session for a whole program: it hands out valid
// access tokens to any number of goroutines, refreshes them before they
// expire, saves a rotated refresh token before using it, and signs out:
//
//	auth := &signin.Authenticator{
//		Client: client, UserPoolID: "us-east-1_EXAMPLE", ClientID: "1example23456789",
//		RememberDevices: true, AnswerChallenge: askForMFACode,
//	}
//	res, err := auth.SignIn(ctx, username, password, storedDevice)
//	// keep res.Device (a *RememberedDevice) and the refresh token safe
//	session, err := signin.TokensFromSignIn(res, time.Now())
//	tokens := signin.NewTokenSource(auth, *session, saveSession)
//	accessToken, err := tokens.AccessToken(ctx)
//
// The device secret that ConfirmDevice registers is created by
// cognitodevices.GenerateDeviceSecretVerifier, next to ConfirmDevice.
//
// Authenticator, RememberedDevice, SignInResult, Tokens and TokenSource
// print and log without their secrets (the client secret, the device
// password, the tokens), and
// an SRPSession prints only the start of its public SRP_A.
package signin
