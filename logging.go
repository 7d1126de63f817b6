package cognitodevices

import (
	"net/http"
	"sort"
	"strings"

	"github.com/aws/smithy-go/logging"
)

// Headers whose values are secrets: they are logged as the redaction mark.
var secretHeaders = map[string]bool{
	"Authorization":        true,
	"X-Amz-Security-Token": true,
}

// logRequest logs one outgoing request: method, URL, headers (secrets
// redacted) and, when body is not nil, body, which the caller encoded
// from a redacted copy of the input so that no access token, password,
// SRP value or session reaches the log.
func logRequest(logger logging.Logger, req *http.Request, body []byte) {
	var b strings.Builder
	b.WriteString("Request\n")
	b.WriteString(req.Method + " " + req.URL.String() + " HTTP/1.1\n")
	b.WriteString("Host: " + req.Host + "\n")
	writeHeaders(&b, req.Header)
	if body != nil {
		b.WriteString("\n")
		b.Write(body)
	}
	logger.Logf(logging.Debug, "%s", b.String())
}

// logResponse logs one response: status, headers and, when withBody is
// set, body, which the caller has redacted for the operations whose
// responses hold secrets (the sign-in tokens and session). Error bodies
// and the device operations' responses hold none.
func logResponse(logger logging.Logger, resp *http.Response, body string, withBody bool) {
	var b strings.Builder
	b.WriteString("Response\n")
	b.WriteString(resp.Proto + " " + resp.Status + "\n")
	writeHeaders(&b, resp.Header)
	if withBody {
		b.WriteString("\n")
		b.WriteString(body)
	}
	logger.Logf(logging.Debug, "%s", b.String())
}

func writeHeaders(b *strings.Builder, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			if secretHeaders[http.CanonicalHeaderKey(k)] {
				v = redactionMark
			}
			b.WriteString(k + ": " + v + "\n")
		}
	}
}
