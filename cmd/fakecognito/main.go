// Command fakecognito runs devicestest.Server, the in-memory fake of the
// Amazon Cognito device operations, as a standalone server, so that tests
// written in any language (the AWS SDK for JavaScript, botocore, ...) can
// use it.
//
//	go run ./cmd/fakecognito -seed examples/fakecognito/seed.json
//
// On start it prints one line of JSON with what a client needs:
//
//	{"endpoint":"http://127.0.0.1:41233","region":"us-east-1","accessKeyId":"...","secretAccessKey":"...","control":"http://127.0.0.1:41233/_devicestest/"}
//
// Point the client's endpoint at "endpoint", sign admin operations with
// the key pair for "region", and send access-token operations the tokens
// of the seed. The control endpoint (devicestest.ControlPath) resets the
// server to its seed, injects faults, sets the clock, lists the requests
// received, and answers GET .../health.
//
// Flags, each with an environment variable for containers (a flag given
// wins over its variable; -h lists them and exits 0):
//
//	-addr ADDR         FAKECOGNITO_ADDR          address to listen on (default 127.0.0.1:0, a free port)
//	-seed FILE         FAKECOGNITO_SEED          JSON seed (see devicestest.Seed)
//	-region REGION     FAKECOGNITO_REGION        region to answer for (default us-east-1)
//	-allow-remote      FAKECOGNITO_ALLOW_REMOTE  listen beyond loopback (true or false, 1 or 0;
//	                                             any other value is an error)
//
// It refuses to listen on an address other than a loopback one unless
// -allow-remote is given: the server grants every admin operation to a
// fixed, published key pair. In a container, where clients connect from
// outside:
//
//	fakecognito -addr 0.0.0.0:8765 -allow-remote -seed /seed.json
//
// It stops on SIGINT or SIGTERM.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/cognitodevices/cognitodevices/devicestest"
)

func main() {
	srv, err := start(os.Args[1:], os.Getenv, os.Stdout)
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the usage went to stdout
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakecognito:", err)
		os.Exit(2)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	srv.Close()
}

// started is the line printed on start.
type started struct {
	Endpoint        string `json:"endpoint"`
	Region          string `json:"region"`
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	Control         string `json:"control"`
}

// usage is what -h prints before the flags.
const usage = `Usage: fakecognito [flags]

Runs devicestest.Server, the in-memory fake of the Amazon Cognito device
operations, as a standalone server. On start it prints one line of JSON
with the endpoint, region, key pair and control endpoint a client needs,
and it stops on SIGINT or SIGTERM.

Each flag takes its default from the environment variable it names; a
flag given on the command line wins. A boolean variable takes true or
false (or 1 or 0); any other value is an error.

Flags:
`

// start parses the flags (with their environment variables as defaults),
// starts the server and prints the started line to w. For -h it prints
// the usage to w and returns flag.ErrHelp.
func start(args []string, getenv func(string) string, w io.Writer) (*devicestest.Server, error) {
	fs := flag.NewFlagSet("fakecognito", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned; -h prints below
	fs.Usage = func() {}
	addr := fs.String("addr", envOr(getenv, "FAKECOGNITO_ADDR", "127.0.0.1:0"), "`address` to listen on; environment FAKECOGNITO_ADDR")
	seedFile := fs.String("seed", getenv("FAKECOGNITO_SEED"), "JSON seed `file` (see devicestest.Seed); environment FAKECOGNITO_SEED")
	region := fs.String("region", envOr(getenv, "FAKECOGNITO_REGION", devicestest.DefaultRegion), "`region` to answer for; environment FAKECOGNITO_REGION")
	allowRemote, err := envBool(getenv, "FAKECOGNITO_ALLOW_REMOTE")
	if err != nil {
		return nil, err
	}
	fs.BoolVar(&allowRemote, "allow-remote", allowRemote, "listen on an address beyond loopback; environment FAKECOGNITO_ALLOW_REMOTE")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(w, usage)
			fs.SetOutput(w)
			fs.PrintDefaults()
			return nil, err
		}
		return nil, fmt.Errorf("%w (fakecognito -h lists the flags)", err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}

	var seed devicestest.Seed
	if *seedFile != "" {
		f, err := os.Open(*seedFile)
		if err != nil {
			return nil, err
		}
		seed, err = devicestest.ReadSeed(f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := checkLoopback(*addr, allowRemote); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return nil, err
	}
	srv := devicestest.NewServer(devicestest.WithListener(l), devicestest.WithRegion(*region))
	if err := srv.LoadSeed(seed); err != nil {
		srv.Close()
		return nil, err
	}
	creds := srv.Credentials()
	line, _ := json.Marshal(started{
		Endpoint: srv.URL, Region: srv.Region(),
		AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey,
		Control: srv.URL + devicestest.ControlPath,
	})
	fmt.Fprintf(w, "%s\n", line)
	return srv, nil
}

// checkLoopback refuses an address whose host is not a loopback address
// or "localhost", unless remote listening is allowed.
func checkLoopback(addr string, allowRemote bool) error {
	if allowRemote {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return errors.New("-addr " + strconv.Quote(addr) + " is not a loopback address: the server lets a published key pair call every admin operation; give -allow-remote to listen there anyway")
}

// envBool reads a boolean environment variable: unset or empty is false,
// and a value strconv.ParseBool does not take is an error, so that a
// setting meant to be on is not silently off.
func envBool(getenv func(string) string, name string) (bool, error) {
	v := getenv(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: the value must be true or false (or 1 or 0)", name, v)
	}
	return b, nil
}

func envOr(getenv func(string) string, name, fallback string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return fallback
}
