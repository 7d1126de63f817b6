package cognitodevices

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
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

// This file is the request road shared by every operation: invoke and
// runCall take a call from its input to an encoded request, then a retry
// loop (sendWithRetries) makes attempts (attempt), each of which sends the
// request once (sendOnce), or twice when the service reports that the
// signing clock is off.

// invoke runs one operation: validate, encode, then send (sign, retry,
// decode). A nil input counts as an empty one, which validation refuses
// when the operation has required members. Every error it returns is a
// *smithy.OperationError naming the operation, and a failed call returns
// no output.
func invoke[In, Out any](ctx context.Context, c *Client, op *operation[In, Out], in *In, optFns []func(*Options)) (*Out, error) {
	if in == nil {
		in = new(In)
	}
	out := new(Out)
	st := c.stateFor(optFns)
	obs := &st.observer
	ctx, span := obs.startCall(ctx, op.name)
	start := obs.now()
	x := newInterception(st.interceptors, in)
	err := x.beforeExecution(ctx)
	if err == nil {
		err = runCall(ctx, c, st, op, in, out, x)
		output := any(out)
		if err != nil {
			output = nil
		}
		if xerr := x.afterExecution(ctx, output); xerr != nil {
			err = xerr
		}
	}
	obs.record(ctx, callDuration, op.name, start)
	obs.endCall(span, err)
	if err != nil {
		return nil, &smithy.OperationError{ServiceID: ServiceID, OperationName: op.name, Err: err}
	}
	return out, nil
}

// runCall validates, encodes and sends one call, filling out.
// Interceptors, when x is not nil, see the input before serialization and
// the request after it.
func runCall[In, Out any](ctx context.Context, c *Client, st *callState, op *operation[In, Out], in *In, out *Out, x *interception) error {
	if err := op.validate(in); err != nil {
		return err
	}
	if st.endpointErr != nil {
		return st.endpointErr
	}
	if err := x.beforeSerialization(ctx); err != nil {
		return err
	}
	obs := &st.observer
	serializing := obs.now()
	req := request{route: &op.route, out: out, body: op.encode(make([]byte, 0, 256), in), x: x}
	obs.record(ctx, serialization, op.name, serializing)
	if x != nil {
		if err := x.afterSerialization(ctx, c.newHTTPRequest(ctx, st, &req, nil)); err != nil {
			return err
		}
	}
	if st.options.ClientLogMode.IsRequestWithBody() {
		req.logBody = req.body
		if op.redactRequest != nil {
			req.logBody = []byte(op.redactRequest(string(req.body)))
		}
	}
	var err error
	*op.metadata(out), err = c.sendWithRetries(ctx, st, &req)
	return err
}

// contentTypeJSON is the Content-Type of every request, shared read-only.
var contentTypeJSON = []string{"application/x-amz-json-1.1"}

// request is one encoded operation call on its way down the road.
type request struct {
	*route
	out     any    // the output decodeInto fills
	body    []byte // the request body
	hash    string // hex SHA-256 of body; set for admin operations
	logBody []byte // body with secrets redacted; set when bodies are logged
	// invocationID identifies the call in its amz-sdk-invocation-id
	// header, the same on every attempt, as every AWS SDK sends it.
	invocationID []string
	// x runs the interceptors; nil when there are none.
	x *interception
}

