package compat

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// TestDecode serves the same bodies to both clients and requires the same
// values. The official client reads a timestamp as a float64 and truncates
// it to whole milliseconds (smithy-go's time.ParseEpochSeconds), so
// 1715100742.123456 comes back as .123 and, for values a float64 cannot
// hold, a millisecond value may come back one lower; the library keeps the
// digits the service sent, to the nanosecond. Timestamps are therefore
// required to equal the exact decimal value from the library and to lie
// within a millisecond of it from the official client; every other field
// must be equal. Every AdminGetDevice case runs for GetDevice as well, and
// the operations without output members must accept an empty object.
func TestDecode(t *testing.T) {
	page60, page60Devices := devicePage(60, "eyJwYWdlIjozfQ==")
	key := aws.String("k")

	cases := []struct {
		name        string
		in          any
		body        string
		want        []cognitodevices.DeviceType
		wantToken   *string
		wantConfirm bool
	}{
		{name: "seed sample", in: getInput, body: string(seedResponse(t)), want: []cognitodevices.DeviceType{seedDevice()}},
		{
			name: "E-notation dates", in: getInput,
			body: `{"Device":{"DeviceKey":"k","DeviceCreateDate":1.715100742022E9,"DeviceLastModifiedDate":1.715100742022e+9,"DeviceLastAuthenticatedDate":17151007420.5E-1}}`,
			want: []cognitodevices.DeviceType{{DeviceKey: key, DeviceCreateDate: epoch(1715100742, 22e6), DeviceLastModifiedDate: epoch(1715100742, 22e6), DeviceLastAuthenticatedDate: epoch(1715100742, 5e7)}},
		},
		{
			name: "integer dates", in: getInput,
			body: `{"Device":{"DeviceKey":"k","DeviceCreateDate":1715100742,"DeviceLastModifiedDate":0,"DeviceLastAuthenticatedDate":1.7E9}}`,
			want: []cognitodevices.DeviceType{{DeviceKey: key, DeviceCreateDate: epoch(1715100742, 0), DeviceLastModifiedDate: epoch(0, 0), DeviceLastAuthenticatedDate: epoch(1700000000, 0)}},
		},
		{
			name: "sub-millisecond dates", in: getInput,
			body: `{"Device":{"DeviceKey":"k","DeviceCreateDate":1715100742.123456,"DeviceLastModifiedDate":1715100742.999999999}}`,
			want: []cognitodevices.DeviceType{{DeviceKey: key, DeviceCreateDate: epoch(1715100742, 123456000), DeviceLastModifiedDate: epoch(1715100742, 999999999)}},
		},
		{
			name: "nulls", in: getInput,
			body: `{"Device":{"DeviceKey":null,"DeviceAttributes":[{"Name":"device_name","Value":null},{"Name":null}],"DeviceCreateDate":null,"DeviceLastModifiedDate":null,"DeviceLastAuthenticatedDate":null}}`,
			want: []cognitodevices.DeviceType{{DeviceAttributes: []cognitodevices.AttributeType{{Name: aws.String("device_name")}, {}}}},
		},
		{
			name: "null and empty attribute lists", in: adminListInput,
			body: `{"Devices":[{"DeviceKey":"a","DeviceAttributes":null},{"DeviceKey":"b","DeviceAttributes":[]}],"PaginationToken":null}`,
			want: []cognitodevices.DeviceType{{DeviceKey: aws.String("a")}, {DeviceKey: aws.String("b"), DeviceAttributes: []cognitodevices.AttributeType{}}},
		},
		{
			name: "unknown fields", in: getInput,
			body: `{"Future":[1,2.5e3,{"a":null,"b":[true,false]}],"Device":{"Shape":{"x":"\u2028"},"DeviceKey":"k","DeviceAttributes":[{"Extra":7,"Name":"n","Value":"v"}],"More":null},"Last":"x"}`,
			want: []cognitodevices.DeviceType{{DeviceKey: key, DeviceAttributes: attrs("n", "v")}},
		},
		{
			name: "escaped strings", in: getInput,
			body: `{"Device":{"DeviceKey":"k\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\u2028","DeviceAttributes":[{"Name":"日本語","Value":"<&>\u003c"}]}}`,
			want: []cognitodevices.DeviceType{{DeviceKey: aws.String("k\"\\/\b\f\n\r\té😀\u2028"), DeviceAttributes: attrs("日本語", "<&><")}},
		},
		{
			name: "bad surrogates and invalid UTF-8", in: adminListInput,
			body: "{\"Devices\":[{\"DeviceKey\":\"\\ud800x\\ud83d\\ude00\\udc00\"},{\"DeviceKey\":\"a\xffb\xed\xa0\x80c\"}]}",
			want: []cognitodevices.DeviceType{{DeviceKey: aws.String("\ufffdx😀\ufffd")}, {DeviceKey: aws.String("a\ufffdb\ufffd\ufffd\ufffdc")}},
		},
		{
			name: "repeated and differently cased members", in: adminListInput,
			body: `{"Devices":[{"DeviceKey":"a","devicekey":"x","DeviceKey":"b","DeviceCreateDate":-1.5}],"devices":[{}]}`,
			want: []cognitodevices.DeviceType{{DeviceKey: aws.String("b"), DeviceCreateDate: epoch(-2, 5e8)}},
		},
		{name: "AdminListDevices 60 devices", in: adminListInput, body: string(page60), want: page60Devices, wantToken: aws.String("eyJwYWdlIjozfQ==")},
		{name: "ListDevices 60 devices", in: listInput, body: string(page60), want: page60Devices, wantToken: aws.String("eyJwYWdlIjozfQ==")},
		{name: "empty page", in: listInput, body: `{"Devices":[]}`, want: []cognitodevices.DeviceType{}},
		{name: "null page", in: adminListInput, body: `{"Devices":null,"PaginationToken":null}`},
		{name: "empty object", in: listInput, body: `{}`},
		{name: "token only", in: adminListInput, body: `{"PaginationToken":"t","Unknown":{}}`, wantToken: aws.String("t")},
		{name: "confirmation necessary", in: confirmInput, body: `{"UserConfirmationNecessary":true}`, wantConfirm: true},
		{name: "confirmation not necessary", in: confirmInput, body: `{"UserConfirmationNecessary":false}`},
		{name: "confirmation missing", in: confirmInput, body: `{}`},
		{name: "confirmation null", in: confirmInput, body: `{"UserConfirmationNecessary":null}`},
		{name: "confirmation among unknown fields", in: confirmInput, body: `{"A":[{"UserConfirmationNecessary":false}],"UserConfirmationNecessary":true,"B":null}`, wantConfirm: true},
		{name: "empty object", in: adminForgetInput, body: `{}`},
		{name: "empty object", in: adminUpdateInput, body: `{}`},
		{name: "empty object", in: forgetInput, body: `{}`},
		{name: "empty object", in: updateInput, body: `{}`},
		{name: "unknown fields", in: forgetInput, body: `{"Unknown":[1,{"a":null}]}`},
		{name: "empty body", in: adminUpdateInput, body: ``},
	}
	srv := setup(t, reply{})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	ctx := context.Background()
	for _, tc := range cases {
		ins := []any{tc.in}
		if tc.in == getInput {
			ins = append(ins, getDeviceInput)
		}
		for _, in := range ins {
			t.Run(fmt.Sprintf("%s/%T", tc.name, in), func(t *testing.T) {
				srv.respond(reply{body: []byte(tc.body)})
				got, err := callLibrary(ctx, lib, in)
				require.NoError(t, err)
				official, err := callOfficial(ctx, off, in)
				require.NoError(t, err)

				assert.Equal(t, tc.want, got.Devices, "library")
				assert.Equal(t, tc.wantToken, got.Token, "library")
				assert.Equal(t, tc.wantConfirm, got.UserConfirmationNecessary, "library")
				assert.Equal(t, requestID, got.RequestID, "library")
				assertWithinMillisecond(t, tc.want, official.Devices)
				assert.Equal(t, tc.wantToken, official.Token, "official")
				assert.Equal(t, tc.wantConfirm, official.UserConfirmationNecessary, "official")
				assert.Equal(t, requestID, official.RequestID, "official")
			})
		}
	}
}

