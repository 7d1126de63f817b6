// Command fakecognito runs devicestest.Server, the in-memory fake of the
// Amazon Cognito device operations, as a standalone server, so that tests
// written in any language (the AWS SDK for JavaScript, botocore, ...) can
// use it.
//
//	go run ./cmd/fakecognito -seed examples/fakecognito/seed.json
//
// On start it prints one line of JSON with what a client needs:
//
//	{"endpoint":"http://127.0.0.1:41233","region":"us-east-1","accessKeyId":"...","secretAccessKey":"...","control":"http://127.0.0.1:41233/_devicestest/","controlToken":"..."}
//
// Point the client's endpoint at "endpoint", sign admin operations with
// the key pair for "region", and send access-token operations the tokens
// of the seed. The control endpoint (devicestest.ControlPath) resets the
// server to its seed, injects faults, sets the clock, lists the requests
// received, and answers GET .../health, for requests that carry
// "controlToken" in the X-Devicestest-Control-Token header, name the
// server by a loopback address in their Host header, and send any body as
// application/json:
//
//	curl -X POST -H "X-Devicestest-Control-Token: $TOKEN" http://127.0.0.1:41233/_devicestest/reset
//
// The token is drawn at random on each start unless -control-token fixes
// it; -control=false turns the endpoint off, and the line then has
// neither "control" nor "controlToken".
//
// Flags, each with an environment variable for containers (a flag given
// wins over its variable; -h lists them and exits 0):
//
//	-addr ADDR          FAKECOGNITO_ADDR           address to listen on (default 127.0.0.1:0, a free port)
//	-seed FILE          FAKECOGNITO_SEED           JSON seed (see devicestest.Seed)
//	-region REGION      FAKECOGNITO_REGION         region to answer for (default us-east-1)
//	-allow-remote       FAKECOGNITO_ALLOW_REMOTE   listen beyond loopback
//	-control            FAKECOGNITO_CONTROL        serve the control endpoint (default true)
//	-control-token TOK  FAKECOGNITO_CONTROL_TOKEN  the control token (default: random)
//	-control-host HOST  FAKECOGNITO_CONTROL_HOSTS  another Host the control endpoint accepts,
//	                                               host:port or host (repeatable; the variable
//	                                               separates them with commas)
//	-request-log N      FAKECOGNITO_REQUEST_LOG    how many of the last requests the request
//	                                               log keeps (default 1000, 0 for none)
//	-generate-users N   FAKECOGNITO_GENERATE_USERS   generate N users, user000001 and on, with
//	                                                 devices (see devicestest.SeedGenerate)
//	-devices-per-user M FAKECOGNITO_DEVICES_PER_USER how many devices each has (default 3)
//	-generate-pool ID   FAKECOGNITO_GENERATE_POOL    their pool, of the seed or new
//	                                                 (default <region>_SCALE)
//	-throttle SPEC      FAKECOGNITO_THROTTLE         throttle by quota category (see below)
//
// The boolean variables take true or false (or 1 or 0); any other value
// is an error.
//
// For a run at scale, -generate-users fills a pool with generated users
// and devices, named and dated predictably, in well under a second for
// 100,000 users with three devices each; Reset (the control endpoint's
// reset) restores them:
//
//	fakecognito -generate-users 100000 -devices-per-user 3 -generate-pool us-east-1_SCALE
//
// -throttle default answers TooManyRequestsException beyond Cognito's
// default rates, as devicestest.WithQuotas describes: ListUsers 30
// requests a second, device reads 50, device writes 25, and 10 reads and
// 10 writes a second per user. Settings over the defaults, a rate or
// RATE:BURST, raise or lower them (0 lifts a limit):
//
//	fakecognito -throttle list=300,read=500,write=250:50
//
// GET /_devicestest/quotas then reports, per category, the requests
// served, those throttled and the rate served; DELETE starts the counts
// again.
//
// It refuses to listen on an address other than a loopback one unless
// -allow-remote is given: the server grants every admin operation to a
// fixed, published key pair. In a container, where clients connect from
// outside and name it by the container's name:
//
//	fakecognito -addr 0.0.0.0:8765 -allow-remote -control-host fakecognito -seed /seed.json
//
// It stops on SIGINT or SIGTERM, within about two seconds even while a
// client holds a request open (see devicestest.Server.Close).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
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
	Control         string `json:"control,omitempty"`
	ControlToken    string `json:"controlToken,omitempty"`
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
	allowRemote, err := envBool(getenv, "FAKECOGNITO_ALLOW_REMOTE", false)
	if err != nil {
		return nil, err
	}
	fs.BoolVar(&allowRemote, "allow-remote", allowRemote, "listen on an address beyond loopback; environment FAKECOGNITO_ALLOW_REMOTE")
	control, err := envBool(getenv, "FAKECOGNITO_CONTROL", true)
	if err != nil {
		return nil, err
	}
	fs.BoolVar(&control, "control", control, "serve the control endpoint (-control=false turns it off); environment FAKECOGNITO_CONTROL")
	controlToken := fs.String("control-token", getenv("FAKECOGNITO_CONTROL_TOKEN"),
		"`token` the control endpoint requires (default: drawn at random on start); environment FAKECOGNITO_CONTROL_TOKEN")
	requestLog, err := envInt(getenv, "FAKECOGNITO_REQUEST_LOG", devicestest.DefaultRequestLogSize)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&requestLog, "request-log", requestLog, "how many of the last requests to keep for the control endpoint's request log; environment FAKECOGNITO_REQUEST_LOG")
	generateUsers, err := envInt(getenv, "FAKECOGNITO_GENERATE_USERS", 0)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&generateUsers, "generate-users", generateUsers, "generate this many users, user000001 and on, in the -generate-pool pool (see devicestest.SeedGenerate); environment FAKECOGNITO_GENERATE_USERS")
	devicesPerUser, err := envInt(getenv, "FAKECOGNITO_DEVICES_PER_USER", 3)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&devicesPerUser, "devices-per-user", devicesPerUser, "how many devices each generated user has; environment FAKECOGNITO_DEVICES_PER_USER")
	throttle := fs.String("throttle", getenv("FAKECOGNITO_THROTTLE"),
		"throttle by quota category: `spec` \"default\" (Cognito's default rates), or list=, read=, write=, user-read=, user-write= requests a second (RATE or RATE:BURST), comma-separated, over the defaults; environment FAKECOGNITO_THROTTLE")
	generatePool := fs.String("generate-pool", getenv("FAKECOGNITO_GENERATE_POOL"),
		"`pool` ID of the generated users, a pool of the seed or a new one (default <region>_SCALE); environment FAKECOGNITO_GENERATE_POOL")
	var controlHosts []string
	if v := getenv("FAKECOGNITO_CONTROL_HOSTS"); v != "" {
		controlHosts = strings.Split(v, ",")
	}
	fs.Func("control-host", "another `host[:port]` clients name the server by, whose control requests are accepted (repeatable); environment FAKECOGNITO_CONTROL_HOSTS, comma-separated",
		func(v string) error { controlHosts = append(controlHosts, v); return nil })
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
	if generateUsers > 0 {
		if *generatePool == "" {
			*generatePool = *region + "_SCALE"
		}
		seed = withGenerated(seed, *generatePool, devicestest.SeedGenerate{Users: generateUsers, DevicesPerUser: devicesPerUser})
	}
	quotas, err := parseThrottle(*throttle)
	if err != nil {
		return nil, err
	}
	if err := checkLoopback(*addr, allowRemote); err != nil {
		return nil, err
	}
	if requestLog < 0 {
		return nil, fmt.Errorf("-request-log %d: the request log cannot keep fewer than 0 requests", requestLog)
	}
	opts := []devicestest.Option{devicestest.WithRegion(*region), devicestest.WithControlEndpoint(control), devicestest.WithControlHosts(controlHosts...),
		devicestest.WithRequestLogSize(requestLog)}
	if quotas != nil {
		opts = append(opts, devicestest.WithQuotas(*quotas))
	}
	if *controlToken != "" {
		opt, err := controlTokenOption(*controlToken)
		if err != nil {
			return nil, err
		}
		opts = append(opts, opt)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return nil, err
	}
	srv := devicestest.NewServer(append(opts, devicestest.WithListener(l))...)
	if err := srv.LoadSeed(seed); err != nil {
		srv.Close()
		return nil, err
	}
	creds := srv.Credentials()
	s := started{
		Endpoint: srv.URL, Region: srv.Region(),
		AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey,
	}
	if control {
		s.Control, s.ControlToken = srv.URL+devicestest.ControlPath, srv.ControlToken()
	}
	line, _ := json.Marshal(s)
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

