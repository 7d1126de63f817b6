package cognitodevices_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

const (
	testRegion    = "us-east-1"
	testAccessKey = "AKIDEXAMPLE"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)

// testToken and testKey are the access token and the device key of the
// shared table's inputs.
var (
	testToken = optable.Default.AccessToken
	testKey   = optable.Default.DeviceKey
)

// captured is one request the test server received.
type captured struct {
	Method string
	Path   string
	Host   string
	Header http.Header
	Body   []byte
}

// testServer is an httptest server that records every request and answers
// with handler, which tests replace as they need.
type testServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []captured
	handler  func(w http.ResponseWriter, r *http.Request, body []byte)
}

func (s *testServer) Requests() []captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]captured(nil), s.requests...)
}

func (s *testServer) Handle(h func(w http.ResponseWriter, r *http.Request, body []byte)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handler = h
}

// respond returns a handler answering with a fixed status and body.
func respond(status int, body string, headers ...string) func(http.ResponseWriter, *http.Request, []byte) {
	return func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("X-Amzn-Requestid", "req-1234")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func staticCredentials(sessionToken string) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey, SessionToken: sessionToken}, nil
	})
}

// noBackoff retries at once, to keep retry tests fast.
func noBackoff() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
	})
}

// succeed answers with the success body of the operation the request
// names.
func succeed(w http.ResponseWriter, r *http.Request, body []byte) {
	op, ok := optable.Named(strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService."))
	if !ok {
		respond(400, `{"__type":"UnknownOperationException"}`)(w, r, body)
		return
	}
	respond(200, op.SuccessBody)(w, r, body)
}

// The shared table's inputs, for tests about one operation.
func adminGetInput() *cd.AdminGetDeviceInput {
	return optable.AdminGetDevice.Input(optable.Default).(*cd.AdminGetDeviceInput)
}

func adminListInput() *cd.AdminListDevicesInput {
	return optable.AdminListDevices.Input(optable.Default).(*cd.AdminListDevicesInput)
}

func listInput() *cd.ListDevicesInput {
	return optable.ListDevices.Input(optable.Default).(*cd.ListDevicesInput)
}

// setup starts a recording server and a client pointed at it.
func setup(t *testing.T, optFns ...func(*cd.Options)) (*cd.Client, *testServer) {
	t.Helper()
	ts := &testServer{handler: respond(200, `{"Devices":[]}`)}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts.mu.Lock()
		ts.requests = append(ts.requests, captured{r.Method, r.URL.Path, r.Host, r.Header.Clone(), body})
		h := ts.handler
		ts.mu.Unlock()
		h(w, r, body)
	}))
	t.Cleanup(ts.Close)
	opts := cd.Options{
		Region:       testRegion,
		BaseEndpoint: aws.String(ts.URL),
		Credentials:  staticCredentials(""),
		Retryer:      noBackoff(),
	}
	return cd.New(opts, optFns...), ts
}

// recordingClient captures the URL of each request and answers with an
// error so nothing leaves the process.
type recordingClient struct{ urls, auth []string }

func (r *recordingClient) Do(req *http.Request) (*http.Response, error) {
	r.urls = append(r.urls, req.URL.String())
	r.auth = append(r.auth, req.Header.Get("Authorization"))
	return nil, errors.New("recorded")
}

// rawServer answers every connection with the given raw HTTP bytes and
// then closes it, for responses net/http's server cannot be made to send.
func rawServer(t *testing.T, raw string) string {
	t.Helper()
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		buf.WriteString(raw)
		buf.Flush()
	}))
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL
}
