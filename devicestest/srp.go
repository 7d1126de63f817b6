package devicestest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
)

// The service's side of Cognito's SRP-6a, written from the protocol's
// definition and Cognito's published group: the 3072-bit group of RFC
// 5054 with g = 2, SHA-256, values hashed as big-endian bytes with a
// leading zero byte when the top bit is set, and a 16-byte key derived
// with HKDF-SHA256. It is kept apart from the library's client side so
// that the fake checks the library rather than agreeing with it by
// construction.

var (
	srpN, _ = new(big.Int).SetString(""+
		"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"+
		"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"+
		"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"+
		"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"+
		"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"+
		"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"+
		"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"+
		"3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"+
		"A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"+
		"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"+
		"D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"+
		"08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16)
	srpG = big.NewInt(2)
	srpK = new(big.Int).SetBytes(sum256(srpBytes(srpN), srpBytes(srpG)))
)

// srpBytes is n as the protocol hashes it: big-endian, with a zero byte in
// front when the top bit is set, so that the value reads as positive.
func srpBytes(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return b
}

func sum256(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// newUserVerifier returns a random salt and the verifier g^x mod N of a
// password, x = H(salt || H(realm || user || ":" || password)), as the
// service keeps it for a user (realm: the pool name) and as ConfirmDevice
// receives it for a device (realm: the device group key).
func newUserVerifier(realm, user, password string) (salt, verifier *big.Int) {
	b := make([]byte, 16)
	rand.Read(b)
	salt = new(big.Int).SetBytes(b)
	inner := sum256([]byte(realm + user + ":" + password))
	x := new(big.Int).SetBytes(sum256(srpBytes(salt), inner))
	return salt, new(big.Int).Exp(srpG, x, srpN)
}

// srpExchange is the server's half of one password or device password
// verification: the client's A, the server's secret b and public B, and
// the secret block the client must sign.
type srpExchange struct {
	realm, user    string
	salt, verifier *big.Int
	a, b, bigB     *big.Int
	secretBlock    []byte
}

// newSRPExchange answers the client's SRP_A for the holder of verifier. It
// returns nil when SRP_A is not hexadecimal or is 0 mod N, which the
// protocol forbids.
func newSRPExchange(realm, user string, salt, verifier *big.Int, srpA string) *srpExchange {
	a, ok := new(big.Int).SetString(srpA, 16)
	if !ok || a.Sign() <= 0 || new(big.Int).Mod(a, srpN).Sign() == 0 {
		return nil
	}
	e := &srpExchange{realm: realm, user: user, salt: salt, verifier: verifier, a: a}
	buf := make([]byte, 128)
	for e.bigB == nil || e.bigB.Sign() == 0 {
		rand.Read(buf)
		e.b = new(big.Int).SetBytes(buf)
		// B = k v + g^b mod N
		e.bigB = new(big.Int).Mul(srpK, verifier)
		e.bigB.Add(e.bigB, new(big.Int).Exp(srpG, e.b, srpN))
		e.bigB.Mod(e.bigB, srpN)
	}
	e.secretBlock = make([]byte, 96)
	rand.Read(e.secretBlock)
	return e
}

// secretBlockText is the SECRET_BLOCK challenge parameter.
func (e *srpExchange) secretBlockText() string {
	return base64.StdEncoding.EncodeToString(e.secretBlock)
}

// parameters returns the challenge parameters of the exchange.
func (e *srpExchange) parameters() map[string]string {
	return map[string]string{
		"SALT":         e.salt.Text(16),
		"SRP_B":        e.bigB.Text(16),
		"SECRET_BLOCK": e.secretBlockText(),
	}
}

// verify reports whether signature is the PASSWORD_CLAIM_SIGNATURE of the
// holder of the password over the secret block and timestamp: the
// HMAC-SHA256, keyed by the key derived from S = (A v^u)^b mod N, of
// realm, user, secret block and timestamp.
func (e *srpExchange) verify(timestamp, signature string) bool {
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return false
	}
	u := new(big.Int).SetBytes(sum256(srpBytes(e.a), srpBytes(e.bigB)))
	if u.Sign() == 0 {
		return false
	}
	s := new(big.Int).Exp(e.verifier, u, srpN)
	s.Mul(s, e.a)
	s.Exp(s, e.b, srpN)
	prk := hmac.New(sha256.New, srpBytes(u))
	prk.Write(srpBytes(s))
	okm := hmac.New(sha256.New, prk.Sum(nil))
	okm.Write([]byte("Caldera Derived Key\x01"))
	mac := hmac.New(sha256.New, okm.Sum(nil)[:16])
	mac.Write([]byte(e.realm))
	mac.Write([]byte(e.user))
	mac.Write(e.secretBlock)
	mac.Write([]byte(timestamp))
	return hmac.Equal(got, mac.Sum(nil))
}
