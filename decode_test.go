package cognitodevices

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return string(b)
}

func TestDecodeDeviceResponseSeedSample(t *testing.T) {
	device, err := decodeDeviceResponse(readFixture(t, "admin_get_device_response.json"))
	require.NoError(t, err)
	assert.Equal(t, "us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222", aws.ToString(device.DeviceKey))
	assert.Equal(t, time.Date(2024, 5, 7, 16, 52, 22, 22e6, time.UTC), *device.DeviceCreateDate)
	assert.Equal(t, time.Date(2024, 5, 7, 16, 52, 22, 0, time.UTC), *device.DeviceLastAuthenticatedDate)
	assert.Equal(t, time.Date(2024, 5, 7, 16, 52, 22, 22e6, time.UTC), *device.DeviceLastModifiedDate)
	require.Len(t, device.DeviceAttributes, 7)
	assert.Equal(t, "Dart-device", device.Name())
	assert.Equal(t, "valid", device.Status())
	assert.Equal(t, "192.0.2.1", device.LastIPUsed())
	assert.Equal(t, DeviceRememberedStatusTypeRemembered, device.RememberedStatus())
	assert.True(t, device.Remembered())
	assert.Equal(t, "testuser.us-west-2_EXAMPLE", device.Owner())
	assert.Equal(t, "aws-sdk-unknown-unknown", device.SDK())
	assert.True(t, strings.HasPrefix(device.ARN(), "arn:aws:cognito-idp:us-west-2:123456789012:owner/"))
	_, ok := device.Attribute("no_such_attribute")
	assert.False(t, ok)
}

func TestDecodeDevicePage(t *testing.T) {
	devices, token, err := decodeDevicePage(readFixture(t, "list_devices_page.json"))
	require.NoError(t, err)
	require.Len(t, devices, 3)
	assert.Equal(t, "next-page-token", aws.ToString(token))

	assert.Equal(t, "us-east-1_11111111-1111-1111-1111-111111111111", aws.ToString(devices[0].DeviceKey))
	assert.Equal(t, "Alice's \"iPhone\"\n\u00e9\U0001F600", devices[0].Name(), "escapes and surrogate pairs are decoded")
	assert.Equal(t, time.Date(2024, 5, 7, 16, 52, 22, 22e6, time.UTC), *devices[0].DeviceCreateDate, "E-notation")
	assert.Equal(t, time.Unix(1700000000, 0).UTC(), *devices[0].DeviceLastModifiedDate, "integer")

	assert.Nil(t, devices[1].DeviceCreateDate, "null is absent")
	assert.Nil(t, devices[1].DeviceAttributes, "null list is absent")
	assert.NotNil(t, devices[2].DeviceAttributes, "an empty list stays an empty list")
	assert.Empty(t, devices[2].DeviceAttributes)

	// Appending to one device's attributes never touches another's.
	before := *devices[1].DeviceKey
	devices[0].DeviceAttributes = append(devices[0].DeviceAttributes, AttributeType{Name: aws.String("x")})
	assert.Equal(t, before, *devices[1].DeviceKey)
}

func TestDecodeDevicePageEmptyAndNull(t *testing.T) {
	for _, body := range []string{`{}`, `{"Devices":null}`, `{"Devices":[]}`, ` { "Devices" : [ ] , "PaginationToken" : null } `} {
		devices, token, err := decodeDevicePage(body)
		require.NoError(t, err, body)
		assert.Empty(t, devices, body)
		assert.Nil(t, token, body)
	}
}

