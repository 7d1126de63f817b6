package cognitodevices

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices/internal/srptest"
)

func TestGenerateDeviceSecretVerifierMatchesIndependentComputation(t *testing.T) {
	N := srptest.IndependentN(t)
	const groupKey, deviceKey = "-ABCDEFGH", "us-east-1_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"
	for i := 0; i < 20; i++ {
		cfg, password, err := GenerateDeviceSecretVerifier(groupKey, deviceKey)
		require.NoError(t, err)
		pw, err := base64.StdEncoding.DecodeString(password)
		require.NoError(t, err)
		assert.Len(t, pw, 40)

		salt, err := base64.StdEncoding.DecodeString(*cfg.Salt)
		require.NoError(t, err)
		verifier, err := base64.StdEncoding.DecodeString(*cfg.PasswordVerifier)
		require.NoError(t, err)

		inner := sha256.Sum256([]byte(groupKey + deviceKey + ":" + password))
		outer := sha256.Sum256(append(append([]byte{}, salt...), inner[:]...))
		want := new(big.Int).Exp(big.NewInt(2), new(big.Int).SetBytes(outer[:]), N)
		assert.Equal(t, 0, want.Cmp(new(big.Int).SetBytes(verifier)), "verifier is g^x mod N")

		for name, b := range map[string][]byte{"salt": salt, "verifier": verifier} {
			require.NotEmpty(t, b)
			assert.Zero(t, b[0]&0x80, "%s is a positive two's-complement number", name)
			if len(b) > 1 && b[0] == 0 {
				assert.NotZero(t, b[1]&0x80, "%s has a zero byte only to clear the sign bit", name)
			}
		}
		assert.LessOrEqual(t, len(salt), 17)
		assert.LessOrEqual(t, len(verifier), 385)
	}
}

// TestDeviceVerifierCompletesSRP runs both halves of an SRP-6a exchange:
// the client knows only the password and the salt, the server only the
// verifier. They agree on the session key only if the verifier matches.
func TestDeviceVerifierCompletesSRP(t *testing.T) {
	N, g := srptest.IndependentN(t), big.NewInt(2)
	cfg, password, err := GenerateDeviceSecretVerifier("group", "device")
	require.NoError(t, err)
	salt, _ := base64.StdEncoding.DecodeString(*cfg.Salt)
	vBytes, _ := base64.StdEncoding.DecodeString(*cfg.PasswordVerifier)
	v := new(big.Int).SetBytes(vBytes)

	hashInts := func(parts ...[]byte) *big.Int {
		h := sha256.New()
		for _, p := range parts {
			h.Write(p)
		}
		return new(big.Int).SetBytes(h.Sum(nil))
	}
	k := hashInts(N.Bytes(), g.Bytes())
	a, b := big.NewInt(0x1234567), big.NewInt(0x7654321)
	A := new(big.Int).Exp(g, a, N)
	B := new(big.Int).Mod(new(big.Int).Add(new(big.Int).Mul(k, v), new(big.Int).Exp(g, b, N)), N)
	u := hashInts(A.Bytes(), B.Bytes())

	inner := sha256.Sum256([]byte("group" + "device" + ":" + password))
	x := hashInts(salt, inner[:])
	base := new(big.Int).Sub(B, new(big.Int).Mul(k, new(big.Int).Exp(g, x, N)))
	base.Mod(base, N)
	clientS := new(big.Int).Exp(base, new(big.Int).Add(a, new(big.Int).Mul(u, x)), N)
	serverS := new(big.Int).Exp(new(big.Int).Mul(A, new(big.Int).Exp(v, u, N)), b, N)
	assert.Equal(t, 0, clientS.Cmp(serverS))
}

func TestGenerateDeviceSecretVerifierIsRandom(t *testing.T) {
	c1, p1, err := GenerateDeviceSecretVerifier("g", "d")
	require.NoError(t, err)
	c2, p2, err := GenerateDeviceSecretVerifier("g", "d")
	require.NoError(t, err)
	assert.NotEqual(t, p1, p2)
	assert.NotEqual(t, *c1.Salt, *c2.Salt)
	assert.NotEqual(t, *c1.PasswordVerifier, *c2.PasswordVerifier)
}

func TestGenerateDeviceSecretVerifierSignPadding(t *testing.T) {
	old := randomSource
	t.Cleanup(func() { randomSource = old })
	// A salt whose first byte has the top bit set is sent with a zero byte
	// in front; one that starts with zero bytes loses them.
	for _, tt := range []struct {
		saltFirst byte
		wantLen   int
		wantFirst byte
	}{{0xF0, 17, 0x00}, {0x7F, 16, 0x7F}, {0x00, 15, 0x01}} {
		random := bytes.Repeat([]byte{0x01}, devicePasswordBytes+deviceSaltBytes)
		random[devicePasswordBytes] = tt.saltFirst
		randomSource = bytes.NewReader(random)
		cfg, _, err := GenerateDeviceSecretVerifier("g", "d")
		require.NoError(t, err)
		salt, _ := base64.StdEncoding.DecodeString(*cfg.Salt)
		assert.Len(t, salt, tt.wantLen)
		assert.Equal(t, tt.wantFirst, salt[0])
	}
}

func TestGenerateDeviceSecretVerifierErrors(t *testing.T) {
	_, _, err := GenerateDeviceSecretVerifier("", "d")
	assert.Error(t, err)
	_, _, err = GenerateDeviceSecretVerifier("g", "")
	assert.Error(t, err)

	old := randomSource
	t.Cleanup(func() { randomSource = old })
	randomSource = iotestErrReader{}
	_, _, err = GenerateDeviceSecretVerifier("g", "d")
	assert.ErrorContains(t, err, "entropy exhausted")
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("entropy exhausted") }
