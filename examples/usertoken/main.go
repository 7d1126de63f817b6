// Command usertoken shows the signed-in user's side of device management:
// ListDevices authorized by the user's access token alone (no AWS
// credentials), and how to tell the errors apart with errors.As.
//
// It runs against the in-memory fake service, so it needs no AWS account:
//
//	go run ./examples/usertoken
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/cmdline"
)

const usage = `Usage: go run ./examples/usertoken

Lists a user's devices with ListDevices, authorized by the user's access
token alone (no AWS credentials), against the in-memory fake Cognito
service of devicestest, then shows how each kind of failure (revoked token,
invalid input, unknown user, admin call without credentials) is told apart
with errors.As.

It takes no flags but -h, which prints this, and reads no environment
variables: the fake service needs no AWS account.
`

func main() {
	// -h prints the usage and exits; nothing else is accepted.
	cmdline.Parse(cmdline.NewFlagSet("usertoken", usage, ""), os.Args[1:])

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "usertoken:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := devicestest.NewServer()
	defer srv.Close()
	const pool, user = "us-east-1_T0kenDemo", "bob"
	for _, name := range []string{"Bob's phone", "Bob's laptop", "Bob's tablet"} {
		srv.AddDevice(pool, user, cd.DeviceType{DeviceAttributes: []cd.AttributeType{
			{Name: aws.String(cd.AttributeDeviceName), Value: aws.String(name)},
		}})
	}
	// In an application the token comes from the user's sign-in
	// (InitiateAuth); the fake issues one directly.
	token := srv.IssueAccessToken(pool, user)

	// A client with no AWS credentials at all: ListDevices does not need
	// them, the access token authorizes the call.
	client := srv.Client(func(o *cd.Options) { o.Credentials = nil })

	fmt.Fprintln(w, "Devices of the signed-in user:")
	for d, err := range cd.ListDevicesAll(ctx, client, &cd.ListDevicesInput{AccessToken: aws.String(token)}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s  %s\n", d.Name(), aws.ToString(d.DeviceKey))
	}

	fmt.Fprintln(w, "\nWhat each failure looks like:")
	srv.RevokeAccessToken(token)
	_, err := client.ListDevices(ctx, &cd.ListDevicesInput{AccessToken: aws.String(token)})
	describe(w, "revoked token", err)

	_, err = client.ListDevices(ctx, &cd.ListDevicesInput{AccessToken: aws.String(token), Limit: aws.Int32(100)})
	describe(w, "Limit 100", err)

	_, err = srv.Client().AdminListDevices(ctx, &cd.AdminListDevicesInput{UserPoolId: aws.String(pool), Username: aws.String("nobody")})
	describe(w, "unknown user", err)

	_, err = client.AdminListDevices(ctx, &cd.AdminListDevicesInput{UserPoolId: aws.String(pool), Username: aws.String(user)})
	describe(w, "admin call without credentials", err)
	return nil
}

// describe shows how to reach each layer of an error with errors.As.
func describe(w io.Writer, what string, err error) {
	var (
		notAuthorized *cd.NotAuthorizedException
		notFound      *cd.UserNotFoundException
		invalid       smithy.InvalidParamsError
		respErr       *awshttp.ResponseError
		apiErr        smithy.APIError
	)
	switch {
	case err == nil:
		fmt.Fprintf(w, "  %-31s no error\n", what+":")
	case errors.As(err, &notAuthorized):
		fmt.Fprintf(w, "  %-31s not authorized (%s); ask the user to sign in again\n", what+":", notAuthorized.ErrorMessage())
	case errors.As(err, &notFound):
		fmt.Fprintf(w, "  %-31s no such user (%s)\n", what+":", notFound.ErrorMessage())
	case errors.As(err, &invalid):
		fmt.Fprintf(w, "  %-31s refused before sending: %d invalid field(s)\n", what+":", invalid.Len())
	case errors.As(err, &apiErr):
		fmt.Fprintf(w, "  %-31s service error %s\n", what+":", apiErr.ErrorCode())
	default:
		fmt.Fprintf(w, "  %-31s %v\n", what+":", err)
	}
	if errors.As(err, &respErr) {
		fmt.Fprintf(w, "  %-31s HTTP %d, request ID %s\n", "", respErr.HTTPStatusCode(), respErr.ServiceRequestID())
	}
}
