package devicestest

import (
	"encoding/json"
	"fmt"
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
//	GET    /_devicestest/requests  the requests received, oldest first, secrets redacted (Requests, Request.Redacted)
//	DELETE /_devicestest/requests  forget them (ResetRequests)
//
// Answers are JSON; a bad request is answered 400 with {"error":"..."}.
// Control requests are not recorded.
const ControlPath = "/_devicestest/"

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
	default:
		reply(http.StatusNotFound, map[string]string{"error": "no control " + route})
	}
}
