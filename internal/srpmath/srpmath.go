// Package srpmath is the arithmetic of Cognito's SRP-6a, shared by the
// client's device verifier (cognitodevices.GenerateDeviceSecretVerifier)
// and the sign-in package's SRP session: the group, the multiplier k, the
// form in which values are hashed, the private value x, the verifier and
// the derived key. The wire forms (hexadecimal, base64, the timestamp) and
// the secrets stay with the packages that send them.
package srpmath

import (
	"crypto/hmac"
	"crypto/sha256"
	"math/big"
)

// groupHex is the 3072-bit prime of RFC 5054, appendix A, used with
// generator 2 by Cognito's SRP, user and device alike.
const groupHex = "" +
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
	"3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33" +
	"A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864" +
	"D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2" +
	"08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

// The group and the multiplier. Callers never modify them.
var (
	// N is the group's prime.
	N = mustHexInt(groupHex)
	// G is the group's generator, 2.
	G = big.NewInt(2)
	// K is Cognito's SRP multiplier k = H(N || g), with both padded as
	// SignedMagnitude pads them.
	K = new(big.Int).SetBytes(Hash(SignedMagnitude(N), SignedMagnitude(G)))
)

func mustHexInt(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("srpmath: bad SRP group constant")
	}
	return n
}

// SignedMagnitude returns the big-endian bytes of a non-negative n as a
// two's-complement positive number: at least one byte, and a leading zero
// byte when the top bit of the first byte is set. This is the form
// Cognito's SDKs hash and send.
func SignedMagnitude(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return b
}

// Hash returns the SHA-256 of the concatenated parts.
func Hash(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// X is Cognito's private SRP value x = H(salt || H(realm || user || ":"
// || password)), salt in the bytes the service hashes. The realm is the
// pool name for a user and the device group key for a device; the user
// is the user's ID for SRP or the device key.
func X(realm, user, password string, salt []byte) *big.Int {
	inner := sha256.Sum256([]byte(realm + user + ":" + password))
	return new(big.Int).SetBytes(Hash(salt, inner[:]))
}

// Verifier computes the SRP verifier g^x mod N of a password, with the
// salt bytes exactly as they are sent.
func Verifier(realm, user, password string, salt []byte) *big.Int {
	return new(big.Int).Exp(G, X(realm, user, password, salt), N)
}

// DerivedKey derives the 16-byte signing key from the shared secret with
// HKDF-SHA256, salted with u, as Cognito does ("Caldera Derived Key").
func DerivedKey(secret, u []byte) []byte {
	extract := hmac.New(sha256.New, u)
	extract.Write(secret)
	expand := hmac.New(sha256.New, extract.Sum(nil))
	expand.Write([]byte("Caldera Derived Key\x01"))
	return expand.Sum(nil)[:16]
}
