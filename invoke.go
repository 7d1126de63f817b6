package cognitodevices

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unsafe"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Limits on what is read from a response. The largest legitimate
// response, a page of 60 devices, is a few tens of KiB.
const (
	maxResponseBody = 8 << 20
	maxErrorBody    = 1 << 20
)

// Header values shared read-only by every request.
var (
	contentTypeJSON = []string{"application/x-amz-json-1.1"}
)

// Clock-skew handling: a signed call refused with one of these codes, from
// a service whose Date header is further than skewThreshold from the local
// clock, is retried once with the signing time corrected by the offset,
// and the offset is kept for later calls.
const skewThreshold = 4 * time.Minute

var skewErrorCodes = map[string]bool{
	"InvalidSignatureException": true,
	"RequestTimeTooSkewed":      true,
	"RequestExpired":            true,
	"RequestInTheFuture":        true,
	"SignatureDoesNotMatch":     true,
	"AuthFailure":               true,
}

// invoke walks one operation: validate, encode, then for each attempt
// sign (admin only), send, read and decode, retrying as the Retryer says.
// Every error it returns is a *smithy.OperationError.
func (c *Client) invoke(ctx context.Context, op *operation, in request, out response, optFns []func(*Options)) error {
	st := c.stateFor(optFns)
	err := c.run(ctx, st, op, in, out)
	if err != nil {
		return &smithy.OperationError{ServiceID: ServiceID, OperationName: op.name, Err: err}
	}
	return nil
}

func (c *Client) run(ctx context.Context, st *callState, op *operation, in request, out response) error {
	if err := in.validate(); err != nil {
		return err
	}
	if st.endpointErr != nil {
		return st.endpointErr
	}
	body := in.appendJSON(make([]byte, 0, 256))
	var hash string
	if op.admin {
		if st.options.Region == "" {
			return errors.New("invalid configuration: Region is required to sign admin operations")
		}
		hash = payloadHash(body)
	}

	logger := logging.WithContext(ctx, st.options.Logger)
	retryer := st.retryer
	maxAttempts := retryer.MaxAttempts()
	releaseRetryToken := func(error) error { return nil }
	skewRetried := false
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return &smithy.CanceledError{Err: err}
		}
		if attempt > 1 && st.options.ClientLogMode.IsRetries() {
			logger.Logf(logging.Debug, "retrying request %s/%s, attempt %d", ServiceID, op.name, attempt)
		}
		if st.options.RateLimiter != nil {
			if err := st.options.RateLimiter.Wait(ctx); err != nil {
				return fmt.Errorf("rate limiter: %w", err)
			}
		}
		releaseAttemptToken, err := retryer.GetAttemptToken(ctx)
		if err != nil {
			return fmt.Errorf("failed to get retry send token: %w", err)
		}
		meta, skewChanged, err := c.attempt(ctx, st, op, in, out, body, hash, logger)
		_ = releaseRetryToken(err)
		_ = releaseAttemptToken(err)
		if err == nil {
			out.setMetadata(meta)
			return nil
		}
		if op.admin && !skewRetried && skewChanged && isSkewError(err) {
			// The offset is now recorded; sign again once with it.
			skewRetried = true
			attempt--
			continue
		}
		if !retryer.IsErrorRetryable(err) {
			return err
		}
		if maxAttempts > 0 && attempt >= maxAttempts {
			return &retry.MaxAttemptsError{Attempt: attempt, Err: err}
		}
		release, tokenErr := retryer.GetRetryToken(ctx, err)
		if tokenErr != nil {
			return errors.Join(err, tokenErr)
		}
		releaseRetryToken = release
		delay, delayErr := retryer.RetryDelay(attempt, err)
		if delayErr != nil {
			return errors.Join(err, delayErr)
		}
		if st.options.ClientLogMode.IsRetries() {
			logger.Logf(logging.Debug, "request %s/%s failed (%v), retrying in %v", ServiceID, op.name, err, delay)
		}
		if err := sleep(ctx, delay); err != nil {
			return &smithy.CanceledError{Err: err}
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func isSkewError(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && skewErrorCodes[apiErr.ErrorCode()]
}

// attempt sends the request once. skewChanged reports that the clock offset
// learned from the response differs by more than skewThreshold from the one
// the request was signed with, so signing again may succeed.
func (c *Client) attempt(ctx context.Context, st *callState, op *operation, in request, out response, body []byte, hash string, logger logging.Logger) (meta middleware.Metadata, skewChanged bool, err error) {
	appliedSkew := time.Duration(c.skew.Load())
	u := *st.endpoint
	req := &http.Request{
		Method:        http.MethodPost,
		URL:           &u,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Host:          u.Host,
		ContentLength: int64(len(body)),
		Header: http.Header{
			"Content-Type": contentTypeJSON,
			"X-Amz-Target": op.target,
			"User-Agent":   st.userAgent,
		},
		// No GetBody: without it net/http cannot replay the body to the
		// target of a 307 or 308, even under a permissive redirect policy.
		Body: io.NopCloser(bytes.NewReader(body)),
	}
	req = req.WithContext(ctx)
	if op.admin {
		creds, err := credentials(ctx, st.options.Credentials)
		if err != nil {
			return meta, false, err
		}
		signingTime := time.Now().Add(appliedSkew)
		if err := st.signer.sign(ctx, req, hash, creds, signingRegion(st.options.Region), signingTime); err != nil {
			return meta, false, err
		}
	}
	if mode := st.options.ClientLogMode; mode.IsRequest() || mode.IsRequestWithBody() {
		logRequest(logger, req, in, mode.IsRequestWithBody())
	}

	resp, err := st.options.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return meta, false, &smithy.CanceledError{Err: ctx.Err()}
		}
		return meta, false, &smithyhttp.RequestSendError{Err: err}
	}
	defer resp.Body.Close()
	responseAt := time.Now()

	requestID := resp.Header.Get("X-Amzn-Requestid")
	awsmiddleware.SetRequestIDMetadata(&meta, requestID)
	skewChanged = (c.recordSkew(resp.Header.Get("Date"), responseAt) - appliedSkew).Abs() > skewThreshold

	wrap := func(err error) error {
		return &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: resp}, Err: err},
			RequestID:     requestID,
		}
	}

	success := resp.StatusCode >= 200 && resp.StatusCode < 300
	limit := int64(maxErrorBody)
	if success {
		limit = maxResponseBody
	}
	buf, readErr := readBody(resp.Body, resp.ContentLength, limit)
	defer putBuffer(buf)
	if mode := st.options.ClientLogMode; mode.IsResponse() || mode.IsResponseWithBody() {
		logResponse(logger, resp, buf.Bytes(), mode.IsResponseWithBody())
	}
	if readErr != nil {
		if ctx.Err() != nil {
			return meta, skewChanged, &smithy.CanceledError{Err: ctx.Err()}
		}
		if success || !errors.Is(readErr, errBodyTooLarge) {
			return meta, skewChanged, wrap(readErr)
		}
		// An oversized error body is cut at the limit and parsed as is.
	}

	switch {
	case success:
		// The decoders copy what they keep, so they may read the pooled
		// buffer in place.
		if err := out.decode(bytesView(buf.Bytes())); err != nil {
			return meta, skewChanged, wrap(&smithy.DeserializationError{Err: fmt.Errorf("failed to decode %s response: %w", op.name, err)})
		}
		return meta, skewChanged, nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return meta, skewChanged, wrap(&smithy.GenericAPIError{
			Code:    "UnexpectedRedirect",
			Message: "HTTP " + strconv.Itoa(resp.StatusCode) + ": redirects are not followed (Location: " + strconv.Quote(resp.Header.Get("Location")) + ")",
			Fault:   smithy.FaultClient,
		})
	default:
		return meta, skewChanged, wrap(decodeAPIError(resp.StatusCode, resp.Header, buf.String()))
	}
}