// controlTokenOption returns devicestest.WithControlToken(token), or the
// error it panics with for a token that cannot travel in a header.
func controlTokenOption(token string) (opt devicestest.Option, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("-control-token: %v", r)
		}
	}()
	return devicestest.WithControlToken(token), nil
}

// envBool reads a boolean environment variable: unset or empty is
// fallback, and a value strconv.ParseBool does not take is an error, so
// that a setting meant to be on is not silently off.
func envBool(getenv func(string) string, name string, fallback bool) (bool, error) {
	v := getenv(name)
	if v == "" {
		return fallback, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: the value must be true or false (or 1 or 0)", name, v)
	}
	return b, nil
}

// parseThrottle reads the -throttle spec: "" or "off" for no throttling,
// "default" for devicestest.DefaultQuotas, or comma-separated
// category=RATE or category=RATE:BURST settings over the defaults.
func parseThrottle(spec string) (*devicestest.Quotas, error) {
	switch spec {
	case "", "off":
		return nil, nil
	case "default":
		q := devicestest.DefaultQuotas()
		return &q, nil
	}
	q := devicestest.DefaultQuotas()
	fields := map[string]*devicestest.Quota{"list": &q.UserList, "read": &q.UserResourceRead, "write": &q.UserResourceUpdate,
		"user-read": &q.PerUserRead, "user-write": &q.PerUserUpdate}
	for _, setting := range strings.Split(spec, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(setting), "=")
		field := fields[name]
		if field == nil {
			return nil, fmt.Errorf("-throttle %q: %q is not one of list, read, write, user-read, user-write", spec, name)
		}
		rate, burst, hasBurst := strings.Cut(value, ":")
		r, err := strconv.ParseFloat(rate, 64)
		if err != nil || r < 0 || math.IsInf(r, 0) || math.IsNaN(r) {
			return nil, fmt.Errorf("-throttle %q: %s needs a rate of 0 or more requests a second (0 for no limit)", spec, name)
		}
		*field = devicestest.Quota{Rate: r}
		if hasBurst {
			if field.Burst, err = strconv.Atoi(burst); err != nil || field.Burst < 1 {
				return nil, fmt.Errorf("-throttle %q: the burst of %s must be a whole number of 1 or more", spec, name)
			}
		}
	}
	return &q, nil
}

// withGenerated returns the seed with g as the generator of the pool,
// which is added when the seed has no pool of that ID.
func withGenerated(seed devicestest.Seed, poolID string, g devicestest.SeedGenerate) devicestest.Seed {
	seed.Pools = slices.Clone(seed.Pools)
	for i := range seed.Pools {
		if seed.Pools[i].ID == poolID {
			seed.Pools[i].Generate = &g
			return seed
		}
	}
	seed.Pools = append(seed.Pools, devicestest.SeedPool{ID: poolID, Generate: &g})
	return seed
}

// envInt reads a whole-number environment variable: unset or empty is
// fallback, anything strconv.Atoi does not take is an error.
func envInt(getenv func(string) string, name string, fallback int) (int, error) {
	v := getenv(name)
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: the value must be a whole number", name, v)
	}
	return n, nil
}

func envOr(getenv func(string) string, name, fallback string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return fallback
}