// sendWithRetries makes attempts until one succeeds, the Retryer gives up
// or ctx is done, and returns the metadata of the successful response.
func (c *Client) sendWithRetries(ctx context.Context, st *callState, r *request) (middleware.Metadata, error) {
	if r.admin {
		if st.options.Region == "" {
			return middleware.Metadata{}, errors.New("invalid configuration: Region is required to sign admin operations")
		}
		r.hash = payloadHash(r.body)
	}
	logger := logging.WithContext(ctx, st.options.Logger)
	retryer := st.retryer
	maxAttempts := retryer.MaxAttempts()
	r.invocationID = newInvocationID()
	if err := r.x.beforeRetryLoop(ctx); err != nil {
		return middleware.Metadata{}, err
	}
	releaseRetryToken := func(error) error { return nil }
	var failed []retry.AttemptResult // the attempts retried, for retry.GetAttemptResults
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return middleware.Metadata{}, &smithy.CanceledError{Err: err}
		}
		if attempt > 1 && st.options.ClientLogMode.IsRetries() {
			logger.Logf(logging.Debug, "retrying request %s/%s, attempt %d", ServiceID, r.name, attempt)
		}
		releaseAttemptToken, err := retryer.GetAttemptToken(ctx)
		if err != nil {
			return middleware.Metadata{}, fmt.Errorf("failed to get retry send token: %w", err)
		}
		meta, err := c.attempt(ctx, st, r, attemptHeader(attempt, maxAttempts), logger)
		_ = releaseRetryToken(err)
		_ = releaseAttemptToken(err)
		if err == nil {
			return withAttemptResults(meta, failed), nil
		}
		if !retryer.IsErrorRetryable(err) {
			return middleware.Metadata{}, err
		}
		if maxAttempts > 0 && attempt >= maxAttempts {
			return middleware.Metadata{}, &retry.MaxAttemptsError{Attempt: attempt, Err: err}
		}
		failed = append(failed, retry.AttemptResult{Err: err, Retryable: true, Retried: true, ResponseMetadata: meta})
		release, tokenErr := retryer.GetRetryToken(ctx, err)
		if tokenErr != nil {
			return middleware.Metadata{}, errors.Join(err, tokenErr)
		}
		releaseRetryToken = release
		delay, delayErr := retryer.RetryDelay(attempt, err)
		if delayErr != nil {
			return middleware.Metadata{}, errors.Join(err, delayErr)
		}
		if st.options.ClientLogMode.IsRetries() {
			logger.Logf(logging.Debug, "request %s/%s failed (%v), retrying in %v", ServiceID, r.name, err, delay)
		}
		if err := sleep(ctx, delay); err != nil {
			return middleware.Metadata{}, &smithy.CanceledError{Err: err}
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

// attempt is one attempt of the retry loop. A signed request that the
// service refuses for its signing time, when the service's clock turns
// out to differ from the one the request was signed with, is signed again
// with the corrected clock and sent once more within the same attempt.
func (c *Client) attempt(ctx context.Context, st *callState, r *request, header []string, logger logging.Logger) (middleware.Metadata, error) {
	req := c.newHTTPRequest(ctx, st, r, header)
	if r.x != nil {
		r.x.setRequest(req)
		if err := r.x.beforeAttempt(ctx); err != nil {
			return middleware.Metadata{}, err
		}
	}
	var applied time.Duration
	if !st.options.DisableClockSkewCorrection {
		applied = c.skew.offset()
	}
	meta, err := c.sendOnce(ctx, st, r, req, applied, logger)
	if err != nil && r.admin && !st.options.DisableClockSkewCorrection && isSkewError(err) && c.skew.movedFrom(applied) {
		again := c.newHTTPRequest(ctx, st, r, header)
		again.Header = req.Header.Clone() // the signer replaces its own headers
		meta, err = c.sendOnce(ctx, st, r, again, c.skew.offset(), logger)
	}
	if xerr := r.x.afterAttempt(ctx); xerr != nil {
		err = xerr
	}
	return meta, err
}

// attemptHeader is the amz-sdk-request header of an attempt, as the
// official client sends it: "attempt=N; max=M", without max when the
// Retryer sets no bound. The usual values are built once.
func attemptHeader(attempt, maxAttempts int) []string {
	if attempt < len(attemptHeaders) && maxAttempts < len(attemptHeaders[attempt]) {
		return attemptHeaders[attempt][maxAttempts]
	}
	return buildAttemptHeader(attempt, maxAttempts)
}

// attemptHeaders holds the header of attempts 1 to 10 of at most 0 (no
// bound) to 10 attempts.
var attemptHeaders = func() (t [11][11][]string) {
	for a := 1; a < len(t); a++ {
		for m := range t[a] {
			t[a][m] = buildAttemptHeader(a, m)
		}
	}
	return t
}()

func buildAttemptHeader(attempt, maxAttempts int) []string {
	v := "attempt=" + strconv.Itoa(attempt)
	if maxAttempts != 0 {
		v += "; max=" + strconv.Itoa(maxAttempts)
	}
	return []string{v}
}

// invocationHeader holds one call's amz-sdk-invocation-id header and the
// text of its value, in one allocation.
type invocationHeader struct {
	text  [36]byte
	value [1]string
}

// newInvocationID returns the amz-sdk-invocation-id header of a call: a
// random version 4 UUID in its text form.
func newInvocationID() []string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := new(invocationHeader)
	out := h.text[:]
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	// The bytes are never written again, so the string may share them.
	h.value[0] = unsafe.String(&h.text[0], len(h.text))
	return h.value[:]
}

