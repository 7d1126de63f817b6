package signin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/npmtest"
	"github.com/cognitodevices/cognitodevices/internal/srptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// srpServer is the service's side of Cognito SRP, written here from the
// SRP-6a definition and Cognito's published constants without the
// package's code: it holds a verifier v = g^x and checks the client's
// PASSWORD_CLAIM_SIGNATURE.
type srpServer struct {
	t                 *testing.T
	N, g, k, v, b, B  *big.Int
	salt, secretBlock []byte
}

// pad is the big-endian bytes of n with a zero byte in front when the top
// bit is set, as Cognito hashes and sends SRP values.
func pad(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) == 0 || b[0] >= 0x80 {
		b = append([]byte{0}, b...)
	}
	return b
}

func sha(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// newSRPServer builds the server of realm, user and password, with a
// random salt, b and secret block.
func newSRPServer(t *testing.T, realm, user, password string, salt []byte) *srpServer {
	s := &srpServer{t: t, N: srptest.IndependentN(t), g: big.NewInt(2)}
	s.k = new(big.Int).SetBytes(sha(pad(s.N), pad(s.g)))
	s.salt = salt
	if s.salt == nil {
		s.salt = make([]byte, 16)
		rand.Read(s.salt)
	}
	inner := sha([]byte(realm + user + ":" + password))
	x := new(big.Int).SetBytes(sha(pad(new(big.Int).SetBytes(s.salt)), inner))
	s.v = new(big.Int).Exp(s.g, x, s.N)
	bBytes := make([]byte, 128)
	rand.Read(bBytes)
	s.b = new(big.Int).SetBytes(bBytes)
	// B = k v + g^b mod N
	s.B = new(big.Int).Add(new(big.Int).Mul(s.k, s.v), new(big.Int).Exp(s.g, s.b, s.N))
	s.B.Mod(s.B, s.N)
	s.secretBlock = make([]byte, 64)
	rand.Read(s.secretBlock)
	return s
}

func (s *srpServer) challenge(extra map[string]string) map[string]string {
	c := map[string]string{
		"SALT":         new(big.Int).SetBytes(s.salt).Text(16),
		"SRP_B":        s.B.Text(16),
		"SECRET_BLOCK": base64.StdEncoding.EncodeToString(s.secretBlock),
	}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

// verify recomputes the signature the client should have sent for A from
// S = (A v^u)^b mod N.
func (s *srpServer) verify(realm, user, srpA string, responses map[string]string) bool {
	A, ok := new(big.Int).SetString(srpA, 16)
	require.True(s.t, ok)
	u := new(big.Int).SetBytes(sha(pad(A), pad(s.B)))
	S := new(big.Int).Exp(new(big.Int).Mul(A, new(big.Int).Exp(s.v, u, s.N)), s.b, s.N)
	prk := hmac.New(sha256.New, pad(u))
	prk.Write(pad(S))
	okm := hmac.New(sha256.New, prk.Sum(nil))
	okm.Write([]byte("Caldera Derived Key"))
	okm.Write([]byte{1})
	mac := hmac.New(sha256.New, okm.Sum(nil)[:16])
	mac.Write([]byte(realm))
	mac.Write([]byte(user))
	mac.Write(s.secretBlock)
	mac.Write([]byte(responses["TIMESTAMP"]))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	return responses["PASSWORD_CLAIM_SIGNATURE"] == want
}

func TestPasswordVerifierResponse(t *testing.T) {
	const pool, poolName, userID, password = "us-east-1_AbCdEf", "AbCdEf", "4a1b2c3d-user-id", "correct horse battery staple"
	at := time.Date(2026, 11, 2, 7, 5, 9, 0, time.UTC)
	for i := range 5 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			srv := newSRPServer(t, poolName, userID, password, nil)
			session, err := NewSRPSession(nil)
			require.NoError(t, err)
			responses, err := session.PasswordVerifierResponse(pool, password, srv.challenge(map[string]string{"USER_ID_FOR_SRP": userID, "USERNAME": "alice"}), at)
			require.NoError(t, err)
			assert.Equal(t, userID, responses["USERNAME"], "USER_ID_FOR_SRP, not the alias in USERNAME, as AWS Amplify and amazon-cognito-identity-js answer")
			assert.Equal(t, "Mon Nov 2 07:05:09 UTC 2026", responses["TIMESTAMP"], "the day is not padded")
			assert.Equal(t, base64.StdEncoding.EncodeToString(srv.secretBlock), responses["PASSWORD_CLAIM_SECRET_BLOCK"])
			assert.True(t, srv.verify(poolName, userID, session.SRPA(), responses), "the server accepts the proof")

			wrong, err := session.PasswordVerifierResponse(pool, "wrong password", srv.challenge(map[string]string{"USER_ID_FOR_SRP": userID, "USERNAME": "alice"}), at)
			require.NoError(t, err)
			assert.False(t, srv.verify(poolName, userID, session.SRPA(), wrong), "a wrong password fails")
		})
	}
}