func TestDecodeRejectsMalformedBodies(t *testing.T) {
	tests := []struct {
		name, body, wantErr string
	}{
		{"empty", "", "empty response body"},
		{"white space", "  \n", "empty response body"},
		{"not an object", `[]`, "must be a JSON object"},
		{"truncated", `{"Devices":[{"DeviceKey":"k"`, "expected ',' or '}'"},
		{"truncated string", `{"Devices":[{"DeviceKey":"k`, "unterminated string"},
		{"trailing garbage", `{"Devices":[]} x`, "unexpected data after"},
		{"trailing comma", `{"Devices":[],}`, "expected a string"},
		{"devices not a list", `{"Devices":{}}`, "Devices must be a JSON array"},
		{"device not an object", `{"Devices":[1]}`, "Devices[0]: invalid JSON at offset 12: device must be a JSON object"},
		{"key not a string", `{"Devices":[{"DeviceKey":5}]}`, "DeviceKey"},
		{"date is a string", `{"Devices":[{"DeviceCreateDate":"2024-01-01"}]}`, "DeviceCreateDate must be a number of epoch seconds"},
		{"date out of range", `{"Devices":[{"DeviceCreateDate":1e20}]}`, "out of range"},
		{"bad number", `{"Devices":[{"DeviceCreateDate":1.}]}`, "no digits after the decimal point"},
		{"leading zero", `{"Devices":[{"DeviceCreateDate":01}]}`, "expected ',' or '}'"},
		{"control character", "{\"PaginationToken\":\"a\tb\"}", "control character"},
		{"bad escape", `{"PaginationToken":"a\qb"}`, "invalid escape"},
		{"bad unicode escape", `{"PaginationToken":"\u12G4"}`, "invalid \\u escape"},
		{"bad literal", `{"Devices":nul}`, "invalid literal"},
		{"deep nesting", `{"x":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}`, "nesting deeper"},
		{"attribute not object", `{"Devices":[{"DeviceAttributes":["a"]}]}`, "DeviceAttributes[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			devices, token, err := decodeDevicePage(tt.body)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Nil(t, devices, "no partial result")
			assert.Nil(t, token)
		})
	}
}

func TestDecodeDeviceResponseRequiresDevice(t *testing.T) {
	for _, body := range []string{`{}`, `{"Device":null}`, `{"Other":1}`} {
		_, err := decodeDeviceResponse(body)
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), "no Device")
	}
}

func TestDecodeSkipsUnknownMembers(t *testing.T) {
	body := `{"Extra":{"a":[1,2,{"b":null}],"c":"\u0041"},"Devices":[{"DeviceKey":"k","New":true,"More":[false,-1.5e3]}],"Tail":"x"}`
	devices, _, err := decodeDevicePage(body)
	require.NoError(t, err)
	require.Len(t, devices, 1)
	assert.Equal(t, "k", *devices[0].DeviceKey)
}

func TestDecodeInvalidUTF8IsReplaced(t *testing.T) {
	devices, _, err := decodeDevicePage("{\"Devices\":[{\"DeviceKey\":\"a\xffb\"}]}")
	require.NoError(t, err)
	assert.Equal(t, "a\uFFFDb", *devices[0].DeviceKey)
}

// FuzzDecodeDevicePage checks that the decoder never panics, accepts only
// valid JSON, and on success agrees with encoding/json on the structure.
func FuzzDecodeDevicePage(f *testing.F) {
	f.Add(readFixture(f, "list_devices_page.json"))
	f.Add(readFixture(f, "admin_get_device_response.json"))
	f.Add(`{"Devices":[{"DeviceKey":"k","DeviceAttributes":[{"Name":"n","Value":"v"}],"DeviceCreateDate":1.5E9}],"PaginationToken":"t"}`)
	f.Add(`{"Devices":null}`)
	f.Add(`{"x":[[[{}]]]}`)
	f.Add(`{"Devices":[{"DeviceKey":"\ud83d\ude00\u0041"}]}`)
	f.Add(servicePage(2))
	f.Add(`{"Device":` + strings.TrimSuffix(strings.TrimPrefix(servicePage(1), `{"Devices":[`), `],"PaginationToken":"eyJwYWdlIjoyfQ=="}`) + `}`)
	f.Fuzz(func(t *testing.T, body string) {
		devices, token, err := decodeDevicePage(body)
		if device, err := decodeDeviceResponse(body); err == nil {
			// As below: the compact and the general readings agree.
			var spaced bytes.Buffer
			require.NoError(t, json.Indent(&spaced, []byte(body), "", " "))
			again, err := decodeDeviceResponse(spaced.String())
			require.NoError(t, err, "%q indented", body)
			if !reflect.DeepEqual(device, again) {
				t.Fatalf("%q: the compact and the general reading differ", body)
			}
		}
		if err != nil {
			return
		}
		if !json.Valid([]byte(body)) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		// encoding/json into a map matches keys exactly, as the service's
		// protocol requires; the last of duplicate keys wins in both.
		// Numbers stay json.Number: valid JSON such as 1E700 in a member
		// the library skips overflows a float64, and the library is right
		// to accept it (testdata/fuzz/FuzzDecodeDevicePage/float64_overflow).
		// json.Valid above has ruled out anything after the document.
		var ref map[string]any
		dec := json.NewDecoder(strings.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&ref); err != nil {
			t.Fatalf("accepted %q, which encoding/json refuses: %v", body, err)
		}
		if list, ok := ref["Devices"].([]any); ok && len(list) != len(devices) {
			t.Fatalf("%q: %d devices, encoding/json saw %d", body, len(devices), len(list))
		}
		if want, ok := ref["PaginationToken"].(string); ok && (token == nil || *token != want) {
			t.Fatalf("%q: token %v, encoding/json saw %q", body, token, want)
		}
		// The same document with white space between its tokens goes
		// down the general path only: the compact forms' fast paths must
		// read exactly what it reads.
		var spaced bytes.Buffer
		require.NoError(t, json.Indent(&spaced, []byte(body), "", " "))
		again, againToken, err := decodeDevicePage(spaced.String())
		require.NoError(t, err, "%q indented", body)
		if !reflect.DeepEqual(devices, again) || !reflect.DeepEqual(token, againToken) {
			t.Fatalf("%q: the compact and the general reading differ", body)
		}
	})
}

