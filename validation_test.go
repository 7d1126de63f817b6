package cognitodevices_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/cognitodevices/cognitodevices/internal/optable"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
	cd "github.com/cognitodevices/cognitodevices"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidationSendsNothing(t *testing.T) {
	long := strings.Repeat("x", 200)
	tests := []struct {
		name   string
		run    func(c *cd.Client) error
		fields []string
	}{
		{"nil AdminGetDevice input", func(c *cd.Client) error { _, err := c.AdminGetDevice(context.Background(), nil); return err },
			[]string{"AdminGetDeviceInput.DeviceKey", "AdminGetDeviceInput.UserPoolId", "AdminGetDeviceInput.Username"}},
		{"empty strings", func(c *cd.Client) error {
			_, err := c.AdminGetDevice(context.Background(), &cd.AdminGetDeviceInput{DeviceKey: aws.String(""), UserPoolId: aws.String(""), Username: aws.String("")})
			return err
		}, []string{"AdminGetDeviceInput.DeviceKey", "AdminGetDeviceInput.UserPoolId", "AdminGetDeviceInput.Username"}},
		{"too long", func(c *cd.Client) error {
			_, err := c.AdminGetDevice(context.Background(), &cd.AdminGetDeviceInput{DeviceKey: aws.String(long[:56]), UserPoolId: aws.String(long[:56]), Username: aws.String(long[:129])})
			return err
		}, []string{"AdminGetDeviceInput.DeviceKey", "AdminGetDeviceInput.UserPoolId", "AdminGetDeviceInput.Username"}},
		{"limit 61", func(c *cd.Client) error {
			in := adminListInput()
			in.Limit = aws.Int32(61)
			_, err := c.AdminListDevices(context.Background(), in)
			return err
		}, []string{"AdminListDevicesInput.Limit"}},
		{"negative limit and empty token", func(c *cd.Client) error {
			_, err := c.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String(testToken), Limit: aws.Int32(-1), PaginationToken: aws.String("")})
			return err
		}, []string{"ListDevicesInput.Limit", "ListDevicesInput.PaginationToken"}},
		{"nil ListDevices input", func(c *cd.Client) error { _, err := c.ListDevices(context.Background(), nil); return err },
			[]string{"ListDevicesInput.AccessToken"}},
		{"access token with bad characters", func(c *cd.Client) error {
			_, err := c.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String("secret token\n")})
			return err
		}, []string{"ListDevicesInput.AccessToken"}},
		{"values outside the documented patterns", func(c *cd.Client) error {
			_, err := c.AdminGetDevice(context.Background(), &cd.AdminGetDeviceInput{
				DeviceKey: aws.String("us-east-1_EXAMPLE"), UserPoolId: aws.String("us-east-1"), Username: aws.String("secret token"),
			})
			return err
		}, []string{"AdminGetDeviceInput.DeviceKey", "AdminGetDeviceInput.UserPoolId", "AdminGetDeviceInput.Username"}},
		{"pagination token with white space", func(c *cd.Client) error {
			in := adminListInput()
			in.PaginationToken = aws.String("secret token")
			_, err := c.AdminListDevices(context.Background(), in)
			return err
		}, []string{"AdminListDevicesInput.PaginationToken"}},
		{"verifier and salt over 131072 characters", func(c *cd.Client) error {
			long := aws.String(strings.Repeat("A", 131073))
			_, err := c.ConfirmDevice(context.Background(), &cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(testKey),
				DeviceSecretVerifierConfig: &cd.DeviceSecretVerifierConfigType{PasswordVerifier: long, Salt: long}})
			return err
		}, []string{"ConfirmDeviceInput.DeviceSecretVerifierConfig.PasswordVerifier", "ConfirmDeviceInput.DeviceSecretVerifierConfig.Salt"}},
		{"AdminForgetDevice nil", func(c *cd.Client) error { _, err := c.AdminForgetDevice(context.Background(), nil); return err },
			[]string{"AdminForgetDeviceInput.DeviceKey", "AdminForgetDeviceInput.UserPoolId", "AdminForgetDeviceInput.Username"}},
		{"AdminUpdateDeviceStatus bad status", func(c *cd.Client) error {
			_, err := c.AdminUpdateDeviceStatus(context.Background(), &cd.AdminUpdateDeviceStatusInput{DeviceKey: aws.String(testKey), UserPoolId: aws.String(optable.Default.UserPoolId), Username: aws.String("u"), DeviceRememberedStatus: "forgotten"})
			return err
		}, []string{"AdminUpdateDeviceStatusInput.DeviceRememberedStatus"}},
		{"GetDevice nil", func(c *cd.Client) error { _, err := c.GetDevice(context.Background(), nil); return err },
			[]string{"GetDeviceInput.DeviceKey", "GetDeviceInput.AccessToken"}},
		{"ForgetDevice empty key", func(c *cd.Client) error {
			_, err := c.ForgetDevice(context.Background(), &cd.ForgetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("")})
			return err
		}, []string{"ForgetDeviceInput.DeviceKey"}},
		{"UpdateDeviceStatus nil", func(c *cd.Client) error { _, err := c.UpdateDeviceStatus(context.Background(), nil); return err },
			[]string{"UpdateDeviceStatusInput.AccessToken", "UpdateDeviceStatusInput.DeviceKey"}},
		{"ConfirmDevice long name, empty salt", func(c *cd.Client) error {
			_, err := c.ConfirmDevice(context.Background(), &cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(testKey),
				DeviceName: aws.String(strings.Repeat("n", 1025)), DeviceSecretVerifierConfig: &cd.DeviceSecretVerifierConfigType{Salt: aws.String("")}})
			return err
		}, []string{"ConfirmDeviceInput.DeviceName", "ConfirmDeviceInput.DeviceSecretVerifierConfig.Salt"}},
		{"InitiateAuth nil", func(c *cd.Client) error { _, err := c.InitiateAuth(context.Background(), nil); return err },
			[]string{"InitiateAuthInput.AuthFlow", "InitiateAuthInput.ClientId"}},
		{"RespondToAuthChallenge nil", func(c *cd.Client) error { _, err := c.RespondToAuthChallenge(context.Background(), nil); return err },
			[]string{"RespondToAuthChallengeInput.ChallengeName", "RespondToAuthChallengeInput.ClientId"}},
		{"AdminInitiateAuth nil", func(c *cd.Client) error { _, err := c.AdminInitiateAuth(context.Background(), nil); return err },
			[]string{"AdminInitiateAuthInput.AuthFlow", "AdminInitiateAuthInput.ClientId", "AdminInitiateAuthInput.UserPoolId"}},
		{"AdminRespondToAuthChallenge nil", func(c *cd.Client) error {
			_, err := c.AdminRespondToAuthChallenge(context.Background(), nil)
			return err
		}, []string{"AdminRespondToAuthChallengeInput.ChallengeName", "AdminRespondToAuthChallengeInput.ClientId", "AdminRespondToAuthChallengeInput.UserPoolId"}},
		{"client ID outside its pattern, short session, secret never quoted", func(c *cd.Client) error {
			_, err := c.InitiateAuth(context.Background(), &cd.InitiateAuthInput{AuthFlow: cd.AuthFlowTypeUserPasswordAuth, ClientId: aws.String("secret token"),
				Session: aws.String("secret token"), AuthParameters: map[string]string{"USERNAME": "u", "PASSWORD": "secret token"}})
			return err
		}, []string{"InitiateAuthInput.ClientId", "InitiateAuthInput.Session"}},
		{"long client ID, long session", func(c *cd.Client) error {
			_, err := c.RespondToAuthChallenge(context.Background(), &cd.RespondToAuthChallengeInput{ChallengeName: cd.ChallengeNameTypeSmsMfa,
				ClientId: aws.String(strings.Repeat("c", 129)), Session: aws.String(strings.Repeat("s", 2049))})
			return err
		}, []string{"RespondToAuthChallengeInput.ClientId", "RespondToAuthChallengeInput.Session"}},
		{"maps too large", func(c *cd.Client) error {
			many := map[string]string{}
			for i := range 257 {
				many[strconv.Itoa(i)] = "v"
			}
			_, err := c.InitiateAuth(context.Background(), &cd.InitiateAuthInput{AuthFlow: cd.AuthFlowTypeUserSrpAuth, ClientId: aws.String("client"),
				AuthParameters: map[string]string{"SRP_A": strings.Repeat("a", 131073)}, ClientMetadata: many})
			return err
		}, []string{"InitiateAuthInput.AuthParameters", "InitiateAuthInput.ClientMetadata"}},
		{"map key too long", func(c *cd.Client) error {
			_, err := c.AdminRespondToAuthChallenge(context.Background(), &cd.AdminRespondToAuthChallengeInput{ChallengeName: cd.ChallengeNameTypeSmsMfa,
				ClientId: aws.String("client"), UserPoolId: aws.String(optable.Default.UserPoolId), ChallengeResponses: map[string]string{strings.Repeat("k", 131073): "v"}})
			return err
		}, []string{"AdminRespondToAuthChallengeInput.ChallengeResponses"}},
		{"context data without its required members", func(c *cd.Client) error {
			_, err := c.AdminInitiateAuth(context.Background(), &cd.AdminInitiateAuthInput{AuthFlow: cd.AuthFlowTypeAdminUserPasswordAuth,
				ClientId: aws.String("client"), UserPoolId: aws.String(optable.Default.UserPoolId), ContextData: &cd.ContextDataType{}})
			return err
		}, []string{"AdminInitiateAuthInput.ContextData.IpAddress", "AdminInitiateAuthInput.ContextData.ServerName",
			"AdminInitiateAuthInput.ContextData.ServerPath", "AdminInitiateAuthInput.ContextData.HttpHeaders"}},
		{"context data header and user context too long", func(c *cd.Client) error {
			long := aws.String(strings.Repeat("h", 131073))
			_, err := c.AdminInitiateAuth(context.Background(), &cd.AdminInitiateAuthInput{AuthFlow: cd.AuthFlowTypeAdminUserPasswordAuth,
				ClientId: aws.String("client"), UserPoolId: aws.String(optable.Default.UserPoolId), AnalyticsMetadata: &cd.AnalyticsMetadataType{AnalyticsEndpointId: long},
				ContextData: &cd.ContextDataType{IpAddress: aws.String("192.0.2.1"), ServerName: aws.String("s"), ServerPath: aws.String("/"),
					HttpHeaders: []cd.HttpHeader{{HeaderName: aws.String("ok")}, {HeaderName: aws.String("x"), HeaderValue: long}}}})
			return err
		}, []string{"AdminInitiateAuthInput.AnalyticsMetadata.AnalyticsEndpointId", "AdminInitiateAuthInput.ContextData.HttpHeaders[1].HeaderValue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := setup(t)
			err := tt.run(c)
			require.Error(t, err)
			var opErr *smithy.OperationError
			require.ErrorAs(t, err, &opErr)
			var params smithy.InvalidParamsError
			require.ErrorAs(t, err, &params)
			var fields []string
			for _, e := range params.Errs() {
				fields = append(fields, e.(smithy.InvalidParamError).Field())
			}
			assert.ElementsMatch(t, tt.fields, fields)
			assert.NotContains(t, err.Error(), "secret token")
			assert.Empty(t, ts.Requests())
		})
	}
}

