package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/cmdline"
)

// newFlagSet returns the flag set of a subcommand: its usage is header,
// the flags, then footer (the examples), printed on stderr; parse errors
// are returned, not exited on, so that run decides the exit status.
func newFlagSet(name, header, footer string, stderr io.Writer) *flag.FlagSet {
	fs := cmdline.NewFlagSet("cognitodevices "+name, header, footer)
	fs.Init("cognitodevices "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args with fs. It returns -1 when the command is to
// run, or the exit status: 0 after -h, 2 after a bad command line (with
// the error and the usage printed).
func parseFlags(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return 2
	}
	return -1
}

// usageError prints msg and the usage of fs and returns the exit status 2.
func usageError(fs *flag.FlagSet, msg string) int {
	fmt.Fprintf(fs.Output(), "%s: %s\n\n", fs.Name(), msg)
	fs.Usage()
	return 2
}

// awsFlags are the flags every command takes: where the service is and
// how to print.
type awsFlags struct {
	profile, region, endpointURL string
	json                         bool
}

func addAWSFlags(fs *flag.FlagSet) *awsFlags {
	a := &awsFlags{}
	fs.StringVar(&a.profile, "profile", "", "use this `name`d profile of the shared AWS config and credentials files (default: AWS_PROFILE, else default)")
	fs.StringVar(&a.region, "region", "", "AWS `Region` of the user pool (default: AWS_REGION, else the profile's region)")
	fs.StringVar(&a.endpointURL, "endpoint-url", "", "send requests to this `URL` instead of the Region's endpoint, such as cmd/fakecognito's")
	fs.BoolVar(&a.json, "json", false, "print one JSON object a line instead of a table")
	return a
}

// client builds a client from the default AWS configuration chain and the
// flags.
func (a *awsFlags) client(ctx context.Context) (*cognitodevices.Client, error) {
	var opts []func(*config.LoadOptions) error
	if a.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(a.profile))
	}
	if a.region != "" {
		opts = append(opts, config.WithRegion(a.region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("no Region: give --region, set AWS_REGION or a region in the profile")
	}
	return cognitodevices.NewFromConfig(cfg, func(o *cognitodevices.Options) {
		if a.endpointURL != "" {
			o.BaseEndpoint = &a.endpointURL
		}
	}), nil
}

// deviceFlags name a user, and for some commands one of its devices.
type deviceFlags struct {
	pool, username, deviceKey string
}

func addUserFlags(fs *flag.FlagSet) *deviceFlags {
	d := &deviceFlags{}
	fs.StringVar(&d.pool, "pool", "", "user pool `ID`, such as us-east-1_EXAMPLE (required)")
	fs.StringVar(&d.username, "username", "", "the user's `name` or alias (required)")
	return d
}

func addDeviceFlags(fs *flag.FlagSet) *deviceFlags {
	d := addUserFlags(fs)
	fs.StringVar(&d.deviceKey, "device-key", "", "the device's `key` (required)")
	return d
}

// missing returns the required flags left empty, as "--name".
func (d *deviceFlags) missing(withKey bool) []string {
	var out []string
	if d.pool == "" {
		out = append(out, "--pool")
	}
	if d.username == "" {
		out = append(out, "--username")
	}
	if withKey && d.deviceKey == "" {
		out = append(out, "--device-key")
	}
	return out
}

// ageValue is a flag holding an age: a Go duration such as 2160h or
// 36h30m, or a number of days such as 90d or 1.5d; it must be above 0.
type ageValue struct{ d *time.Duration }

func (v ageValue) String() string {
	if v.d == nil || *v.d == 0 {
		return ""
	}
	return v.d.String()
}

func (v ageValue) Set(s string) error {
	d, err := parseAge(s)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}

// parseAge reads a Go duration or a number of days ("90d").
func parseAge(s string) (time.Duration, error) {
	const bad = "want a Go duration such as 2160h or a number of days such as 90d, above 0"
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n*24 > math.MaxInt64/float64(time.Hour) {
			return 0, errors.New(bad)
		}
		d = time.Duration(n * 24 * float64(time.Hour))
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, errors.New(bad)
		}
	}
	if d <= 0 {
		return 0, errors.New(bad)
	}
	return d, nil
}

// rateValue is a flag holding requests per second, above 0.
type rateValue struct{ r *float64 }

func (v rateValue) String() string {
	if v.r == nil {
		return ""
	}
	return strconv.FormatFloat(*v.r, 'f', -1, 64)
}

func (v rateValue) Set(s string) error {
	r, err := strconv.ParseFloat(s, 64)
	if err != nil || r <= 0 || math.IsInf(r, 0) || math.IsNaN(r) {
		return errors.New("want a number of requests per second above 0, such as 25 or 0.5")
	}
	*v.r = r
	return nil
}