// TestDecodedValuesOutliveTheBuffer decodes from a view of a buffer, as the
// client does with its pooled read buffer, then scribbles over the buffer:
// nothing decoded may change.
func TestDecodedValuesOutliveTheBuffer(t *testing.T) {
	buf := []byte(readFixture(t, "list_devices_page.json"))
	devices, token, err := decodeDevicePage(bytesView(buf))
	require.NoError(t, err)
	want := fmt.Sprintf("%v %v %v %v", *devices[0].DeviceKey, devices[0].Name(), devices[0].LastIPUsed(), *token)
	for i := range buf {
		buf[i] = 'X'
	}
	assert.Equal(t, want, fmt.Sprintf("%v %v %v %v", *devices[0].DeviceKey, devices[0].Name(), devices[0].LastIPUsed(), *token))
	assert.Equal(t, "us-east-1_11111111-1111-1111-1111-111111111111", *devices[0].DeviceKey)
}

// TestSpecialBytesFindsTheFirstSpecialByte checks the eight-byte test
// against the byte table: plainEnd must stop exactly at the first byte
// that needs attention, never before and never past it.
func TestSpecialBytesFindsTheFirstSpecialByte(t *testing.T) {
	check := func(w []byte) {
		first := len(w)
		for i, c := range w {
			if !plainStringByte[c] {
				first = i
				break
			}
		}
		if got := plainEnd(string(w), 0); got != first {
			t.Fatalf("plainEnd(%q) = %d, want %d", w, got, first)
		}
		if (specialBytes(string(w)) == 0) != (first == len(w)) {
			t.Fatalf("specialBytes(%q) = %#x, but the first special byte is at %d", w, specialBytes(string(w)), first)
		}
	}
	w := []byte("abcdefgh")
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			for _, fill := range []byte{'a', 0x20, '!', 0x7f, '#', '[', ']'} {
				for i := range w {
					w[i] = fill
				}
				w[pos] = byte(c)
				check(w)
			}
		}
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		for j := range w {
			w[j] = byte(rnd.IntN(256))
		}
		check(w)
	}
}

// TestCompactAndGeneralAttributePathsAgree decodes the same attributes in
// the service's compact form (fast path) and with white space or escapes
// (general path).
func TestCompactAndGeneralAttributePathsAgree(t *testing.T) {
	forms := []string{
		`{"Devices":[{"DeviceAttributes":[{"Name":"device_name","Value":"Pixel 9"},{"Name":"x","Value":""},{"Name":"é","Value":"a\"b"},{"Value":"v","Name":"n"},{"Name":"k","Value":null}]}]}`,
		`{"Devices":[{"DeviceAttributes":[ {"Name": "device_name", "Value": "Pixel 9"}, {"Name":"x","Value":""}, {"Name":"\u00e9","Value":"a\"b"}, {"Value":"v","Name":"n"}, {"Name":"k","Value":null} ]}]}`,
	}
	var got [][]string
	for _, body := range forms {
		devices, _, err := decodeDevicePage(body)
		require.NoError(t, err, body)
		var pairs []string
		for _, a := range devices[0].DeviceAttributes {
			pairs = append(pairs, fmt.Sprintf("%v=%v", derefString(a.Name), a.Value != nil && *a.Value == derefString(a.Value)))
			pairs = append(pairs, derefString(a.Value))
		}
		got = append(got, pairs)
	}
	assert.Equal(t, got[0], got[1])
	assert.Equal(t, []string{"device_name=true", "Pixel 9", "x=true", "", "é=true", `a"b`, "n=true", "v", "k=false", ""}, got[0])
	for _, bad := range []string{
		`{"Devices":[{"DeviceAttributes":[{"Name":"a","Value":"b"`,
		`{"Devices":[{"DeviceAttributes":[{"Name":"a","Value":"b"}`,
		`{"Devices":[{"DeviceAttributes":[{"Name":"a","Value":"b"}x]}]}`,
		"{\"Devices\":[{\"DeviceAttributes\":[{\"Name\":\"a\",\"Value\":\"b\x01\"}]}]}",
	} {
		_, _, err := decodeDevicePage(bad)
		assert.Error(t, err, bad)
	}
}

