package cognitodevices

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
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

func TestAppendJSONString(t *testing.T) {
	tests := map[string]string{
		"plain":          `"plain"`,
		`q"b\`:           `"q\"b\\"`,
		"\n\r\t\x01\x1f": `"\n\r\t\u0001\u001f"`,
		"<&>":            `"<&>"`,
		"é\u2028\u2029":  `"é\u2028\u2029"`,
		"a\xffb":         `"a\ufffdb"`,
		"":               `""`,
	}
	for in, want := range tests {
		got := string(appendJSONString(nil, in))
		assert.Equal(t, want, got, "%q", in)
		var back string
		require.NoError(t, json.Unmarshal([]byte(got), &back))
	}
}

func TestRequestBodies(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want string
	}{
		{"AdminGetDevice", opAdminGetDevice.encode(nil, &AdminGetDeviceInput{DeviceKey: aws.String("k"), UserPoolId: aws.String("p"), Username: aws.String("u")}),
			`{"DeviceKey":"k","Username":"u","UserPoolId":"p"}`},
		{"AdminListDevices all", opAdminListDevices.encode(nil, &AdminListDevicesInput{UserPoolId: aws.String("p"), Username: aws.String("u"), Limit: aws.Int32(0), PaginationToken: aws.String("t")}),
			`{"Limit":0,"PaginationToken":"t","Username":"u","UserPoolId":"p"}`},
		{"AdminListDevices minimal", opAdminListDevices.encode(nil, &AdminListDevicesInput{UserPoolId: aws.String("p"), Username: aws.String("u")}),
			`{"Username":"u","UserPoolId":"p"}`},
		{"ListDevices", opListDevices.encode(nil, &ListDevicesInput{AccessToken: aws.String("tok"), Limit: aws.Int32(60)}),
			`{"AccessToken":"tok","Limit":60}`},
		{"empty", opListDevices.encode(nil, &ListDevicesInput{}), `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(tt.body))
		})
	}
}

func TestDecodeAPIError(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		header   string
		body     string
		wantCode string
		wantMsg  string
		typed    any
	}{
		{"header wins", 400, "UserNotFoundException:http://internal", `{"__type":"ResourceNotFoundException","message":"m"}`, "UserNotFoundException", "m", &UserNotFoundException{}},
		{"__type with namespace", 400, "", `{"__type":"com.amazonaws#TooManyRequestsException","message":"slow down"}`, "TooManyRequestsException", "slow down", &TooManyRequestsException{}},
		{"code member", 400, "", `{"code":"NotAuthorizedException","Message":"Invalid Access Token"}`, "NotAuthorizedException", "Invalid Access Token", &NotAuthorizedException{}},
		{"case-insensitive", 400, "", `{"__type":"invalidparameterexception","message":"bad","reasonCode":"R"}`, "InvalidParameterException", "bad", &InvalidParameterException{}},
		{"internal error", 500, "", `{"__type":"InternalErrorException"}`, "InternalErrorException", "", &InternalErrorException{}},
		{"unknown code", 400, "", `{"__type":"BrandNewException","message":"new"}`, "BrandNewException", "new", &smithy.GenericAPIError{}},
		{"no code", 400, "", `{"message":"what"}`, "UnknownError", "what", &smithy.GenericAPIError{}},
		{"html", 502, "", `<html><body>Bad Gateway</body></html>`, "UnknownError", "HTTP 502 Bad Gateway with a body that is not a JSON object: \"<html><body>Bad Gateway</body></html>\"", &smithy.GenericAPIError{}},
		{"empty 503", 503, "", ``, "UnknownError", "HTTP 503 Service Unavailable with an empty body", &smithy.GenericAPIError{}},
		{"known code with non-JSON body", 400, "ForbiddenException", `blocked`, "ForbiddenException", "", &ForbiddenException{}},
		{"known code, junk after the object", 400, "", `{"__type":"NotAuthorizedException","message":"m"} trailing`, "NotAuthorizedException", "m", &NotAuthorizedException{}},
		{"unknown code with non-JSON body", 400, "Weird", `blocked`, "Weird", "HTTP 400 Bad Request with a body that is not a JSON object: \"blocked\"", &smithy.GenericAPIError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("X-Amzn-ErrorType", tt.header)
			}
			err := decodeAPIError(tt.status, h, tt.body)
			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.wantCode, apiErr.ErrorCode())
			assert.Equal(t, tt.wantMsg, apiErr.ErrorMessage())
			assert.IsType(t, tt.typed, err)
		})
	}
	err := decodeAPIError(400, http.Header{}, `{"__type":"InvalidParameterException","reasonCode":"INVALID_ADDRESS"}`)
	assert.Equal(t, "INVALID_ADDRESS", aws.ToString(err.(*InvalidParameterException).ReasonCode))
	assert.Equal(t, smithy.FaultServer, (&InternalErrorException{}).ErrorFault())
	assert.Equal(t, smithy.FaultClient, (&UserNotFoundException{}).ErrorFault())
}