// sendOnce sends the request once, signed (admin operations only) at the
// local clock corrected by skew, and decodes the answer: the output on
// success, a typed error otherwise. It records the service's clock from
// the response.
func (c *Client) sendOnce(ctx context.Context, st *callState, r *request, req *http.Request, skew time.Duration, logger logging.Logger) (meta middleware.Metadata, err error) {
	if st.options.RateLimiter != nil {
		if err := st.options.RateLimiter.Wait(ctx); err != nil {
			return meta, fmt.Errorf("rate limiter: %w", err)
		}
	}
	x := r.x
	if x != nil {
		x.setRequest(req)
		if err := x.beforeSigning(ctx); err != nil {
			return meta, err
		}
	}
	if r.admin && !st.anonymous {
		if err := signRequest(ctx, st, r, req, skew); err != nil {
			return meta, err
		}
	}
	if x != nil {
		if err := x.afterSigning(ctx); err != nil {
			return meta, err
		}
		if err := x.beforeTransmit(ctx); err != nil {
			return meta, err
		}
	}
	if mode := st.options.ClientLogMode; mode.IsRequest() || mode.IsRequestWithBody() {
		logRequest(logger, req, r.logBody)
	}

	var resp *http.Response
	if st.transport != nil {
		resp, err = st.transport.RoundTrip(req)
		if err != nil {
			// As http.Client.Do reports it, so errors.As finds the
			// *url.Error the official client's errors hold.
			err = &url.Error{Op: "Post", URL: req.URL.Redacted(), Err: err}
		}
	} else {
		resp, err = st.options.HTTPClient.Do(req)
	}
	if err != nil {
		if ctx.Err() != nil {
			return meta, &smithy.CanceledError{Err: ctx.Err()}
		}
		// As the official client does, the failure to send is wrapped in a
		// response error with an empty response (status 0), so that
		// errors.As finds an *awshttp.ResponseError for every failed call.
		return meta, &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{Header: http.Header{}, Body: http.NoBody}},
			Err:      &smithyhttp.RequestSendError{Err: err},
		}}
	}
	defer resp.Body.Close()
	if x != nil {
		if err := x.afterTransmit(ctx, resp); err != nil {
			return meta, err
		}
		meta, err = c.readResponse(ctx, st, r, req, resp, logger)
		output := r.out
		if err != nil {
			output = nil
		}
		if xerr := x.afterDeserialization(ctx, output); xerr != nil {
			err = xerr
		}
		return meta, err
	}
	return c.readResponse(ctx, st, r, req, resp, logger)
}

