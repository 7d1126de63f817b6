package signin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"

	"github.com/cognitodevices/cognitodevices/internal/srpmath"
)

// srpSmallABytes is the size of the random secret a, as Cognito's SDKs
// draw it.
const srpSmallABytes = 128

// SRPSession is the client side of one Cognito SRP sign-in: the secret a
// and the public A = g^a mod N sent as SRP_A in InitiateAuth (USER_SRP_AUTH)
// or RespondToAuthChallenge (DEVICE_SRP_AUTH). It then answers the
// service's PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER challenge. It
// works with any client, the official one included; use a new session for
// each sign-in and each device challenge. Printing it shows no secret.
type SRPSession struct {
	a, bigA *big.Int
}

// NewSRPSession starts an SRP exchange with a secret drawn from random
// (crypto/rand.Reader when nil).
func NewSRPSession(random io.Reader) (*SRPSession, error) {
	if random == nil {
		random = rand.Reader
	}
	buf := make([]byte, srpSmallABytes)
	for {
		if _, err := io.ReadFull(random, buf); err != nil {
			return nil, fmt.Errorf("signin: reading random bytes: %w", err)
		}
		a := new(big.Int).SetBytes(buf)
		a.Mod(a, srpmath.N)
		bigA := new(big.Int).Exp(srpmath.G, a, srpmath.N)
		if a.Sign() != 0 && bigA.Sign() != 0 {
			return &SRPSession{a: a, bigA: bigA}, nil
		}
	}
}

// SRPA returns A as the lowercase hexadecimal the service expects in the
// SRP_A parameter.
func (s *SRPSession) SRPA() string { return s.bigA.Text(16) }

// Format prints the session without its secret, whatever the verb.
func (s SRPSession) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "SRPSession{SRPA:%s...}", s.SRPA()[:16])
}

// PasswordVerifierResponse answers the PASSWORD_VERIFIER challenge of a
// USER_SRP_AUTH sign-in with the user's password: it returns the
// ChallengeResponses USERNAME, PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP and
// PASSWORD_CLAIM_SIGNATURE. userPoolID is the full pool ID, such as
// "us-east-1_EXAMPLE"; challenge is the ChallengeParameters of the
// service's answer (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME);
// at is the time to sign, normally time.Now(). The USERNAME it answers is
// the challenge's USER_ID_FOR_SRP, the name the service knows the user by,
// which differs from USERNAME when the user signed in with an alias (as
// AWS Amplify answers). Add SECRET_HASH for an app client with a secret
// (SecretHash, with that USERNAME), and DEVICE_KEY when signing in with a
// remembered device.
func (s *SRPSession) PasswordVerifierResponse(userPoolID, password string, challenge map[string]string, at time.Time) (map[string]string, error) {
	_, poolName, ok := strings.Cut(userPoolID, "_")
	if !ok || poolName == "" {
		return nil, fmt.Errorf("signin: user pool ID %q has no '_'", userPoolID)
	}
	p, err := srpChallenge(challenge, "USER_ID_FOR_SRP", "USERNAME")
	if err != nil {
		return nil, err
	}
	userID := p["USER_ID_FOR_SRP"]
	signature, err := s.claim(poolName, userID, password, p, at)
	if err != nil {
		return nil, err
	}
	return map[string]string{
		"USERNAME":                    userID,
		"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"TIMESTAMP":                   srpTimestamp(at),
		"PASSWORD_CLAIM_SIGNATURE":    signature,
	}, nil
}

// DevicePasswordVerifierResponse answers the DEVICE_PASSWORD_VERIFIER
// challenge of a remembered device, with the device group key, the
// device key and the device password
// cognitodevices.GenerateDeviceSecretVerifier returned when the device
// was confirmed. It returns the
// ChallengeResponses USERNAME, DEVICE_KEY, PASSWORD_CLAIM_SECRET_BLOCK,
// TIMESTAMP and PASSWORD_CLAIM_SIGNATURE; challenge is the service's
// ChallengeParameters (SALT, SRP_B, SECRET_BLOCK, USERNAME). Add
// SECRET_HASH for an app client with a secret.
func (s *SRPSession) DevicePasswordVerifierResponse(deviceGroupKey, deviceKey, devicePassword string, challenge map[string]string, at time.Time) (map[string]string, error) {
	if deviceGroupKey == "" || deviceKey == "" {
		return nil, errors.New("signin: the device group key and the device key are required")
	}
	p, err := srpChallenge(challenge, "USERNAME")
	if err != nil {
		return nil, err
	}
	signature, err := s.claim(deviceGroupKey, deviceKey, devicePassword, p, at)
	if err != nil {
		return nil, err
	}
	return map[string]string{
		"USERNAME":                    p["USERNAME"],
		"DEVICE_KEY":                  deviceKey,
		"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"TIMESTAMP":                   srpTimestamp(at),
		"PASSWORD_CLAIM_SIGNATURE":    signature,
	}, nil
}