// TestAttributeNamesOutOfTurn decodes devices whose attribute names
// differ from the previous device's at the same index (another known
// name, an unknown one, a longer one that starts with a known one), which
// the decoder tries first.
func TestAttributeNamesOutOfTurn(t *testing.T) {
	body := `{"Devices":[` +
		`{"DeviceAttributes":[{"Name":"device_status","Value":"valid"},{"Name":"device_name","Value":"a"}]},` +
		`{"DeviceAttributes":[{"Name":"device_name","Value":"b"},{"Name":"device_status","Value":"valid"},{"Name":"custom","Value":"c"}]},` +
		`{"DeviceAttributes":[{"Name":"device_name2","Value":"d"},{"Name":"device_status","Value":"v\"w"},{"Name":"device_sdk","Value":"e"}]},` +
		`{"DeviceAttributes":[{"Name":"device_name2","Value":"f"},{"Name":"device_status","Value":"g"}]}]}`
	devices, _, err := decodeDevicePage(body)
	require.NoError(t, err)
	var got []string
	for _, dev := range devices {
		var pairs []string
		for _, a := range dev.DeviceAttributes {
			pairs = append(pairs, derefString(a.Name)+"="+derefString(a.Value))
		}
		got = append(got, strings.Join(pairs, ","))
	}
	assert.Equal(t, []string{
		"device_status=valid,device_name=a",
		"device_name=b,device_status=valid,custom=c",
		`device_name2=d,device_status=v"w,device_sdk=e`,
		"device_name2=f,device_status=g",
	}, got)
	name := devices[1].DeviceAttributes[0].Name
	*name = "changed"
	assert.Equal(t, AttributeDeviceName, *devices[0].DeviceAttributes[1].Name, "two devices share a name's pointer")
}

// TestAttributeListsCrossSlabs decodes attribute lists with an attribute
// slab too small for them, so that lists move to a new slab part way, in
// the compact form and in one the compact path gives up on after moving.
func TestAttributeListsCrossSlabs(t *testing.T) {
	body := `{"Devices":[` +
		`{"DeviceAttributes":[{"Name":"a","Value":"1"},{"Name":"b","Value":"2"}]},` +
		`{"DeviceAttributes":[{"Name":"c","Value":"3"},{"Name":"d","Value":"4"},{"Name":"e","Value":"5"}]},` +
		`{"DeviceAttributes":[{"Name":"f","Value":"6"},{"Name":"g","Value":"7"},{"Name":"h","Value":"8"}, {"Name":"i","Value":"9"}]}]}`
	d, err := newDecoder(body)
	require.NoError(t, err)
	d.a.attrs = make([]AttributeType, 0, 3)
	require.True(t, d.r.expect(`{"Devices":`))
	devices, err := d.deviceList()
	require.NoError(t, err)
	var got []string
	for _, dev := range devices {
		var pairs []string
		for _, a := range dev.DeviceAttributes {
			pairs = append(pairs, derefString(a.Name)+"="+derefString(a.Value))
		}
		got = append(got, strings.Join(pairs, ","))
	}
	assert.Equal(t, []string{"a=1,b=2", "c=3,d=4,e=5", "f=6,g=7,h=8,i=9"}, got)
	for i, dev := range devices[:2] {
		_ = append(dev.DeviceAttributes, AttributeType{Name: new(string)})
		assert.Equal(t, strings.Split(got[i+1], ",")[0], derefString(devices[i+1].DeviceAttributes[0].Name)+"="+derefString(devices[i+1].DeviceAttributes[0].Value),
			"appending to one device's attributes wrote into the next one's")
	}
}

