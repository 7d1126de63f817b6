package cognitodevices_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEndpointResolution pins the URL of each partition, with FIPS and
// dual-stack (compat checks every partition against the official client).
// Dual-stack keeps amazonaws.com in the aws partition, except with FIPS
// outside its four US regions; the other partitions use their dual-stack
// suffix.
func TestEndpointResolution(t *testing.T) {
	tests := []struct {
		region          string
		fips, dualStack bool
		want            string
	}{
		{"us-east-1", false, false, "https://cognito-idp.us-east-1.amazonaws.com/"},
		{"us-east-1", true, false, "https://cognito-idp-fips.us-east-1.amazonaws.com/"},
		{"eu-west-3", false, false, "https://cognito-idp.eu-west-3.amazonaws.com/"},
		{"cn-north-1", false, false, "https://cognito-idp.cn-north-1.amazonaws.com.cn/"},
		{"us-gov-west-1", true, false, "https://cognito-idp-fips.us-gov-west-1.amazonaws.com/"},
		{"us-iso-east-1", false, false, "https://cognito-idp.us-iso-east-1.c2s.ic.gov/"},
		{"us-isob-east-1", false, false, "https://cognito-idp.us-isob-east-1.sc2s.sgov.gov/"},
		{"eu-isoe-west-1", false, false, "https://cognito-idp.eu-isoe-west-1.cloud.adc-e.uk/"},
		{"us-isof-south-1", false, false, "https://cognito-idp.us-isof-south-1.csp.hci.ic.gov/"},
		{"eusc-de-east-1", false, false, "https://cognito-idp.eusc-de-east-1.amazonaws.eu/"},
		{"xx-foo-1", false, false, "https://cognito-idp.xx-foo-1.amazonaws.com/"},
		{"fips-us-east-1", false, false, "https://cognito-idp-fips.us-east-1.amazonaws.com/"},
		{"us-gov-west-1-fips", false, false, "https://cognito-idp-fips.us-gov-west-1.amazonaws.com/"},
		{"us-east-1", false, true, "https://cognito-idp.us-east-1.amazonaws.com/"},
		{"us-east-1", true, true, "https://cognito-idp-fips.us-east-1.amazonaws.com/"},
		{"eu-west-3", true, true, "https://cognito-idp-fips.eu-west-3.api.aws/"},
		{"us-gov-west-1", false, true, "https://cognito-idp.us-gov-west-1.api.aws/"},
		{"cn-north-1", false, true, "https://cognito-idp.cn-north-1.api.amazonwebservices.com.cn/"},
		{"us-isob-east-1", true, true, "https://cognito-idp-fips.us-isob-east-1.api.aws.scloud/"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.region, "/fips=", tt.fips, "/dualstack=", tt.dualStack), func(t *testing.T) {
			rec := &recordingClient{}
			o := cd.Options{Region: tt.region, HTTPClient: rec, RetryMaxAttempts: 1, Credentials: staticCredentials("")}
			if tt.fips {
				o.EndpointOptions.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled
			}
			if tt.dualStack {
				o.EndpointOptions.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled
			}
			err := optable.AdminGetDevice.Run(context.Background(), cd.New(o))
			require.ErrorContains(t, err, "recorded")
			assert.Equal(t, []string{tt.want}, rec.urls)
			region := strings.TrimSuffix(strings.TrimPrefix(tt.region, "fips-"), "-fips")
			assert.Contains(t, rec.auth[0], "/"+region+"/cognito-idp/aws4_request", "signed for the real region")
		})
	}
}

func TestBadConfigurationSendsNothing(t *testing.T) {
	tests := map[string]struct {
		opts    cd.Options
		wantErr string
	}{
		"no region":            {cd.Options{}, "Region is required"},
		"region with a dot":    {cd.Options{Region: "us-east-1.evil.com"}, "not a valid host label"},
		"region with a slash":  {cd.Options{Region: "us-east-1/x"}, "not a valid host label"},
		"relative endpoint":    {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("localhost:8080")}, "absolute http or https URL"},
		"ftp endpoint":         {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("ftp://example.com")}, "absolute http or https URL"},
		"endpoint with query":  {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1/?a=b")}, "no user info, query or fragment"},
		"unparsable endpoint":  {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://[::1")}, "BaseEndpoint"},
		"fips with endpoint":   {cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1"), EndpointOptions: cd.EndpointResolverOptions{UseFIPSEndpoint: aws.FIPSEndpointStateEnabled}}, "FIPS"},
		"admin without region": {cd.Options{BaseEndpoint: aws.String("http://127.0.0.1:1")}, "Region is required to sign"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			rec := &recordingClient{}
			tt.opts.HTTPClient = rec
			tt.opts.Credentials = staticCredentials("")
			err := optable.AdminListDevices.Run(context.Background(), cd.New(tt.opts))
			require.ErrorContains(t, err, tt.wantErr)
			assert.Empty(t, rec.urls)
		})
	}
	// ListDevices needs no region when the endpoint is given.
	c, _ := setup(t, func(o *cd.Options) { o.Region = "" })
	require.NoError(t, optable.ListDevices.Run(context.Background(), c))
}

