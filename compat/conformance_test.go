package compat

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
)

// anyOperationReply is a body that the decoders of all nine operations
// accept, so one reply serves every request case.
var anyOperationReply = reply{body: []byte(`{"Device":{"DeviceKey":"k"},"Devices":[]}`)}

// oddStrings are member values that exercise JSON string escaping.
var oddStrings = []struct{ name, value string }{
	{"quotes and backslashes", `say "hi" \ C:\path\ \"`},
	{"control characters", "a\x00b\x01c\x08d\x09e\x0af\x0cg\x0dh\x1fi\x7fj"},
	{"unicode", "日本語 é ß Ω 😀 \u00ad\ufeff"},
	{"line separators", "a\u2028b\u2029c"},
	{"invalid utf-8", "a\xffb\xfe\xc3c\xed\xa0\x80d"},
	{"html characters", "<script>&amp;</script>"},
}

// The documented patterns of Username and PaginationToken, anchored.
var (
	usernamePattern = regexp.MustCompile(`^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$`)
	nonSpacePattern = regexp.MustCompile("^[^ \t\n\v\f\r]+$")
)

// orValid returns s when it matches pattern, and fallback otherwise.
func orValid(pattern *regexp.Regexp, s, fallback string) string {
	if pattern.MatchString(s) {
		return s
	}
	return fallback
}

// namedInput is one of the library's input types under a test name.
type namedInput struct {
	name string
	in   any
}