// The longest values of an SRP challenge this package takes. SRP_B is
// below N, so it has at most as many hexadecimal digits as N (two more are
// allowed for leading zeros); the service's salts are 16 bytes and its
// secret blocks about a kilobyte; user names are at most 128 characters.
// Anything longer is refused before any arithmetic or hashing, so that a
// hostile answer cannot make a sign-in spend seconds or megabytes.
var maxChallengeLen = map[string]int{
	"SRP_B":           len(srpmath.N.Text(16)) + 2,
	"SALT":            1024,
	"SECRET_BLOCK":    16 << 10,
	"USERNAME":        512,
	"USER_ID_FOR_SRP": 512,
}

// srpChallenge checks that challenge holds SALT, SRP_B, SECRET_BLOCK and
// the other names given, all non-empty and within maxChallengeLen.
func srpChallenge(challenge map[string]string, names ...string) (map[string]string, error) {
	for _, name := range append([]string{"SALT", "SRP_B", "SECRET_BLOCK"}, names...) {
		switch v := challenge[name]; {
		case v == "":
			return nil, fmt.Errorf("signin: the challenge has no %s", name)
		case len(v) > maxChallengeLen[name]:
			return nil, fmt.Errorf("signin: the challenge's %s is %d bytes long, more than the %d an SRP challenge has", name, len(v), maxChallengeLen[name])
		}
	}
	return challenge, nil
}

// claim computes PASSWORD_CLAIM_SIGNATURE: the HMAC-SHA256, under the key
// derived from the shared secret, of realm, user, the secret block and the
// timestamp. The password is hashed as H(realm || user || ":" || password)
// and salted as Cognito does, for users (realm: the pool name) and devices
// (realm: the device group key) alike.
func (s *SRPSession) claim(realm, user, password string, p map[string]string, at time.Time) (string, error) {
	bigB, ok := new(big.Int).SetString(p["SRP_B"], 16)
	if !ok || bigB.Sign() <= 0 || bigB.Cmp(srpmath.N) >= 0 {
		return "", errors.New("signin: the challenge's SRP_B is not a valid SRP value")
	}
	salt, ok := new(big.Int).SetString(p["SALT"], 16)
	if !ok || salt.Sign() < 0 {
		return "", errors.New("signin: the challenge's SALT is not hexadecimal")
	}
	secretBlock, err := base64.StdEncoding.DecodeString(p["SECRET_BLOCK"])
	if err != nil {
		return "", errors.New("signin: the challenge's SECRET_BLOCK is not base64")
	}
	key, err := s.passwordKey(realm, user, password, bigB, salt)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(realm))
	mac.Write([]byte(user))
	mac.Write(secretBlock)
	mac.Write([]byte(srpTimestamp(at)))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// passwordKey derives the 16-byte key both sides of the exchange share:
// S = (B - k g^x)^(a + u x) mod N, then HKDF.
func (s *SRPSession) passwordKey(realm, user, password string, bigB, salt *big.Int) ([]byte, error) {
	u := new(big.Int).SetBytes(srpmath.Hash(srpmath.SignedMagnitude(s.bigA), srpmath.SignedMagnitude(bigB)))
	if u.Sign() == 0 {
		return nil, errors.New("signin: SRP_B gives u = 0")
	}
	x := srpmath.X(realm, user, password, srpmath.SignedMagnitude(salt))
	gx := new(big.Int).Exp(srpmath.G, x, srpmath.N)
	base := new(big.Int).Sub(bigB, new(big.Int).Mul(srpmath.K, gx))
	base.Mod(base, srpmath.N)
	exp := new(big.Int).Add(s.a, new(big.Int).Mul(u, x))
	secret := new(big.Int).Exp(base, exp, srpmath.N)
	return srpmath.DerivedKey(srpmath.SignedMagnitude(secret), srpmath.SignedMagnitude(u)), nil
}

// srpTimestamp formats at as the TIMESTAMP Cognito expects, in UTC, the
// day of the month without padding: "Mon Jan 2 15:04:05 UTC 2006".
func srpTimestamp(at time.Time) string {
	return at.UTC().Format("Mon Jan 2 15:04:05 UTC 2006")
}

// SecretHash returns the SECRET_HASH an app client with a secret must add
// to its sign-in requests: the base64 HMAC-SHA256, keyed by the client
// secret, of the username followed by the client ID.
func SecretHash(username, clientID, clientSecret string) string {
	mac := hmac.New(sha256.New, []byte(clientSecret))
	mac.Write([]byte(username + clientID))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
