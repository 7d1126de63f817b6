// Command confirmdevice walks the life of a remembered device, as an
// application does after a sign-in that returned NewDeviceMetadata:
// generate the device secret and its verifier, confirm the device, remember
// it, list it, and finally forget it.
//
// It runs against the in-memory fake service, so it needs no AWS account:
//
//	go run ./examples/confirmdevice
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
)

const usage = `Usage: go run ./examples/confirmdevice

Walks the life of a new device against the in-memory fake Cognito service
of devicestest, as an application does after a sign-in that returned
NewDeviceMetadata: generates the device secret and its verifier
(GenerateDeviceSecretVerifier), confirms the device, remembers it, lists it
and forgets it.

It takes no flags but -h, which prints this, and reads no environment
variables: the fake service needs no AWS account.
`

func main() {
	// -h prints the usage and exits; nothing else is accepted.
	cmdline.Parse(cmdline.NewFlagSet("confirmdevice", usage, ""), os.Args[1:])

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "confirmdevice:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := devicestest.NewServer()
	defer srv.Close()
	const pool, user = "us-east-1_C0nfirm", "carol"

	// At sign-in the service returned these in NewDeviceMetadata, with the
	// user's access token.
	token := srv.IssueAccessToken(pool, user)
	const deviceGroupKey = "-c4Xy7Yz"
	const deviceKey = "us-east-1_6f8e4c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b"
	client := srv.Client(func(o *cd.Options) { o.Credentials = nil }) // token operations only

	// 1. The device secret: keep password on the device, send the verifier.
	verifier, password, err := cd.GenerateDeviceSecretVerifier(deviceGroupKey, deviceKey)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "1. generated a device secret (%d characters, kept on the device)\n", len(password))

	// 2. Confirm the device with its verifier.
	confirmed, err := client.ConfirmDevice(ctx, &cd.ConfirmDeviceInput{
		AccessToken:                aws.String(token),
		DeviceKey:                  aws.String(deviceKey),
		DeviceName:                 aws.String("Carol's Firefox on Linux"),
		DeviceSecretVerifierConfig: verifier,
	})
	if err != nil {
		return fmt.Errorf("confirming the device: %w", err)
	}
	fmt.Fprintf(w, "2. confirmed %s (user confirmation necessary: %t)\n", deviceKey, confirmed.UserConfirmationNecessary)

	// 3. The user chose "remember this device".
	if _, err := client.UpdateDeviceStatus(ctx, &cd.UpdateDeviceStatusInput{
		AccessToken:            aws.String(token),
		DeviceKey:              aws.String(deviceKey),
		DeviceRememberedStatus: cd.DeviceRememberedStatusTypeRemembered,
	}); err != nil {
		return fmt.Errorf("remembering the device: %w", err)
	}
	fmt.Fprintln(w, "3. marked it remembered")

	// 4. List the user's devices.
	fmt.Fprintln(w, "4. the user's devices:")
	for d, err := range cd.ListDevicesAll(ctx, client, &cd.ListDevicesInput{AccessToken: aws.String(token)}) {
		if err != nil {
			return fmt.Errorf("listing devices: %w", err)
		}
		fmt.Fprintf(w, "   %s  %q  %s\n", aws.ToString(d.DeviceKey), d.Name(), d.RememberedStatus())
	}

	// 5. Forget it, as after "sign out of this device everywhere".
	if _, err := client.ForgetDevice(ctx, &cd.ForgetDeviceInput{AccessToken: aws.String(token), DeviceKey: aws.String(deviceKey)}); err != nil {
		return fmt.Errorf("forgetting the device: %w", err)
	}
	page, err := client.ListDevices(ctx, &cd.ListDevicesInput{AccessToken: aws.String(token)})
	if err != nil {
		return fmt.Errorf("listing devices: %w", err)
	}
	fmt.Fprintf(w, "5. forgot it; %d devices left\n", len(page.Devices))
	return nil
}
