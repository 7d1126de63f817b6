package devicestest_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// notServed lists the methods of cognitodevices.API the fake does not
// serve, each with the reason. Today it serves them all.
var notServed = map[string]string{}

// TestEveryAPIMethodIsServed calls each method of cognitodevices.API,
// found by reflection, through its row of the shared table against the
// fake: the request must reach the fake under the method's name, and the
// answer must not be UnknownOperationException, which the fake sends for
// an operation missing from its handlers (handler.go). A method listed in
// notServed must be answered UnknownOperationException instead, so the
// list cannot hide an operation that is served.
func TestEveryAPIMethodIsServed(t *testing.T) {
	api := reflect.TypeFor[cognitodevices.API]()
	for name, reason := range notServed {
		_, ok := api.MethodByName(name)
		assert.True(t, ok, "notServed lists %s, which is not a method of the API", name)
		assert.NotEmpty(t, reason, "notServed gives no reason for %s", name)
	}

	srv := devicestest.NewServerT(t)
	client := srv.Client(noRetries)
	for i := range api.NumMethod() {
		name := api.Method(i).Name
		t.Run(name, func(t *testing.T) {
			op, ok := optable.Named(name)
			require.True(t, ok, "no row in internal/optable for %s", name)
			srv.ResetRequests()
			err := op.Run(context.Background(), client)
			reqs := srv.Requests()
			require.Len(t, reqs, 1, "the call of %s reached the fake once: %v", name, err)
			assert.Equal(t, name, reqs[0].Operation)

			if reason, listed := notServed[name]; listed {
				assert.Equal(t, "UnknownOperationException", errorCode(err), "%s is served: remove it from notServed (%s)", name, reason)
				return
			}
			assert.NotEqual(t, "UnknownOperationException", errorCode(err), "the fake does not serve %s: add its handler to handlers in handler.go", name)
		})
	}
}

// TestHandlersCheckTheAuthorizationKind calls every operation of the
// shared table with a client whose secret key is wrong: the fake must
// refuse the signed operations' signature, as its handlers flag them
// admin, and must not ask the others, which the client does not sign, for
// one.
func TestHandlersCheckTheAuthorizationKind(t *testing.T) {
	srv := devicestest.NewServerT(t)
	client := srv.Client(noRetries, func(o *cognitodevices.Options) {
		o.Credentials = staticCredentials(devicestest.DefaultAccessKeyID, "not-the-secret")
	})
	signatureCodes := []string{"InvalidSignatureException", "MissingAuthenticationTokenException", "IncompleteSignatureException"}
	for _, op := range optable.All {
		t.Run(op.Name, func(t *testing.T) {
			err := op.Run(context.Background(), client)
			if op.Auth == optable.AuthSigned {
				assert.Equal(t, "InvalidSignatureException", errorCode(err), "%s is signed: the client must sign it (its descriptor's signed flag) and the fake must check it (its handler is admin)", op.Name)
				return
			}
			assert.NotContains(t, signatureCodes, errorCode(err), "%s is authorized by its %s, not by a signature: its handler must not be admin", op.Name, op.Auth)
		})
	}
}