func TestBaseEndpointPathIsKept(t *testing.T) {
	rec := &recordingClient{}
	c := cd.New(cd.Options{Region: testRegion, BaseEndpoint: aws.String("http://127.0.0.1:9/prefix"), HTTPClient: rec, RetryMaxAttempts: 1})
	_ = optable.ListDevices.Run(context.Background(), c)
	assert.Equal(t, []string{"http://127.0.0.1:9/prefix"}, rec.urls)
}

func TestOptionsDefaultsAndPerCallOverrides(t *testing.T) {
	c := cd.New(cd.Options{Region: testRegion})
	o := c.Options()
	assert.NotNil(t, o.HTTPClient)
	assert.NotNil(t, o.Retryer)
	assert.NotNil(t, o.Logger)
	assert.Equal(t, 3, o.Retryer.MaxAttempts())

	c2, ts := setup(t)
	_, err := c2.ListDevices(context.Background(), listInput(), func(o *cd.Options) { o.AppID = "override" })
	require.NoError(t, err)
	_, err = c2.ListDevices(context.Background(), listInput())
	require.NoError(t, err)
	reqs := ts.Requests()
	assert.Contains(t, reqs[0].Header.Get("User-Agent"), "app/override")
	assert.NotContains(t, reqs[1].Header.Get("User-Agent"), "app/")
	assert.Empty(t, c2.Options().AppID)
}

func TestNewFromConfig(t *testing.T) {
	rec := &recordingClient{}
	var logged bytes.Buffer
	cfg := aws.Config{
		Region:           "eu-central-1",
		Credentials:      staticCredentials(""),
		HTTPClient:       rec,
		RetryMaxAttempts: 1,
		Logger:           logging.NewStandardLogger(&logged),
		ClientLogMode:    aws.LogRequest,
		AppID:            "cfg-app",
	}
	c := cd.NewFromConfig(cfg)
	o := c.Options()
	assert.Equal(t, "eu-central-1", o.Region)
	assert.Equal(t, 1, o.Retryer.MaxAttempts())
	assert.Equal(t, "cfg-app", o.AppID)
	_ = optable.AdminGetDevice.Run(context.Background(), c)
	assert.Equal(t, []string{"https://cognito-idp.eu-central-1.amazonaws.com/"}, rec.urls)
	assert.Contains(t, logged.String(), "AWSCognitoIdentityProviderService.AdminGetDevice")

	cfg.BaseEndpoint = aws.String("http://127.0.0.1:9")
	cfg.Retryer = func() aws.Retryer { return retry.AddWithMaxAttempts(retry.NewStandard(), 7) }
	cfg.RetryMaxAttempts = 0
	o = cd.NewFromConfig(cfg).Options()
	assert.Equal(t, "http://127.0.0.1:9", aws.ToString(o.BaseEndpoint))
	assert.Equal(t, 7, o.Retryer.MaxAttempts())
}

// TestAppIDIsSanitised puts characters no header may hold in AppID: the
// call succeeds, with them replaced as the official client replaces them.
func TestAppIDIsSanitised(t *testing.T) {
	c, ts := setup(t, func(o *cd.Options) { o.AppID = "my app\r\nX-Evil: 1/é" })
	require.NoError(t, optable.ListDevices.Run(context.Background(), c))
	reqs := ts.Requests()
	require.Len(t, reqs, 1, "sent once, not retried")
	assert.True(t, strings.HasSuffix(reqs[0].Header.Get("User-Agent"), " app/my-app--X-Evil--1--"), reqs[0].Header.Get("User-Agent"))
	assert.Empty(t, reqs[0].Header.Get("X-Evil"))
}

