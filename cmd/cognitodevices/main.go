// Command cognitodevices lists, reads, forgets and marks the remembered
// devices of Amazon Cognito users, one user at a time or across a whole
// user pool (sweep), in the AWS CLI's habits: credentials and Region come
// from the default AWS configuration chain (environment, shared files,
// --profile), --region and --endpoint-url override them, output is a
// table or, with --json, one JSON object a line.
//
//	cognitodevices list --pool us-east-1_EXAMPLE --username alice
//	cognitodevices sweep --pool us-east-1_EXAMPLE --older-than 90d --dry-run
//	cognitodevices sweep --pool us-east-1_EXAMPLE --older-than 90d --checkpoint sweep.json --report report.jsonl
//
// Each subcommand prints its flags and examples with -h. Exit status: 0
// done, 1 a failure, 2 a bad command line, 130 (SIGINT) or 143 (SIGTERM)
// a sweep interrupted, after it wrote its checkpoint and printed the
// command that resumes it.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// command is one subcommand: its name, one line for the program's usage,
// and the function that runs it. run parses args itself (exiting 0 for
// -h and 2 for a bad command line) and returns the exit status.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var commands = []command{
	{"list", "list the devices of a user (AdminListDevices)", runList},
	{"get", "show one device of a user (AdminGetDevice)", runGet},
	{"forget", "forget one device of a user (AdminForgetDevice)", runForget},
	{"remember", "mark one device remembered (AdminUpdateDeviceStatus)", runRemember},
	{"not-remembered", "mark one device not_remembered (AdminUpdateDeviceStatus)", runNotRemembered},
	{"forget-stale", "forget the devices of one user not used for a while", runForgetStale},
	{"sweep", "forget or mark devices across a whole user pool, paced and resumable", runSweep},
}

// usage is what the program prints for -h.
func usage() string {
	var b strings.Builder
	b.WriteString(`Usage: cognitodevices <command> [flags]

Manages the remembered devices of Amazon Cognito users. Credentials and
Region come from the default AWS configuration chain (AWS_PROFILE,
AWS_REGION, AWS_ACCESS_KEY_ID, ~/.aws/config, ...); --profile, --region
and --endpoint-url override it. Flags take one dash or two.

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-15s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Run "cognitodevices <command> -h" for the flags and examples of a command.

Examples:
  cognitodevices list --pool us-east-1_EXAMPLE --username alice
  cognitodevices forget-stale --pool us-east-1_EXAMPLE --username alice --older-than 90d --dry-run
  cognitodevices sweep --pool us-east-1_EXAMPLE --older-than 90d --dry-run
  cognitodevices sweep --pool us-east-1_EXAMPLE --older-than 90d --keep-newest 1 --checkpoint sweep.json --report report.jsonl

Against the fake service (go run ./cmd/fakecognito -generate-users 2000
prints its endpoint and key pair):
  AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... cognitodevices sweep --region us-east-1 \
    --endpoint-url http://127.0.0.1:PORT --pool us-east-1_SCALE --older-than 90d --dry-run
`)
	return b.String()
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, "cognitodevices: a command is required\n\n", usage())
		return 2
	}
	if slices.Contains([]string{"-h", "-help", "--help", "--h", "help"}, args[0]) {
		fmt.Fprint(stderr, usage())
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(context.Background(), args[1:], stdout, stderr)
		}
	}
	what := "command"
	if strings.HasPrefix(args[0], "-") {
		what = "flag before the command"
	}
	fmt.Fprintf(stderr, "cognitodevices: unknown %s %q\n\n%s", what, args[0], usage())
	return 2
}

// fail prints err for the command and returns the exit status 1.
func fail(stderr io.Writer, name string, err error) int {
	fmt.Fprintf(stderr, "cognitodevices %s: %v\n", name, err)
	return 1
}
