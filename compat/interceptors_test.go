package compat

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
)

// hookLog is an interceptor for every hook: it counts the calls of each,
// notes which parts of the InterceptorContext were set, and adds a header
// before signing and another before transmit.
type hookLog struct {
	mu    sync.Mutex
	calls []string
}

func (h *hookLog) note(hook string, ic *smithyhttp.InterceptorContext) {
	var parts []string
	if ic.Input != nil {
		parts = append(parts, "input")
	}
	if ic.Request != nil {
		parts = append(parts, "request")
	}
	if ic.Response != nil {
		parts = append(parts, fmt.Sprintf("response %d", ic.Response.StatusCode))
	}
	if ic.Output != nil {
		parts = append(parts, "output")
	}
	h.mu.Lock()
	h.calls = append(h.calls, hook+"("+strings.Join(parts, ",")+")")
	h.mu.Unlock()
}

func (h *hookLog) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.calls
	h.calls = nil
	return out
}

func (h *hookLog) BeforeExecution(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("BeforeExecution", ic)
	return nil
}
func (h *hookLog) BeforeSerialization(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("BeforeSerialization", ic)
	return nil
}
func (h *hookLog) AfterSerialization(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("AfterSerialization", ic)
	return nil
}
func (h *hookLog) BeforeRetryLoop(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("BeforeRetryLoop", ic)
	return nil
}
func (h *hookLog) BeforeAttempt(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("BeforeAttempt", ic)
	return nil
}
func (h *hookLog) BeforeSigning(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("BeforeSigning", ic)
	ic.Request.Header.Set("X-Before-Signing", "signed")
	return nil
}
func (h *hookLog) AfterSigning(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("AfterSigning", ic)
	return nil
}
func (h *hookLog) BeforeTransmit(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("BeforeTransmit", ic)
	ic.Request.Header.Set("X-Before-Transmit", "sent")
	return nil
}
func (h *hookLog) AfterTransmit(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("AfterTransmit", ic)
	return nil
}
func (h *hookLog) BeforeDeserialization(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("BeforeDeserialization", ic)
	return nil
}
func (h *hookLog) AfterDeserialization(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("AfterDeserialization", ic)
	return nil
}
func (h *hookLog) AfterAttempt(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("AfterAttempt", ic)
	return nil
}
func (h *hookLog) AfterExecution(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	h.note("AfterExecution", ic)
	return nil
}

// register adds h for every hook of r.
func (h *hookLog) register(r *smithyhttp.InterceptorRegistry) {
	r.AddBeforeExecution(h)
	r.AddBeforeSerialization(h)
	r.AddAfterSerialization(h)
	r.AddBeforeRetryLoop(h)
	r.AddBeforeAttempt(h)
	r.AddBeforeSigning(h)
	r.AddAfterSigning(h)
	r.AddBeforeTransmit(h)
	r.AddAfterTransmit(h)
	r.AddBeforeDeserialization(h)
	r.AddAfterDeserialization(h)
	r.AddAfterAttempt(h)
	r.AddAfterExecution(h)
}

// TestInterceptorsMatchOfficial runs every operation through both clients
// with an interceptor on every hook, each call failing once with a
// retryable error: the hooks run in the same order, as often, with the
// same parts of the context set. The headers the interceptor adds before
// signing and before transmit reach the wire on every attempt of the
// library; the official client's behaviour differs and is pinned.
func TestInterceptorsMatchOfficial(t *testing.T) {
	srv := setup(t, anyOperationReply)
	libHooks, offHooks := &hookLog{}, &hookLog{}
	lib := newLibrary(srv.URL, func(o *cognitodevices.Options) {
		o.RetryMaxAttempts, o.Retryer = 0, threeAttemptsNoBackoff()
		libHooks.register(&o.Interceptors)
	})
	off := newOfficial(srv.URL, func(o *cip.Options) {
		o.RetryMaxAttempts, o.Retryer = 0, threeAttemptsNoBackoff()
		offHooks.register(&o.Interceptors)
	})
	for _, in := range everyOperation {
		t.Run(operationOf(in).Name, func(t *testing.T) {
			var wire [2][]captured
			wire[0], wire[1] = sentWithOneRetry(t, srv, lib, off, in)
			gotHooks := libHooks.take()
			assert.Equal(t, offHooks.take(), gotHooks)

			// The library sends the headers on every attempt, signing the
			// one added before signing and not the one added before
			// transmit.
			require.Len(t, wire[0], 2)
			for _, r := range wire[0] {
				assert.Equal(t, "signed", r.Header.Get("X-Before-Signing"))
				assert.Equal(t, "sent", r.Header.Get("X-Before-Transmit"))
				if auth := r.Header.Get("Authorization"); auth != "" {
					signed := signedHeaders(t, auth)
					assert.Contains(t, signed, "x-before-signing")
					assert.NotContains(t, signed, "x-before-transmit")
				}
			}
			// A difference, pinned: the official client applies what its
			// interceptors change in the request to the next attempt only
			// (each attempt sends a copy made before its hooks run), so the
			// first attempt carries neither header and the retry signs
			// both.
			require.Len(t, wire[1], 2)
			assert.Empty(t, wire[1][0].Header.Get("X-Before-Signing"))
			assert.Empty(t, wire[1][0].Header.Get("X-Before-Transmit"))
			assert.Equal(t, "signed", wire[1][1].Header.Get("X-Before-Signing"))
			assert.Equal(t, "sent", wire[1][1].Header.Get("X-Before-Transmit"))
			if auth := wire[1][1].Header.Get("Authorization"); auth != "" {
				assert.Contains(t, signedHeaders(t, auth), "x-before-transmit")
			}
		})
	}
}
