package compat

import (
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/tracing/smithyoteltracing"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/cognitodevices/cognitodevices"
)

// BenchmarkTracedInMemoryAdminListDevices60 is
// BenchmarkInMemoryAdminListDevices60 with a real OpenTelemetry SDK tracer
// provider, sampling every span, behind smithyoteltracing, as a
// production service wires it: the cost of tracing is this benchmark's
// time less the untraced one's, for each client. The library emits one
// span per call, the official client one per middleware step as well.
func BenchmarkTracedInMemoryAdminListDevices60(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	b.Cleanup(func() { _ = tp.Shutdown(b.Context()) })
	traced := smithyoteltracing.Adapt(tp)
	canned := newCannedHTTPClient(page60)
	lib := newLibrary("", func(o *cognitodevices.Options) {
		o.BaseEndpoint, o.HTTPClient, o.TracerProvider = nil, canned, traced
	})
	off := newOfficial("", func(o *cip.Options) {
		o.BaseEndpoint, o.HTTPClient, o.TracerProvider = nil, canned, traced
	})
	benchAdminListDevices(b, lib, off)
}
