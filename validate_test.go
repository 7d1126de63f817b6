package cognitodevices

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/smithy-go"
)

// FuzzValidate runs every operation's validation on inputs whose members
// all hold the fuzzed value: it never panics, never quotes the value in
// its message, and accepts the value in a pattern-checked member exactly
// when the pattern's own check accepts it.
func FuzzValidate(f *testing.F) {
	for _, seed := range []string{"", "us-east-1_0a1b", "us-east-1_EXAMPLE", "a b", "é", "x\x00y", "\xff", "eyJ.a-b_c=", strings.Repeat("a", 200),
		"1example23456789", "client+id_9", "AYABeEXAMPLE-session-0123456789", strings.Repeat("s", 2049)} {
		f.Add(seed, int32(10))
	}
	f.Fuzz(func(t *testing.T, s string, limit int32) {
		n := utf8.RuneCountInString(s)
		p := &s
		m := map[string]string{s: s, "PASSWORD": s}
		errs := []error{
			opAdminGetDevice.validate(&AdminGetDeviceInput{DeviceKey: p, UserPoolId: p, Username: p}),
			opAdminListDevices.validate(&AdminListDevicesInput{UserPoolId: p, Username: p, Limit: &limit, PaginationToken: p}),
			opListDevices.validate(&ListDevicesInput{AccessToken: p, Limit: &limit, PaginationToken: p}),
			opAdminForgetDevice.validate(&AdminForgetDeviceInput{DeviceKey: p, UserPoolId: p, Username: p}),
			opAdminUpdateDeviceStatus.validate(&AdminUpdateDeviceStatusInput{DeviceKey: p, UserPoolId: p, Username: p}),
			opGetDevice.validate(&GetDeviceInput{AccessToken: p, DeviceKey: p}),
			opForgetDevice.validate(&ForgetDeviceInput{AccessToken: p, DeviceKey: p}),
			opUpdateDeviceStatus.validate(&UpdateDeviceStatusInput{AccessToken: p, DeviceKey: p}),
			opConfirmDevice.validate(&ConfirmDeviceInput{AccessToken: p, DeviceKey: p, DeviceName: p,
				DeviceSecretVerifierConfig: &DeviceSecretVerifierConfigType{PasswordVerifier: p, Salt: p}}),
			opInitiateAuth.validate(&InitiateAuthInput{AuthFlow: AuthFlowType(s), ClientId: p, Session: p, AuthParameters: m, ClientMetadata: m,
				AnalyticsMetadata: &AnalyticsMetadataType{AnalyticsEndpointId: p}, UserContextData: &UserContextDataType{EncodedData: p, IpAddress: p}}),
			opRespondToAuthChallenge.validate(&RespondToAuthChallengeInput{ChallengeName: ChallengeNameType(s), ClientId: p, Session: p, ChallengeResponses: m}),
			opAdminInitiateAuth.validate(&AdminInitiateAuthInput{AuthFlow: AuthFlowType(s), ClientId: p, UserPoolId: p, Session: p, AuthParameters: m,
				ContextData: &ContextDataType{IpAddress: p, ServerName: p, ServerPath: p, EncodedData: p, HttpHeaders: []HttpHeader{{HeaderName: p, HeaderValue: p}}}}),
			opAdminRespondToAuthChallenge.validate(&AdminRespondToAuthChallengeInput{ChallengeName: ChallengeNameType(s), ClientId: p, UserPoolId: p,
				ChallengeResponses: m, ClientMetadata: m, ContextData: &ContextDataType{}}),
		}
		for _, err := range errs {
			if err == nil {
				continue
			}
			if quotes(err, s) {
				t.Fatalf("the error quotes the value %q: %v", s, err)
			}
			if _, ok := err.(smithy.InvalidParamsError); !ok {
				t.Fatalf("error of type %T", err)
			}
		}
		// The status is no secret: an unknown one is quoted, but briefly.
		if err := opUpdateDeviceStatus.validate(&UpdateDeviceStatusInput{AccessToken: p, DeviceKey: p, DeviceRememberedStatus: DeviceRememberedStatusType(s)}); err != nil && len(err.Error()) > 1024 {
			t.Fatalf("an error of %d bytes", len(err.Error()))
		}
		keyOK := s != "" && len([]rune(s)) <= maxDeviceKeyLen && isDeviceKey(s)
		if refused := fieldRefused(errs[0], "AdminGetDeviceInput.DeviceKey"); refused == keyOK {
			t.Fatalf("DeviceKey %q: refused %v, pattern and length accept %v", s, refused, keyOK)
		}
		clientOK := len(s) <= maxClientIDLen && clientIDRegexp.MatchString(s)
		if refused := fieldRefused(errs[9], "InitiateAuthInput.ClientId"); refused == clientOK {
			t.Fatalf("ClientId %q: refused %v, pattern and length accept %v", s, refused, clientOK)
		}
		sessionOK := n >= minSessionLen && n <= maxSessionLen
		if refused := fieldRefused(errs[9], "InitiateAuthInput.Session"); refused == sessionOK {
			t.Fatalf("Session of %d characters: refused %v", n, refused)
		}
		if refused := fieldRefused(errs[9], "InitiateAuthInput.AuthFlow"); refused != (s == "") {
			t.Fatalf("AuthFlow %q: refused %v", s, refused)
		}
		for _, field := range []string{"IpAddress", "ServerName", "ServerPath", "HttpHeaders"} {
			if !fieldRefused(errs[12], "AdminRespondToAuthChallengeInput.ContextData."+field) {
				t.Fatalf("an empty ContextData passed without %s", field)
			}
		}
	})
}

// quotes reports whether err shows s, a value of at least four bytes.
// Validation messages are made of member names, fixed phrases, numbers and
// the documented patterns, so a value made only of their characters
// ("Session", "value", "2048") may turn up in them by chance; a value with
// any other character that turns up was quoted.
func quotes(err error, s string) bool {
	return len(s) >= 4 && strings.Contains(err.Error(), s) && strings.ContainsFunc(s, func(r rune) bool {
		return r >= utf8.RuneSelf || !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" \n.,()[]{}\\+-_=", r))
	})
}

// clientIDRegexp is the documented pattern of ClientId, anchored, in RE2
// (whose \w is ASCII, as the pattern's is).
var clientIDRegexp = regexp.MustCompile(`^[\w+]+$`)

// fieldRefused reports whether err names field.
func fieldRefused(err error, field string) bool {
	params, ok := err.(smithy.InvalidParamsError)
	if !ok {
		return false
	}
	for _, e := range params.Errs() {
		if e.(smithy.InvalidParamError).Field() == field {
			return true
		}
	}
	return false
}