// recordSkew compares the service's Date header with the local time the
// response arrived, keeps the offset when it passes skewThreshold and
// forgets it when the clocks agree again. It returns the offset now in
// force; without a usable Date header nothing changes.
func (c *Client) recordSkew(date string, responseAt time.Time) time.Duration {
	if date != "" {
		if serverTime, err := http.ParseTime(date); err == nil {
			offset := serverTime.Sub(responseAt)
			if offset.Abs() <= skewThreshold {
				offset = 0
			}
			c.skew.Store(int64(offset))
		}
	}
	return time.Duration(c.skew.Load())
}

// errBodyTooLarge is wrapped by readBody when a body passes its limit.
var errBodyTooLarge = errors.New("response body too large")

// readError marks a failure while reading a response body as a connection
// error, which the standard Retryer retries.
type readError struct{ err error }

func (e *readError) Error() string         { return "failed to read response body: " + e.err.Error() }
func (e *readError) Unwrap() error         { return e.err }
func (e *readError) ConnectionError() bool { return true }

// bytesView returns b as a string without copying. The string is valid only
// while b is neither modified nor reused; callers must not keep it.
func bytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		b.Reset()
		bufferPool.Put(b)
	}
}

// readBody reads at most limit bytes of a body into a pooled buffer. A body
// longer than limit yields what was read and an error wrapping
// errBodyTooLarge; a failed read yields a *readError.
func readBody(body io.Reader, contentLength, limit int64) (*bytes.Buffer, error) {
	buf := bufferPool.Get().(*bytes.Buffer)
	if contentLength > 0 && contentLength <= limit {
		buf.Grow(int(contentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(body, limit+1))
	if err != nil {
		return buf, &readError{err: err}
	}
	if n > limit {
		buf.Truncate(int(limit))
		return buf, fmt.Errorf("%w: more than %d bytes", errBodyTooLarge, limit)
	}
	return buf, nil
}
