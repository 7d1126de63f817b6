package cognitodevices_test

import (
	"context"
	"strings"
	"testing"

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
		{"AdminForgetDevice nil", func(c *cd.Client) error { _, err := c.AdminForgetDevice(context.Background(), nil); return err },
			[]string{"AdminForgetDeviceInput.DeviceKey", "AdminForgetDeviceInput.UserPoolId", "AdminForgetDeviceInput.Username"}},
		{"AdminUpdateDeviceStatus bad status", func(c *cd.Client) error {
			_, err := c.AdminUpdateDeviceStatus(context.Background(), &cd.AdminUpdateDeviceStatusInput{DeviceKey: aws.String("k"), UserPoolId: aws.String("p"), Username: aws.String("u"), DeviceRememberedStatus: "forgotten"})
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
			_, err := c.ConfirmDevice(context.Background(), &cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k"),
				DeviceName: aws.String(strings.Repeat("n", 1025)), DeviceSecretVerifierConfig: &cd.DeviceSecretVerifierConfigType{Salt: aws.String("")}})
			return err
		}, []string{"ConfirmDeviceInput.DeviceName", "ConfirmDeviceInput.DeviceSecretVerifierConfig.Salt"}},
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

func TestLimitBoundsAccepted(t *testing.T) {
	c, ts := setup(t)
	for _, limit := range []int32{0, 1, 60} {
		_, err := c.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String(testToken), Limit: aws.Int32(limit)})
		require.NoError(t, err, limit)
	}
	assert.Len(t, ts.Requests(), 3)
}