// TestNilHTTPClientMeansTheDefault passes a nil *http.Client, which New
// and a per-call override take for the library's own client.
func TestNilHTTPClientMeansTheDefault(t *testing.T) {
	c, ts := setup(t, func(o *cd.Options) { o.HTTPClient = (*http.Client)(nil) })
	require.NotPanics(t, func() {
		require.NoError(t, optable.ListDevices.Run(context.Background(), c))
		require.NoError(t, optable.ListDevices.Run(context.Background(), c, func(o *cd.Options) { o.HTTPClient = (*http.Client)(nil) }))
	})
	assert.Len(t, ts.Requests(), 2)
}

// TestEndpointOptionsEdges checks DisableHTTPS and the refusal of
// dual-stack with a custom endpoint.
func TestEndpointOptionsEdges(t *testing.T) {
	rec := &recordingClient{}
	c := cd.New(cd.Options{Region: "us-east-1", HTTPClient: rec, RetryMaxAttempts: 1, EndpointOptions: cd.EndpointResolverOptions{DisableHTTPS: true}})
	_ = optable.ListDevices.Run(context.Background(), c)
	assert.Equal(t, []string{"http://cognito-idp.us-east-1.amazonaws.com/"}, rec.urls, "DisableHTTPS")

	c = cd.New(cd.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1"), HTTPClient: rec,
		EndpointOptions: cd.EndpointResolverOptions{UseDualStackEndpoint: aws.DualStackEndpointStateEnabled}})
	require.ErrorContains(t, optable.ListDevices.Run(context.Background(), c), "dual-stack and a custom BaseEndpoint")
}

// TestNewFromConfigReadsEndpointSettings loads the default configuration
// with FIPS and dual-stack set in the environment, as a GovCloud service
// would, and requires the client to use both.
func TestNewFromConfigReadsEndpointSettings(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", dir+"/config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
	t.Setenv("AWS_REGION", "us-gov-west-1")
	t.Setenv("AWS_USE_DUALSTACK_ENDPOINT", "true")
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "true")
	cfg, err := config.LoadDefaultConfig(context.Background())
	require.NoError(t, err)
	rec := &recordingClient{}
	c := cd.NewFromConfig(cfg, func(o *cd.Options) { o.HTTPClient = rec; o.RetryMaxAttempts = 1 })
	assert.Equal(t, aws.DualStackEndpointStateEnabled, c.Options().EndpointOptions.UseDualStackEndpoint)
	assert.Equal(t, aws.FIPSEndpointStateEnabled, c.Options().EndpointOptions.UseFIPSEndpoint)
	_ = optable.ListDevices.Run(context.Background(), c)
	assert.Equal(t, []string{"https://cognito-idp-fips.us-gov-west-1.api.aws/"}, rec.urls)
}

// TestNewFromConfigServiceOptions checks that aws.Config.ServiceOptions are
// called with the service ID and the client's *Options, before the
// caller's own option functions.
func TestNewFromConfigServiceOptions(t *testing.T) {
	var gotID string
	cfg := aws.Config{Region: testRegion, ServiceOptions: []func(string, any){
		func(id string, o any) {
			gotID = id
			if opts, ok := o.(*cd.Options); ok {
				opts.AppID = "from-service-options"
				opts.RetryMaxAttempts = 4
			}
		},
	}}
	o := cd.NewFromConfig(cfg, func(o *cd.Options) { o.RetryMaxAttempts = 2 }).Options()
	assert.Equal(t, cd.ServiceID, gotID)
	assert.Equal(t, "from-service-options", o.AppID)
	assert.Equal(t, 2, o.Retryer.MaxAttempts(), "optFns come after ServiceOptions")
}