// signInInputs holds one input of each operation of the shared table
// whose output has a member of signInResult.
var signInInputs = func() []any {
	var ins []any
	for _, op := range optable.All {
		if len(signInMembers(op)) > 0 {
			ins = append(ins, op.Input(fixture))
		}
	}
	return ins
}()

// signInMembers returns the members of signInResult that the output of op
// has.
func signInMembers(op optable.Operation) map[string]bool {
	members := map[string]bool{}
	r := reflect.TypeFor[signInResult]()
	for i := range r.NumField() {
		if _, ok := op.Output().FieldByName(r.Field(i).Name); ok {
			members[r.Field(i).Name] = true
		}
	}
	return members
}

// TestDecodeSignIn serves the same sign-in bodies to both clients for each
// operation whose output has sign-in members (signInInputs) and requires
// the same output members:
// tokens, new device metadata, the challenge and its parameters (null
// values read as ""), available challenges (a null element reads as "";
// the Respond outputs have none), the session, and nil apart from empty.
func TestDecodeSignIn(t *testing.T) {
	cases := []struct {
		name string
		body string
		want signInResult
	}{
		{"tokens and a new device",
			`{"AuthenticationResult":{"AccessToken":"eyJ.a.s","ExpiresIn":3600,"IdToken":"eyJ.i.s","NewDeviceMetadata":{"DeviceGroupKey":"-Gx9","DeviceKey":"us-west-2_a1b2c3d4-5678-90ab-cdef-000000033333"},"RefreshToken":"eyJ.r.s","TokenType":"Bearer"},"ChallengeParameters":{}}`,
			signInResult{AuthenticationResult: &cognitodevices.AuthenticationResultType{AccessToken: aws.String("eyJ.a.s"), ExpiresIn: 3600, IdToken: aws.String("eyJ.i.s"),
				NewDeviceMetadata: &cognitodevices.NewDeviceMetadataType{DeviceGroupKey: aws.String("-Gx9"), DeviceKey: aws.String("us-west-2_a1b2c3d4-5678-90ab-cdef-000000033333")},
				RefreshToken:      aws.String("eyJ.r.s"), TokenType: aws.String("Bearer")},
				ChallengeParameters: map[string]string{}}},
		{"password verifier challenge",
			`{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1","SECRET_BLOCK":"c3","SRP_B":"b2","USERNAME":"testuser","USER_ID_FOR_SRP":"testuser"}}`,
			signInResult{ChallengeName: cognitodevices.ChallengeNameTypePasswordVerifier,
				ChallengeParameters: map[string]string{"SALT": "a1", "SECRET_BLOCK": "c3", "SRP_B": "b2", "USERNAME": "testuser", "USER_ID_FOR_SRP": "testuser"}}},
		{"session and available challenges",
			`{"AvailableChallenges":["PASSWORD","WEB_AUTHN",null,"A_CHALLENGE_OF_2030"],"ChallengeName":"SELECT_CHALLENGE","Session":"AYABe-session-0000000000"}`,
			signInResult{AvailableChallenges: []cognitodevices.ChallengeNameType{"PASSWORD", "WEB_AUTHN", "", "A_CHALLENGE_OF_2030"},
				ChallengeName: cognitodevices.ChallengeNameTypeSelectChallenge, Session: aws.String("AYABe-session-0000000000")}},
		{"empty list and objects", `{"AvailableChallenges":[],"AuthenticationResult":{"NewDeviceMetadata":{}},"ChallengeParameters":{}}`,
			signInResult{AvailableChallenges: []cognitodevices.ChallengeNameType{}, AuthenticationResult: &cognitodevices.AuthenticationResultType{NewDeviceMetadata: &cognitodevices.NewDeviceMetadataType{}},
				ChallengeParameters: map[string]string{}}},
		{"nulls", `{"AuthenticationResult":{"AccessToken":null,"ExpiresIn":null,"NewDeviceMetadata":null},"AvailableChallenges":null,"ChallengeName":null,"ChallengeParameters":{"k":null},"Session":null}`,
			signInResult{AuthenticationResult: &cognitodevices.AuthenticationResultType{}, ChallengeParameters: map[string]string{"k": ""}}},
		{"escapes, unknown members, negative ExpiresIn", `{"X":[{"Session":"no"}],"ChallengeParameters":{"\u00e9\n":"\"q\"\ud83d\ude00"},"AuthenticationResult":{"Extra":{},"ExpiresIn":-2147483648}}`,
			signInResult{ChallengeParameters: map[string]string{"é\n": `"q"😀`}, AuthenticationResult: &cognitodevices.AuthenticationResultType{ExpiresIn: -2147483648}}},
		{"empty object", `{}`, signInResult{}},
	}
	require.NotEmpty(t, signInInputs)
	srv := setup(t, reply{})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	ctx := context.Background()
	for _, tc := range cases {
		for _, in := range signInInputs {
			t.Run(fmt.Sprintf("%s/%s", tc.name, operationOf(in).Name), func(t *testing.T) {
				// The members the operation's output lacks (the Respond
				// outputs have no AvailableChallenges) stay zero.
				want := tc.want
				members := signInMembers(operationOf(in))
				w := reflect.ValueOf(&want).Elem()
				for i := range w.NumField() {
					if !members[w.Type().Field(i).Name] {
						w.Field(i).SetZero()
					}
				}
				srv.respond(reply{body: []byte(tc.body)})
				got, err := callLibrary(ctx, lib, in)
				require.NoError(t, err)
				official, err := callOfficial(ctx, off, in)
				require.NoError(t, err)
				assert.Equal(t, want, got.SignIn, "library")
				assert.Equal(t, want, official.SignIn, "official")
				assert.Equal(t, requestID, got.RequestID)
			})
		}
	}
}

