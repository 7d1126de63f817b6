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
		{"InitiateAuth maps sorted, keys escaped", opInitiateAuth.encode(nil, &InitiateAuthInput{AuthFlow: AuthFlowTypeUserSrpAuth, ClientId: aws.String("c"),
			AuthParameters: map[string]string{"b": "2", "a\"\n": "1\u2028", "": ""}, ClientMetadata: map[string]string{}}),
			`{"AuthFlow":"USER_SRP_AUTH","AuthParameters":{"":"","a\"\n":"1\u2028","b":"2"},"ClientId":"c","ClientMetadata":{}}`},
		{"InitiateAuth nil maps and empty enum omitted", opInitiateAuth.encode(nil, &InitiateAuthInput{ClientId: aws.String("c")}), `{"ClientId":"c"}`},
		{"AdminRespondToAuthChallenge all members", opAdminRespondToAuthChallenge.encode(nil, &AdminRespondToAuthChallengeInput{
			ChallengeName: ChallengeNameTypeSmsMfa, ClientId: aws.String("c"), UserPoolId: aws.String("p"),
			AnalyticsMetadata: &AnalyticsMetadataType{}, ChallengeResponses: map[string]string{"SMS_MFA_CODE": "1"}, ClientMetadata: map[string]string{"m": "v"},
			ContextData: &ContextDataType{EncodedData: aws.String("e"), HttpHeaders: []HttpHeader{{HeaderName: aws.String("n")}, {HeaderValue: aws.String("v")}, {}},
				IpAddress: aws.String("i"), ServerName: aws.String("s"), ServerPath: aws.String("/")},
			Session: aws.String("s")}),
			`{"AnalyticsMetadata":{},"ChallengeName":"SMS_MFA","ChallengeResponses":{"SMS_MFA_CODE":"1"},"ClientId":"c","ClientMetadata":{"m":"v"},` +
				`"ContextData":{"EncodedData":"e","HttpHeaders":[{"headerName":"n"},{"headerValue":"v"},{}],"IpAddress":"i","ServerName":"s","ServerPath":"/"},"Session":"s","UserPoolId":"p"}`},
		{"empty header list kept", opAdminInitiateAuth.encode(nil, &AdminInitiateAuthInput{ContextData: &ContextDataType{HttpHeaders: []HttpHeader{}}}),
			`{"ContextData":{"HttpHeaders":[]}}`},
		{"RespondToAuthChallenge user context", opRespondToAuthChallenge.encode(nil, &RespondToAuthChallengeInput{UserContextData: &UserContextDataType{IpAddress: aws.String("ip")}}),
			`{"UserContextData":{"IpAddress":"ip"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(tt.body))
		})
	}
}
