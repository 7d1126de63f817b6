package cognitodevices

import (
	"context"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/logging"
)

// ServiceID names the service in errors, as the official client does.
const ServiceID = "Cognito Identity Provider"

// Version is this library's version, sent in the User-Agent header.
const Version = "0.1.0"

// API is the set of device operations a *Client offers. Application code
// that depends on API rather than *Client can be tested with
// devicestest.MockAPI or pointed at devicestest.Server.
type API interface {
	AdminGetDevice(ctx context.Context, params *AdminGetDeviceInput, optFns ...func(*Options)) (*AdminGetDeviceOutput, error)
	AdminListDevices(ctx context.Context, params *AdminListDevicesInput, optFns ...func(*Options)) (*AdminListDevicesOutput, error)
	ListDevices(ctx context.Context, params *ListDevicesInput, optFns ...func(*Options)) (*ListDevicesOutput, error)
	AdminForgetDevice(ctx context.Context, params *AdminForgetDeviceInput, optFns ...func(*Options)) (*AdminForgetDeviceOutput, error)
	AdminUpdateDeviceStatus(ctx context.Context, params *AdminUpdateDeviceStatusInput, optFns ...func(*Options)) (*AdminUpdateDeviceStatusOutput, error)
	GetDevice(ctx context.Context, params *GetDeviceInput, optFns ...func(*Options)) (*GetDeviceOutput, error)
	ForgetDevice(ctx context.Context, params *ForgetDeviceInput, optFns ...func(*Options)) (*ForgetDeviceOutput, error)
	UpdateDeviceStatus(ctx context.Context, params *UpdateDeviceStatusInput, optFns ...func(*Options)) (*UpdateDeviceStatusOutput, error)
	ConfirmDevice(ctx context.Context, params *ConfirmDeviceInput, optFns ...func(*Options)) (*ConfirmDeviceOutput, error)
}

var _ API = (*Client)(nil)

// HTTPClient sends one HTTP request. *http.Client satisfies it.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// Options configures a Client. The field names and meanings match the
// official client's Options, so configuration code carries over.
type Options struct {
	// Region is the AWS Region of the user pool, such as "us-east-1". It
	// selects the endpoint and is the SigV4 signing region. It must be a
	// valid DNS label.
	Region string

	// BaseEndpoint, when set, replaces the resolved endpoint. It must be an
	// absolute http or https URL; use it for tests and proxies.
	BaseEndpoint *string

	// Credentials sign the admin operations. Access-token operations never
	// use them. New wraps a provider that is not already an
	// *aws.CredentialsCache in one.
	Credentials aws.CredentialsProvider

	// HTTPClient sends requests. When nil, the client uses an *http.Client
	// that never follows redirects. An *http.Client given here without a
	// CheckRedirect policy is used through a copy that refuses redirects,
	// so a request body holding an access token never follows a 3xx to
	// another host; other HTTPClient implementations must not follow
	// redirects themselves.
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

	// UseFIPSEndpoint selects the cognito-idp-fips endpoint when enabled.
	UseFIPSEndpoint aws.FIPSEndpointState

	// AppID, when set, is added to the User-Agent header as app/AppID.
	AppID string

	// RateLimiter, when set, is waited on before every attempt, retries
	// included, so a process stays under Cognito's request-rate quotas
	// (by default 50 requests per second per account for device reads).
	// A *rate.Limiter from golang.org/x/time/rate satisfies it. An error
	// from Wait (such as a cancelled context) ends the call.
	RateLimiter RateLimiter
}

// RateLimiter paces requests. Wait blocks until one request may be sent, or
// returns an error when it cannot be (typically because ctx is done).
type RateLimiter interface {
	Wait(ctx context.Context) error
}

// Copy returns a copy of the options; BaseEndpoint is copied too.
func (o Options) Copy() Options {
	if o.BaseEndpoint != nil {
		v := *o.BaseEndpoint
		o.BaseEndpoint = &v
	}
	return o
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
	skew *atomic.Int64
}

// callState is everything a call needs that follows from its options;
// built once per client and again only for calls with option overrides.
type callState struct {
	options     Options
	endpoint    *url.URL
	endpointErr error
	userAgent   []string
	retryer     aws.RetryerV2
	signer      *requestSigner
}

// New returns a client configured by options, after applying optFns to a
// copy of them. It never fails: an unusable setting (a bad Region or
// BaseEndpoint) is reported by each call, before anything is sent.
func New(options Options, optFns ...func(*Options)) *Client {
	options = options.Copy()
	for _, fn := range optFns {
		fn(&options)
	}
	finalizeOptions(&options)
	return &Client{options: options, state: newCallState(options), skew: new(atomic.Int64)}
}

// fipsSource and serviceEndpointSource are what NewFromConfig reads from
// aws.Config.ConfigSources (environment and shared config files) beyond
// aws.Config's own fields.
type fipsSource interface {
	GetUseFIPSEndpoint(context.Context) (aws.FIPSEndpointState, bool, error)
}

type serviceEndpointSource interface {
	GetServiceBaseEndpoint(ctx context.Context, sdkID string) (string, bool, error)
}