// signRequest signs req, the HTTP request of the admin operation r, with
// SigV4: it resolves the credentials, then signs at the local clock
// corrected by skew, and records how long each of the two steps took.
func signRequest(ctx context.Context, st *callState, r *request, req *http.Request, skew time.Duration) error {
	obs := &st.observer
	resolving := obs.now()
	creds, err := credentials(ctx, st.options.Credentials)
	obs.record(ctx, resolveIdentity, r.name, resolving)
	if err != nil {
		return err
	}
	signingAt := obs.now()
	err = st.signer.sign(ctx, req, r.hash, creds, signingRegion(st.options.Region), time.Now().Add(skew))
	obs.record(ctx, signing, r.name, signingAt)
	return err
}

// readResponse reads and decodes the response to req: the output on
// success, a typed error otherwise. It records the service's clock.
func (c *Client) readResponse(ctx context.Context, st *callState, r *request, req *http.Request, resp *http.Response, logger logging.Logger) (meta middleware.Metadata, err error) {
	c.skew.record(resp.Header.Get("Date"), time.Now())
	requestID := resp.Header.Get("X-Amzn-Requestid")
	awsmiddleware.SetRequestIDMetadata(&meta, requestID)
	wrap := func(err error) error {
		return &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: resp}, Err: err},
			RequestID:     requestID,
		}
	}

	if followedRedirect(req, resp) {
		meta = responseMetadata(ctx, meta, resp, st.options.DisableClockSkewCorrection)
		return meta, wrap(&smithy.GenericAPIError{
			Code:    "UnexpectedRedirect",
			Message: "the HTTP client followed a redirect to " + quotePrefix(resp.Request.URL.Redacted(), maxQuotedLen) + "; its response is refused",
			Fault:   smithy.FaultClient,
		})
	}

	success := resp.StatusCode >= 200 && resp.StatusCode < 300
	limit := int64(maxErrorBody)
	if success {
		limit = maxResponseBody
	}
	buf, readErr := readBody(resp.Body, resp.ContentLength, limit)
	defer putBuffer(buf)
	if mode := st.options.ClientLogMode; mode.IsResponse() || mode.IsResponseWithBody() {
		logged := bytesView(buf.Bytes())
		if success && mode.IsResponseWithBody() && r.redactResponse != nil {
			logged = r.redactResponse(logged)
		}
		logResponse(logger, resp, logged, mode.IsResponseWithBody())
	}
	// Every response, failed ones too, records what the official client
	// records of it, once its body is read: a retried attempt's metadata
	// in retry.GetAttemptResults then has its raw response and timing.
	meta = responseMetadata(ctx, meta, resp, st.options.DisableClockSkewCorrection)
	if readErr != nil {
		if ctx.Err() != nil {
			return meta, &smithy.CanceledError{Err: ctx.Err()}
		}
		if success || !errors.Is(readErr, errBodyTooLarge) {
			return meta, wrap(readErr)
		}
		// An oversized error body is cut at the limit and parsed as is.
	}

	switch {
	case success:
		decoding := st.observer.now()
		err := r.decodeInto(bytesView(buf.Bytes()), r.out)
		st.observer.record(ctx, deserialization, r.name, decoding)
		if err != nil {
			return meta, wrap(&smithy.DeserializationError{Err: fmt.Errorf("failed to decode %s response: %w", r.name, err)})
		}
		return meta, nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return meta, wrap(&smithy.GenericAPIError{
			Code:    "UnexpectedRedirect",
			Message: "HTTP " + strconv.Itoa(resp.StatusCode) + ": redirects are not followed (Location: " + quotePrefix(resp.Header.Get("Location"), maxQuotedLen) + ")",
			Fault:   smithy.FaultClient,
		})
	default:
		return meta, wrap(decodeAPIError(resp.StatusCode, resp.Header, bytesView(buf.Bytes())))
	}
}

// followedRedirect reports whether resp answers another request than req:
// an HTTPClient followed a redirect, so the answer may come from any host.
// Clients that do not say which request a response answers are trusted.
func followedRedirect(req *http.Request, resp *http.Response) bool {
	r := resp.Request
	return r != nil && r != req && r.URL != nil && (r.Method != req.Method || r.URL.String() != req.URL.String())
}

