package cognitodevices

import (
	"context"
	"net/http"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Options configures a Client. Fields that the official client's Options
// also has (Region, BaseEndpoint, Credentials, EndpointOptions,
// HTTPClient, Retryer, RetryMaxAttempts, RetryMode, Logger, ClientLogMode,
// AppID, TracerProvider, MeterProvider, Interceptors) have its names, types and meanings, so that configuration code
// carries over; DisableClockSkewCorrection and RateLimiter are this
// package's own.
type Options struct {
	// Region is the AWS Region of the user pool, such as "us-east-1". It
	// selects the endpoint and is the SigV4 signing region. It must be a
	// valid DNS label.
	Region string

	// BaseEndpoint, when set, replaces the resolved endpoint. It must be an
	// absolute http or https URL; use it for tests and proxies.
	BaseEndpoint *string

	// Credentials sign the admin operations. Access-token operations never
	// use them. The provider is used as given, as the official client uses
	// it: wrap one that fetches credentials over the network in an
	// *aws.CredentialsCache (config.LoadDefaultConfig's are wrapped
	// already). With aws.AnonymousCredentials the admin operations are
	// sent unsigned, as the official client sends them, for a signing
	// proxy in front of the service; with no provider they fail before
	// anything is sent.
	Credentials aws.CredentialsProvider

	// HTTPClient sends requests. When nil (or a nil *http.Client), the
	// client uses its own *http.Client, which never follows redirects and
	// gives up on a response that sends nothing for 60 seconds. An
	// *http.Client given here is used through a copy that refuses
	// redirects, whatever its own CheckRedirect policy, so a request body
	// holding an access token, or a session token header, never follows a
	// 3xx to another host. Other HTTPClient implementations must not follow
	// redirects; a response they return for another request than the one
	// sent is refused with an error.
	HTTPClient HTTPClient

	// Retryer decides which failures are retried and how long to wait.
	// When nil, retry.NewStandard() is used (retry.NewAdaptiveMode() when
	// RetryMode is aws.RetryModeAdaptive).
	Retryer aws.Retryer

	// RetryMaxAttempts, when not zero, overrides the attempts of whichever
	// Retryer is in use.
	RetryMaxAttempts int

	// RetryMode selects the default Retryer when Retryer is nil.
	RetryMode aws.RetryMode

	// Logger receives the messages ClientLogMode asks for. When nil,
	// nothing is logged.
	Logger logging.Logger

	// ClientLogMode selects what is logged: requests, responses, retries,
	// signing. Access tokens, secrets and signatures are always redacted.
	ClientLogMode aws.ClientLogMode

	// EndpointOptions selects FIPS and dual-stack endpoints, and http
	// instead of https for a resolved endpoint.
	EndpointOptions EndpointResolverOptions

	// AppID, when set, is added to the User-Agent header as app/AppID,
	// with every character a header token cannot hold replaced by '-', as
	// the official client does.
	AppID string

	// TracerProvider, when set, receives one span per call, named
	// "Cognito Identity Provider.<Operation>", of kind client, with the
	// official client's rpc.*, exception.* and api.error_* properties and
	// status. When nil or a no-op provider, nothing is traced and nothing
	// is allocated for it.
	TracerProvider tracing.TracerProvider

	// MeterProvider, when set, receives the official client's per-call
	// durations, in seconds, with rpc.service and rpc.method properties:
	// client.call.duration, client.call.serialization_duration,
	// client.call.auth.resolve_identity_duration,
	// client.call.auth.signing_duration and
	// client.call.deserialization_duration. When nil or a no-op provider,
	// nothing is measured.
	MeterProvider metrics.MeterProvider

	// Interceptors are called at the points of each call where the
	// official client calls them (see smithyhttp.InterceptorRegistry),
	// with the InterceptorContext each expects; an interceptor may change
	// the request's headers before signing or transmit. The request's
	// stream is nil: interceptors do not see the body and cannot replace
	// it.
	Interceptors smithyhttp.InterceptorRegistry

	// DisableClockSkewCorrection, when set, turns off the correction of
	// the signing time by the offset the service's clock reports (see
	// SECURITY.md, "Clocks"); a signed call refused for its time then
	// fails. NewFromConfig reads it from aws.Config.
	DisableClockSkewCorrection bool

	// RateLimiter, when set, is waited on before every request sent,
	// retries included, so a process stays under Cognito's request-rate
	// quotas (by default 50 requests per second per account for device
	// reads). A *rate.Limiter from golang.org/x/time/rate satisfies it. An
	// error from Wait (such as a cancelled context) ends the call.
	RateLimiter RateLimiter
}

// RateLimiter paces requests. Wait blocks until one request may be sent, or
// returns an error when it cannot be (typically because ctx is done).
type RateLimiter interface {
	Wait(ctx context.Context) error
}

// Copy returns a copy of the options; BaseEndpoint and the interceptor
// lists are copied too, so changing the copy leaves o as it was.
func (o Options) Copy() Options {
	if o.BaseEndpoint != nil {
		v := *o.BaseEndpoint
		o.BaseEndpoint = &v
	}
	o.Interceptors = copyInterceptors(o.Interceptors)
	return o
}

// finalizeOptions fills in what o leaves unset. It is the one path for
// both New (client is nil) and a call with option overrides (client is
// the client's finalized options, which o started as a copy of): an unset
// HTTP client or Retryer falls back to the client's, then to the
// defaults; RetryMaxAttempts wraps the Retryer unless it is the client's
// setting, already applied; credentials are cached.
func finalizeOptions(o *Options, client *Options) {
	if o.HTTPClient == nil && client != nil {
		o.HTTPClient = client.HTTPClient
	}
	o.HTTPClient = withoutRedirects(o.HTTPClient)
	if o.Logger == nil {
		o.Logger = logging.Nop{}
	}
	if o.Retryer == nil && client != nil {
		o.Retryer = client.Retryer
	}
	if o.Retryer == nil {
		if o.RetryMode == aws.RetryModeAdaptive {
			o.Retryer = retry.NewAdaptiveMode()
		} else {
			o.Retryer = retry.NewStandard()
		}
	}
	if o.RetryMaxAttempts != 0 && (client == nil || o.RetryMaxAttempts != client.RetryMaxAttempts) {
		o.Retryer = retry.AddWithMaxAttempts(o.Retryer, o.RetryMaxAttempts)
	}
}

// callState is everything a call needs that follows from its options;
// built once per client and again only for calls with option overrides.
type callState struct {
	options Options
	// transport, when the HTTP client is the library's own, is its
	// transport, called directly: that client only adds a redirect policy
	// that refuses every redirect, which calling the transport does too.
	transport   http.RoundTripper
	endpoint    *url.URL
	endpointErr error
	userAgent   []string
	retryer     aws.RetryerV2
	signer      *requestSigner
	observer    observer
	// interceptors is nil when Options.Interceptors holds none.
	interceptors *smithyhttp.InterceptorRegistry
	// anonymous is true when Options.Credentials is
	// aws.AnonymousCredentials: admin operations go unsigned.
	anonymous bool
}

func newCallState(o Options) *callState {
	s := &callState{options: o, signer: newRequestSigner(o.Logger, o.ClientLogMode)}
	s.endpoint, s.endpointErr = resolveEndpoint(&o)
	s.userAgent = []string{userAgent(o.AppID)}
	s.anonymous = anonymous(o.Credentials)
	s.retryer = asRetryerV2(o.Retryer)
	s.observer = newObserver(o.TracerProvider, o.MeterProvider)
	if hasInterceptors(o.Interceptors) {
		s.interceptors = &s.options.Interceptors
	}
	if own := ownHTTPClient.Load(); own != nil && o.HTTPClient == HTTPClient(own) {
		s.transport = own.Transport
	}
	return s
}

// stateFor returns the state of one call: the client's own, or when optFns
// are given, one built from a copy of the client's options with optFns
// applied. Overrides last for that call only.
func (c *Client) stateFor(optFns []func(*Options)) *callState {
	if len(optFns) == 0 {
		return c.state
	}
	o := c.options.Copy()
	for _, fn := range optFns {
		fn(&o)
	}
	finalizeOptions(&o, &c.options)
	return newCallState(o)
}

// retryerV2 adapts an aws.Retryer that predates aws.RetryerV2.
type retryerV2 struct{ aws.Retryer }

func (r retryerV2) GetAttemptToken(context.Context) (func(error) error, error) {
	return r.GetInitialToken(), nil
}

func asRetryerV2(r aws.Retryer) aws.RetryerV2 {
	if v2, ok := r.(aws.RetryerV2); ok {
		return v2
	}
	return retryerV2{r}
}
