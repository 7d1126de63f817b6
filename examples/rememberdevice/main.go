// Command rememberdevice walks through the life of a remembered device
// against the in-memory fake Cognito service of devicestest, with no AWS
// account:
//
//	go run ./examples/rememberdevice
//
// It signs a user in (the pool asks for an SMS code), confirms and
// remembers the new device, signs in again with the device instead of MFA,
// refreshes the tokens with the device's key, lists the user's devices,
// forgets the device, and signs in once more: the Authenticator notices
// that the stored device is gone and signs in without it.
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

	fmt.Fprintln(w, "3. Refresh the tokens with the device's key")
	refreshed, err := auth.Refresh(ctx, second.Username, aws.ToString(second.AuthenticationResult.RefreshToken), stored)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   new access token, valid %d s\n", refreshed.ExpiresIn)

	fmt.Fprintln(w, "4. List the user's devices")
	token := refreshed.AccessToken
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
	return nil
}
