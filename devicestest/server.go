package devicestest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
)

const (
	targetPrefix    = "AWSCognitoIdentityProviderService."
	jsonContentType = "application/x-amz-json-1.1"
)

// Server is an in-memory Amazon Cognito device service listening on a
// loopback address. It speaks the awsJson1_1 protocol of the real service,
// verifies SigV4 signatures of admin operations and access tokens of the
// others, so a *cognitodevices.Client talks to it as it would to AWS.
//
// All methods are safe for concurrent use, also while requests are being
// served.
type Server struct {
	// URL is the base URL of the server, of the form http://127.0.0.1:port,
	// for use as cognitodevices.Options.BaseEndpoint.
	URL string

	ts        *httptest.Server
	closeOnce sync.Once

	region   string
	keys     []aws.Credentials
	pageSize int
	pageKey  []byte // HMAC key of pagination tokens

	userConfirmationNecessary bool

	controlToken string          // "" when the control endpoint is off
	controlHosts map[string]bool // the Host values it accepts (controlHostSet)

	mu       sync.Mutex
	now      func() time.Time
	clock    func() time.Time // the clock the server was built with
	seed     *Seed            // what Reset returns to
	pools    map[string]*userPool
	faults   map[string]*fault
	requests requestLog
	auth     authState
	limits   limiter

	// The token records (tokens.go).
	tokenHash tokenHash               // keys them
	tokens    map[tokenKey]tokenOwner // access tokens that work
	revoked   map[tokenKey]expiry     // revoked access tokens, until they expire
	sweepAt   int                     // how many records start a sweep
}

// Request is one HTTP request the server received, as Server.Requests
// reports it.
type Request struct {
	// Operation is the operation named by the X-Amz-Target header without
	// the service prefix, or "" when the header names none.
	Operation string

	// Header holds the request headers as received.
	Header http.Header

	// Body holds the request body as received.
	Body []byte

	// Time is when the request arrived, by the server's clock.
	Time time.Time
}

// fault is a failure FailNext scheduled for the next calls of an operation.
type fault struct {
	remaining int
	code      string
}

// NewServer starts a server on 127.0.0.1 configured by opts. The caller
// must Close it; NewServerT does so automatically.
func NewServer(opts ...Option) *Server {
	c := newConfig(opts)
	s := &Server{
		region:   c.region,
		keys:     c.keys,
		pageSize: c.pageSize,
		pageKey:  make([]byte, 32),
		now:      c.now,
		clock:    c.now,
		pools:    map[string]*userPool{},
		faults:   map[string]*fault{},
		auth:     newAuthState(),
		limits:   newLimiter(c.quotas),
		requests: requestLog{size: c.requestLogSize},

		tokenHash: newTokenHash(),
		tokens:    map[tokenKey]tokenOwner{},
		revoked:   map[tokenKey]expiry{},
		sweepAt:   minTokenSweep,

		userConfirmationNecessary: c.userConfirmationNecessary,
	}
	rand.Read(s.pageKey)
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.ts.Config.ReadHeaderTimeout = readHeaderTimeout
	s.ts.Config.ReadTimeout = readTimeout
	s.ts.Config.IdleTimeout = idleTimeout
	if c.listener != nil {
		s.ts.Listener.Close()
		s.ts.Listener = c.listener
	}
	if !c.controlOff {
		s.controlToken = c.controlToken
		if s.controlToken == "" {
			s.controlToken = randomText(32)
		}
		s.controlHosts = controlHostSet(s.ts.Listener.Addr(), c.controlHosts)
	}
	s.ts.Start()
	s.URL = s.ts.URL
	return s
}

// NewServerT starts a server like NewServer and closes it when t and its
// subtests finish.
func NewServerT(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// Close stops the server: it stops accepting connections, closes the
// idle ones, waits up to two seconds for requests in flight to finish and
// then closes their connections too, so it returns within about two
// seconds even when a client never sends the rest of a request. It is
// safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		closed := make(chan struct{})
		go func() {
			s.ts.Close()
			close(closed)
		}()
		select {
		case <-closed:
		case <-time.After(closeGrace):
			s.ts.CloseClientConnections()
			<-closed
		}
	})
}

// Region returns the region the server answers for.
func (s *Server) Region() string { return s.region }

// Credentials returns the first key pair the server accepts, the one
// Client signs with.
func (s *Server) Credentials() aws.Credentials { return s.keys[0] }

// Client returns a client of the server: BaseEndpoint is s.URL, Region is
// the server's region and Credentials is the server's first key pair.
// optFns are applied after these, so they may override any of them.
func (s *Server) Client(optFns ...func(*cognitodevices.Options)) *cognitodevices.Client {
	creds := s.Credentials()
	return cognitodevices.New(cognitodevices.Options{
		Region:       s.region,
		BaseEndpoint: aws.String(s.URL),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return creds, nil
		}),
	}, optFns...)
}

