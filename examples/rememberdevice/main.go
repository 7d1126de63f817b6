// Command rememberdevice walks through the life of a remembered device
// against the in-memory fake Cognito service of devicestest, with no AWS
// account:
//
//	go run ./examples/rememberdevice
//
// It signs a user in (the pool asks for an SMS code), confirms and
// remembers the new device, signs in again with the device instead of MFA,
// keeps the session in a signin.TokenSource, which refreshes the tokens
// with the device's key and stores the rotated refresh token before using
// it, lists the user's devices, forgets the device, and signs in once
// more: the Authenticator notices that the stored device is gone and
// signs in without it. Last, it signs out, revoking the refresh token.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/cmdline"
	"github.com/cognitodevices/cognitodevices/signin"
)

const (
	poolID   = "us-east-1_R3memb3r"
	clientID = "3example4client5id6"
	username = "alice"
	password = "correct horse battery staple"
	smsCode  = "135790"
)

const usage = `Usage: go run ./examples/rememberdevice

Signs a user in against the in-memory fake Cognito service of devicestest
and walks through the life of a remembered device, printing each step:
sign-in with an SMS code on a new device, which it confirms and remembers;
a second sign-in through the device instead of MFA; a refresh with the
device's key; the list of the user's devices; the device forgotten; and a
last sign-in that notices the stored device is gone.

It takes no flags but -h, which prints this, and reads no environment
variables: the fake service needs no AWS account.
`

func main() {
	// -h prints the usage and exits; nothing else is accepted.
	cmdline.Parse(cmdline.NewFlagSet("rememberdevice", usage, ""), os.Args[1:])

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rememberdevice:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := devicestest.NewServer()
	defer srv.Close()
	srv.AddAppClient(poolID, clientID, "")
	srv.SetPassword(poolID, username, password)
	srv.SetMFACode(poolID, username, smsCode)
	srv.SetDeviceTracking(poolID, cd.DeviceConfigurationType{
		ChallengeRequiredOnNewDevice:     true, // remembered devices skip MFA
		DeviceOnlyRememberedOnUserPrompt: true, // the user chooses to remember
	})
	srv.SetRefreshTokenRotation(clientID, true, 30*time.Second) // every refresh rotates the refresh token
	client := srv.Client()

	auth := &signin.Authenticator{
		Client:          client,
		UserPoolID:      poolID,
		ClientID:        clientID,
		DeviceName:      "rememberdevice example",
		RememberDevices: true, // the user said yes
		AnswerChallenge: func(_ context.Context, c signin.Challenge) (map[string]string, error) {
			if c.Name != cd.ChallengeNameTypeSmsMfa {
				return nil, fmt.Errorf("unexpected challenge %s", c.Name)
			}
			fmt.Fprintf(w, "   MFA asked: code sent to %s\n", c.Parameters["CODE_DELIVERY_DESTINATION"])
			return map[string]string{"SMS_MFA_CODE": smsCode}, nil
		},
	}

	fmt.Fprintln(w, "1. Sign in on a new device")
	first, err := auth.SignIn(ctx, username, password, nil)
	if err != nil {
		return err
	}
	// An application keeps first.Device (key, group key and password) in
	// the platform's secure store, like the refresh token.
	stored := first.Device
	fmt.Fprintf(w, "   signed in; new device %s confirmed, remembered: %v\n", stored.DeviceKey, first.DeviceRemembered)

	fmt.Fprintln(w, "2. Sign in again with the remembered device")
	second, err := auth.SignIn(ctx, username, password, stored)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "   signed in through device SRP, no MFA asked")

	fmt.Fprintln(w, "3. Keep the session in a token source; an hour later it refreshes")
	session, err := signin.TokensFromSignIn(second, time.Now())
	if err != nil {
		return err
	}
	// The application's store: the refresh token and the device are what
	// it keeps (in the platform's secure store), rewritten atomically
	// whenever the refresh token rotates.
	var saved *signin.Tokens
	tokens := signin.NewTokenSource(auth, *session, func(_ context.Context, t signin.Tokens) error {
		saved = &t
		fmt.Fprintln(w, "   stored the rotated refresh token before using the new tokens")
		return nil
	})
	tokens.Now = func() time.Time { return time.Now().Add(59 * time.Minute) } // an hour later
	current, err := tokens.TokenContext(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   refreshed with the device's key; new access token: %v, refresh token rotated: %v, stored: %v\n",
		current.AccessToken != session.AccessToken, current.RefreshToken != session.RefreshToken, saved != nil && saved.RefreshToken == current.RefreshToken)

	fmt.Fprintln(w, "4. List the user's devices")
	token := aws.String(current.AccessToken)
	for d, err := range cd.ListDevicesAll(ctx, client, &cd.ListDevicesInput{AccessToken: token}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s  %q  remembered: %v\n", aws.ToString(d.DeviceKey), d.Name(), d.Remembered())
	}

	fmt.Fprintln(w, "5. Forget the device (as from another session or an administrator)")
	if _, err := client.ForgetDevice(ctx, &cd.ForgetDeviceInput{AccessToken: token, DeviceKey: aws.String(stored.DeviceKey)}); err != nil {
		return err
	}
	fmt.Fprintln(w, "   forgotten")

	fmt.Fprintln(w, "6. Sign in with the stored, now forgotten, device")
	third, err := auth.SignIn(ctx, username, password, stored)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   signed in; stored device gone: %v; new device %s confirmed\n", third.StoredDeviceGone, third.Device.DeviceKey)

	fmt.Fprintln(w, "7. Sign out")
	session, err = signin.TokensFromSignIn(third, time.Now())
	if err != nil {
		return err
	}
	tokens = signin.NewTokenSource(auth, *session, nil)
	if err := tokens.SignOut(ctx); err != nil {
		return err
	}
	_, err = auth.Refresh(ctx, session.Username, session.RefreshToken, session.Device)
	fmt.Fprintf(w, "   the refresh token is revoked: %v\n", err != nil)
	return nil
}
