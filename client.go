package cognitodevices

import (
	"context"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ServiceID names the service in errors, as the official client does.
const ServiceID = "Cognito Identity Provider"

// Version is this library's version, sent in the User-Agent header.
const Version = "0.1.0"

// HTTPClient sends one HTTP request. *http.Client satisfies it.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// Client calls the Amazon Cognito user pool device operations. Build it
// with New or NewFromConfig. A Client is safe for concurrent use; its
// options do not change after New returns.
type Client struct {
	options Options
	state   *callState
	// skew is the client clock's offset from the service's, learned from
	// responses and applied to later signatures. It is shared by every
	// call of the client.
	skew clockSkew
}

// New returns a client configured by options, after applying optFns to a
// copy of them. It never fails: an unusable setting (a bad Region or
// BaseEndpoint) is reported by each call, before anything is sent.
func New(options Options, optFns ...func(*Options)) *Client {
	options = options.Copy()
	for _, fn := range optFns {
		fn(&options)
	}
	finalizeOptions(&options, nil)
	return &Client{options: options, state: newCallState(options)}
}

// fipsSource, dualStackSource and serviceEndpointSource are what
// NewFromConfig reads from aws.Config.ConfigSources (environment and
// shared config files) beyond aws.Config's own fields.
type fipsSource interface {
	GetUseFIPSEndpoint(context.Context) (aws.FIPSEndpointState, bool, error)
}

type dualStackSource interface {
	GetUseDualStackEndpoint(context.Context) (aws.DualStackEndpointState, bool, error)
}

type serviceEndpointSource interface {
	GetServiceBaseEndpoint(ctx context.Context, sdkID string) (string, bool, error)
}

// ignoreEndpointsSource is what config.LoadDefaultConfig's sources offer
// for ignore_configured_endpoint_urls and its environment variable.
type ignoreEndpointsSource interface {
	GetIgnoreConfiguredEndpoints(context.Context) (bool, bool, error)
}

// configuredServiceEndpoint returns the endpoint the configuration
// sources set for this service (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
// or a profile's services section), in the order the official client
// follows: none when configured endpoints are ignored, and none when
// AWS_ENDPOINT_URL is set without the service's own variable, since the
// global variable (already in aws.Config.BaseEndpoint) comes before a
// profile's services section.
func configuredServiceEndpoint(sources []any) (string, bool) {
	_, global := os.LookupEnv("AWS_ENDPOINT_URL")
	_, service := os.LookupEnv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")
	if global && !service {
		return "", false
	}
	for _, src := range sources {
		if s, ok := src.(ignoreEndpointsSource); ok {
			if ignore, found, err := s.GetIgnoreConfiguredEndpoints(context.Background()); err != nil || found {
				if ignore {
					return "", false
				}
				break
			}
		}
	}
	for _, src := range sources {
		if s, ok := src.(serviceEndpointSource); ok {
			if v, found, err := s.GetServiceBaseEndpoint(context.Background(), ServiceID); err != nil || found {
				return v, err == nil && found && v != ""
			}
		}
	}
	return "", false
}

// NewFromConfig returns a client configured from cfg, typically the result
// of config.LoadDefaultConfig: region, credentials, base endpoint (in the
// official client's order: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
// then AWS_ENDPOINT_URL, then the profile's services section, then its
// endpoint_url, and none of them when ignore_configured_endpoint_urls or
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true), FIPS and dual-stack
// settings, HTTP client, retryer and retry settings, logger, log mode and
// app ID, DisableClockSkewCorrection, interceptors. cfg.ServiceOptions
// are then called with ServiceID and the *Options being built, as the
// official client calls them, and optFns after them. Settings this client
// cannot honour (APIOptions, DefaultsMode, the deprecated endpoint
// resolvers) are ignored with a warning through cfg.Logger.
func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client {
	opts := Options{
		Region:                     cfg.Region,
		BaseEndpoint:               cfg.BaseEndpoint,
		Credentials:                cfg.Credentials,
		RetryMaxAttempts:           cfg.RetryMaxAttempts,
		RetryMode:                  cfg.RetryMode,
		Logger:                     cfg.Logger,
		ClientLogMode:              cfg.ClientLogMode,
		AppID:                      cfg.AppID,
		DisableClockSkewCorrection: cfg.DisableClockSkewCorrection,
		Interceptors:               copyInterceptors(cfg.Interceptors),
	}
	warnUnsupported(cfg)
	if cfg.HTTPClient != nil {
		opts.HTTPClient = cfg.HTTPClient
	}
	if cfg.Retryer != nil {
		opts.Retryer = cfg.Retryer()
	}
	for _, src := range cfg.ConfigSources {
		if s, ok := src.(fipsSource); ok && opts.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateUnset {
			if v, found, err := s.GetUseFIPSEndpoint(context.Background()); err == nil && found {
				opts.EndpointOptions.UseFIPSEndpoint = v
			}
		}
		if s, ok := src.(dualStackSource); ok && opts.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateUnset {
			if v, found, err := s.GetUseDualStackEndpoint(context.Background()); err == nil && found {
				opts.EndpointOptions.UseDualStackEndpoint = v
			}
		}
	}
	if v, ok := configuredServiceEndpoint(cfg.ConfigSources); ok {
		opts.BaseEndpoint = &v
	}
	return New(opts, func(o *Options) {
		for _, fn := range cfg.ServiceOptions {
			fn(ServiceID, o)
		}
		for _, fn := range optFns {
			fn(o)
		}
	})
}

