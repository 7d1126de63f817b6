package cognitodevices

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