// assertWithinMillisecond requires got to equal want except that each
// timestamp may be up to a millisecond away from the one wanted.
func assertWithinMillisecond(t *testing.T, want, got []cognitodevices.DeviceType) {
	t.Helper()
	require.Equal(t, want == nil, got == nil, "nil Devices")
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		for _, d := range []struct {
			name string
			w, g **time.Time
		}{
			{"DeviceCreateDate", &w.DeviceCreateDate, &g.DeviceCreateDate},
			{"DeviceLastModifiedDate", &w.DeviceLastModifiedDate, &g.DeviceLastModifiedDate},
			{"DeviceLastAuthenticatedDate", &w.DeviceLastAuthenticatedDate, &g.DeviceLastAuthenticatedDate},
		} {
			if *d.w == nil {
				assert.Nil(t, *d.g, "official device %d %s", i, d.name)
				continue
			}
			if assert.NotNil(t, *d.g, "official device %d %s", i, d.name) {
				assert.WithinDuration(t, **d.w, **d.g, time.Millisecond, "official device %d %s", i, d.name)
				assert.Equal(t, time.UTC, (*d.g).Location(), "official device %d %s", i, d.name)
			}
			*d.w, *d.g = nil, nil
		}
		assert.Equal(t, w, g, "official device %d", i)
	}
}

