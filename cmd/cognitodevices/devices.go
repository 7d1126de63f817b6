package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cognitodevices/cognitodevices"
)

// deviceLine is a device as --json prints it.
type deviceLine struct {
	Username         string            `json:"username"`
	DeviceKey        string            `json:"device_key"`
	DeviceName       string            `json:"device_name,omitempty"`
	RememberedStatus string            `json:"remembered_status,omitempty"`
	LastUsed         *time.Time        `json:"last_used,omitempty"`
	Created          *time.Time        `json:"created,omitempty"`
	LastModified     *time.Time        `json:"last_modified,omitempty"`
	Attributes       map[string]string `json:"attributes,omitempty"`
}

func newDeviceLine(username string, d cognitodevices.DeviceType) deviceLine {
	l := deviceLine{Username: username, DeviceKey: aws.ToString(d.DeviceKey), DeviceName: d.Name(),
		RememberedStatus: string(d.RememberedStatus()), LastUsed: d.DeviceLastAuthenticatedDate,
		Created: d.DeviceCreateDate, LastModified: d.DeviceLastModifiedDate}
	for _, a := range d.DeviceAttributes {
		if l.Attributes == nil {
			l.Attributes = map[string]string{}
		}
		l.Attributes[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return l
}

// deviceTable prints devices as a table, or as JSON lines.
type deviceTable struct {
	json bool
	enc  *json.Encoder
	tw   *tabwriter.Writer
}

func newDeviceTable(w io.Writer, asJSON bool) *deviceTable {
	t := &deviceTable{json: asJSON, enc: json.NewEncoder(w)}
	if !asJSON {
		t.tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(t.tw, "DEVICE KEY\tNAME\tSTATUS\tLAST USED\tCREATED")
	}
	return t
}

func (t *deviceTable) add(username string, d cognitodevices.DeviceType) error {
	if t.json {
		return t.enc.Encode(newDeviceLine(username, d))
	}
	_, err := fmt.Fprintf(t.tw, "%s\t%s\t%s\t%s\t%s\n", aws.ToString(d.DeviceKey), orDash(d.Name()), orDash(string(d.RememberedStatus())),
		formatTime(d.DeviceLastAuthenticatedDate), formatTime(d.DeviceCreateDate))
	return err
}

func (t *deviceTable) flush() error {
	if t.tw != nil {
		return t.tw.Flush()
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func formatTime(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

const userExamples = `
Examples:
  cognitodevices list --pool us-east-1_EXAMPLE --username alice
  cognitodevices list --pool us-east-1_EXAMPLE --username alice --json
  cognitodevices get --pool us-east-1_EXAMPLE --username alice --device-key us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
  cognitodevices forget --pool us-east-1_EXAMPLE --username alice --device-key us-east-1_0f1e...
  cognitodevices not-remembered --pool us-east-1_EXAMPLE --username alice --device-key us-east-1_0f1e...
`

// deviceCommand parses the flags of a command on one user's devices (and
// --device-key when withKey), refuses missing ones, and builds the client.
// A status of 0 or more ends the command with it.
func deviceCommand(ctx context.Context, name, header string, withKey bool, args []string, stderr io.Writer) (*awsFlags, *deviceFlags, *cognitodevices.Client, int) {
	fs := newFlagSet(name, header, userExamples, stderr)
	add := addUserFlags
	if withKey {
		add = addDeviceFlags
	}
	a, d := addAWSFlags(fs), add(fs)
	if status := parseFlags(fs, args); status >= 0 {
		return nil, nil, nil, status
	}
	if m := d.missing(withKey); len(m) > 0 {
		return nil, nil, nil, usageError(fs, "missing "+strings.Join(m, ", "))
	}
	client, err := a.client(ctx)
	if err != nil {
		return nil, nil, nil, fail(stderr, name, err)
	}
	return a, d, client, -1
}

func runList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, d, client, status := deviceCommand(ctx, "list", "Usage: cognitodevices list --pool ID --username NAME [flags]\n\nLists the devices of a user (AdminListDevices, every page).\n\nFlags:\n", false, args, stderr)
	if status >= 0 {
		return status
	}
	t := newDeviceTable(stdout, a.json)
	for dev, err := range cognitodevices.AdminListDevicesAll(ctx, client, &cognitodevices.AdminListDevicesInput{UserPoolId: &d.pool, Username: &d.username}) {
		if err == nil {
			err = t.add(d.username, dev)
		}
		if err != nil {
			t.flush()
			return fail(stderr, "list", err)
		}
	}
	if err := t.flush(); err != nil {
		return fail(stderr, "list", err)
	}
	return 0
}

func runGet(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, d, client, status := deviceCommand(ctx, "get", "Usage: cognitodevices get --pool ID --username NAME --device-key KEY [flags]\n\nShows one device of a user (AdminGetDevice).\n\nFlags:\n", true, args, stderr)
	if status >= 0 {
		return status
	}
	out, err := client.AdminGetDevice(ctx, &cognitodevices.AdminGetDeviceInput{UserPoolId: &d.pool, Username: &d.username, DeviceKey: &d.deviceKey})
	if err != nil {
		return fail(stderr, "get", err)
	}
	t := newDeviceTable(stdout, a.json)
	if err := t.add(d.username, *out.Device); err != nil {
		return fail(stderr, "get", err)
	}
	if err := t.flush(); err != nil {
		return fail(stderr, "get", err)
	}
	return 0
}

// outcomeLine is what forget, remember and not-remembered print with
// --json.
type outcomeLine struct {
	Username  string `json:"username"`
	DeviceKey string `json:"device_key"`
	Outcome   string `json:"outcome"`
}

// runWrite runs a command that writes one device: write sends it, and
// outcome names what became of the device.
func runWrite(ctx context.Context, name, what, outcome string, args []string, stdout, stderr io.Writer,
	write func(context.Context, *cognitodevices.Client, *deviceFlags) error) int {
	a, d, client, status := deviceCommand(ctx, name, "Usage: cognitodevices "+name+" --pool ID --username NAME --device-key KEY [flags]\n\n"+what+"\n\nFlags:\n", true, args, stderr)
	if status >= 0 {
		return status
	}
	err := write(ctx, client, d)
	if err != nil {
		return fail(stderr, name, err)
	}
	if a.json {
		err = json.NewEncoder(stdout).Encode(outcomeLine{Username: d.username, DeviceKey: d.deviceKey, Outcome: outcome})
	} else {
		_, err = fmt.Fprintf(stdout, "%s: device %s of %s\n", outcome, d.deviceKey, d.username)
	}
	if err != nil {
		return fail(stderr, name, err)
	}
	return 0
}

func runForget(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runWrite(ctx, "forget", "Forgets one device of a user (AdminForgetDevice).", "forgotten", args, stdout, stderr,
		func(ctx context.Context, c *cognitodevices.Client, d *deviceFlags) error {
			_, err := c.AdminForgetDevice(ctx, &cognitodevices.AdminForgetDeviceInput{UserPoolId: &d.pool, Username: &d.username, DeviceKey: &d.deviceKey})
			return err
		})
}

func runRemember(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return setStatus(ctx, "remember", cognitodevices.DeviceRememberedStatusTypeRemembered, args, stdout, stderr)
}

func runNotRemembered(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return setStatus(ctx, "not-remembered", cognitodevices.DeviceRememberedStatusTypeNotRemembered, args, stdout, stderr)
}

func setStatus(ctx context.Context, name string, status cognitodevices.DeviceRememberedStatusType, args []string, stdout, stderr io.Writer) int {
	return runWrite(ctx, name, "Marks one device of a user "+string(status)+" (AdminUpdateDeviceStatus).", string(status), args, stdout, stderr,
		func(ctx context.Context, c *cognitodevices.Client, d *deviceFlags) error {
			_, err := c.AdminUpdateDeviceStatus(ctx, &cognitodevices.AdminUpdateDeviceStatusInput{UserPoolId: &d.pool, Username: &d.username,
				DeviceKey: &d.deviceKey, DeviceRememberedStatus: status})
			return err
		})
}

const forgetStaleHeader = `Usage: cognitodevices forget-stale --pool ID --username NAME --older-than AGE [flags]

Forgets the devices of one user last used for sign-in more than AGE ago
(a device never used counts as stale), with ForgetUserDevices: it lists
every device, forgets the stale ones at --write-rate, and lists again to
catch devices the first listing missed. With --dry-run it only lists and
prints what it would forget. Each device gets one line: forgotten, gone
(forgotten elsewhere), kept, failed or not_tried (planned in a dry run).

Flags:
`

const forgetStaleExamples = `
Examples:
  cognitodevices forget-stale --pool us-east-1_EXAMPLE --username alice --older-than 90d --dry-run
  cognitodevices forget-stale --pool us-east-1_EXAMPLE --username alice --older-than 720h --json
`

func runForgetStale(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("forget-stale", forgetStaleHeader, forgetStaleExamples, stderr)
	a, d := addAWSFlags(fs), addUserFlags(fs)
	var olderThan time.Duration
	fs.Var(ageValue{&olderThan}, "older-than", "forget the devices last used more than this `age` ago: a Go duration (2160h) or days (90d) (required)")
	dryRun := fs.Bool("dry-run", false, "list and print what would be forgotten; send no write")
	writeRate := 25.0
	fs.Var(rateValue{&writeRate}, "write-rate", "AdminForgetDevice `requests` per second (Cognito's UserResourceUpdate quota is 25)")
	if status := parseFlags(fs, args); status >= 0 {
		return status
	}
	m := d.missing(false)
	if olderThan == 0 {
		m = append(m, "--older-than")
	}
	if len(m) > 0 {
		return usageError(fs, "missing "+strings.Join(m, ", "))
	}
	client, err := a.client(ctx)
	if err != nil {
		return fail(stderr, "forget-stale", err)
	}
	report, err := cognitodevices.ForgetUserDevices(ctx, client, d.pool, d.username, cognitodevices.SelectNotUsedSince(time.Now().Add(-olderThan)),
		func(o *cognitodevices.ForgetUserDevicesOptions) {
			o.DryRun = *dryRun
			o.RateLimiter = cognitodevices.NewIntervalLimiter(writeRate)
		})
	if report == nil {
		return fail(stderr, "forget-stale", err)
	}
	forgotten := "forgotten"
	if report.DryRun {
		forgotten = "planned"
	}
	var rows []staleRow
	add := func(outcome string, devs []cognitodevices.DeviceType) {
		for _, dev := range devs {
			rows = append(rows, staleRow{outcome: outcome, device: dev})
		}
	}
	add(forgotten, report.Forgotten)
	add("gone", report.AlreadyGone)
	add("kept", report.Kept)
	for _, f := range report.Failed {
		rows = append(rows, staleRow{outcome: "failed", device: f.Device, err: f.Err, unknown: f.OutcomeUnknown})
	}
	add("not_tried", report.NotTried)
	if werr := printStale(stdout, d.username, rows, a.json); werr != nil && err == nil {
		err = werr
	}
	if err != nil {
		return fail(stderr, "forget-stale", err)
	}
	if len(report.Failed) > 0 {
		fmt.Fprintf(stderr, "cognitodevices forget-stale: %d devices failed\n", len(report.Failed))
		return 1
	}
	return 0
}

type staleRow struct {
	outcome string
	device  cognitodevices.DeviceType
	err     error
	unknown bool
}

// staleLine is a forget-stale row as --json prints it.
type staleLine struct {
	Username       string     `json:"username"`
	DeviceKey      string     `json:"device_key"`
	DeviceName     string     `json:"device_name,omitempty"`
	LastUsed       *time.Time `json:"last_used,omitempty"`
	Outcome        string     `json:"outcome"`
	OutcomeUnknown bool       `json:"outcome_unknown,omitempty"`
	Error          string     `json:"error,omitempty"`
}

func printStale(w io.Writer, username string, rows []staleRow, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, r := range rows {
			l := staleLine{Username: username, DeviceKey: aws.ToString(r.device.DeviceKey), DeviceName: r.device.Name(),
				LastUsed: r.device.DeviceLastAuthenticatedDate, Outcome: r.outcome, OutcomeUnknown: r.unknown}
			if r.err != nil {
				l.Error = r.err.Error()
			}
			if err := enc.Encode(l); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OUTCOME\tDEVICE KEY\tNAME\tLAST USED\tERROR")
	for _, r := range rows {
		e := ""
		if r.err != nil {
			e = r.err.Error()
			if r.unknown {
				e = "(may be forgotten) " + e
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.outcome, aws.ToString(r.device.DeviceKey), orDash(r.device.Name()),
			formatTime(r.device.DeviceLastAuthenticatedDate), e)
	}
	return tw.Flush()
}
