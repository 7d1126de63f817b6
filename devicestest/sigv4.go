package devicestest

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	signingAlgorithm = "AWS4-HMAC-SHA256"
	signingService   = "cognito-idp"
	amzDateLayout    = "20060102T150405Z"
)

// authorization is the parsed Authorization header of a SigV4 request.
type authorization struct {
	accessKeyID   string
	region        string
	service       string
	signedHeaders []string
	signature     string
}

// parseAuthorization reads "AWS4-HMAC-SHA256 Credential=AKID/date/region/
// service/aws4_request, SignedHeaders=a;b, Signature=hex".
func parseAuthorization(h string) (authorization, bool) {
	var a authorization
	rest, ok := strings.CutPrefix(h, signingAlgorithm+" ")
	if !ok {
		return a, false
	}
	var credential, signedHeaders string
	for part := range strings.SplitSeq(rest, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch name {
		case "Credential":
			credential = value
		case "SignedHeaders":
			signedHeaders = value
		case "Signature":
			a.signature = value
		}
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 5 || scope[0] == "" || scope[4] != "aws4_request" || signedHeaders == "" || a.signature == "" {
		return a, false
	}
	a.accessKeyID, a.region, a.service = scope[0], scope[2], scope[3]
	a.signedHeaders = strings.Split(signedHeaders, ";")
	return a, true
}

// verifySignature checks the SigV4 signature of an admin request in this
// order: presence, form, access key, scope, signing time, signed headers,
// then the signature itself, computed again with aws/signer/v4 from the signed
// headers and the body. now is the server clock. The caller holds s.mu.
func (s *Server) verifySignature(r *http.Request, body []byte, now time.Time) error {
	header := r.Header.Get("Authorization")
	if header == "" {
		return newError("MissingAuthenticationTokenException", "Missing Authentication Token")
	}
	auth, ok := parseAuthorization(header)
	if !ok {
		return newError("IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters of the form %s Credential=..., SignedHeaders=..., Signature=...", signingAlgorithm)
	}
	i := slices.IndexFunc(s.keys, func(k aws.Credentials) bool { return k.AccessKeyID == auth.accessKeyID })
	if i < 0 {
		return newError("UnrecognizedClientException", "The security token included in the request is invalid.")
	}
	creds := s.keys[i]
	if auth.service != signingService {
		return newError("InvalidSignatureException", "Credential should be scoped to correct service: '%s'.", signingService)
	}
	if auth.region != s.region {
		return newError("InvalidSignatureException", "Credential should be scoped to a valid region, not '%s'.", auth.region)
	}
	amzDate := r.Header.Get("X-Amz-Date")
	signedAt, err := time.Parse(amzDateLayout, amzDate)
	if err != nil {
		return newError("IncompleteSignatureException", "Authorization header requires an X-Amz-Date header of the form %s.", amzDateLayout)
	}
	now = now.UTC()
	if signedAt.Before(now.Add(-maxSigningSkew)) {
		return newError("InvalidSignatureException", "Signature expired: %s is now earlier than %s (%s - 5 min.)",
			amzDate, now.Add(-maxSigningSkew).Format(amzDateLayout), now.Format(amzDateLayout))
	}
	if signedAt.After(now.Add(maxSigningSkew)) {
		return newError("InvalidSignatureException", "Signature not yet current: %s is still later than %s (%s + 5 min.)",
			amzDate, now.Add(maxSigningSkew).Format(amzDateLayout), now.Format(amzDateLayout))
	}
	if !slices.Contains(auth.signedHeaders, "host") || !slices.Contains(auth.signedHeaders, "x-amz-target") {
		return newError("InvalidSignatureException", "SignedHeaders must include host and x-amz-target.")
	}

	probe := &http.Request{
		Method: r.Method,
		URL:    &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery},
		Host:   r.Host,
		Header: http.Header{},
	}
	for _, name := range auth.signedHeaders {
		switch name {
		case "host":
		case "content-length":
			probe.ContentLength = int64(len(body))
		default:
			key := textproto.CanonicalMIMEHeaderKey(name)
			if values, ok := r.Header[key]; ok {
				probe.Header[key] = values
			}
		}
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(r.Context(), creds, probe, hex.EncodeToString(sum[:]), signingService, s.region, signedAt); err != nil {
		return newError("InternalErrorException", "Verifying the signature failed: %v", err)
	}
	_, want, _ := strings.Cut(probe.Header.Get("Authorization"), "Signature=")
	if subtle.ConstantTimeCompare([]byte(want), []byte(auth.signature)) != 1 {
		return newError("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
	}
	return nil
}