// TestDecodeDifferences pins where the library is deliberately stricter
// than the official client: a successful AdminGetDevice or GetDevice
// response without a Device, an empty body (except for the four
// operations without output members, which both clients accept empty, see
// TestDecode), a body that is not a JSON object and data after the JSON
// document are deserialization errors for the library, which promises a
// non-nil Device and reads the whole body; the official client returns an
// output (with a nil Device, UserConfirmationNecessary false, or empty)
// and no error. The official client discards the body of AdminForgetDevice
// and ForgetDevice unread, whatever it holds; it reads the first JSON
// value of the others, and takes null for an empty output. The sign-in
// outputs follow the same rules, and two more: an ExpiresIn outside int32,
// which the official client wraps around (4294967296 reads as 0), and more
// than 1,000 ChallengeParameters, which the library refuses so that a
// hostile body cannot cost memory out of proportion.
func TestDecodeDifferences(t *testing.T) {
	cases := []struct {
		name string
		in   any
		body string
	}{
		{"null Device", getInput, `{"Device":null}`},
		{"missing Device", getInput, `{}`},
		{"empty body", adminListInput, ``},
		{"data after the document", listInput, `{"Devices":[]} {}`},
		{"GetDevice null Device", getDeviceInput, `{"Device":null}`},
		{"GetDevice missing Device", getDeviceInput, `{}`},
		{"ConfirmDevice empty body", confirmInput, ``},
		{"ConfirmDevice null body", confirmInput, `null`},
		{"ConfirmDevice data after the document", confirmInput, `{"UserConfirmationNecessary":false} {}`},
		{"AdminForgetDevice not JSON", adminForgetInput, `not json`},
		{"AdminUpdateDeviceStatus null body", adminUpdateInput, `null`},
		{"ForgetDevice truncated object", forgetInput, `{"a":`},
		{"UpdateDeviceStatus data after the document", updateInput, `{} {}`},
		{"InitiateAuth empty body", signInInputs[0], ``},
		{"RespondToAuthChallenge null body", signInInputs[1], `null`},
		{"AdminInitiateAuth data after the document", signInInputs[2], `{"ChallengeName":"SMS_MFA"} {}`},
		{"AdminRespondToAuthChallenge ExpiresIn beyond int32", signInInputs[3], `{"AuthenticationResult":{"ExpiresIn":4294967296}}`},
		{"InitiateAuth more than 1000 challenge parameters", signInInputs[0], manyChallengeParameters(1001)},
	}
	srv := setup(t, reply{})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv.respond(reply{body: []byte(tc.body)})
			_, err := callLibrary(context.Background(), lib, tc.in)
			var de *smithy.DeserializationError
			assert.ErrorAs(t, err, &de, "library")
			got, err := callOfficial(context.Background(), off, tc.in)
			require.NoError(t, err, "official")
			assert.Empty(t, got.Devices, "official")
			assert.False(t, got.UserConfirmationNecessary, "official")
		})
	}
}