// requestCases returns library inputs covering every operation with all
// members set, optional members unset, Limit 0, each value and the empty
// value of DeviceRememberedStatus, ConfirmDevice with and without a
// verifier (an empty one, a fixed one and one from
// GenerateDeviceSecretVerifier), and odd strings in every free-form
// member (DeviceName, PasswordVerifier, Salt). Members with a documented
// pattern (Username, PaginationToken) get an odd string only where it
// matches; device keys, pool IDs and access tokens are left plain: the
// library refuses values outside their patterns before sending.
func requestCases() []namedInput {
	const (
		key   = "us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222"
		pool  = "us-west-2_EXAMPLE"
		token = "eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"
	)
	generated, _, err := cognitodevices.GenerateDeviceSecretVerifier("-4FG3ld1Rj", key)
	if err != nil {
		panic(err)
	}
	cases := []namedInput{
		{"AdminGetDevice/all fields", &cognitodevices.AdminGetDeviceInput{
			DeviceKey:  aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-000000022222"),
			UserPoolId: aws.String("us-west-2_EXAMPLE"),
			Username:   aws.String("testuser"),
		}},
		{"AdminListDevices/all fields", &cognitodevices.AdminListDevicesInput{
			UserPoolId:      aws.String("us-west-2_EXAMPLE"),
			Username:        aws.String("testuser"),
			Limit:           aws.Int32(60),
			PaginationToken: aws.String("eyJwYWdlIjoyfQ=="),
		}},
		{"AdminListDevices/optional nil", &cognitodevices.AdminListDevicesInput{
			UserPoolId: aws.String("us-west-2_EXAMPLE"),
			Username:   aws.String("testuser"),
		}},
		{"AdminListDevices/limit 0", &cognitodevices.AdminListDevicesInput{
			UserPoolId: aws.String("us-west-2_EXAMPLE"),
			Username:   aws.String("testuser"),
			Limit:      aws.Int32(0),
		}},
		{"ListDevices/all fields", &cognitodevices.ListDevicesInput{
			AccessToken:     aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln-_="),
			Limit:           aws.Int32(25),
			PaginationToken: aws.String("eyJwYWdlIjoyfQ=="),
		}},
		{"ListDevices/optional nil", &cognitodevices.ListDevicesInput{
			AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
		}},
		{"ListDevices/limit 0", &cognitodevices.ListDevicesInput{
			AccessToken: aws.String("eyJraWQiOiJ4In0.eyJzdWIiOiJ5In0.c2ln"),
			Limit:       aws.Int32(0),
		}},
		{"AdminForgetDevice/all fields", adminForgetInput},
		{"AdminUpdateDeviceStatus/remembered", adminUpdateInput},
		{"AdminUpdateDeviceStatus/not_remembered", &cognitodevices.AdminUpdateDeviceStatusInput{
			DeviceKey: aws.String(key), UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"),
			DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeNotRemembered,
		}},
		{"AdminUpdateDeviceStatus/status empty", &cognitodevices.AdminUpdateDeviceStatusInput{
			DeviceKey: aws.String(key), UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"),
		}},
		{"GetDevice/all fields", getDeviceInput},
		{"ForgetDevice/all fields", forgetInput},
		{"UpdateDeviceStatus/not_remembered", updateInput},
		{"UpdateDeviceStatus/remembered", &cognitodevices.UpdateDeviceStatusInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key),
			DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered,
		}},
		{"UpdateDeviceStatus/status empty", &cognitodevices.UpdateDeviceStatusInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key),
		}},
		{"ConfirmDevice/all fields", confirmInput},
		{"ConfirmDevice/optional nil", &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key),
		}},
		{"ConfirmDevice/empty verifier", &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key),
			DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{},
		}},
		{"ConfirmDevice/salt only", &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key), DeviceName: aws.String("d"),
			DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{Salt: aws.String("AA==")},
		}},
		{"ConfirmDevice/generated verifier", &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key),
			DeviceSecretVerifierConfig: generated,
		}},
		{"ConfirmDevice/generated verifier and name", &cognitodevices.ConfirmDeviceInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key), DeviceName: aws.String("Pixel 8 Pro (Ivan's)"),
			DeviceSecretVerifierConfig: generated,
		}},
	}
	for _, odd := range oddStrings {
		s := odd.value
		user, page := orValid(usernamePattern, s, "testuser"), orValid(nonSpacePattern, "t"+s, "t")
		cases = append(cases,
			namedInput{"AdminGetDevice/" + odd.name, &cognitodevices.AdminGetDeviceInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(pool), Username: aws.String(user),
			}},
			namedInput{"AdminListDevices/" + odd.name, &cognitodevices.AdminListDevicesInput{
				UserPoolId: aws.String(pool), Username: aws.String(user), PaginationToken: aws.String(page),
			}},
			namedInput{"ListDevices/" + odd.name, &cognitodevices.ListDevicesInput{
				AccessToken: aws.String("token"), PaginationToken: aws.String(page),
			}},
			namedInput{"AdminForgetDevice/" + odd.name, &cognitodevices.AdminForgetDeviceInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(pool), Username: aws.String(user),
			}},
			namedInput{"AdminUpdateDeviceStatus/" + odd.name, &cognitodevices.AdminUpdateDeviceStatusInput{
				DeviceKey: aws.String(key), UserPoolId: aws.String(pool), Username: aws.String(user),
				DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered,
			}},
			namedInput{"GetDevice/" + odd.name, &cognitodevices.GetDeviceInput{
				AccessToken: aws.String("token"), DeviceKey: aws.String(key),
			}},
			namedInput{"ForgetDevice/" + odd.name, &cognitodevices.ForgetDeviceInput{
				AccessToken: aws.String("token"), DeviceKey: aws.String(key),
			}},
			namedInput{"UpdateDeviceStatus/" + odd.name, &cognitodevices.UpdateDeviceStatusInput{
				AccessToken: aws.String("token"), DeviceKey: aws.String(key),
				DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeNotRemembered,
			}},
			namedInput{"ConfirmDevice/" + odd.name, &cognitodevices.ConfirmDeviceInput{
				AccessToken: aws.String("token"), DeviceKey: aws.String(key), DeviceName: aws.String(s),
				DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{
					PasswordVerifier: aws.String("v" + s), Salt: aws.String("s" + s),
				},
			}},
		)
	}
	return cases
}