func TestSanitizeErrorCode(t *testing.T) {
	for in, want := range map[string]string{
		"UserNotFoundException":                 "UserNotFoundException",
		"aws.protocol#UserNotFoundException":    "UserNotFoundException",
		"UserNotFoundException:http://example/": "UserNotFoundException",
		"aws#UserNotFoundException:http://x#y":  "UserNotFoundException",
		"":                                      "",
		"a#b#c":                                 "b#c",
	} {
		assert.Equal(t, want, sanitizeErrorCode(in), in)
	}
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
	f.Fuzz(func(t *testing.T, body string) {
		devices, token, err := decodeDevicePage(body)
		_, _ = decodeDeviceResponse(body)
		if err != nil {
			return
		}
		if !json.Valid([]byte(body)) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		// encoding/json into a map matches keys exactly, as the service's
		// protocol requires; the last of duplicate keys wins in both.
		var ref map[string]any
		if err := json.Unmarshal([]byte(body), &ref); err != nil {
			t.Fatalf("accepted %q, which encoding/json refuses: %v", body, err)
		}
		if list, ok := ref["Devices"].([]any); ok && len(list) != len(devices) {
			t.Fatalf("%q: %d devices, encoding/json saw %d", body, len(devices), len(list))
		}
		if want, ok := ref["PaginationToken"].(string); ok && (token == nil || *token != want) {
			t.Fatalf("%q: token %v, encoding/json saw %q", body, token, want)
		}
	})
}

// FuzzDecodeAPIError checks that any error response yields an API error
// with a non-empty code and never panics.
func FuzzDecodeAPIError(f *testing.F) {
	f.Add(400, "", `{"__type":"UserNotFoundException","message":"m"}`)
	f.Add(400, "aws#X:y", `{"code":"Y"}`)
	f.Add(503, "", ``)
	f.Add(502, "", `<html>`)
	f.Add(400, "", `{"message":{"nested":1},"__type":5}`)
	f.Fuzz(func(t *testing.T, status int, header, body string) {
		h := http.Header{}
		h.Set("X-Amzn-ErrorType", header)
		err := decodeAPIError(status, h, body)
		var apiErr smithy.APIError
		if err == nil || !errors.As(err, &apiErr) {
			t.Fatalf("no API error for %q", body)
		}
		if apiErr.ErrorCode() == "" {
			t.Fatalf("empty code for header %q body %q", header, body)
		}
		_ = err.Error()
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

// TestPlainWordNeverMissesASpecialByte checks the eight-byte test against
// the byte table: it may send a plain word to the byte loop, but must never
// pass over a byte that needs attention.
func TestPlainWordNeverMissesASpecialByte(t *testing.T) {
	check := func(w []byte) {
		allPlain := true
		for _, c := range w {
			allPlain = allPlain && plainStringByte[c]
		}
		if plainWord(string(w)) && !allPlain {
			t.Fatalf("plainWord(%q) passed over a special byte", w)
		}
		if allPlain && !plainWord(string(w)) {
			t.Fatalf("plainWord(%q) refused a plain word", w)
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