// FuzzDecodeConfirmDeviceResponse checks the ConfirmDevice decoder against
// encoding/json: what it accepts is valid JSON, an object, and its flag is
// the last UserConfirmationNecessary member's (false for null or absent).
func FuzzDecodeConfirmDeviceResponse(f *testing.F) {
	for _, seed := range []string{
		`{"UserConfirmationNecessary":true}`, `{"UserConfirmationNecessary":false,"x":[1,{"a":null}]}`, `{}`,
		`{"UserConfirmationNecessary":null}`, `{"UserConfirmationNecessary":true,"UserConfirmationNecessary":false}`,
		``, `null`, `{"UserConfirmationNecessary":"true"}`, ` { } `,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		got, err := decodeConfirmDeviceResponse(body)
		if err != nil {
			return
		}
		var ref map[string]any
		if err := json.Unmarshal([]byte(body), &ref); err != nil || ref == nil {
			t.Fatalf("accepted %q, which encoding/json does not read as an object: %v", body, err)
		}
		want, _ := ref["UserConfirmationNecessary"].(bool)
		if got != want {
			t.Fatalf("%q: flag %v, encoding/json saw %v", body, got, want)
		}
	})
}

// FuzzDecodeEmptyResponse checks the decoder of the outputs without
// members: it accepts an empty body or one JSON object, nothing else.
func FuzzDecodeEmptyResponse(f *testing.F) {
	for _, seed := range []string{``, `{}`, ` {"Unknown":{"a":[1,2]}} `, `[]`, `null`, `{`, `{} {}`, `"s"`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		err := decodeEmptyResponse(body)
		if strings.TrimLeft(body, " \t\r\n") == "" {
			if err != nil {
				t.Fatalf("refused the empty body %q: %v", body, err)
			}
			return
		}
		var ref map[string]any
		refErr := json.Unmarshal([]byte(body), &ref)
		isObject := refErr == nil && ref != nil
		if (err == nil) != isObject {
			t.Fatalf("%q: error %v, but encoding/json reads an object: %v", body, err, isObject)
		}
	})
}

// signInResponse is a service answer with tokens and a new device, with
// members in the service's order.
const signInResponse = `{"AuthenticationResult":{"AccessToken":"eyJ.access.sig","ExpiresIn":3600,"IdToken":"eyJ.id.sig","NewDeviceMetadata":{"DeviceGroupKey":"-Gx9aBcD","DeviceKey":"us-east-1_a1b2c3d4-5678-90ab-cdef-000000033333"},"RefreshToken":"eyJ.refresh.sig","TokenType":"Bearer"},"ChallengeParameters":{}}`

