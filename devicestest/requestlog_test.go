package devicestest_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

func TestRequestLogRedactsSecrets(t *testing.T) {
	srv, _ := signInSetup(t)
	client := srv.Client(func(o *cognitodevices.Options) {
		o.RetryMaxAttempts = 1
		o.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret-key", SessionToken: "session-token-secret"}, nil
		})
	})
	f := optable.Default
	f.UserPoolId, f.Username, f.ClientId = poolID, username, clientID
	for _, op := range optable.All {
		_, _ = op.Call(context.Background(), client, op.Input(f)) // recorded whatever the answer
	}
	raw := srv.Requests()
	require.Len(t, raw, len(optable.All))

	// The secrets the table's inputs hold: the access token, a password,
	// an SRP value, a SECRET_HASH, proofs, a code, the session, context
	// data and the verifier.
	secrets := []string{f.AccessToken, "correct horse battery staple", "5a1e0fa2c0ffee", "c2VjcmV0LWhhc2g=", "c2lnbmF0dXJl",
		"947361", "ZW5jb2RlZC1jb250ZXh0", "198.51.100.7", "AJ8v+w==", "ASNFZw==", "session-token-secret"}
	status, body := control(t, srv, "GET", "requests", "")
	require.Equal(t, http.StatusOK, status)
	for _, secret := range secrets {
		assert.Contains(t, func() string {
			var all []byte
			for _, r := range raw {
				all = append(all, r.Body...)
				all = append(all, r.Header.Get("X-Amz-Security-Token")...)
			}
			return string(all)
		}(), secret, "Requests keeps the bodies as received")
		assert.NotContains(t, body, secret, "the control endpoint's request log shows a secret")
	}
	var listed []struct {
		Operation string              `json:"operation"`
		Header    map[string][]string `json:"header"`
		Body      string              `json:"body"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &listed))
	require.Len(t, listed, len(raw))
	for i, r := range listed {
		assert.Equal(t, raw[i].Operation, r.Operation)
		var got, want map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(r.Body), &got), "%s: the redacted body is JSON", r.Operation)
		require.NoError(t, json.Unmarshal(raw[i].Body, &want))
		assert.ElementsMatch(t, slices.Collect(maps.Keys(want)), slices.Collect(maps.Keys(got)), "%s: the redacted body keeps its members", r.Operation)
		if raw[i].Header.Get("Authorization") != "" {
			assert.Equal(t, []string{"[REDACTED]"}, r.Header["Authorization"], r.Operation)
		}
	}
	unknown := raw[0]
	unknown.Operation = "NoSuchOperation"
	assert.Equal(t, "[REDACTED] ("+strconv.Itoa(len(unknown.Body))+" bytes, unknown operation)", string(unknown.Redacted().Body))
}

// TestRequestLogIsARing checks that the server keeps only the last
// requests, as many as WithRequestLogSize says, oldest first, for
// Requests and the control endpoint alike.
func TestRequestLogIsARing(t *testing.T) {
	srv := devicestest.NewServerT(t, devicestest.WithRequestLogSize(3))
	client := srv.Client(func(o *cognitodevices.Options) { o.RetryMaxAttempts = 1 })
	send := func(n int) {
		for i := range n {
			_, _ = client.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String("token-" + strconv.Itoa(i))})
		}
	}
	tokens := func() []string {
		var out []string
		for _, r := range srv.Requests() {
			var body struct{ AccessToken string }
			require.NoError(t, json.Unmarshal(r.Body, &body))
			out = append(out, body.AccessToken)
		}
		return out
	}
	send(2)
	assert.Equal(t, []string{"token-0", "token-1"}, tokens())
	send(7)
	assert.Equal(t, []string{"token-4", "token-5", "token-6"}, tokens(), "the last three, oldest first")
	status, body := control(t, srv, "GET", "requests", "")
	require.Equal(t, http.StatusOK, status)
	var listed []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(body), &listed))
	assert.Len(t, listed, 3)
	srv.ResetRequests()
	assert.Empty(t, srv.Requests())
	send(1)
	assert.Equal(t, []string{"token-0"}, tokens())

	none := devicestest.NewServerT(t, devicestest.WithRequestLogSize(0))
	_, _ = none.Client().ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String("x")})
	assert.Empty(t, none.Requests(), "a size of 0 keeps none")
	assert.Panics(t, func() { devicestest.WithRequestLogSize(-1) })
}
