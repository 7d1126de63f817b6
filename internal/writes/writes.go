// Package writes holds what the device helpers of package cognitodevices
// and package sweep share about a write sent to the service: the context
// that lets a write in flight finish, and whether a failed one may have
// been applied.
package writes

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/aws/smithy-go"
)

// InFlight returns the context of one write sent under ctx: ctx itself
// when grace is zero, or else one that ends grace after ctx ends (or when
// done is called), so that a write already out can finish.
func InFlight(ctx context.Context, grace time.Duration) (callCtx context.Context, done func()) {
	if grace <= 0 {
		return ctx, func() {}
	}
	callCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(grace, cancel) })
	return callCtx, func() {
		stop()
		cancel()
	}
}

// MayHaveBeenApplied reports whether a failed write may have reached the
// service and been applied: anything but an answer of the service that
// refused the request (a client fault: 4xx, throttling included) and a
// connection that could not be opened.
func MayHaveBeenApplied(err error) bool {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorFault() == smithy.FaultClient {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
	}
	var respErr interface{ HTTPStatusCode() int }
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() >= 400 && respErr.HTTPStatusCode() < 500 {
		return false
	}
	return true
}
