package devicestest

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"
)

// ControlPath is the path prefix of the control endpoint, which lets a
// test in any language drive the server over HTTP, beside the service's
// own POST /:
//
//	GET    /_devicestest/health    200 {"status":"ok"}
//	POST   /_devicestest/reset     back to the seed (Reset)
//	POST   /_devicestest/fault     {"operation":"ListDevices","count":1,"code":"TooManyRequestsException"} (FailNext)
//	POST   /_devicestest/clock     {"time":"2026-01-02T03:04:05Z"}, or {} for the real clock (SetClock)
//	GET    /_devicestest/requests  the requests kept, oldest first, secrets redacted (Requests, Request.Redacted)
//	DELETE /_devicestest/requests  forget them (ResetRequests)
//	GET    /_devicestest/quotas    requests served and throttled per quota category (QuotaStats)
//	DELETE /_devicestest/quotas    count from zero again (ResetQuotaStats)
//
// Every control request must carry the server's control token
// (Server.ControlToken) in the ControlTokenHeader header, name the server
// by one of its loopback addresses in its Host header (localhost,
// 127.0.0.1 or [::1] with the server's port, the listening address, or
// one given with WithControlHosts), and, when it has a body or a
// Content-Type, send it as application/json. So neither another local
// user who cannot read the token nor a web page (by a cross-site form
// POST or DNS rebinding) can reset the server, inject faults, move its
// clock or read its request log. A request that fails the checks is
// answered 403 (Host), 401 (token) or 415 (content type).
//
// Answers are JSON; a bad request is answered 400 with {"error":"..."}.
// Control requests are not recorded. WithControlEndpoint(false) turns the
// endpoint off: its paths are then answered 404.
const ControlPath = "/_devicestest/"

// ControlTokenHeader is the request header that carries the control
// token to the control endpoint.
const ControlTokenHeader = "X-Devicestest-Control-Token"

// ControlToken returns the token the control endpoint requires in the
// ControlTokenHeader header: drawn at random when the server starts
// unless WithControlToken set it, or "" when WithControlEndpoint turned
// the endpoint off.
func (s *Server) ControlToken() string { return s.controlToken }

// validControlToken reports whether a token can travel in a header as
// given: 1 to 256 printable ASCII characters without spaces.
func validControlToken(token string) bool {
	if token == "" || len(token) > 256 {
		return false
	}
	for i := range len(token) {
		if token[i] <= ' ' || token[i] > '~' {
			return false
		}
	}
	return true
}

// controlHostSet returns the Host header values the control endpoint
// accepts: localhost, 127.0.0.1 and [::1] with the port of addr, addr
// itself when it names an address, and extra ("host:port", or "host" for
// any port), all in lower case.
func controlHostSet(addr net.Addr, extra []string) map[string]bool {
	set := map[string]bool{}
	if host, port, err := net.SplitHostPort(addr.String()); err == nil {
		for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
			set[net.JoinHostPort(h, port)] = true
		}
		if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() {
			set[net.JoinHostPort(ip.String(), port)] = true
		}
	}
	for _, h := range extra {
		set[strings.ToLower(h)] = true
	}
	return set
}

// controlRefusal checks a control request's Host, token and content
// type, and returns the status and message of its refusal, or 0 when it
// may go on.
func (s *Server) controlRefusal(r *http.Request) (int, string) {
	if s.controlToken == "" {
		return http.StatusNotFound, "the control endpoint is off"
	}
	host := strings.ToLower(r.Host)
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		name, port = strings.Trim(host, "[]"), "80"
	}
	if !s.controlHosts[net.JoinHostPort(name, port)] && !s.controlHosts[name] {
		return http.StatusForbidden, fmt.Sprintf("the control endpoint answers only requests to this server's loopback addresses, not to Host %q", r.Host)
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get(ControlTokenHeader)), []byte(s.controlToken)) != 1 {
		return http.StatusUnauthorized, "the control endpoint needs the server's control token in the " + ControlTokenHeader + " header"
	}
	if ct := r.Header.Get("Content-Type"); ct != "" || r.ContentLength != 0 {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return http.StatusUnsupportedMediaType, fmt.Sprintf("the control endpoint takes application/json bodies, not %q", ct)
		}
	}
	return 0, ""
}

// controlRequest is a recorded request as GET /_devicestest/requests
// lists it.
type controlRequest struct {
	Operation string              `json:"operation"`
	Time      time.Time           `json:"time"`
	Header    map[string][]string `json:"header"`
	Body      string              `json:"body"`
}

// serveControl answers a request to the control endpoint.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	fail := func(format string, args ...any) {
		reply(http.StatusBadRequest, map[string]string{"error": fmt.Sprintf(format, args...)})
	}
	if status, msg := s.controlRefusal(r); status != 0 {
		reply(status, map[string]string{"error": msg})
		return
	}
	ok := map[string]string{"status": "ok"}
	decode := func(v any) bool {
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			fail("the body is not the JSON this control expects: %v", err)
			return false
		}
		return true
	}
	switch route := r.Method + " " + strings.TrimPrefix(r.URL.Path, ControlPath); route {
	case "GET health":
		reply(http.StatusOK, ok)
	case "POST reset":
		s.Reset()
		reply(http.StatusOK, ok)
	case "POST fault":
		var in struct {
			Operation string `json:"operation"`
			Count     int    `json:"count"`
			Code      string `json:"code"`
		}
		if !decode(&in) {
			return
		}
		if _, known := handlers[in.Operation]; !known {
			fail("the server does not serve operation %q", in.Operation)
			return
		}
		s.FailNext(in.Operation, in.Count, in.Code)
		reply(http.StatusOK, ok)
	case "POST clock":
		var in struct {
			Time *time.Time `json:"time"`
		}
		if !decode(&in) {
			return
		}
		if in.Time == nil {
			s.mu.Lock()
			s.now = s.clock
			s.mu.Unlock()
		} else {
			at := *in.Time
			s.SetClock(func() time.Time { return at })
		}
		reply(http.StatusOK, ok)
	case "GET requests":
		reqs := s.Requests()
		out := make([]controlRequest, len(reqs))
		for i, q := range reqs {
			q = q.Redacted()
			out[i] = controlRequest{Operation: q.Operation, Time: q.Time, Header: q.Header, Body: string(q.Body)}
		}
		reply(http.StatusOK, out)
	case "DELETE requests":
		s.ResetRequests()
		reply(http.StatusOK, ok)
	case "GET quotas":
		reply(http.StatusOK, s.QuotaStats())
	case "DELETE quotas":
		s.ResetQuotaStats()
		reply(http.StatusOK, ok)
	default:
		reply(http.StatusNotFound, map[string]string{"error": "no control " + route})
	}
}
