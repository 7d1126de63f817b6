// Command quickstart lists a Cognito user's remembered devices as a table.
//
// With no flags it needs no AWS account: it starts the in-memory fake
// service from devicestest, seeds a user pool with a few devices and lists
// them through the real client, one page of two devices at a time:
//
//	go run ./examples/quickstart
//
// With -pool and -user it lists a real user's devices with credentials from
// the default chain (environment, shared config, SSO, instance role):
//
//	go run ./examples/quickstart -region eu-west-1 -pool eu-west-1_EXAMPLE -user alice
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/cmdline"
)

const usage = `Usage: go run ./examples/quickstart [-pool ID -user NAME [-region REGION]]

Lists a Cognito user's remembered devices as a table.

With no flags it needs no AWS account: it starts the in-memory fake Cognito
service of devicestest, seeds a user pool with five devices and lists them
through the real client, two devices per request.

With -pool and -user it lists a real user's devices with AdminListDevices,
signed with credentials from the default chain (environment, shared config,
SSO, instance role); -region overrides the configured Region.

Flags:
`

// environment ends the usage, after the flags: what the program reads
// from its environment, through config.LoadDefaultConfig.
const environment = `
Environment, read only with -pool and -user, by the AWS SDK's default
configuration (the fake service reads none):
  AWS_REGION            the Region, unless -region is given
  AWS_PROFILE           the profile of the shared config and credentials files
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
                        credentials, before those of the profile
  AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE
                        where the shared files are
  AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
                        another endpoint than the Region's
and the rest of the SDK's default chain (SSO, web identity, instance role).
`

func main() {
	flags := cmdline.NewFlagSet("quickstart", usage, environment)
	pool := flags.String("pool", "", "user pool ID, such as eu-west-1_EXAMPLE; needs -user")
	user := flags.String("user", "", "username (or alias) whose devices to list; needs -pool")
	region := flags.String("region", "", "AWS Region of the user pool (default: from the AWS config); needs -pool and -user")
	cmdline.Parse(flags, os.Args[1:]) // -h prints the usage and exits

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, *pool, *user, *region); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, pool, user, region string) error {
	if (pool == "") != (user == "") {
		return fmt.Errorf("-pool and -user go together: give both to list a real user's devices, or neither to use the fake service")
	}
	if region != "" && pool == "" {
		return fmt.Errorf("-region needs -pool and -user: without them the fake service is used and -region would be ignored")
	}
	var client cd.API
	if pool == "" {
		srv := devicestest.NewServer()
		defer srv.Close()
		pool, user = "us-east-1_Qu1ckSt4rt", "alice"
		seed(srv, pool, user)
		fmt.Fprintf(w, "Fake Cognito service at %s; user pool %s, user %s\n\n", srv.URL, pool, user)
		client = srv.Client()
	} else {
		var opts []func(*config.LoadOptions) error
		if region != "" {
			opts = append(opts, config.WithRegion(region))
		}
		cfg, err := config.LoadDefaultConfig(ctx, opts...)
		if err != nil {
			return fmt.Errorf("loading AWS configuration: %w", err)
		}
		client = cd.NewFromConfig(cfg)
	}
	return printDevices(ctx, w, client, pool, user)
}

// printDevices walks every page with the iterator and prints one row per
// device.
func printDevices(ctx context.Context, w io.Writer, client cd.API, pool, user string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE KEY\tNAME\tSTATUS\tREMEMBERED\tLAST IP\tLAST AUTHENTICATED")
	input := &cd.AdminListDevicesInput{UserPoolId: aws.String(pool), Username: aws.String(user), Limit: aws.Int32(2)}
	n := 0
	for d, err := range cd.AdminListDevicesAll(ctx, client, input) {
		if err != nil {
			tw.Flush()
			return fmt.Errorf("listing devices: %w", err)
		}
		last := "-"
		if d.DeviceLastAuthenticatedDate != nil {
			last = d.DeviceLastAuthenticatedDate.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", aws.ToString(d.DeviceKey), orDash(d.Name()), orDash(d.Status()),
			orDash(string(d.RememberedStatus())), orDash(d.LastIPUsed()), last)
		n++
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d devices\n", n)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// seed adds a few devices such as a user collects over time.
func seed(srv *devicestest.Server, pool, user string) {
	base := time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC)
	devices := []struct {
		key, name, status, remembered, ip string
		age                               time.Duration
	}{
		{"us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "Alice's iPhone 16", "valid", "remembered", "198.51.100.23", 2 * time.Hour},
		{"us-east-1_1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809", "MacBook Pro (Safari)", "valid", "remembered", "203.0.113.7", 26 * time.Hour},
		{"us-east-1_2b3c4d5e-6f70-8192-a3b4-c5d6e7f8091a", "Pixel 9 (Chrome)", "valid", "not_remembered", "192.0.2.144", 9 * 24 * time.Hour},
		{"us-east-1_3c4d5e6f-7081-92a3-b4c5-d6e7f8091a2b", "Work laptop (Edge)", "valid", "not_remembered", "198.51.100.201", 40 * 24 * time.Hour},
		{"us-east-1_4d5e6f70-8192-a3b4-c5d6-e7f8091a2b3c", "Old iPad", "valid", "remembered", "203.0.113.90", 300 * 24 * time.Hour},
	}
	for i, d := range devices {
		created := base.Add(-time.Duration(400-i*60) * 24 * time.Hour)
		lastAuth := base.Add(-d.age)
		srv.AddDevice(pool, user, cd.DeviceType{
			DeviceKey: aws.String(d.key),
			DeviceAttributes: []cd.AttributeType{
				{Name: aws.String(cd.AttributeDeviceName), Value: aws.String(d.name)},
				{Name: aws.String(cd.AttributeDeviceStatus), Value: aws.String(d.status)},
				{Name: aws.String(cd.AttributeDeviceRememberedStatus), Value: aws.String(d.remembered)},
				{Name: aws.String(cd.AttributeLastIPUsed), Value: aws.String(d.ip)},
			},
			DeviceCreateDate:            &created,
			DeviceLastModifiedDate:      &lastAuth,
			DeviceLastAuthenticatedDate: &lastAuth,
		})
	}
}
