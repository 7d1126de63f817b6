package compat

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
)

// recordedSpan is a span as a recording tracer saw it.
type recordedSpan struct {
	name       string
	kind       tracing.SpanKind
	properties map[any]any
	status     tracing.SpanStatus
	ended      bool
}

// spanRecorder is a tracing.TracerProvider that records every span.
type spanRecorder struct {
	mu    sync.Mutex
	spans []*recordedSpan
}

func (r *spanRecorder) Tracer(string, ...tracing.TracerOption) tracing.Tracer { return r }

func (r *spanRecorder) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	s := &recordedSpan{name: name, kind: o.Kind, properties: map[any]any{}}
	for k, v := range o.Properties.Values() {
		s.properties[k] = v
	}
	r.mu.Lock()
	r.spans = append(r.spans, s)
	r.mu.Unlock()
	return ctx, &spanHandle{r: r, s: s}
}

// named returns the spans called name and forgets every span.
func (r *spanRecorder) named(name string) []recordedSpan {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []recordedSpan
	for _, s := range r.spans {
		if s.name == name {
			out = append(out, *s)
		}
	}
	r.spans = nil
	return out
}

type spanHandle struct {
	r *spanRecorder
	s *recordedSpan
}

func (h *spanHandle) Name() string                            { return h.s.name }
func (h *spanHandle) Context() tracing.SpanContext            { return tracing.SpanContext{} }
func (h *spanHandle) AddEvent(string, ...tracing.EventOption) {}
func (h *spanHandle) SetStatus(st tracing.SpanStatus) {
	h.r.mu.Lock()
	h.s.status = st
	h.r.mu.Unlock()
}
func (h *spanHandle) SetProperty(k, v any) { h.r.mu.Lock(); h.s.properties[k] = v; h.r.mu.Unlock() }
func (h *spanHandle) End()                 { h.r.mu.Lock(); h.s.ended = true; h.r.mu.Unlock() }

// metricRecorder is a metrics.MeterProvider that records every value of
// every float64 histogram, with its properties and unit.
type metricRecorder struct {
	metrics.NopMeter
	mu      sync.Mutex
	records []metricRecord
	units   map[string]string
}

type metricRecord struct {
	name       string
	properties map[any]any
}

func (r *metricRecorder) Meter(string, ...metrics.MeterOption) metrics.Meter { return r }

func (r *metricRecorder) Float64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	var o metrics.InstrumentOptions
	for _, fn := range opts {
		fn(&o)
	}
	r.mu.Lock()
	if r.units == nil {
		r.units = map[string]string{}
	}
	r.units[name] = o.UnitLabel
	r.mu.Unlock()
	return histogram{r, name}, nil
}

type histogram struct {
	r    *metricRecorder
	name string
}

func (h histogram) Record(_ context.Context, _ float64, opts ...metrics.RecordMetricOption) {
	var o metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&o)
	}
	rec := metricRecord{name: h.name, properties: map[any]any{}}
	for k, v := range o.Properties.Values() {
		rec.properties[k] = v
	}
	h.r.mu.Lock()
	h.r.records = append(h.r.records, rec)
	h.r.mu.Unlock()
}

// take returns the records so far and forgets them.
func (r *metricRecorder) take() []metricRecord {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.records
	r.records = nil
	return out
}

// TestTracingMatchesOfficial runs every operation, once succeeding and
// once failing with a service error, through both clients with recording
// tracers: each emits one operation span of the same name, kind,
// properties and status.
func TestTracingMatchesOfficial(t *testing.T) {
	srv := setup(t, anyOperationReply)
	libTracer, offTracer := &spanRecorder{}, &spanRecorder{}
	lib := newLibrary(srv.URL, func(o *cognitodevices.Options) { o.TracerProvider = libTracer })
	off := newOfficial(srv.URL, func(o *cip.Options) { o.TracerProvider = offTracer })
	// InvalidParameterException is an exception every operation documents,
	// so the official client has a type for it whatever the operation.
	failure := reply{status: http.StatusBadRequest, body: []byte(`{"__type":"InvalidParameterException","message":"1 validation error detected"}`)}
	for _, in := range everyOperation {
		for _, fail := range []bool{false, true} {
			name := fmt.Sprintf("%s/failing=%v", operationOf(in).Name, fail)
			t.Run(name, func(t *testing.T) {
				srv.respond(anyOperationReply)
				if fail {
					srv.respond(failure)
				}
				_, libErr := callLibrary(context.Background(), lib, in)
				_, offErr := callOfficial(context.Background(), off, in)
				assert.Equal(t, fail, libErr != nil, "library error %v", libErr)
				assert.Equal(t, fail, offErr != nil, "official error %v", offErr)

				spanName := "Cognito Identity Provider." + operationOf(in).Name
				libSpans, offSpans := libTracer.named(spanName), offTracer.named(spanName)
				require.Len(t, libSpans, 1)
				require.Len(t, offSpans, 1)
				got, want := libSpans[0], offSpans[0]
				assert.Equal(t, want.kind, got.kind)
				assert.Equal(t, want.status, got.status)
				assert.True(t, got.ended)
				assert.Equal(t, want.properties, got.properties)
			})
		}
	}
	srv.respond(anyOperationReply)
}

// TestMetricsMatchOfficial runs every operation through both clients with
// recording meters: the library records client.call.duration once per
// call with the official client's properties, and every other instrument
// it records is one the official client records too, with the same unit.
func TestMetricsMatchOfficial(t *testing.T) {
	srv := setup(t, anyOperationReply)
	libMeter, offMeter := &metricRecorder{}, &metricRecorder{}
	lib := newLibrary(srv.URL, func(o *cognitodevices.Options) { o.MeterProvider = libMeter })
	off := newOfficial(srv.URL, func(o *cip.Options) { o.MeterProvider = offMeter })
	for _, in := range everyOperation {
		t.Run(operationOf(in).Name, func(t *testing.T) {
			_, err := callLibrary(context.Background(), lib, in)
			require.NoError(t, err)
			_, err = callOfficial(context.Background(), off, in)
			require.NoError(t, err)
			libRecords, offRecords := libMeter.take(), offMeter.take()

			durations := func(records []metricRecord) []metricRecord {
				return slices.DeleteFunc(slices.Clone(records), func(r metricRecord) bool { return r.name != "client.call.duration" })
			}
			require.Len(t, durations(libRecords), 1)
			require.Len(t, durations(offRecords), 1)
			assert.Equal(t, durations(offRecords)[0].properties, durations(libRecords)[0].properties)

			offNames := map[string]bool{}
			for _, r := range offRecords {
				offNames[r.name] = true
			}
			for _, r := range libRecords {
				assert.True(t, offNames[r.name], "the official client does not record %s here", r.name)
			}
		})
	}
	for name, unit := range libMeter.units {
		assert.Equal(t, offMeter.units[name], unit, name)
	}
}
