package cognitodevices

import (
	"context"
	"net/http"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// interception runs the interceptors of Options.Interceptors at the points
// of the request road where the official client runs them, with the
// InterceptorContext each expects. A nil *interception, the case when no
// interceptor is registered, does nothing at no cost.
type interception struct {
	reg *smithyhttp.InterceptorRegistry
	ic  smithyhttp.InterceptorContext
	// header is the request header as the interceptors left it after
	// serialization; every attempt starts from it.
	header http.Header
}

// newInterception returns the interception of one call of input, or nil
// when reg holds no interceptor.
func newInterception(reg *smithyhttp.InterceptorRegistry, input any) *interception {
	if reg == nil {
		return nil
	}
	return &interception{reg: reg, ic: smithyhttp.InterceptorContext{Input: input}}
}

// hasInterceptors reports whether reg holds at least one interceptor.
func hasInterceptors(reg smithyhttp.InterceptorRegistry) bool {
	return interceptorCount(reg) > 0
}

// setRequest makes req the Request the next interceptors see. Its header
// and URL are the request's own, so changes to them are sent; its stream
// is nil: the body is not shown.
func (x *interception) setRequest(req *http.Request) {
	x.ic.Request = &smithyhttp.Request{Request: req}
}

// run calls each interceptor of one hook with the call's context and stops
// at the first error.
func run[I any](ctx context.Context, x *interception, list []I, call func(I, context.Context, *smithyhttp.InterceptorContext) error) error {
	if x == nil {
		return nil
	}
	for _, i := range list {
		if err := call(i, ctx, &x.ic); err != nil {
			return err
		}
	}
	return nil
}

func (x *interception) beforeExecution(ctx context.Context) error {
	return run(ctx, x, x.list().BeforeExecution, smithyhttp.BeforeExecutionInterceptor.BeforeExecution)
}

func (x *interception) beforeSerialization(ctx context.Context) error {
	return run(ctx, x, x.list().BeforeSerialization, smithyhttp.BeforeSerializationInterceptor.BeforeSerialization)
}

// afterSerialization shows the serialized request and keeps the header
// the interceptors leave on it for every attempt.
func (x *interception) afterSerialization(ctx context.Context, req *http.Request) error {
	if x == nil {
		return nil
	}
	x.setRequest(req)
	x.header = req.Header
	return run(ctx, x, x.reg.AfterSerialization, smithyhttp.AfterSerializationInterceptor.AfterSerialization)
}

func (x *interception) beforeRetryLoop(ctx context.Context) error {
	return run(ctx, x, x.list().BeforeRetryLoop, smithyhttp.BeforeRetryLoopInterceptor.BeforeRetryLoop)
}

func (x *interception) beforeAttempt(ctx context.Context) error {
	return run(ctx, x, x.list().BeforeAttempt, smithyhttp.BeforeAttemptInterceptor.BeforeAttempt)
}

func (x *interception) beforeSigning(ctx context.Context) error {
	return run(ctx, x, x.list().BeforeSigning, smithyhttp.BeforeSigningInterceptor.BeforeSigning)
}

func (x *interception) afterSigning(ctx context.Context) error {
	return run(ctx, x, x.list().AfterSigning, smithyhttp.AfterSigningInterceptor.AfterSigning)
}

func (x *interception) beforeTransmit(ctx context.Context) error {
	return run(ctx, x, x.list().BeforeTransmit, smithyhttp.BeforeTransmitInterceptor.BeforeTransmit)
}

// afterTransmit shows resp, then runs the AfterTransmit and the
// BeforeDeserialization interceptors, which follow each other.
func (x *interception) afterTransmit(ctx context.Context, resp *http.Response) error {
	if x == nil {
		return nil
	}
	x.ic.Response = &smithyhttp.Response{Response: resp}
	if err := run(ctx, x, x.reg.AfterTransmit, smithyhttp.AfterTransmitInterceptor.AfterTransmit); err != nil {
		return err
	}
	return run(ctx, x, x.reg.BeforeDeserialization, smithyhttp.BeforeDeserializationInterceptor.BeforeDeserialization)
}

// afterDeserialization shows output (nil after a failure) and runs the
// AfterDeserialization interceptors.
func (x *interception) afterDeserialization(ctx context.Context, output any) error {
	if x == nil {
		return nil
	}
	x.ic.Output = output
	return run(ctx, x, x.reg.AfterDeserialization, smithyhttp.AfterDeserializationInterceptor.AfterDeserialization)
}

func (x *interception) afterAttempt(ctx context.Context) error {
	return run(ctx, x, x.list().AfterAttempt, smithyhttp.AfterAttemptInterceptor.AfterAttempt)
}

// afterExecution shows output (nil after a failure) and runs the
// AfterExecution interceptors.
func (x *interception) afterExecution(ctx context.Context, output any) error {
	if x == nil {
		return nil
	}
	x.ic.Output = output
	return run(ctx, x, x.reg.AfterExecution, smithyhttp.AfterExecutionInterceptor.AfterExecution)
}

// noInterceptors is the registry list returns for a nil interception.
var noInterceptors smithyhttp.InterceptorRegistry

// list returns the registry, or an empty one for a nil interception.
func (x *interception) list() *smithyhttp.InterceptorRegistry {
	if x == nil {
		return &noInterceptors
	}
	return x.reg
}

// copyInterceptors returns a copy of r whose lists the caller may change
// without touching r's, or a zero registry when r holds none, so that an
// options copy costs nothing for the usual empty registry.
func copyInterceptors(r smithyhttp.InterceptorRegistry) smithyhttp.InterceptorRegistry {
	if !hasInterceptors(r) {
		return smithyhttp.InterceptorRegistry{}
	}
	return r.Copy()
}