func TestDecodeAuthResponse(t *testing.T) {
	tests := []struct {
		name          string
		body          string
		withAvailable bool
		want          authResponse
	}{
		{"tokens and a new device", signInResponse, false, authResponse{
			result: &AuthenticationResultType{AccessToken: aws.String("eyJ.access.sig"), ExpiresIn: 3600, IdToken: aws.String("eyJ.id.sig"),
				NewDeviceMetadata: &NewDeviceMetadataType{DeviceGroupKey: aws.String("-Gx9aBcD"), DeviceKey: aws.String("us-east-1_a1b2c3d4-5678-90ab-cdef-000000033333")},
				RefreshToken:      aws.String("eyJ.refresh.sig"), TokenType: aws.String("Bearer")},
			parameters: map[string]string{},
		}},
		{"a challenge", `{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1","SRP_B":"b2","SECRET_BLOCK":"c3","USERNAME":"alice","USER_ID_FOR_SRP":"alice"},"Session":null}`, true, authResponse{
			challenge:  ChallengeNameTypePasswordVerifier,
			parameters: map[string]string{"SALT": "a1", "SRP_B": "b2", "SECRET_BLOCK": "c3", "USERNAME": "alice", "USER_ID_FOR_SRP": "alice"},
		}},
		{"available challenges", `{"AvailableChallenges":["PASSWORD","WEB_AUTHN",null,"SOMETHING_NEW"],"Session":"AYABe-session-0000000000"}`, true, authResponse{
			available: []ChallengeNameType{ChallengeNameTypePassword, ChallengeNameTypeWebAuthn, "", "SOMETHING_NEW"},
			session:   aws.String("AYABe-session-0000000000"),
		}},
		{"available challenges skipped where the output has none", `{"AvailableChallenges":{"not":"a list"},"ChallengeName":"SMS_MFA"}`, false, authResponse{
			challenge: ChallengeNameTypeSmsMfa,
		}},
		{"empty lists and objects stay empty", `{"AvailableChallenges":[],"ChallengeParameters":{},"AuthenticationResult":{"NewDeviceMetadata":{}}}`, true, authResponse{
			available: []ChallengeNameType{}, parameters: map[string]string{},
			result: &AuthenticationResultType{NewDeviceMetadata: &NewDeviceMetadataType{}},
		}},
		{"nulls are absent", `{"AuthenticationResult":{"AccessToken":null,"ExpiresIn":null,"NewDeviceMetadata":null},"AvailableChallenges":null,"ChallengeName":null,"ChallengeParameters":{"a":null},"Session":null}`, true, authResponse{
			result: &AuthenticationResultType{}, parameters: map[string]string{"a": ""},
		}},
		{"unknown members, escapes, last duplicate wins", `{"New":[1,{"x":null}],"ChallengeParameters":{"k":"v1","k":"v2","\u00e9\n":"\"q\""},"AuthenticationResult":{"Extra":true,"ExpiresIn":-2147483648,"TokenType":"B\u0065arer"}}`, true, authResponse{
			result:     &AuthenticationResultType{ExpiresIn: -2147483648, TokenType: aws.String("Bearer")},
			parameters: map[string]string{"k": "v2", "é\n": `"q"`},
		}},
		{"empty object", `{}`, true, authResponse{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeAuthResponse(tt.body, tt.withAvailable)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDecodeAuthResponseRejectsMalformedBodies(t *testing.T) {
	tooMany := func(open, element, close string) string {
		return open + strings.TrimSuffix(strings.Repeat(element+",", maxAuthResponseEntries+1), ",") + close
	}
	var manyParameters strings.Builder
	manyParameters.WriteString(`{"ChallengeParameters":{`)
	for i := range maxAuthResponseEntries + 1 {
		if i > 0 {
			manyParameters.WriteByte(',')
		}
		fmt.Fprintf(&manyParameters, `"k%d":""`, i)
	}
	manyParameters.WriteString(`}}`)
	tests := []struct {
		name, body, wantErr string
	}{
		{"empty", ``, "empty response body"},
		{"null", `null`, "must be a JSON object"},
		{"trailing data", `{} {}`, "unexpected data after"},
		{"ExpiresIn beyond int32", `{"AuthenticationResult":{"ExpiresIn":2147483648}}`, "not an integer in the range of int32"},
		{"ExpiresIn with a fraction", `{"AuthenticationResult":{"ExpiresIn":3600.5}}`, "not an integer"},
		{"ExpiresIn with an exponent", `{"AuthenticationResult":{"ExpiresIn":3.6e3}}`, "not an integer"},
		{"ExpiresIn a string", `{"AuthenticationResult":{"ExpiresIn":"3600"}}`, "ExpiresIn must be an integer"},
		{"token a number", `{"AuthenticationResult":{"AccessToken":7}}`, "AccessToken"},
		{"result a list", `{"AuthenticationResult":[]}`, "must be a JSON object"},
		{"device metadata a string", `{"AuthenticationResult":{"NewDeviceMetadata":"k"}}`, "NewDeviceMetadata must be a JSON object"},
		{"parameter value a number", `{"ChallengeParameters":{"SRP_B":1}}`, "values must be strings"},
		{"parameters a list", `{"ChallengeParameters":["a"]}`, "ChallengeParameters must be a JSON object"},
		{"too many parameters", manyParameters.String(), "more than 1000 members"},
		{"challenge name a number", `{"ChallengeName":1}`, "ChallengeName"},
		{"available challenge a number", `{"AvailableChallenges":["SMS_MFA",2]}`, "AvailableChallenges[1]"},
		{"too many available challenges", tooMany(`{"AvailableChallenges":[`, `"SMS_MFA"`, `]}`), "more than 1000 elements"},
		{"session a number", `{"Session":12}`, "Session"},
		{"truncated", `{"AuthenticationResult":{"AccessToken":"eyJ`, "unterminated string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeAuthResponse(tt.body, true)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Equal(t, authResponse{}, got, "no partial result")
		})
	}
}

// TestDecodedAuthValuesOutliveTheBuffer decodes a sign-in response from a
// view of a buffer, as the client does with its pooled read buffer, then
// overwrites the buffer: no token, key, parameter or name may change.
func TestDecodedAuthValuesOutliveTheBuffer(t *testing.T) {
	body := `{"AuthenticationResult":{"AccessToken":"eyJ.access.sig","NewDeviceMetadata":{"DeviceKey":"us-east-1_0a"}},"ChallengeName":"NEW_CHALLENGE","AvailableChallenges":["ANOTHER_NEW"],"ChallengeParameters":{"SRP_B":"b2"},"Session":"AYABe-session-0000000000"}`
	buf := []byte(body)
	got, err := decodeAuthResponse(bytesView(buf), true)
	require.NoError(t, err)
	want, err := decodeAuthResponse(body, true)
	require.NoError(t, err)
	for i := range buf {
		buf[i] = 'X'
	}
	assert.Equal(t, want, got)
	assert.Equal(t, "eyJ.access.sig", *got.result.AccessToken)
	assert.Equal(t, map[string]string{"SRP_B": "b2"}, got.parameters)
	assert.Equal(t, ChallengeNameType("NEW_CHALLENGE"), got.challenge)
}

// FuzzDecodeAuthResponse checks the sign-in decoder against
// encoding/json: it never panics, accepts only a JSON object, and what it
// reads of the session, the challenge, its parameters and the tokens is
// what encoding/json reads.
func FuzzDecodeAuthResponse(f *testing.F) {
	for _, seed := range []string{
		signInResponse,
		`{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1","SRP_B":"b2","USERNAME":"alice"},"Session":"s"}`,
		`{"AvailableChallenges":["PASSWORD",null],"ChallengeParameters":{"a":null,"a":"b"}}`,
		`{"AuthenticationResult":{"ExpiresIn":2147483648}}`, `{"AuthenticationResult":{"ExpiresIn":-0}}`,
		`{"AuthenticationResult":null,"Session":null}`, `{"ChallengeParameters":{"\u00e9":"\ud83d\ude00"}}`,
		``, `null`, `[]`, `{} x`, `{"Session":1}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		got, err := decodeAuthResponse(body, true)
		_, _ = decodeAuthResponse(body, false)
		if err != nil {
			return
		}
		var ref struct {
			AuthenticationResult *struct {
				AccessToken, IdToken, RefreshToken, TokenType *string
				ExpiresIn                                     int32
			}
			ChallengeName       *string
			ChallengeParameters map[string]*string
			Session             *string
		}
		// Decoding into a map first makes encoding/json match keys
		// exactly, as the protocol does, and refuse what is no object.
		var members map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &members); err != nil || members == nil {
			t.Fatalf("accepted %q, which encoding/json does not read as an object: %v", body, err)
		}
		exact := map[string]json.RawMessage{}
		for _, k := range []string{"AuthenticationResult", "ChallengeName", "ChallengeParameters", "Session"} {
			if v, ok := members[k]; ok {
				exact[k] = v
			}
		}
		b, _ := json.Marshal(exact)
		if err := json.Unmarshal(b, &ref); err != nil {
			// encoding/json matches struct fields without regard to case
			// inside AuthenticationResult; the strict decoder does not, so
			// only a disagreement at the top level is a failure.
			return
		}
		if !equalPtr(got.session, ref.Session) {
			t.Fatalf("%q: session %v, encoding/json saw %v", body, got.session, ref.Session)
		}
		if string(got.challenge) != derefString(ref.ChallengeName) {
			t.Fatalf("%q: challenge %q, encoding/json saw %v", body, got.challenge, ref.ChallengeName)
		}
		if (got.parameters == nil) != (ref.ChallengeParameters == nil) || len(got.parameters) != len(ref.ChallengeParameters) {
			t.Fatalf("%q: parameters %v, encoding/json saw %v", body, got.parameters, ref.ChallengeParameters)
		}
		for k, v := range ref.ChallengeParameters {
			if got.parameters[k] != derefString(v) {
				t.Fatalf("%q: parameter %q is %q, encoding/json saw %v", body, k, got.parameters[k], v)
			}
		}
		if (got.result == nil) != (ref.AuthenticationResult == nil) {
			t.Fatalf("%q: result %v, encoding/json saw %v", body, got.result, ref.AuthenticationResult)
		}
	})
}

func equalPtr(a, b *string) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// servicePage returns a listing of n devices in the service's shape:
// seven attributes and three dates each, as compact JSON.
func servicePage(n int) string {
	var b strings.Builder
	b.WriteString(`{"Devices":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		key := fmt.Sprintf("us-west-2_a1b2c3d4-5678-90ab-cdef-%012d", i)
		created := int64(1715100742022) + int64(i)*86_400_001
		fmt.Fprintf(&b, `{"DeviceAttributes":[{"Name":"device_status","Value":"valid"},{"Name":"device_name","Value":"Dart-device-%02d"},`+
			`{"Name":"dev:device_arn","Value":"arn:aws:cognito-idp:us-west-2:123456789012:owner/testuser.us-west-2_EXAMPLE/device/%s"},`+
			`{"Name":"dev:device_owner","Value":"testuser.us-west-2_EXAMPLE"},{"Name":"last_ip_used","Value":"192.0.2.%d"},`+
			`{"Name":"dev:device_remembered_status","Value":"remembered"},{"Name":"dev:device_sdk","Value":"aws-sdk-unknown-unknown"}],`+
			`"DeviceCreateDate":%d.%03d,"DeviceKey":"%s","DeviceLastAuthenticatedDate":%d.0,"DeviceLastModifiedDate":%d.%03d}`,
			i, key, i+1, created/1000, created%1000, key, created/1000+37, created/1000+3600, created%1000)
	}
	b.WriteString(`],"PaginationToken":"eyJwYWdlIjoyfQ=="}`)
	return b.String()
}

// BenchmarkDecodeDevicePage60 decodes a 60-device page of the service's
// shape: the decoder alone, without the call around it.
func BenchmarkDecodeDevicePage60(b *testing.B) {
	body := servicePage(60)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		devices, _, err := decodeDevicePage(body)
		if err != nil || len(devices) != 60 {
			b.Fatal(len(devices), err)
		}
	}
}

// BenchmarkBuildDevicePage60 builds the output of
// BenchmarkDecodeDevicePage60 from values already read out of the page:
// the arena's copies, pointers and slabs, with no scanning or parsing.
// It is the part of decoding that the output's shape (a pointer for every
// string and date) costs whatever the parser.
func BenchmarkBuildDevicePage60(b *testing.B) {
	body := servicePage(60)
	want, _, err := decodeDevicePage(body)
	require.NoError(b, err)
	type pair struct{ name, value string }
	type parsed struct {
		key                           string
		attrs                         []pair
		created, modified, authorized time.Time
	}
	in := make([]parsed, len(want))
	for i, dev := range want {
		in[i] = parsed{key: *dev.DeviceKey, created: *dev.DeviceCreateDate, modified: *dev.DeviceLastModifiedDate, authorized: *dev.DeviceLastAuthenticatedDate}
		for _, a := range dev.DeviceAttributes {
			in[i].attrs = append(in[i].attrs, pair{*a.Name, *a.Value})
		}
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		d := &decoder{r: jsonReader{src: body}}
		d.sizeFor(body)
		devices := make([]DeviceType, 0, d.devicesHint)
		for _, p := range in {
			first := len(d.a.attrs)
			for _, a := range p.attrs {
				d.a.attrs = append(d.a.attrs, AttributeType{Name: d.a.string(a.name), Value: d.a.string(a.value)})
			}
			devices = append(devices, DeviceType{
				DeviceAttributes:            d.a.attrs[first:len(d.a.attrs):len(d.a.attrs)],
				DeviceKey:                   d.a.string(p.key),
				DeviceCreateDate:            d.a.time(p.created),
				DeviceLastModifiedDate:      d.a.time(p.modified),
				DeviceLastAuthenticatedDate: d.a.time(p.authorized),
			})
		}
		if len(devices) != 60 {
			b.Fatal(len(devices))
		}
	}
}

// TestDecodeDevicePageAllocations pins the allocations of decoding a page
// of the service's shape: the decoder, four slabs and the device list,
// however many devices and attributes the page holds.
func TestDecodeDevicePageAllocations(t *testing.T) {
	body := servicePage(60)
	allocs := LeastAllocsPerRun(20, func() {
		if _, _, err := decodeDevicePage(body); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, allocs, 6.0)
}