// SetClock replaces the server's clock; see WithClock.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// FailNext makes the next n calls of operation (such as
// "AdminListDevices") fail with errorCode instead of running, before any
// authorization check. An exception name is answered in the service's
// error format, with status 500 for InternalErrorException and 400 for
// any other; a decimal HTTP status such as "503" is answered with that
// status and an empty body, as a load balancer would. A later call for
// the same operation replaces the earlier one; n <= 0 cancels it.
// FailNext panics if the server does not serve operation, which catches a
// misspelled name.
func (s *Server) FailNext(operation string, n int, errorCode string) {
	if _, ok := handlers[operation]; !ok {
		panic("devicestest: FailNext: the server does not serve operation " + strconv.Quote(operation))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		delete(s.faults, operation)
		return
	}
	s.faults[operation] = &fault{remaining: n, code: errorCode}
}

// Requests returns copies of the requests received since the server
// started or ResetRequests was last called, in arrival order: the last
// DefaultRequestLogSize of them, or as many as WithRequestLogSize says.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.requests.all()
	out := make([]Request, len(kept))
	for i, r := range kept {
		out[i] = Request{Operation: r.Operation, Header: r.Header.Clone(), Body: append([]byte(nil), r.Body...), Time: r.Time}
	}
	return out
}

// ResetRequests forgets the requests received so far.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.reset()
}

// reply is the answer to one request, decided under the lock and written
// after it is released.
type reply struct {
	status int
	code   string // service error code; "" for a success or a bare status
	body   []byte // nil for an empty body
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPath) {
		s.serveControl(w, r)
		return
	}
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	operation, named := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	if !named {
		operation = ""
	}

	s.mu.Lock()
	now := s.now()
	s.requests.add(Request{Operation: operation, Header: r.Header.Clone(), Body: body, Time: now})
	rep := s.dispatch(r, operation, body, readErr, now)
	s.mu.Unlock()

	h := w.Header()
	h.Set("Date", now.UTC().Format(http.TimeFormat))
	h.Set("X-Amzn-Requestid", newUUID())
	if rep.body != nil {
		h.Set("Content-Type", jsonContentType)
		h.Set("Content-Length", strconv.Itoa(len(rep.body)))
	}
	if rep.code != "" {
		h.Set("X-Amzn-ErrorType", rep.code+":")
	}
	w.WriteHeader(rep.status)
	w.Write(rep.body)
}

// dispatch routes a request to its handler. The caller holds s.mu.
func (s *Server) dispatch(r *http.Request, operation string, body []byte, readErr error, now time.Time) reply {
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		return errorReply(&apiError{status: http.StatusNotFound, code: "UnknownOperationException", message: "Only POST / is served."})
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != jsonContentType {
		return errorReply(newError("SerializationException", "Content-Type must be %s.", jsonContentType))
	}
	h, ok := handlers[operation]
	if !ok {
		return errorReply(newError("UnknownOperationException", "Unknown operation %q.", r.Header.Get("X-Amz-Target")))
	}
	if readErr != nil {
		return errorReply(newError("SerializationException", "The request body could not be read: %v", readErr))
	}
	if f := s.faults[operation]; f != nil {
		if f.remaining--; f.remaining == 0 {
			delete(s.faults, operation)
		}
		return faultReply(f.code)
	}
	if h.admin {
		if err := s.verifySignature(r, body, now); err != nil {
			return errorReply(err)
		}
	}
	if _, limited := operationQuota[operation]; limited {
		var u *user
		if s.limits.quotas != nil {
			u = s.quotaUser(h.admin, body)
		}
		if err := s.admit(operation, u, now); err != nil {
			return errorReply(err)
		}
	}
	remoteIP, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		remoteIP = r.RemoteAddr
	}
	out, err := h.serve(s, call{body: body, remoteIP: remoteIP, now: now})
	if err != nil {
		return errorReply(err)
	}
	payload, err := json.Marshal(out)
	if err != nil {
		return errorReply(newError("InternalErrorException", "Encoding the response failed: %v", err))
	}
	return reply{status: http.StatusOK, body: payload}
}

func errorReply(err error) reply {
	var e *apiError
	if !errors.As(err, &e) {
		e = newError("InternalErrorException", "%v", err)
	}
	payload, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{e.code, e.message})
	return reply{status: e.status, code: e.code, body: payload}
}

// faultReply answers for FailNext: a bare status when code is a number,
// the named exception otherwise.
func faultReply(code string) reply {
	if status, err := strconv.Atoi(code); err == nil && status >= 200 && status <= 599 {
		return reply{status: status}
	}
	return errorReply(newError(code, "Failure injected by devicestest.Server.FailNext."))
}

// newUUID returns a random version 4 UUID in its usual text form.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
