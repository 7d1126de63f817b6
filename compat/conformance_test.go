package compat

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"reflect"
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
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// anyOperationReply is a body that the decoders of every operation
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

// tableCases returns the input of every row of the shared table
// (internal/optable), pointed at this module's fixture, named
// "<Operation>/table".
func tableCases() []namedInput {
	cases := make([]namedInput, len(optable.All))
	for i, op := range optable.All {
		cases[i] = namedInput{op.Name + "/table", op.Input(fixture)}
	}
	return cases
}

// requestCases returns the input of every row of the shared table
// (tableCases), then variants the table's one input per operation does not
// cover: optional members unset, Limit 0, each value and the empty value
// of DeviceRememberedStatus, ConfirmDevice with and without a verifier (an
// empty one, a fixed one and one from GenerateDeviceSecretVerifier), and
// odd strings in every free-form member (DeviceName, PasswordVerifier,
// Salt). Members with a documented pattern (Username, PaginationToken) get
// an odd string only where it matches; device keys, pool IDs and access
// tokens are left plain: the library refuses values outside their
// patterns before sending. The sign-in variants are signInRequestCases.
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
	cases := append(tableCases(), []namedInput{
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
		{"AdminUpdateDeviceStatus/remembered", adminUpdateInput},
		{"AdminUpdateDeviceStatus/status empty", &cognitodevices.AdminUpdateDeviceStatusInput{
			DeviceKey: aws.String(key), UserPoolId: aws.String("us-west-2_EXAMPLE"), Username: aws.String("testuser"),
		}},
		{"UpdateDeviceStatus/not_remembered", updateInput},
		{"UpdateDeviceStatus/status empty", &cognitodevices.UpdateDeviceStatusInput{
			AccessToken: aws.String(token), DeviceKey: aws.String(key),
		}},
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
	}...)
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
	return append(cases, signInRequestCases()...)
}

