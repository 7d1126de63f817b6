package signin_test

import (
	"flag"
	"reflect"
	"testing"

	"github.com/cognitodevices/cognitodevices/internal/redactiontest"
	"github.com/cognitodevices/cognitodevices/signin"
)

var updateSecrets = flag.Bool("update-secrets", false, "rewrite testdata/secrets.golden from the redact tags")

// notSecret names the members of the sign-in shapes that look like
// secrets by their name, or are free-form maps, but are not secrets, each
// with the reason.
var notSecret = map[string]string{
	"ClientMetadata":      "the application's own key-value pairs for the pool's Lambda triggers, passed on as the application gives them",
	"UseRefreshTokenAuth": "a setting that chooses how Refresh refreshes, not a token",
}

// secretsGolden is the reviewed record of the redact tags of the sign-in
// shapes, one "Type.Member tag" a line.
const secretsGolden = "testdata/secrets.golden"

// TestSecretDeclarations checks the sign-in shapes (Authenticator,
// RememberedDevice, SignInResult, Tokens, Challenge, and the shapes of this package they
// hold) by the rules of the client's secrets tests: a member whose name
// says it holds a secret, or a map of strings, is declared with a redact
// tag or named in notSecret with a reason; a shape that holds a secret
// formats and logs itself; and the tags match testdata/secrets.golden, so
// that no declaration is removed unnoticed. Run with -update-secrets
// after adding a shape or a secret, and review the difference. The
// client's shapes they hold (AuthenticationResultType) are checked by the
// client's tests.
func TestSecretDeclarations(t *testing.T) {
	shapes := redactiontest.Shapes(reflect.TypeFor[signin.Authenticator]().PkgPath(),
		reflect.TypeFor[signin.Authenticator](),
		reflect.TypeFor[signin.RememberedDevice](),
		reflect.TypeFor[signin.SignInResult](),
		reflect.TypeFor[signin.Tokens](),
		reflect.TypeFor[signin.Challenge](),
	)
	t.Run("names are declared", func(t *testing.T) { redactiontest.CheckNamesDeclared(t, shapes, notSecret) })
	t.Run("shapes format themselves", func(t *testing.T) { redactiontest.CheckFormatters(t, shapes) })
	t.Run("golden record", func(t *testing.T) { redactiontest.CheckGolden(t, shapes, secretsGolden, *updateSecrets) })
}