// TestDevicePasswordVerifierResponse registers a device as ConfirmDevice
// does, from GenerateDeviceSecretVerifier, and signs in with it: the
// server, holding only the verifier and salt that were sent, accepts the
// proof made with the device password, and refuses another password.
func TestDevicePasswordVerifierResponse(t *testing.T) {
	const groupKey, deviceKey = "-4FG3ld1Rj", "us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
	for i := range 5 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			cfg, devicePassword, err := cd.GenerateDeviceSecretVerifier(groupKey, deviceKey)
			require.NoError(t, err)
			salt, err := base64.StdEncoding.DecodeString(*cfg.Salt)
			require.NoError(t, err)
			verifier, err := base64.StdEncoding.DecodeString(*cfg.PasswordVerifier)
			require.NoError(t, err)

			srv := newSRPServer(t, groupKey, deviceKey, devicePassword, salt)
			require.Equal(t, new(big.Int).SetBytes(verifier), srv.v, "the registered verifier is the server's")

			session, err := NewSRPSession(nil)
			require.NoError(t, err)
			at := time.Now()
			responses, err := session.DevicePasswordVerifierResponse(groupKey, deviceKey, devicePassword, srv.challenge(map[string]string{"USERNAME": "alice"}), at)
			require.NoError(t, err)
			assert.Equal(t, deviceKey, responses["DEVICE_KEY"])
			assert.Equal(t, "alice", responses["USERNAME"])
			assert.True(t, srv.verify(groupKey, deviceKey, session.SRPA(), responses))

			wrong, err := session.DevicePasswordVerifierResponse(groupKey, deviceKey, devicePassword+"x", srv.challenge(map[string]string{"USERNAME": "alice"}), at)
			require.NoError(t, err)
			assert.False(t, srv.verify(groupKey, deviceKey, session.SRPA(), wrong))
		})
	}
}

func TestSRPRefusals(t *testing.T) {
	session, err := NewSRPSession(nil)
	require.NoError(t, err)
	good := map[string]string{"SALT": "0a", "SRP_B": "0b", "SECRET_BLOCK": "AA==", "USER_ID_FOR_SRP": "u", "USERNAME": "u"}
	with := func(k, v string) map[string]string {
		c := map[string]string{}
		for key, val := range good {
			c[key] = val
		}
		c[k] = v
		return c
	}
	n := srptest.IndependentN(t)
	for name, challenge := range map[string]map[string]string{
		"no salt":              with("SALT", ""),
		"no SRP_B":             with("SRP_B", ""),
		"SRP_B is N":           with("SRP_B", n.Text(16)),
		"SRP_B is zero":        with("SRP_B", "0"),
		"SRP_B not hex":        with("SRP_B", "xyz"),
		"salt not hex":         with("SALT", "xyz"),
		"secret block not b64": with("SECRET_BLOCK", "***"),
		"no user id":           with("USER_ID_FOR_SRP", ""),
		"SRP_B above N":        with("SRP_B", new(big.Int).Add(n, big.NewInt(1)).Text(16)),
	} {
		_, err := session.PasswordVerifierResponse("us-east-1_X", "pw", challenge, time.Now())
		assert.Error(t, err, name)
	}
	// Values longer than any SRP challenge has are refused before any
	// arithmetic: an SRP_B of 8 Mi hex digits took seconds of big-number
	// division whatever the caller's deadline.
	for name, challenge := range map[string]map[string]string{
		"SRP_B":           with("SRP_B", strings.Repeat("f", 8<<20)),
		"SALT":            with("SALT", strings.Repeat("0a", 1<<20)),
		"SECRET_BLOCK":    with("SECRET_BLOCK", strings.Repeat("AAAA", 1<<20)),
		"USER_ID_FOR_SRP": with("USER_ID_FOR_SRP", strings.Repeat("u", 1<<20)),
	} {
		_, err := session.PasswordVerifierResponse("us-east-1_X", "pw", challenge, time.Now())
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "the challenge's "+name+" is", name)
		assert.Less(t, len(err.Error()), 200, "the error does not quote the value")
	}
	_, err = session.PasswordVerifierResponse("nounderscore", "pw", good, time.Now())
	assert.ErrorContains(t, err, "has no '_'")
	_, err = session.DevicePasswordVerifierResponse("", "k", "pw", good, time.Now())
	assert.Error(t, err)
}