// warnUnsupported writes one warning through cfg.Logger for each setting
// of cfg that this client cannot honour, so that none is dropped without
// a word: middleware (APIOptions) needs the official client's middleware
// stack, which this client does not have; defaults modes and the
// deprecated endpoint resolvers are not supported.
func warnUnsupported(cfg aws.Config) {
	if cfg.Logger == nil {
		return
	}
	warn := func(format string, args ...any) {
		cfg.Logger.Logf(logging.Warn, "cognitodevices: "+format, args...)
	}
	if n := len(cfg.APIOptions); n > 0 {
		warn("aws.Config.APIOptions holds %d middleware functions, which this client cannot run: it has no middleware stack. They are ignored. For tracing and metrics set Options.TracerProvider and Options.MeterProvider; to observe or change requests and responses, use Options.Interceptors (aws.Config.Interceptors) or wrap the transport with Options.HTTPClient.", n)
	}
	if cfg.DefaultsMode != "" && cfg.DefaultsMode != aws.DefaultsModeLegacy {
		warn("aws.Config.DefaultsMode %q is not supported: the client's timeouts and retry settings are its own (see Options). It is ignored.", cfg.DefaultsMode)
	}
	//lint:ignore SA1019 the deprecated resolvers are read only to warn that they are ignored
	if cfg.EndpointResolver != nil || cfg.EndpointResolverWithOptions != nil {
		warn("aws.Config.EndpointResolver and EndpointResolverWithOptions are not supported; use BaseEndpoint. They are ignored.")
	}
}

// interceptorCount is the number of interceptors a registry holds.
func interceptorCount(r smithyhttp.InterceptorRegistry) int {
	return len(r.BeforeExecution) + len(r.BeforeSerialization) + len(r.AfterSerialization) +
		len(r.BeforeRetryLoop) + len(r.BeforeAttempt) + len(r.BeforeSigning) + len(r.AfterSigning) +
		len(r.BeforeTransmit) + len(r.AfterTransmit) + len(r.BeforeDeserialization) +
		len(r.AfterDeserialization) + len(r.AfterAttempt) + len(r.AfterExecution)
}

// Options returns a copy of the client's options, with the defaults New
// filled in.
func (c *Client) Options() Options {
	return c.options.Copy()
}

func userAgent(appID string) string {
	ua := "cognitodevices/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"
	if appID != "" {
		ua += " app/" + strings.Map(userAgentRune, appID)
	}
	return ua
}

// userAgentRune keeps the characters a User-Agent token may hold (letters,
// digits and !#$%&'*+-.^_`|~) and turns any other into '-', as the
// official client does with its app ID, so no AppID can break the header.
func userAgentRune(r rune) rune {
	switch {
	case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return r
	case strings.ContainsRune("!#$%&'*+-.^_`|~", r):
		return r
	}
	return '-'
}

// readIdleTimeout is how long the library's own HTTP client waits for the
// next bytes from the service, response headers and body alike, before it
// gives up on the connection; the call then fails with a retryable error.
// A healthy response arrives in milliseconds. An idle pooled connection is
// closed after the same time.
var readIdleTimeout = 60 * time.Second

// defaultHTTPClient is the library's own HTTP client, built on first use.
var defaultHTTPClient = sync.OnceValue(newDefaultHTTPClient)

// ownHTTPClient is the library's own HTTP client once built, so that a call
// state can recognise it without building it.
var ownHTTPClient atomic.Pointer[http.Client]

func newDefaultHTTPClient() HTTPClient {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 32
	transport.ResponseHeaderTimeout = 60 * time.Second
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &idleDeadlineConn{Conn: conn, idle: readIdleTimeout}, nil
	}
	c := &http.Client{Transport: transport, CheckRedirect: refuseRedirect}
	ownHTTPClient.Store(c)
	return c
}

// idleDeadlineConn gives every read a deadline idle from its start, so a
// response that trickles to a halt cannot hold a call that has no context
// deadline. It costs no allocation per request.
type idleDeadlineConn struct {
	net.Conn
	idle time.Duration
}

func (c *idleDeadlineConn) Read(p []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(time.Now().Add(c.idle)); err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

// withoutRedirects returns the HTTP client to use for c: the default one
// for nil (a nil *http.Client included), and for any other *http.Client a
// copy that refuses redirects whatever its own CheckRedirect says, so a
// request body holding an access token, or a session token header, never
// follows a 3xx to another host. Other implementations are used as they
// are; a response they got by following a redirect is refused (see
// readResponse).
func withoutRedirects(c HTTPClient) HTTPClient {
	switch hc := c.(type) {
	case nil:
		return defaultHTTPClient()
	case *http.Client:
		if hc == nil {
			return defaultHTTPClient()
		}
		copied := *hc
		copied.CheckRedirect = refuseRedirect
		return &copied
	}
	return c
}

// refuseRedirect stops net/http from following a redirect: the 3xx
// response is returned as is and the client turns it into an error, so a
// request body holding an access token never goes to another host.
func refuseRedirect(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}
