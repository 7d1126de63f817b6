package cognitodevices_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"
	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// verifySignature re-signs the captured request with aws/signer/v4 and
// the known secret and checks that the Authorization headers agree.
func verifySignature(t *testing.T, ts *testServer, r captured, sessionToken string) {
	t.Helper()
	auth := r.Header.Get("Authorization")
	require.True(t, strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential="+testAccessKey+"/"), auth)
	assert.Contains(t, auth, "/"+testRegion+"/cognito-idp/aws4_request")
	signedHeaders := auth[strings.Index(auth, "SignedHeaders=")+len("SignedHeaders=") : strings.Index(auth, ", Signature=")]
	assert.Contains(t, strings.Split(signedHeaders, ";"), "x-amz-target")
	assert.Equal(t, sessionToken, r.Header.Get("X-Amz-Security-Token"))
	if sessionToken != "" {
		assert.Contains(t, strings.Split(signedHeaders, ";"), "x-amz-security-token")
	}

	signingTime, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	require.NoError(t, err)
	req, err := http.NewRequest(r.Method, ts.URL+r.Path, bytes.NewReader(r.Body))
	require.NoError(t, err)
	for _, name := range strings.Split(signedHeaders, ";") {
		if name == "host" || name == "x-amz-date" || name == "x-amz-security-token" || name == "content-length" {
			continue
		}
		req.Header[http.CanonicalHeaderKey(name)] = r.Header.Values(name)
	}
	sum := sha256.Sum256(r.Body)
	creds := aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey, SessionToken: sessionToken}
	require.NoError(t, v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "cognito-idp", testRegion, signingTime))
	assert.Equal(t, req.Header.Get("Authorization"), auth)
}

func TestAdminOperationsAreSigned(t *testing.T) {
	for _, op := range optable.Signed() {
		for _, token := range []string{"", "SESSION-TOKEN"} {
			t.Run(op.Name+"/session="+token, func(t *testing.T) {
				c, ts := setup(t, func(o *cd.Options) { o.Credentials = staticCredentials(token) })
				ts.Handle(respond(200, op.SuccessBody))
				require.NoError(t, op.Run(context.Background(), c))
				verifySignature(t, ts, ts.Requests()[0], token)
			})
		}
	}
}

// TestUnsignedOperationsAreNeverSigned calls every operation that is not
// an admin one (the access-token and the sign-in operations) with and
// without credentials: none carries a SigV4 header.
func TestUnsignedOperationsAreNeverSigned(t *testing.T) {
	for name, creds := range map[string]aws.CredentialsProvider{
		"with credentials": staticCredentials("SESSION"),
		"no credentials":   nil,
	} {
		t.Run(name, func(t *testing.T) {
			c, ts := setup(t, func(o *cd.Options) { o.Credentials = creds })
			ts.Handle(succeed)
			for _, op := range optable.Unsigned() {
				require.NoError(t, op.Run(context.Background(), c), op.Name)
			}
			require.Len(t, ts.Requests(), len(optable.Unsigned()))
			for _, r := range ts.Requests() {
				for _, name := range []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256"} {
					assert.Empty(t, r.Header.Get(name), name)
				}
			}
		})
	}
}

func TestAnonymousCredentialsSendAdminOperationsUnsigned(t *testing.T) {
	for name, creds := range map[string]aws.CredentialsProvider{
		"value":  aws.AnonymousCredentials{},
		"cached": aws.NewCredentialsCache(aws.AnonymousCredentials{}),
	} {
		t.Run(name, func(t *testing.T) {
			c, ts := setup(t, func(o *cd.Options) { o.Credentials = creds })
			ts.Handle(succeed)
			for _, op := range optable.Signed() {
				require.NoError(t, op.Run(context.Background(), c), op.Name)
			}
			reqs := ts.Requests()
			require.Len(t, reqs, len(optable.Signed()))
			for _, r := range reqs {
				assert.Empty(t, r.Header.Get("Authorization"), "sent unsigned, for a signing proxy")
				assert.Empty(t, r.Header.Get("X-Amz-Date"))
			}
		})
	}
}