func TestSRPSessionPrintsNoSecret(t *testing.T) {
	session, err := NewSRPSession(nil)
	require.NoError(t, err)
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%x"} {
		out := fmt.Sprintf(format, session)
		assert.NotContains(t, out, session.a.Text(16)[:20], format)
		assert.NotContains(t, strings.ToLower(out), strings.ToLower(session.a.Text(16)[:20]), format)
	}
}

// TestSecretHash checks SECRET_HASH against the value the AWS
// documentation's recipe gives: base64(HMAC-SHA256(secret, username+clientID)).
func TestSecretHash(t *testing.T) {
	mac := hmac.New(sha256.New, []byte("client-secret"))
	mac.Write([]byte("alice" + "1example23456789"))
	assert.Equal(t, base64.StdEncoding.EncodeToString(mac.Sum(nil)), SecretHash("alice", "1example23456789", "client-secret"))
}

// TestSRPKeyMatchesAmazonCognitoIdentityJS computes the shared key of a
// user and of a device sign-in with amazon-cognito-identity-js's own
// AuthenticationHelper, on the same secret a, B and salt, and requires
// the package's key to be the same bytes. It installs the package with
// npm and skips where node or npm is absent.
func TestSRPKeyMatchesAmazonCognitoIdentityJS(t *testing.T) {
	node, dir := npmtest.Install(t, "amazon-cognito-identity-js@6")
	script := filepath.Join(dir, "key.js")
	require.NoError(t, os.WriteFile(script, []byte(`
const { AuthenticationHelper } = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const [realm, user, password, aHex, bHex, saltHex] = process.argv.slice(2);
const helper = new AuthenticationHelper(realm);
helper.smallAValue = new BigInteger(aHex, 16);
helper.largeAValue = null;
helper.getLargeAValue((err, A) => {
  if (err) throw err;
  helper.getPasswordAuthenticationKey(user, password, new BigInteger(bHex, 16), new BigInteger(saltHex, 16), (err, key) => {
    if (err) throw err;
    console.log(JSON.stringify({ A: A.toString(16), key: Buffer.from(key).toString('hex') }));
  });
});
`), 0o644))

	for _, c := range []struct{ name, realm, user, password string }{
		{"user", "AbCdEf", "4a1b2c3d-user-id", "correct horse battery staple"},
		{"device", "-4FG3ld1Rj", "us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "device-password-base64=="},
	} {
		for i := range 3 {
			t.Run(fmt.Sprint(c.name, i), func(t *testing.T) {
				session, err := NewSRPSession(nil)
				require.NoError(t, err)
				srv := newSRPServer(t, c.realm, c.user, c.password, nil)
				salt := new(big.Int).SetBytes(srv.salt)
				out, err := exec.Command(node, script, c.realm, c.user, c.password, session.a.Text(16), srv.B.Text(16), salt.Text(16)).Output()
				if ee, ok := err.(*exec.ExitError); ok {
					t.Fatalf("node: %v\n%s", err, ee.Stderr)
				}
				require.NoError(t, err)
				var js struct{ A, Key string }
				require.NoError(t, json.Unmarshal(out, &js))
				assert.Equal(t, session.SRPA(), js.A, "A")
				key, err := session.passwordKey(c.realm, c.user, c.password, srv.B, salt)
				require.NoError(t, err)
				assert.Equal(t, js.Key, hex.EncodeToString(key), "the shared key")
			})
		}
	}
}
