package cognitodevices

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
)

// srpGroupHex is the 3072-bit prime of RFC 5054, appendix A, used with
// generator 2 by Cognito's SRP, user and device alike.
const srpGroupHex = "" +
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

var (
	srpN = mustHexInt(srpGroupHex)
	srpG = big.NewInt(2)
)

func mustHexInt(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("cognitodevices: bad SRP group constant")
	}
	return n
}

// Sizes of the random device password and salt, as Cognito's own SDKs
// generate them.
const (
	devicePasswordBytes = 40
	deviceSaltBytes     = 16
)

// randomSource is where GenerateDeviceSecretVerifier draws its randomness;
// tests replace it to get fixed values.
var randomSource io.Reader = rand.Reader

// GenerateDeviceSecretVerifier creates the secret of a newly tracked device
// and the SRP verifier that ConfirmDevice registers with the service.
//
// deviceGroupKey and deviceKey are the DeviceGroupKey and DeviceKey of the
// NewDeviceMetadata the service returned at sign-in. The returned password
// is the device secret: store it on the device, it is needed for every
// later device SRP sign-in and cannot be recovered. The verifier config
// carries no secret that allows signing in.
//
// The scheme is Cognito's device SRP: the 3072-bit group of RFC 5054 with
// g = 2, a random 16-byte salt, x = SHA-256(salt ||
// SHA-256(deviceGroupKey || deviceKey || ":" || password)) and verifier
// g^x mod N. Salt and verifier are sent as base64 of their big-endian
// bytes, with a leading zero byte when the first bit is set, as Cognito's
// JavaScript SDK sends them. Randomness comes from crypto/rand.
func GenerateDeviceSecretVerifier(deviceGroupKey, deviceKey string) (*DeviceSecretVerifierConfigType, string, error) {
	if deviceGroupKey == "" || deviceKey == "" {
		return nil, "", errors.New("cognitodevices: GenerateDeviceSecretVerifier needs the device group key and the device key")
	}
	random := make([]byte, devicePasswordBytes+deviceSaltBytes)
	if _, err := io.ReadFull(randomSource, random); err != nil {
		return nil, "", fmt.Errorf("cognitodevices: reading random bytes: %w", err)
	}
	password := base64.StdEncoding.EncodeToString(random[:devicePasswordBytes])
	salt := signedMagnitude(new(big.Int).SetBytes(random[devicePasswordBytes:]))

	verifier := deviceVerifier(deviceGroupKey, deviceKey, password, salt)
	return &DeviceSecretVerifierConfigType{
		PasswordVerifier: ptr(base64.StdEncoding.EncodeToString(signedMagnitude(verifier))),
		Salt:             ptr(base64.StdEncoding.EncodeToString(salt)),
	}, password, nil
}

// deviceVerifier computes g^x mod N for the device password and the salt
// bytes exactly as they are sent.
func deviceVerifier(deviceGroupKey, deviceKey, password string, salt []byte) *big.Int {
	return new(big.Int).Exp(srpG, srpX(deviceGroupKey, deviceKey, password, salt), srpN)
}

// signedMagnitude returns the big-endian bytes of a non-negative n as a
// two's-complement positive number: at least one byte, and a leading zero
// byte when the top bit of the first byte is set. This is the form
// Cognito's SDKs hash and send.
func signedMagnitude(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return b
}

func ptr(s string) *string { return &s }