// TestRequestWire sends every request case through both clients and
// requires the same method, path, content type, target and body bytes.
func TestRequestWire(t *testing.T) {
	srv := setup(t, anyOperationReply)
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	ctx := context.Background()

	for _, c := range requestCases() {
		t.Run(c.name, func(t *testing.T) {
			srv.take()
			_, err := callLibrary(ctx, lib, c.in)
			require.NoError(t, err)
			_, err = callOfficial(ctx, off, c.in)
			require.NoError(t, err)

			reqs := srv.take()
			require.Len(t, reqs, 2)
			got, want := reqs[0], reqs[1]
			assert.Equal(t, want.Method, got.Method)
			assert.Equal(t, want.Path, got.Path)
			assert.Equal(t, want.ContentLength, got.ContentLength)
			for _, h := range []string{"Content-Type", "X-Amz-Target"} {
				assert.Equal(t, want.Header.Values(h), got.Header.Values(h), h)
			}
			assert.Equal(t, string(want.Body), string(got.Body), "body")
		})
	}
}

// TestSignature re-signs each signed library request with the official
// SigV4 signer, at the time and over the headers the request names, and
// requires the same Authorization header. The official client's own
// request is checked the same way, to show the check itself is sound.
// Requests of the access-token operations must carry no SigV4 headers
// from either client, although both have credentials.
func TestSignature(t *testing.T) {
	permanent := testCredentials
	permanent.SessionToken = ""
	credentialCases := []struct {
		name  string
		creds aws.Credentials
	}{{"temporary", testCredentials}, {"permanent", permanent}}

	srv := setup(t, anyOperationReply)
	for _, cc := range credentialCases {
		lib := newLibrary(srv.URL, func(o *cognitodevices.Options) { o.Credentials = staticProvider(cc.creds) })
		off := newOfficial(srv.URL, func(o *cip.Options) { o.Credentials = staticProvider(cc.creds) })
		for _, c := range requestCases() {
			t.Run(cc.name+"/"+c.name, func(t *testing.T) {
				srv.take()
				_, err := callLibrary(context.Background(), lib, c.in)
				require.NoError(t, err)
				_, err = callOfficial(context.Background(), off, c.in)
				require.NoError(t, err)

				reqs := srv.take()
				require.Len(t, reqs, 2)
				for i, who := range []string{"library", "official"} {
					r := reqs[i]
					if !signedOperation(c.in) {
						for _, h := range []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token"} {
							assert.Empty(t, r.Header.Values(h), "%s sent %s", who, h)
						}
						continue
					}
					signed := signedHeaders(t, r.Header.Get("Authorization"))
					for _, h := range []string{"content-type", "host", "x-amz-date", "x-amz-target"} {
						assert.Contains(t, signed, h, who)
					}
					if cc.creds.SessionToken != "" {
						assert.Contains(t, signed, "x-amz-security-token", who)
						assert.Equal(t, cc.creds.SessionToken, r.Header.Get("X-Amz-Security-Token"), who)
					} else {
						assert.Empty(t, r.Header.Values("X-Amz-Security-Token"), who)
					}
					assert.Equal(t, resign(t, r, signed, cc.creds), r.Header.Get("Authorization"), who)
				}
			})
		}
	}
}

// signedHeaders returns the SignedHeaders list of a SigV4 Authorization
// header.
func signedHeaders(t *testing.T, auth string) []string {
	t.Helper()
	require.True(t, strings.HasPrefix(auth, "AWS4-HMAC-SHA256 "), "Authorization %q", auth)
	_, rest, ok := strings.Cut(auth, "SignedHeaders=")
	require.True(t, ok, "Authorization %q has no SignedHeaders", auth)
	list, _, _ := strings.Cut(rest, ",")
	return strings.Split(list, ";")
}

// resign rebuilds r from the headers it signed and signs it again with the
// official signer at the time of its X-Amz-Date, returning the
// Authorization header the signer computes.
func resign(t *testing.T, r captured, signed []string, creds aws.Credentials) string {
	t.Helper()
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), at, 5*time.Minute, "X-Amz-Date")

	req, err := http.NewRequest(r.Method, "http://"+r.Host+r.Path, bytes.NewReader(r.Body))
	require.NoError(t, err)
	for _, h := range signed {
		switch h {
		case "host", "content-length", "x-amz-date", "x-amz-security-token":
			// Taken from the URL and body, or set again by the signer.
		default:
			req.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	sum := sha256.Sum256(r.Body)
	err = v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "cognito-idp", testRegion, at)
	require.NoError(t, err)
	return req.Header.Get("Authorization")
}
