package devicestest

import (
	"net"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Defaults of a Server built without options.
const (
	// DefaultRegion is the region a Server answers for unless WithRegion
	// says otherwise.
	DefaultRegion = "us-east-1"

	// DefaultAccessKeyID and DefaultSecretAccessKey are the only key pair
	// a Server accepts unless WithCredentials is given. They are fixed
	// test values that grant nothing anywhere else.
	DefaultAccessKeyID     = "AKIDDEVICESTEST00001"
	DefaultSecretAccessKey = "devicestest/secret/not-a-real-key"

	// DefaultPageSize is the page size of a listing whose Limit is absent
	// or 0, unless WithDefaultPageSize says otherwise.
	DefaultPageSize = 10

	// DefaultRequestLogSize is how many of the requests received the
	// server keeps for Requests unless WithRequestLogSize says otherwise:
	// the last 1,000, some 2 MiB of a typical mix.
	DefaultRequestLogSize = 1000
)

// Option configures a Server in NewServer and NewServerT.
type Option func(*config)

type config struct {
	listener                  net.Listener
	region                    string
	keys                      []aws.Credentials
	now                       func() time.Time
	pageSize                  int
	userConfirmationNecessary bool
	controlOff                bool
	controlToken              string
	controlHosts              []string
	requestLogSize            int
	quotas                    *Quotas
}

func newConfig(opts []Option) config {
	c := config{region: DefaultRegion, now: time.Now, pageSize: DefaultPageSize, requestLogSize: DefaultRequestLogSize}
	for _, opt := range opts {
		opt(&c)
	}
	if len(c.keys) == 0 {
		c.keys = []aws.Credentials{staticKey(DefaultAccessKeyID, DefaultSecretAccessKey)}
	}
	return c
}

// WithRegion sets the region the server answers for: the SigV4 scope it
// requires, the region of the clients it builds and the prefix of the
// device keys it generates.
func WithRegion(region string) Option {
	return func(c *config) { c.region = region }
}

// WithCredentials adds a key pair that admin requests may be signed with.
// The first call replaces the default pair; later calls add more pairs.
// Server.Client signs with the first pair.
func WithCredentials(accessKeyID, secretAccessKey string) Option {
	return func(c *config) { c.keys = append(c.keys, staticKey(accessKeyID, secretAccessKey)) }
}

// WithClock sets the server's clock, used for signature expiry, the Date
// response header, recorded request times and the timestamps AddDevice
// fills in. The default is time.Now. Server.SetClock changes it later.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithDefaultPageSize sets the page size of listings whose Limit is
// absent or 0. It panics if n is less than 1.
func WithDefaultPageSize(n int) Option {
	if n < 1 {
		panic("devicestest: WithDefaultPageSize needs a page size of at least 1")
	}
	return func(c *config) { c.pageSize = n }
}

// WithRequestLogSize sets how many of the requests received the server
// keeps for Requests and the control endpoint: the last n, the oldest
// dropped first. 0 keeps none. It panics if n is negative.
func WithRequestLogSize(n int) Option {
	if n < 0 {
		panic("devicestest: WithRequestLogSize needs a size of 0 or more")
	}
	return func(c *config) { c.requestLogSize = n }
}

// WithUserConfirmationNecessary sets the UserConfirmationNecessary
// member of every ConfirmDevice answer. The default, false, is the answer
// of a user pool that remembers devices always or never; true is that of
// a pool that lets users opt in, where the application should then ask
// the user and call UpdateDeviceStatus. The server's behaviour is
// otherwise the same: a confirmed device starts not_remembered either way.
func WithUserConfirmationNecessary(necessary bool) Option {
	return func(c *config) { c.userConfirmationNecessary = necessary }
}

func staticKey(accessKeyID, secretAccessKey string) aws.Credentials {
	return aws.Credentials{AccessKeyID: accessKeyID, SecretAccessKey: secretAccessKey, Source: "devicestest"}
}

// WithListener makes the server accept connections on l instead of a new
// loopback port; the server closes l when it is closed. Use it to serve on
// a chosen address (see cmd/fakecognito).
func WithListener(l net.Listener) Option {
	return func(c *config) { c.listener = l }
}

// WithControlEndpoint turns the control endpoint (see ControlPath) on,
// the default, or off. When it is off, requests under ControlPath are
// answered 404 and Server.ControlToken returns "".
func WithControlEndpoint(enabled bool) Option {
	return func(c *config) { c.controlOff = !enabled }
}

// WithControlToken sets the token the control endpoint requires in the
// ControlTokenHeader header, in place of the random one drawn for each
// server, so that a script can know it in advance. It panics unless the
// token is 1 to 256 printable ASCII characters without spaces.
func WithControlToken(token string) Option {
	if !validControlToken(token) {
		panic("devicestest: WithControlToken needs 1 to 256 printable ASCII characters without spaces")
	}
	return func(c *config) { c.controlToken = token }
}

// WithControlHosts adds Host header values the control endpoint accepts
// beside the server's own loopback addresses, for a server that clients
// reach by another name, as in a container: "fakecognito:8765" accepts
// that host and port, "fakecognito" that host on any port.
func WithControlHosts(hosts ...string) Option {
	return func(c *config) { c.controlHosts = append(c.controlHosts, hosts...) }
}
