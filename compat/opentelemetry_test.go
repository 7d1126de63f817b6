package compat

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/tracing/smithyoteltracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

// TestOpenTelemetryThroughAdapt wires an OpenTelemetry SDK tracer provider
// into both clients as the README shows, through smithyoteltracing.Adapt
// in the NewFromConfig options, and calls AdminListDevices against the
// fake service under a span of the caller's, once succeeding and once
// failing with InvalidParameterException (which both clients type for
// the operation). Each client ends one operation span per call, a child
// of the caller's span, with the same name, kind, attributes and status.
func TestOpenTelemetryThroughAdapt(t *testing.T) {
	srv := devicestest.NewServerT(t, devicestest.WithRegion(testRegion))
	srv.AddDevice("us-west-2_EXAMPLE", "alice", cognitodevices.DeviceType{})
	cfg := aws.Config{
		Region:       srv.Region(),
		BaseEndpoint: aws.String(srv.URL),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return srv.Credentials(), nil
		}),
	}
	newTracer := func() (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
		recorder := tracetest.NewSpanRecorder()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
		t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
		return tp, recorder
	}
	libTP, libSpans := newTracer()
	offTP, offSpans := newTracer()
	lib := cognitodevices.NewFromConfig(cfg, func(o *cognitodevices.Options) {
		o.TracerProvider = smithyoteltracing.Adapt(libTP)
	})
	off := cip.NewFromConfig(cfg, func(o *cip.Options) {
		o.TracerProvider = smithyoteltracing.Adapt(offTP)
	})

	// operationSpan returns the one ended span of the operation and its
	// caller's span, and forgets every span.
	operationSpan := func(recorder *tracetest.SpanRecorder) (sdktrace.ReadOnlySpan, sdktrace.ReadOnlySpan) {
		var op, caller []sdktrace.ReadOnlySpan
		for _, s := range recorder.Ended() {
			switch s.Name() {
			case "Cognito Identity Provider.AdminListDevices":
				op = append(op, s)
			case "caller":
				caller = append(caller, s)
			}
		}
		recorder.Reset()
		require.Len(t, op, 1)
		require.Len(t, caller, 1)
		return op[0], caller[0]
	}
	// attributes returns the span's attributes as text, by key.
	attributes := func(s sdktrace.ReadOnlySpan) map[string]string {
		m := map[string]string{}
		for _, kv := range s.Attributes() {
			m[string(kv.Key)] = kv.Value.Emit()
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		status string // of the span, as its codes.Code prints
	}{{"success", "Ok"}, {"failure", "Error"}} {
		t.Run(tc.name, func(t *testing.T) {
			failNext := func() {
				if tc.status == "Error" {
					srv.FailNext("AdminListDevices", 1, "InvalidParameterException")
				}
			}
			failNext()
			ctx, caller := libTP.Tracer("test").Start(context.Background(), "caller")
			_, libErr := lib.AdminListDevices(ctx, &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("alice")})
			caller.End()
			failNext()
			ctx, caller = offTP.Tracer("test").Start(context.Background(), "caller")
			_, offErr := off.AdminListDevices(ctx, &cip.AdminListDevicesInput{UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("alice")})
			caller.End()
			assert.Equal(t, tc.status == "Error", libErr != nil, "library: %v", libErr)
			assert.Equal(t, tc.status == "Error", offErr != nil, "official: %v", offErr)

			got, gotCaller := operationSpan(libSpans)
			want, wantCaller := operationSpan(offSpans)
			assert.Equal(t, "client", got.SpanKind().String())
			assert.Equal(t, want.SpanKind(), got.SpanKind())
			assert.Equal(t, tc.status, got.Status().Code.String())
			assert.Equal(t, want.Status(), got.Status())
			assert.Equal(t, gotCaller.SpanContext().SpanID(), got.Parent().SpanID(), "a child of the caller's span")
			assert.Equal(t, wantCaller.SpanContext().SpanID(), want.Parent().SpanID())
			assert.Equal(t, "AdminListDevices", attributes(got)["rpc.method"])
			gotAttributes, wantAttributes := attributes(got), attributes(want)
			if tc.status == "Error" {
				assert.Equal(t, "InvalidParameterException", gotAttributes["api.error_code"])
				assert.Contains(t, gotAttributes["exception.message"], "InvalidParameterException")
			}
			// The message holds the request ID, and the official client
			// writes "api error" before the code.
			delete(gotAttributes, "exception.message")
			delete(wantAttributes, "exception.message")
			assert.Equal(t, wantAttributes, gotAttributes)
		})
	}
}