// NewFromConfig returns a client configured from cfg, typically the result
// of config.LoadDefaultConfig: region, credentials, base endpoint (also the
// service-specific AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), FIPS
// setting, HTTP client, retryer and retry settings, logger, log mode and
// app ID. optFns are applied after.
func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client {
	opts := Options{
		Region:           cfg.Region,
		BaseEndpoint:     cfg.BaseEndpoint,
		Credentials:      cfg.Credentials,
		RetryMaxAttempts: cfg.RetryMaxAttempts,
		RetryMode:        cfg.RetryMode,
		Logger:           cfg.Logger,
		ClientLogMode:    cfg.ClientLogMode,
		AppID:            cfg.AppID,
	}
	if cfg.HTTPClient != nil {
		opts.HTTPClient = cfg.HTTPClient
	}
	if cfg.Retryer != nil {
		opts.Retryer = cfg.Retryer()
	}
	for _, src := range cfg.ConfigSources {
		if s, ok := src.(fipsSource); ok && opts.UseFIPSEndpoint == aws.FIPSEndpointStateUnset {
			if v, found, err := s.GetUseFIPSEndpoint(context.Background()); err == nil && found {
				opts.UseFIPSEndpoint = v
			}
		}
		if s, ok := src.(serviceEndpointSource); ok {
			if v, found, err := s.GetServiceBaseEndpoint(context.Background(), ServiceID); err == nil && found && v != "" {
				opts.BaseEndpoint = &v
				break
			}
		}
	}
	return New(opts, optFns...)
}

// Options returns a copy of the client's options, with the defaults New
// filled in.
func (c *Client) Options() Options {
	return c.options.Copy()
}

// finalizeOptions fills in defaults: HTTP client, logger, retryer (with
// RetryMaxAttempts applied) and the credentials cache.
func finalizeOptions(o *Options) {
	o.HTTPClient = withoutRedirects(o.HTTPClient)
	if o.Logger == nil {
		o.Logger = logging.Nop{}
	}
	if o.Retryer == nil {
		if o.RetryMode == aws.RetryModeAdaptive {
			o.Retryer = retry.NewAdaptiveMode()
		} else {
			o.Retryer = retry.NewStandard()
		}
	}
	if o.RetryMaxAttempts != 0 {
		o.Retryer = retry.AddWithMaxAttempts(o.Retryer, o.RetryMaxAttempts)
	}
	o.Credentials = cachedCredentials(o.Credentials)
}

func cachedCredentials(p aws.CredentialsProvider) aws.CredentialsProvider {
	switch p.(type) {
	case nil, *aws.CredentialsCache, aws.AnonymousCredentials:
		return p
	}
	return aws.NewCredentialsCache(p)
}

func newCallState(o Options) *callState {
	s := &callState{options: o, signer: newRequestSigner(o.Logger, o.ClientLogMode)}
	s.endpoint, s.endpointErr = resolveEndpoint(&o)
	s.userAgent = []string{userAgent(o.AppID)}
	s.retryer = asRetryerV2(o.Retryer)
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
	if o.HTTPClient == nil {
		o.HTTPClient = c.options.HTTPClient
	}
	o.HTTPClient = withoutRedirects(o.HTTPClient)
	if o.Logger == nil {
		o.Logger = logging.Nop{}
	}
	if o.Retryer == nil {
		o.Retryer = c.options.Retryer
	}
	if o.RetryMaxAttempts != 0 && o.RetryMaxAttempts != c.options.RetryMaxAttempts {
		o.Retryer = retry.AddWithMaxAttempts(o.Retryer, o.RetryMaxAttempts)
	}
	o.Credentials = cachedCredentials(o.Credentials)
	return newCallState(o)
}

func userAgent(appID string) string {
	ua := "cognitodevices/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"
	if appID != "" {
		ua += " app/" + appID
	}
	return ua
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

var defaultHTTPClient = sync.OnceValue(func() HTTPClient {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 32
	transport.ResponseHeaderTimeout = 60 * time.Second
	return &http.Client{Transport: transport, CheckRedirect: refuseRedirect}
})

// withoutRedirects returns the HTTP client to use for c: the default one
// for nil, a copy that refuses redirects for an *http.Client without a
// redirect policy, and c itself otherwise.
func withoutRedirects(c HTTPClient) HTTPClient {
	switch hc := c.(type) {
	case nil:
		return defaultHTTPClient()
	case *http.Client:
		if hc.CheckRedirect == nil {
			copied := *hc
			copied.CheckRedirect = refuseRedirect
			return &copied
		}
	}
	return c
}

// refuseRedirect stops net/http from following a redirect: the 3xx
// response is returned as is and the client turns it into an error, so a
// request body holding an access token never goes to another host.
func refuseRedirect(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}

// AdminGetDevice returns one device of a user, given the device key. It is
// signed with the client's credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetDevice.html
func (c *Client) AdminGetDevice(ctx context.Context, params *AdminGetDeviceInput, optFns ...func(*Options)) (*AdminGetDeviceOutput, error) {
	if params == nil {
		params = &AdminGetDeviceInput{}
	}
	out := &AdminGetDeviceOutput{}
	if err := c.invoke(ctx, opAdminGetDevice, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// AdminListDevices returns one page of a user's devices. It is signed
// with the client's credentials. Use NewAdminListDevicesPaginator or
// AdminListDevicesAll to walk every page.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListDevices.html
func (c *Client) AdminListDevices(ctx context.Context, params *AdminListDevicesInput, optFns ...func(*Options)) (*AdminListDevicesOutput, error) {
	if params == nil {
		params = &AdminListDevicesInput{}
	}
	out := &AdminListDevicesOutput{}
	if err := c.invoke(ctx, opAdminListDevices, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// ListDevices returns one page of the devices of the user who owns the
// access token. It is never signed and needs no AWS credentials. Use
// NewListDevicesPaginator or ListDevicesAll to walk every page.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListDevices.html
func (c *Client) ListDevices(ctx context.Context, params *ListDevicesInput, optFns ...func(*Options)) (*ListDevicesOutput, error) {
	if params == nil {
		params = &ListDevicesInput{}
	}
	out := &ListDevicesOutput{}
	if err := c.invoke(ctx, opListDevices, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}