// manyChallengeParameters returns a sign-in body with n challenge
// parameters.
func manyChallengeParameters(n int) string {
	var b strings.Builder
	b.WriteString(`{"ChallengeName":"CUSTOM_CHALLENGE","ChallengeParameters":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":"v"`, i)
	}
	b.WriteString(`}}`)
	return b.String()
}

// TestDecodeTimestampPrecision pins the timestamp difference described at
// TestDecode on two values: microseconds the official client drops, and a
// millisecond value of 2004 it reads one millisecond low (its float64 path
// is exact for millisecond values from about November 2004 to January
// 2038, and misreads about 1% of those before and after).
func TestDecodeTimestampPrecision(t *testing.T) {
	srv := setup(t, reply{body: []byte(`{"Device":{"DeviceKey":"k","DeviceCreateDate":1715100742.123456,"DeviceLastModifiedDate":1095560321.988}}`)})
	got, err := callLibrary(context.Background(), newLibrary(srv.URL), getInput)
	require.NoError(t, err)
	official, err := callOfficial(context.Background(), newOfficial(srv.URL), getInput)
	require.NoError(t, err)
	assert.Equal(t, epoch(1715100742, 123456000), got.Devices[0].DeviceCreateDate)
	assert.Equal(t, epoch(1095560321, 988000000), got.Devices[0].DeviceLastModifiedDate)
	assert.Equal(t, epoch(1715100742, 123000000), official.Devices[0].DeviceCreateDate)
	assert.Equal(t, epoch(1095560321, 987000000), official.Devices[0].DeviceLastModifiedDate)
}

// TestDecodeSuccessBodies serves the success body of every row of the
// shared table to both clients and requires the same output, member by
// member (the result metadata aside). Where the output has members, the
// body must set one, so that a decoder that reads nothing fails here.
func TestDecodeSuccessBodies(t *testing.T) {
	srv := setup(t, reply{})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	ctx := context.Background()
	for _, op := range optable.All {
		t.Run(op.Name, func(t *testing.T) {
			srv.respond(reply{body: []byte(op.SuccessBody)})
			in := op.Input(fixture)
			got, err := op.Call(ctx, lib, in)
			require.NoError(t, err)
			want, err := callOfficialOutput(ctx, off, in)
			require.NoError(t, err)
			for _, out := range []any{got, want} {
				reflect.ValueOf(out).Elem().FieldByName("ResultMetadata").SetZero()
			}
			assert.Equal(t, want, got)
			if op.Output().NumField() > 1 {
				assert.NotEqual(t, reflect.New(op.Output()).Interface(), got, "the success body sets no member of %s", op.Output().Name())
			}
		})
	}
}