// TestNewFromConfigWarnsOfWhatItCannotHonour gives NewFromConfig
// middleware and an endpoint resolver, which it cannot honour: each is
// named in a warning through the configured logger, none is dropped
// silently. The interceptor it is also given is taken over.
func TestNewFromConfigWarnsOfWhatItCannotHonour(t *testing.T) {
	var logged bytes.Buffer
	cfg := aws.Config{
		Region:       testRegion,
		Logger:       logging.NewStandardLogger(&logged),
		APIOptions:   []func(*middleware.Stack) error{func(*middleware.Stack) error { return nil }},
		DefaultsMode: aws.DefaultsModeInRegion,
	}
	//lint:ignore SA1019 the test sets the deprecated resolver to see the warning about it
	cfg.EndpointResolverWithOptions = deprecatedResolver{}
	cfg.Interceptors.AddBeforeTransmit(beforeTransmit{})
	c := cd.NewFromConfig(cfg)
	out := logged.String()
	assert.Contains(t, out, "WARN cognitodevices: aws.Config.APIOptions holds 1 middleware functions")
	for _, alternative := range []string{"TracerProvider", "MeterProvider", "Interceptors", "HTTPClient"} {
		assert.Contains(t, out, alternative, "the warning names the alternatives")
	}
	assert.Contains(t, out, "EndpointResolver and EndpointResolverWithOptions are not supported")
	assert.Contains(t, out, `aws.Config.DefaultsMode "in-region" is not supported`)
	assert.Equal(t, 3, strings.Count(out, " WARN "), "one warning each for APIOptions, DefaultsMode and the resolvers; none for the interceptors, which are honoured")
	assert.Len(t, c.Options().Interceptors.BeforeTransmit, 1)

	logged.Reset()
	cd.NewFromConfig(aws.Config{Region: testRegion, Logger: logging.NewStandardLogger(&logged)})
	assert.Empty(t, logged.String(), "nothing to warn of")
}

type beforeTransmit struct{}

func (beforeTransmit) BeforeTransmit(context.Context, *smithyhttp.InterceptorContext) error {
	return nil
}

// TestDisableClockSkewCorrection serves a skewed clock to a client built
// from a config that disables the correction: the refused call is not
// signed again.
func TestDisableClockSkewCorrection(t *testing.T) {
	c, ts := setup(t, func(o *cd.Options) { o.DisableClockSkewCorrection = true })
	ts.Handle(skewedService(func() time.Time { return time.Now().Add(20 * time.Minute) }))
	err := optable.AdminListDevices.Run(context.Background(), c)
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "InvalidSignatureException", apiErr.ErrorCode())
	assert.Len(t, ts.Requests(), 1, "not signed again")

	assert.True(t, cd.NewFromConfig(aws.Config{Region: testRegion, DisableClockSkewCorrection: true}).Options().DisableClockSkewCorrection)
}

// deprecatedResolver is an aws.EndpointResolverWithOptions, the deprecated
// kind NewFromConfig warns of.
type deprecatedResolver struct{}

//lint:ignore SA1019 the deprecated type is what the warning is about
func (deprecatedResolver) ResolveEndpoint(string, string, ...any) (aws.Endpoint, error) {
	return aws.Endpoint{}, nil //lint:ignore SA1019 as above
}

// failingInterceptor fails the hook it is registered for.
type failingInterceptor struct{ err error }

func (f failingInterceptor) BeforeExecution(context.Context, *smithyhttp.InterceptorContext) error {
	return f.err
}

func (f failingInterceptor) BeforeTransmit(context.Context, *smithyhttp.InterceptorContext) error {
	return f.err
}

// TestInterceptorErrorsEndTheCall checks that an interceptor's error ends
// the call as the operation's error: before execution, nothing is sent;
// in the retry loop, the Retryer decides, and a plain error is not
// retried.
func TestInterceptorErrorsEndTheCall(t *testing.T) {
	stop := errors.New("interceptor says no")
	c, ts := setup(t, func(o *cd.Options) { o.Interceptors.AddBeforeExecution(failingInterceptor{stop}) })
	err := optable.ListDevices.Run(context.Background(), c)
	require.ErrorIs(t, err, stop)
	var opErr *smithy.OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Empty(t, ts.Requests())

	c, ts = setup(t, func(o *cd.Options) { o.Interceptors.AddBeforeTransmit(failingInterceptor{stop}) })
	require.ErrorIs(t, optable.AdminGetDevice.Run(context.Background(), c), stop)
	assert.Empty(t, ts.Requests(), "stopped before transmit")

	// Options are copied: a per-call interceptor does not stay on the client.
	c, ts = setup(t)
	require.ErrorIs(t, optable.ListDevices.Run(context.Background(), c, func(o *cd.Options) { o.Interceptors.AddBeforeExecution(failingInterceptor{stop}) }), stop)
	require.NoError(t, optable.ListDevices.Run(context.Background(), c))
	assert.Len(t, ts.Requests(), 1)
}