func TestAdminOperationsNeedCredentials(t *testing.T) {
	providerErr := errors.New("no profile named prod")
	tests := map[string]struct {
		creds   aws.CredentialsProvider
		wantErr string
	}{
		"nil": {nil, "Options.Credentials is not set"},
		"failing": {aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, providerErr
		}), "no profile named prod"},
		"empty keys": {aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, nil
		}), "no access key"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c, ts := setup(t, func(o *cd.Options) { o.Credentials = tt.creds })
			for _, op := range optable.Signed() {
				err := op.Run(context.Background(), c)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				var opErr *smithy.OperationError
				require.ErrorAs(t, err, &opErr)
				assert.Equal(t, op.Name, opErr.Operation())
			}
			assert.Empty(t, ts.Requests(), "nothing may be sent unsigned")
			if name == "failing" {
				assert.ErrorIs(t, optable.AdminGetDevice.Run(context.Background(), c), providerErr)
			}
		})
	}
}

// skewedService answers signed calls like the service does when the
// client's clock is off: InvalidSignatureException with its own Date,
// unless the signing time is within five minutes of its clock.
func skewedService(serverNow func() time.Time) func(http.ResponseWriter, *http.Request, []byte) {
	return func(w http.ResponseWriter, r *http.Request, _ []byte) {
		now := serverNow()
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		signed, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		if err != nil || signed.Sub(now).Abs() > 5*time.Minute {
			respond(400, `{"__type":"InvalidSignatureException","message":"Signature expired: `+r.Header.Get("X-Amz-Date")+` is now earlier than ..."}`)(w, r, nil)
			return
		}
		respond(200, `{"Devices":[]}`)(w, r, nil)
	}
}

func TestClockSkewIsCorrected(t *testing.T) {
	for name, offset := range map[string]time.Duration{"client behind": 20 * time.Minute, "client ahead": -3 * time.Hour} {
		t.Run(name, func(t *testing.T) {
			c, ts := setup(t)
			ts.Handle(skewedService(func() time.Time { return time.Now().Add(offset) }))

			require.NoError(t, optable.AdminListDevices.Run(context.Background(), c))
			reqs := ts.Requests()
			require.Len(t, reqs, 2, "refused once, then signed again with the corrected time")
			corrected, err := time.Parse("20060102T150405Z", reqs[1].Header.Get("X-Amz-Date"))
			require.NoError(t, err)
			assert.WithinDuration(t, time.Now().Add(offset), corrected, time.Minute)
			verifySignature(t, ts, reqs[1], "")

			// The offset is kept: the next call is right the first time.
			require.NoError(t, optable.AdminListDevices.Run(context.Background(), c))
			assert.Len(t, ts.Requests(), 3)
		})
	}
}

func TestClockSkewRetriedOnlyOnce(t *testing.T) {
	c, ts := setup(t)
	// A service that always refuses, with a Date far off: the client tries
	// the correction once and then reports the error.
	ts.Handle(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.Header().Set("Date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
		respond(400, `{"__type":"InvalidSignatureException","message":"Signature expired"}`)(w, r, nil)
	})
	err := optable.AdminListDevices.Run(context.Background(), c)
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "InvalidSignatureException", apiErr.ErrorCode())
	assert.Len(t, ts.Requests(), 2)
}

func TestClockSkewHealsWhenClocksAgreeAgain(t *testing.T) {
	c, ts := setup(t)
	var offset atomic.Int64
	offset.Store(int64(time.Hour))
	ts.Handle(skewedService(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }))
	require.NoError(t, optable.AdminListDevices.Run(context.Background(), c))
	require.Len(t, ts.Requests(), 2)

	// The service's clock is fixed: the learned offset is now wrong, and the
	// client must drop it and sign again within the same call.
	offset.Store(0)
	require.NoError(t, optable.AdminListDevices.Run(context.Background(), c))
	assert.Len(t, ts.Requests(), 4)
	require.NoError(t, optable.AdminListDevices.Run(context.Background(), c))
	assert.Len(t, ts.Requests(), 5)
}
