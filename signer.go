package cognitodevices

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/logging"
)

// signingName is the SigV4 service name of Amazon Cognito user pools.
const signingName = "cognito-idp"

// errNoCredentials is returned, before anything is sent, by an admin
// operation of a client that has no credentials provider.
var errNoCredentials = errors.New("admin operations need AWS credentials: Options.Credentials is not set")

// requestSigner signs admin requests with SigV4 through aws/signer/v4. One
// is built per client; it is safe for concurrent use.
type requestSigner struct {
	signer *v4.Signer
}

func newRequestSigner(logger logging.Logger, mode aws.ClientLogMode) *requestSigner {
	return &requestSigner{signer: v4.NewSigner(func(o *v4.SignerOptions) {
		o.Logger = signingLogger{logger}
		o.LogSigning = mode.IsSigning()
	})}
}

// sessionTokenLine matches the session token in the canonical request the
// signer logs.
var sessionTokenLine = regexp.MustCompile(`(?mi)^(x-amz-security-token:).*$`)

// signingLogger hides the session token in the signer's debug output.
type signingLogger struct{ next logging.Logger }

func (l signingLogger) Logf(c logging.Classification, format string, v ...any) {
	msg := sessionTokenLine.ReplaceAllString(fmt.Sprintf(format, v...), "${1}"+redactionMark)
	l.next.Logf(c, "%s", msg)
}

// payloadHash returns the hex SHA-256 of a request body, computed once per
// operation and reused by every attempt.
func payloadHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// anonymous reports whether provider is aws.AnonymousCredentials (or
// wraps it, as an *aws.CredentialsCache may): the admin operations are
// then sent unsigned, as the official client sends them.
func anonymous(provider aws.CredentialsProvider) bool {
	return aws.IsCredentialsProvider(provider, (*aws.AnonymousCredentials)(nil))
}

// credentials fetches credentials for an admin operation. A missing
// provider and a failing provider are errors, so that an admin request is
// sent unsigned only when the application asked for it with
// aws.AnonymousCredentials.
func credentials(ctx context.Context, provider aws.CredentialsProvider) (aws.Credentials, error) {
	if provider == nil {
		return aws.Credentials{}, errNoCredentials
	}
	creds, err := provider.Retrieve(ctx)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("failed to retrieve AWS credentials: %w", err)
	}
	if !creds.HasKeys() {
		return aws.Credentials{}, errors.New("admin operations need AWS credentials: the provider returned no access key")
	}
	return creds, nil
}

// sign adds X-Amz-Date, X-Amz-Security-Token (for temporary credentials)
// and Authorization to req. Every header already on req except User-Agent
// is signed, X-Amz-Target included. signingTime is the client's clock
// corrected by any skew the service reported.
func (s *requestSigner) sign(ctx context.Context, req *http.Request, hash string, creds aws.Credentials, region string, signingTime time.Time) error {
	if err := s.signer.SignHTTP(ctx, creds, req, hash, signingName, region, signingTime); err != nil {
		return fmt.Errorf("failed to sign request: %w", err)
	}
	return nil
}
