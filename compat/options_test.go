package compat

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"

	"github.com/cognitodevices/cognitodevices"
)

// noopInterceptor is an interceptor of one hook.
type noopInterceptor struct{}

func (noopInterceptor) BeforeTransmit(context.Context, *smithyhttp.InterceptorContext) error {
	return nil
}

// TestOptionHeavyBlockCarriesOver holds the same NewFromConfig block
// twice, written for the official client and for the library: the second
// differs from the first only by its package prefix, which is the switch
// the README promises, and both clients end up with the same settings.
func TestOptionHeavyBlockCarriesOver(t *testing.T) {
	cfg := aws.Config{Region: "us-gov-west-1"}
	tp, mp := tracing.NopTracerProvider{}, metrics.NopMeterProvider{}

	official := cip.NewFromConfig(cfg, func(o *cip.Options) {
		o.EndpointOptions = cip.EndpointResolverOptions{
			UseFIPSEndpoint:      aws.FIPSEndpointStateEnabled,
			UseDualStackEndpoint: aws.DualStackEndpointStateEnabled,
		}
		o.TracerProvider = tp
		o.MeterProvider = mp
		o.Interceptors.AddBeforeTransmit(noopInterceptor{})
		o.RetryMode = aws.RetryModeAdaptive
		o.RetryMaxAttempts = 5
		o.AppID = "billing-service"
		o.BaseEndpoint = nil
	})

	library := cognitodevices.NewFromConfig(cfg, func(o *cognitodevices.Options) {
		o.EndpointOptions = cognitodevices.EndpointResolverOptions{
			UseFIPSEndpoint:      aws.FIPSEndpointStateEnabled,
			UseDualStackEndpoint: aws.DualStackEndpointStateEnabled,
		}
		o.TracerProvider = tp
		o.MeterProvider = mp
		o.Interceptors.AddBeforeTransmit(noopInterceptor{})
		o.RetryMode = aws.RetryModeAdaptive
		o.RetryMaxAttempts = 5
		o.AppID = "billing-service"
		o.BaseEndpoint = nil
	})

	off, lib := official.Options(), library.Options()
	assert.Equal(t, off.EndpointOptions.UseFIPSEndpoint, lib.EndpointOptions.UseFIPSEndpoint)
	assert.Equal(t, off.EndpointOptions.UseDualStackEndpoint, lib.EndpointOptions.UseDualStackEndpoint)
	assert.Equal(t, off.Retryer.MaxAttempts(), lib.Retryer.MaxAttempts())
	assert.Equal(t, off.AppID, lib.AppID)
	assert.Len(t, lib.Interceptors.BeforeTransmit, len(off.Interceptors.BeforeTransmit))
}