// newHTTPRequest builds the HTTP request of r: the POST of its body to the
// endpoint, with the headers every request carries, and attemptHeader as
// amz-sdk-request when it is not nil. Interceptors' changes to the header
// after serialization carry over to every attempt.
func (c *Client) newHTTPRequest(ctx context.Context, st *callState, r *request, attemptHeader []string) *http.Request {
	parts := &requestParts{url: *st.endpoint}
	var header http.Header
	if r.x != nil && r.x.header != nil {
		header = r.x.header.Clone()
		header["Amz-Sdk-Invocation-Id"] = r.invocationID
	} else {
		header = http.Header{
			"Content-Type":          contentTypeJSON,
			"X-Amz-Target":          r.target,
			"User-Agent":            st.userAgent,
			"Amz-Sdk-Invocation-Id": r.invocationID,
		}
		if r.admin {
			// The signer appends to this emptied slice, so it writes its
			// value here instead of allocating a slice of its own. Not so
			// for Authorization: with a session token the header then
			// has eight keys, and Go grows a map of eight keys on any
			// assignment, even to a key it has (three allocations).
			header["X-Amz-Date"] = parts.date[:0]
		}
	}
	if attemptHeader != nil {
		header["Amz-Sdk-Request"] = attemptHeader
	}
	req := &http.Request{
		Method:        http.MethodPost,
		URL:           &parts.url,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Host:          parts.url.Host,
		ContentLength: int64(len(r.body)),
		Header:        header,
		// No GetBody: without it net/http cannot replay the body to the
		// target of a 307 or 308, even under a permissive redirect policy.
		// io.NopCloser of a *bytes.Reader, not a type of this package:
		// net/http sends the headers and a body it knows to be in memory
		// in one write, and flushes the headers first for any other.
		Body: io.NopCloser(bytes.NewReader(r.body)),
	}
	return req.WithContext(ctx)
}

// requestParts holds, in one allocation, the URL of one HTTP request and
// the value the signer gives its X-Amz-Date header. The signer writes it
// once per request, and a request that is signed again gets a copy of
// its header first (see attempt), so the value is never overwritten.
type requestParts struct {
	url  url.URL
	date [1]string
}

// responseMetadata adds to meta, the metadata of a successful response,
// what the official client records there beside the request ID: the raw
// response (awsmiddleware.GetRawResponse), when it arrived
// (GetResponseAt), the service's Date (GetServerTime) and the clock skew
// it shows. It runs the aws-sdk-go-v2 middleware that records them, since
// their metadata keys are private to it.
func responseMetadata(ctx context.Context, meta middleware.Metadata, resp *http.Response, disableSkew bool) middleware.Metadata {
	chain := &metadataChain{raw: smithyhttp.Response{Response: resp}, meta: meta}
	_, meta, _ = awsmiddleware.RecordResponseTiming{DisableClockSkewCorrection: disableSkew}.HandleDeserialize(ctx, middleware.DeserializeInput{}, (*addRawResponse)(chain))
	return meta
}

// metadataChain is the end of the deserialize chain responseMetadata
// runs: it answers with the raw response and the metadata so far. One
// allocation serves both steps of the chain (see addRawResponse) and the
// raw response the metadata points to.
type metadataChain struct {
	raw  smithyhttp.Response
	meta middleware.Metadata
}

func (c *metadataChain) HandleDeserialize(context.Context, middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
	return middleware.DeserializeOutput{RawResponse: &c.raw}, c.meta, nil
}

// addRawResponse is the step of the chain that records the raw response,
// before metadataChain.
type addRawResponse metadataChain

func (c *addRawResponse) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
	return awsmiddleware.AddRawResponse{}.HandleDeserialize(ctx, in, (*metadataChain)(c))
}
