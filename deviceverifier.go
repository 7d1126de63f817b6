package cognitodevices

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/cognitodevices/cognitodevices/internal/srpmath"
)

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
	salt := srpmath.SignedMagnitude(new(big.Int).SetBytes(random[devicePasswordBytes:]))

	verifier := srpmath.Verifier(deviceGroupKey, deviceKey, password, salt)
	return &DeviceSecretVerifierConfigType{
		PasswordVerifier: ptr(base64.StdEncoding.EncodeToString(srpmath.SignedMagnitude(verifier))),
		Salt:             ptr(base64.StdEncoding.EncodeToString(salt)),
	}, password, nil
}

func ptr(s string) *string { return &s }