// signInRequestCases returns library inputs of the four sign-in
// operations: every member set (maps of several entries, context data with
// several headers), required members only, empty maps and header lists, a
// header without a value, an AuthFlow and a ChallengeName the clients do
// not know, and odd strings in every free-form member, map keys included
// (in maps of one entry, whose order is fixed). ClientId and UserPoolId,
// which have documented patterns, stay plain.
func signInRequestCases() []namedInput {
	const (
		pool    = "us-west-2_EXAMPLE"
		client  = "4example5client6id7"
		session = "AYABeCOMPAT-session-0123456789"
	)
	contextData := &cognitodevices.ContextDataType{
		IpAddress: aws.String("192.0.2.1"), ServerName: aws.String("www.example.com"), ServerPath: aws.String("/login"),
		EncodedData: aws.String("ZW5jb2RlZA=="),
		HttpHeaders: []cognitodevices.HttpHeader{
			{HeaderName: aws.String("User-Agent"), HeaderValue: aws.String("Mozilla/5.0")},
			{HeaderName: aws.String("X-Forwarded-For"), HeaderValue: aws.String("192.0.2.1, 198.51.100.2")},
		},
	}
	analytics := &cognitodevices.AnalyticsMetadataType{AnalyticsEndpointId: aws.String("endpoint-1")}
	userContext := &cognitodevices.UserContextDataType{EncodedData: aws.String("ZW5jb2RlZA=="), IpAddress: aws.String("198.51.100.7")}
	metadata := map[string]string{"source": "compat", "step": "1", "": ""}
	cases := []namedInput{
		{"InitiateAuth/all fields", &cognitodevices.InitiateAuthInput{
			AuthFlow: cognitodevices.AuthFlowTypeUserSrpAuth, ClientId: aws.String(client), AnalyticsMetadata: analytics,
			AuthParameters: map[string]string{"USERNAME": "testuser", "SRP_A": "5a1e0fa2", "SECRET_HASH": "aGFzaA=="},
			ClientMetadata: metadata, Session: aws.String(session), UserContextData: userContext,
		}},
		{"InitiateAuth/required only", &cognitodevices.InitiateAuthInput{AuthFlow: cognitodevices.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(client)}},
		{"InitiateAuth/empty maps and structures", &cognitodevices.InitiateAuthInput{
			AuthFlow: cognitodevices.AuthFlowTypeUserAuth, ClientId: aws.String(client), AuthParameters: map[string]string{}, ClientMetadata: map[string]string{},
			AnalyticsMetadata: &cognitodevices.AnalyticsMetadataType{}, UserContextData: &cognitodevices.UserContextDataType{},
		}},
		{"InitiateAuth/unknown flow", &cognitodevices.InitiateAuthInput{AuthFlow: "A_FLOW_OF_2030", ClientId: aws.String(client)}},
		{"RespondToAuthChallenge/all fields", &cognitodevices.RespondToAuthChallengeInput{
			ChallengeName: cognitodevices.ChallengeNameTypePasswordVerifier, ClientId: aws.String(client), AnalyticsMetadata: analytics,
			ChallengeResponses: map[string]string{"USERNAME": "testuser", "PASSWORD_CLAIM_SIGNATURE": "c2ln", "PASSWORD_CLAIM_SECRET_BLOCK": "YmxvY2s=", "TIMESTAMP": "Sun Nov 22 03:00:00 UTC 2026"},
			ClientMetadata:     metadata, Session: aws.String(session), UserContextData: userContext,
		}},
		{"RespondToAuthChallenge/required only", &cognitodevices.RespondToAuthChallengeInput{ChallengeName: cognitodevices.ChallengeNameTypeSmsMfa, ClientId: aws.String(client)}},
		{"RespondToAuthChallenge/unknown challenge", &cognitodevices.RespondToAuthChallengeInput{ChallengeName: "A_CHALLENGE_OF_2030", ClientId: aws.String(client),
			ChallengeResponses: map[string]string{}}},
		{"AdminInitiateAuth/all fields", &cognitodevices.AdminInitiateAuthInput{
			AuthFlow: cognitodevices.AuthFlowTypeAdminUserPasswordAuth, ClientId: aws.String(client), UserPoolId: aws.String(pool), AnalyticsMetadata: analytics,
			AuthParameters: map[string]string{"USERNAME": "testuser", "PASSWORD": "correct horse battery staple"},
			ClientMetadata: metadata, ContextData: contextData, Session: aws.String(session),
		}},
		{"AdminInitiateAuth/required only", &cognitodevices.AdminInitiateAuthInput{AuthFlow: cognitodevices.AuthFlowTypeRefreshToken, ClientId: aws.String(client), UserPoolId: aws.String(pool)}},
		{"AdminInitiateAuth/empty header list", &cognitodevices.AdminInitiateAuthInput{
			AuthFlow: cognitodevices.AuthFlowTypeCustomAuth, ClientId: aws.String(client), UserPoolId: aws.String(pool),
			ContextData: &cognitodevices.ContextDataType{IpAddress: aws.String(""), ServerName: aws.String(""), ServerPath: aws.String(""), HttpHeaders: []cognitodevices.HttpHeader{}},
		}},
		{"AdminRespondToAuthChallenge/all fields", &cognitodevices.AdminRespondToAuthChallengeInput{
			ChallengeName: cognitodevices.ChallengeNameTypeSoftwareTokenMfa, ClientId: aws.String(client), UserPoolId: aws.String(pool), AnalyticsMetadata: analytics,
			ChallengeResponses: map[string]string{"USERNAME": "testuser", "SOFTWARE_TOKEN_MFA_CODE": "123456"},
			ClientMetadata:     metadata, ContextData: contextData, Session: aws.String(session),
		}},
		{"AdminRespondToAuthChallenge/header without value", &cognitodevices.AdminRespondToAuthChallengeInput{
			ChallengeName: cognitodevices.ChallengeNameTypeNewPasswordRequired, ClientId: aws.String(client), UserPoolId: aws.String(pool),
			ContextData: &cognitodevices.ContextDataType{IpAddress: aws.String("192.0.2.1"), ServerName: aws.String("s"), ServerPath: aws.String("/"),
				HttpHeaders: []cognitodevices.HttpHeader{{HeaderName: aws.String("Accept")}, {}}},
		}},
	}
	for _, odd := range oddStrings {
		s := odd.value
		one := map[string]string{"k" + s: "v" + s}
		oddContext := &cognitodevices.ContextDataType{IpAddress: aws.String(s), ServerName: aws.String(s), ServerPath: aws.String(s), EncodedData: aws.String(s),
			HttpHeaders: []cognitodevices.HttpHeader{{HeaderName: aws.String(s), HeaderValue: aws.String(s)}}}
		oddSession := aws.String("session-of-twenty-characters:" + s)
		cases = append(cases,
			namedInput{"InitiateAuth/" + odd.name, &cognitodevices.InitiateAuthInput{
				AuthFlow: cognitodevices.AuthFlowType("F" + s), ClientId: aws.String(client), AnalyticsMetadata: &cognitodevices.AnalyticsMetadataType{AnalyticsEndpointId: aws.String(s)},
				AuthParameters: one, ClientMetadata: one, Session: oddSession,
				UserContextData: &cognitodevices.UserContextDataType{EncodedData: aws.String(s), IpAddress: aws.String(s)},
			}},
			namedInput{"RespondToAuthChallenge/" + odd.name, &cognitodevices.RespondToAuthChallengeInput{
				ChallengeName: cognitodevices.ChallengeNameType("C" + s), ClientId: aws.String(client), ChallengeResponses: one, ClientMetadata: one, Session: oddSession,
			}},
			namedInput{"AdminInitiateAuth/" + odd.name, &cognitodevices.AdminInitiateAuthInput{
				AuthFlow: cognitodevices.AuthFlowTypeAdminUserPasswordAuth, ClientId: aws.String(client), UserPoolId: aws.String(pool),
				AuthParameters: one, ContextData: oddContext, Session: oddSession,
			}},
			namedInput{"AdminRespondToAuthChallenge/" + odd.name, &cognitodevices.AdminRespondToAuthChallengeInput{
				ChallengeName: cognitodevices.ChallengeNameTypeCustomChallenge, ClientId: aws.String(client), UserPoolId: aws.String(pool),
				ChallengeResponses: one, ClientMetadata: one, ContextData: oddContext,
			}},
		)
	}
	return cases
}

// hasMapOfSeveral reports whether in, one of the library's input types,
// holds a map of more than one entry, whose members the official client
// writes in Go's random map order.
func hasMapOfSeveral(in any) bool {
	v := reflect.ValueOf(in).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Map && f.Len() > 1 {
			return true
		}
	}
	return false
}

// memberNames returns the names of the top-level members of a JSON object,
// in order.
func memberNames(t *testing.T, body []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	_, err := dec.Token()
	require.NoError(t, err)
	var names []string
	for dec.More() {
		name, err := dec.Token()
		require.NoError(t, err)
		names = append(names, name.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return names
}

// TestRequestWire sends every request case (the input of every row of the
// shared table, then the variants of requestCases) through both clients
// and requires the same method, path, content type, target and body
// bytes.
// A body holding a map of several entries is compared as parsed JSON,
// with its members in the same order, since the official client writes
// map entries in random order (the library sorts them).
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
			if hasMapOfSeveral(c.in) {
				assert.JSONEq(t, string(want.Body), string(got.Body), "body")
				assert.Equal(t, memberNames(t, want.Body), memberNames(t, got.Body), "member order")
				return
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