// TestPatternsAccepted sends values at the edges of the documented
// patterns and lengths, which must all be sent.
func TestPatternsAccepted(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(succeed)
	for _, in := range []*cd.AdminListDevicesInput{
		{UserPoolId: aws.String("eu-west-3_aB9"), Username: aws.String("ÉLodie+tag@example.com"), PaginationToken: aws.String("eyJ=/+")},
		{UserPoolId: aws.String("a_b_C"), Username: aws.String("日本語-ユーザー"), Limit: aws.Int32(60)},
		{UserPoolId: aws.String(strings.Repeat("w", 53) + "_Z"), Username: aws.String(strings.Repeat("ü", 128))},
	} {
		_, err := c.AdminListDevices(context.Background(), in)
		require.NoError(t, err, "%+v", in)
	}
	for _, key := range []string{"us-east-1_0", "a_b_0-f", "x-_" + strings.Repeat("a", 52)} {
		_, err := c.GetDevice(context.Background(), &cd.GetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(key)})
		require.NoError(t, err, key)
	}
	_, err := c.ConfirmDevice(context.Background(), &cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String(testKey),
		DeviceSecretVerifierConfig: &cd.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(strings.Repeat("A", 131072)), Salt: aws.String("AA==")}})
	require.NoError(t, err)
	assert.Len(t, ts.Requests(), 7)
}

