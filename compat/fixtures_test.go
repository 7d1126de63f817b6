package compat

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cognitodevices/cognitodevices"
)

// seedResponse reads the sample AdminGetDevice response of the service's
// API reference, kept as it is printed there (tabs, x-amz-json-1.0). It is
// the root module's fixture, which the root package's decoder tests read
// too: tests run in their package's directory, and compat's go.mod
// replaces the library with that root directory, so it is always there.
func seedResponse(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile("../testdata/admin_get_device_response.json")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// seedDevice is the device seedResponse holds, with its exact timestamps.
func seedDevice() cognitodevices.DeviceType {
	const key = "us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"
	return cognitodevices.DeviceType{
		DeviceKey: aws.String(key),
		DeviceAttributes: attrs(
			"device_status", "valid",
			"device_name", "Dart-device",
			"dev:device_arn", "arn:aws:cognito-idp:us-west-2:123456789012:owner/testuser.us-west-2_EXAMPLE/device/"+key,
			"dev:device_owner", "testuser.us-west-2_EXAMPLE",
			"last_ip_used", "192.0.2.1",
			"dev:device_remembered_status", "remembered",
			"dev:device_sdk", "aws-sdk-unknown-unknown",
		),
		DeviceCreateDate:            epoch(1715100742, 22_000_000),
		DeviceLastAuthenticatedDate: epoch(1715100742, 0),
		DeviceLastModifiedDate:      epoch(1715100742, 22_000_000),
	}
}

// attrs builds an attribute list from name, value pairs.
func attrs(pairs ...string) []cognitodevices.AttributeType {
	out := make([]cognitodevices.AttributeType, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, cognitodevices.AttributeType{Name: aws.String(pairs[i]), Value: aws.String(pairs[i+1])})
	}
	return out
}

func epoch(sec, nsec int64) *time.Time {
	t := time.Unix(sec, nsec).UTC()
	return &t
}

// wireDevice and wireAttribute lay a device out as the service sends it,
// members in the service's order.
type wireDevice struct {
	DeviceAttributes            []wireAttribute
	DeviceCreateDate            json.Number
	DeviceKey                   string
	DeviceLastAuthenticatedDate json.Number
	DeviceLastModifiedDate      json.Number
}

type wireAttribute struct {
	Name  string
	Value string
}

// devicePage returns a listing response of n devices, each with the seven
// attributes and three dates the service sets, and the devices it holds.
// Dates are written with millisecond fractions, as the service does, so
// that most of them are not exact in float64.
func devicePage(n int, token string) ([]byte, []cognitodevices.DeviceType) {
	const pool, user = "us-west-2_EXAMPLE", "testuser"
	wire := struct {
		Devices         []wireDevice
		PaginationToken string `json:",omitempty"`
	}{Devices: make([]wireDevice, n), PaginationToken: token}
	want := make([]cognitodevices.DeviceType, n)
	for i := range n {
		key := fmt.Sprintf("us-west-2_a1b2c3d4-5678-90ab-cdef-%012d", i)
		pairs := []string{
			"device_status", "valid",
			"device_name", fmt.Sprintf("Dart-device-%02d", i),
			"dev:device_arn", "arn:aws:cognito-idp:us-west-2:123456789012:owner/" + user + "." + pool + "/device/" + key,
			"dev:device_owner", user + "." + pool,
			"last_ip_used", fmt.Sprintf("192.0.2.%d", i+1),
			"dev:device_remembered_status", []string{"remembered", "not_remembered"}[i%2],
			"dev:device_sdk", "aws-sdk-unknown-unknown",
		}
		created := int64(1715100742022) + int64(i)*86_400_001
		modified := created + int64(i)*3_601_007
		authenticated := modified/1000*1000 + 37_000
		wd := wireDevice{
			DeviceCreateDate:            millis(created),
			DeviceKey:                   key,
			DeviceLastAuthenticatedDate: json.Number(fmt.Sprintf("%d.0", authenticated/1000)),
			DeviceLastModifiedDate:      millis(modified),
		}
		for j := 0; j < len(pairs); j += 2 {
			wd.DeviceAttributes = append(wd.DeviceAttributes, wireAttribute{pairs[j], pairs[j+1]})
		}
		wire.Devices[i] = wd
		want[i] = cognitodevices.DeviceType{
			DeviceKey:                   aws.String(key),
			DeviceAttributes:            attrs(pairs...),
			DeviceCreateDate:            epochMillis(created),
			DeviceLastModifiedDate:      epochMillis(modified),
			DeviceLastAuthenticatedDate: epochMillis(authenticated),
		}
	}
	body, err := json.Marshal(wire)
	if err != nil {
		panic(err)
	}
	return body, want
}

// millis writes milliseconds since the epoch as decimal seconds.
func millis(ms int64) json.Number {
	return json.Number(fmt.Sprintf("%d.%03d", ms/1000, ms%1000))
}

func epochMillis(ms int64) *time.Time {
	return epoch(ms/1000, ms%1000*int64(time.Millisecond))
}
