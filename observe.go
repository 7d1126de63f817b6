package cognitodevices

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// instrumentationScope names the tracer and the meter of this library.
const instrumentationScope = "github.com/cognitodevices/cognitodevices"

// observer is where a call reports: an operation span to the tracer and
// durations to the call instruments, as the official client reports them.
// Either part is nil when its provider is a no-op, and then costs nothing.
type observer struct {
	tracer  tracing.Tracer
	metrics *callMetrics
}

// callMetrics are the per-call instruments, with the official client's
// names, units and descriptions, for the phases the request road has.
type callMetrics struct {
	duration        metrics.Float64Histogram
	serialization   metrics.Float64Histogram
	resolveIdentity metrics.Float64Histogram
	signing         metrics.Float64Histogram
	deserialization metrics.Float64Histogram
}

// newObserver builds the observer of a call state. An instrument the meter
// cannot create is left out, as a no-op.
func newObserver(tp tracing.TracerProvider, mp metrics.MeterProvider) observer {
	var o observer
	switch tp.(type) {
	case nil, tracing.NopTracerProvider, *tracing.NopTracerProvider:
	default:
		o.tracer = tp.Tracer(instrumentationScope)
	}
	switch mp.(type) {
	case nil, metrics.NopMeterProvider, *metrics.NopMeterProvider:
		return o
	}
	meter := mp.Meter(instrumentationScope)
	histogram := func(name, desc string) metrics.Float64Histogram {
		h, err := meter.Float64Histogram(name, func(o *metrics.InstrumentOptions) {
			o.UnitLabel = "s"
			o.Description = desc
		})
		if err != nil || h == nil {
			h, _ = metrics.NopMeter{}.Float64Histogram(name)
		}
		return h
	}
	o.metrics = &callMetrics{
		duration:        histogram("client.call.duration", "Overall call duration (including retries and time to send or receive request and response body)"),
		serialization:   histogram("client.call.serialization_duration", "The time it takes to serialize a message body"),
		resolveIdentity: histogram("client.call.auth.resolve_identity_duration", "The time taken to acquire an identity (AWS credentials, bearer token, etc) from an Identity Provider"),
		signing:         histogram("client.call.auth.signing_duration", "The time it takes to sign a request"),
		deserialization: histogram("client.call.deserialization_duration", "The time it takes to deserialize a message body"),
	}
	return o
}

// startCall starts the operation span, named "<ServiceID>.<operation>"
// with the official client's properties, and returns the context that
// carries it. The span is nil when tracing is off.
func (o *observer) startCall(ctx context.Context, operation string) (context.Context, tracing.Span) {
	if o.tracer == nil {
		return ctx, nil
	}
	return o.tracer.StartSpan(ctx, ServiceID+"."+operation, func(so *tracing.SpanOptions) {
		so.Kind = tracing.SpanKindClient
		so.Properties.Set("rpc.system", "aws-api")
		so.Properties.Set("rpc.method", operation)
		so.Properties.Set("rpc.service", ServiceID)
	})
}

// endCall describes err (before it is wrapped in the operation error) on
// the span, sets its status and ends it.
func (o *observer) endCall(span tracing.Span, err error) {
	if span == nil {
		return
	}
	if err != nil {
		span.SetProperty("exception.type", fmt.Sprintf("%T", err))
		span.SetProperty("exception.message", err.Error())
		var apiErr smithy.APIError
		if errors.As(err, &apiErr) {
			span.SetProperty("api.error_code", apiErr.ErrorCode())
			span.SetProperty("api.error_message", apiErr.ErrorMessage())
			span.SetProperty("api.error_fault", apiErr.ErrorFault().String())
		}
	}
	span.SetProperty("error", err != nil)
	if err == nil {
		span.SetStatus(tracing.SpanStatusOK)
	} else {
		span.SetStatus(tracing.SpanStatusError)
	}
	span.End()
}

// now returns the time a phase starts, or the zero time when metrics are
// off, so that an unobserved call never reads the clock for them.
func (o *observer) now() time.Time {
	if o.metrics == nil {
		return time.Time{}
	}
	return time.Now()
}

// record records the duration of a phase of operation that began at
// start, with the official client's rpc.service and rpc.method properties.
func (o *observer) record(ctx context.Context, pick func(*callMetrics) metrics.Float64Histogram, operation string, start time.Time) {
	if o.metrics == nil {
		return
	}
	pick(o.metrics).Record(ctx, time.Since(start).Seconds(), func(ro *metrics.RecordMetricOptions) {
		ro.Properties.Set("rpc.service", ServiceID)
		ro.Properties.Set("rpc.method", operation)
	})
}

// The instruments, for record.
func callDuration(m *callMetrics) metrics.Float64Histogram    { return m.duration }
func serialization(m *callMetrics) metrics.Float64Histogram   { return m.serialization }
func resolveIdentity(m *callMetrics) metrics.Float64Histogram { return m.resolveIdentity }
func signing(m *callMetrics) metrics.Float64Histogram         { return m.signing }
func deserialization(m *callMetrics) metrics.Float64Histogram { return m.deserialization }