func TestLimitBoundsAccepted(t *testing.T) {
	c, ts := setup(t)
	for _, limit := range []int32{0, 1, 60} {
		_, err := c.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String(testToken), Limit: aws.Int32(limit)})
		require.NoError(t, err, limit)
	}
	assert.Len(t, ts.Requests(), 3)
}

// TestSignInBoundsAccepted sends sign-in inputs at the edges of the
// documented lengths and of this client's map bounds: all must be sent.
func TestSignInBoundsAccepted(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(succeed)
	full := map[string]string{}
	for i := range 256 {
		full[strconv.Itoa(i)] = ""
	}
	long := strings.Repeat("é", 131072)
	for _, in := range []*cd.InitiateAuthInput{
		{AuthFlow: "A_FLOW_THE_CLIENT_DOES_NOT_KNOW", ClientId: aws.String(strings.Repeat("+", 127) + "_"), Session: aws.String(strings.Repeat("s", 20))},
		{AuthFlow: cd.AuthFlowTypeUserSrpAuth, ClientId: aws.String("a"), Session: aws.String(strings.Repeat("ß", 2048)), AuthParameters: full, ClientMetadata: map[string]string{}},
		{AuthFlow: cd.AuthFlowTypeUserSrpAuth, ClientId: aws.String("Z9"), AuthParameters: map[string]string{long: long, "": ""},
			UserContextData: &cd.UserContextDataType{EncodedData: aws.String(long), IpAddress: aws.String("")}},
	} {
		_, err := c.InitiateAuth(context.Background(), in)
		require.NoError(t, err)
	}
	_, err := c.AdminInitiateAuth(context.Background(), &cd.AdminInitiateAuthInput{AuthFlow: cd.AuthFlowTypeAdminUserPasswordAuth, ClientId: aws.String("c"),
		UserPoolId:  aws.String(optable.Default.UserPoolId),
		ContextData: &cd.ContextDataType{IpAddress: aws.String(""), ServerName: aws.String(""), ServerPath: aws.String(""), HttpHeaders: []cd.HttpHeader{}}})
	require.NoError(t, err)
	assert.Len(t, ts.Requests(), 4)
}
