// Command housekeeping forgets the remembered devices of a user that have
// not been used for 90 days, first as a dry run, and prints what it
// forgot, kept and could not forget as a table.
//
// It runs against the in-memory fake Cognito service of devicestest and
// needs no AWS account:
//
//	go run ./examples/housekeeping
//
// Against the real service the same calls take a client from
// cognitodevices.NewFromConfig; cognitodevices.ForgetUserDevices paces
// its writes at the account's UserResourceUpdate quota (25 per second).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/cmdline"
)

const (
	pool = "us-east-1_H0useKeep"
	user = "alice"
)

const usage = `Usage: go run ./examples/housekeeping

Forgets the devices of a user not used for 90 days with ForgetUserDevices,
first as a dry run, against the in-memory fake Cognito service of
devicestest seeded with five devices, and prints what it forgot, kept and
could not forget as a table.

It takes no flags but -h, which prints this, and reads no environment
variables: the fake service needs no AWS account.
`

func main() {
	// -h prints the usage and exits; nothing else is accepted.
	cmdline.Parse(cmdline.NewFlagSet("housekeeping", usage, ""), os.Args[1:])

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "housekeeping:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, now time.Time) error {
	srv := devicestest.NewServer()
	defer srv.Close()
	seed(srv, now)
	client := srv.Client()
	stale := cd.SelectNotUsedSince(now.Add(-90 * 24 * time.Hour))

	dry, err := cd.ForgetUserDevices(ctx, client, pool, user, stale, func(o *cd.ForgetUserDevicesOptions) { o.DryRun = true })
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Dry run: %d of %d devices of %s would be forgotten.\n\n", len(dry.Forgotten), len(dry.Forgotten)+len(dry.Kept), user)

	report, err := cd.ForgetUserDevices(ctx, client, pool, user, stale)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Run: %d forgotten, %d already gone, %d failed, %d kept.\n\n",
		len(report.Forgotten), len(report.AlreadyGone), len(report.Failed), len(report.Kept))
	return printReport(w, report, now)
}

// seed gives alice five devices, last used from yesterday to a year ago.
func seed(srv *devicestest.Server, now time.Time) {
	for _, d := range []struct {
		name string
		days int
	}{{"iPhone 16", 1}, {"Old iPad", 400}, {"Work laptop", 30}, {"Pixel 6", 120}, {"Hotel kiosk", 200}} {
		srv.AddDevice(pool, user, cd.DeviceType{
			DeviceAttributes:            []cd.AttributeType{{Name: aws.String(cd.AttributeDeviceName), Value: aws.String(d.name)}},
			DeviceLastAuthenticatedDate: aws.Time(now.Add(-time.Duration(d.days) * 24 * time.Hour)),
		})
	}
}

// printReport prints one row per device: what was done and when it was
// last used.
func printReport(w io.Writer, r *cd.ForgetUserDevicesReport, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OUTCOME\tNAME\tLAST USED")
	row := func(outcome string, d cd.DeviceType) {
		used := "never"
		if t := d.DeviceLastAuthenticatedDate; t != nil {
			used = fmt.Sprintf("%d days ago", int(now.Sub(*t).Hours()/24))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", outcome, d.Name(), used)
	}
	for _, d := range r.Forgotten {
		row("forgotten", d)
	}
	for _, d := range r.AlreadyGone {
		row("already gone", d)
	}
	for _, f := range r.Failed {
		outcome := "failed: " + f.Err.Error()
		if f.OutcomeUnknown {
			outcome = "failed, may be forgotten: " + f.Err.Error()
		}
		row(outcome, f.Device)
	}
	for _, d := range r.NotTried {
		row("not tried", d)
	}
	for _, d := range r.Kept {
		row("kept", d)
	}
	return tw.Flush()
}
