package cognitodevices

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// redactAuthResponse is the redaction of the sign-in responses' bodies,
// derived from the redact tags of InitiateAuthOutput and the types it
// holds.
func redactAuthResponse(body string) string {
	return redaction.JSON(reflect.TypeFor[InitiateAuthOutput](), body)
}

func TestRedactAuthResponse(t *testing.T) {
	const mark = `"` + redactionMark + `"`
	tests := []struct {
		name, body, want string
	}{
		{"tokens", `{"AuthenticationResult":{"AccessToken":"eyJ.a","ExpiresIn":3600,"IdToken":"eyJ.i","NewDeviceMetadata":{"DeviceGroupKey":"g","DeviceKey":"k"},"RefreshToken":"eyJ.r","TokenType":"Bearer"},"ChallengeParameters":{}}`,
			`{"AuthenticationResult":{"AccessToken":` + mark + `,"ExpiresIn":3600,"IdToken":` + mark + `,"NewDeviceMetadata":{"DeviceGroupKey":"g","DeviceKey":"k"},"RefreshToken":` + mark + `,"TokenType":"Bearer"},"ChallengeParameters":{}}`},
		{"challenge", `{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"s","SRP_B":"b","SECRET_BLOCK":"x","USERNAME":"alice","USER_ID_FOR_SRP":"alice-id","DEVICE_KEY":"dk"},"Session":"AYABe"}`,
			`{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":` + mark + `,"SRP_B":` + mark + `,"SECRET_BLOCK":` + mark + `,"USERNAME":"alice","USER_ID_FOR_SRP":"alice-id","DEVICE_KEY":"dk"},"Session":` + mark + `}`},
		{"white space and other cases kept, secrets of any type replaced", " {\n \"session\" : [\"x\"] , \"authenticationResult\" : \"eyJ\" , \"ChallengeParameters\" : {\"\\u0055SERNAME\":\"bob\", \"CODE\": 7} , \"Other\":{\"Session\":\"kept\"} }\n",
			" {\n \"session\" : " + mark + " , \"authenticationResult\" : " + mark + " , \"ChallengeParameters\" : {\"\\u0055SERNAME\":\"bob\", \"CODE\": " + mark + "} , \"Other\":{\"Session\":\"kept\"} }\n"},
		{"nulls stay null", `{"Session":null,"AuthenticationResult":null,"ChallengeParameters":{"SRP_B":null}}`,
			`{"Session":null,"AuthenticationResult":null,"ChallengeParameters":{"SRP_B":null}}`},
		{"truncated", `{"Session":"AYABe-secret`, redactionMark + " (24 bytes, not a well-formed JSON object)"},
		{"not JSON", `<html>eyJ.a</html>`, redactionMark + " (18 bytes, not a well-formed JSON object)"},
		{"trailing data", `{} {"Session":"x"}`, redactionMark + " (18 bytes, not a well-formed JSON object)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, redactAuthResponse(tt.body))
		})
	}
}

// FuzzRedactAuthResponse checks that, for every body the sign-in decoder
// accepts, decoding the redacted body gives the mark for every token, the
// session and every secret challenge parameter, and the same values for
// everything else.
func FuzzRedactAuthResponse(f *testing.F) {
	for _, seed := range []string{
		`{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","TokenType":"Bearer","ExpiresIn":1},"Session":"s"}`,
		`{"ChallengeName":"X","ChallengeParameters":{"USERNAME":"u","SRP_B":"b","k":null},"Session":null}`,
		`{"Session":"a","Session":"b","AuthenticationResult":{"AccessToken":"x"},"AuthenticationResult":{"AccessToken":"y"}}`,
		`{"x":{"Session":"y"}}`, `{`, ``,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		out := redactAuthResponse(body)
		orig, err := decodeAuthResponse(body, true)
		if err != nil {
			return
		}
		got, err := decodeAuthResponse(out, true)
		if err != nil {
			t.Fatalf("%q: the redacted %q does not decode: %v", body, out, err)
		}
		isMark := func(p *string) bool { return p == nil || *p == redactionMark }
		if !isMark(got.session) || (got.session == nil) != (orig.session == nil) {
			t.Fatalf("%q: session %v after redaction", body, got.session)
		}
		if r := got.result; r != nil {
			if !isMark(r.AccessToken) || !isMark(r.IdToken) || !isMark(r.RefreshToken) {
				t.Fatalf("%q: a token survived in %q", body, out)
			}
			if o := orig.result; derefString(o.TokenType) != derefString(r.TokenType) || o.ExpiresIn != r.ExpiresIn {
				t.Fatalf("%q: redaction changed a public member: %q", body, out)
			}
		}
		if len(got.parameters) != len(orig.parameters) || got.challenge != orig.challenge {
			t.Fatalf("%q: redaction changed the challenge: %q", body, out)
		}
		for k, v := range got.parameters {
			switch {
			case redaction.PublicAuthKey(k):
				if v != orig.parameters[k] {
					t.Fatalf("%q: public parameter %q changed to %q", body, k, v)
				}
			case v != redactionMark && !(v == "" && orig.parameters[k] == ""):
				t.Fatalf("%q: parameter %q kept %q", body, k, v)
			}
		}
		if strings.Count(out, redactionMark) < strings.Count(body, redactionMark) {
			t.Fatalf("%q: marks went missing", body)
		}
	})
}
