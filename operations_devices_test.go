package cognitodevices_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
)

func TestConfirmDeviceDecoding(t *testing.T) {
	tests := []struct {
		body    string
		want    bool
		wantErr string
	}{
		{`{"UserConfirmationNecessary":true}`, true, ""},
		{`{"UserConfirmationNecessary":false,"Other":[1]}`, false, ""},
		{`{}`, false, ""},
		{`{"UserConfirmationNecessary":null}`, false, ""},
		{`{"UserConfirmationNecessary":"yes"}`, false, "must be a boolean"},
		{``, false, "empty response body"},
		{`{"UserConfirmationNecessary":tru}`, false, "invalid literal"},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			c, ts := setup(t)
			ts.Handle(respond(200, tt.body))
			out, err := c.ConfirmDevice(context.Background(), &cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k")})
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.Nil(t, out)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, out.UserConfirmationNecessary)
		})
	}
}

func TestOperationsWithoutOutputMembers(t *testing.T) {
	for _, body := range []string{``, `{}`, ` {"Unknown":{"a":1}} `} {
		c, ts := setup(t)
		ts.Handle(respond(200, body))
		for _, op := range []string{"AdminForgetDevice", "AdminUpdateDeviceStatus", "ForgetDevice", "UpdateDeviceStatus"} {
			require.NoError(t, call(context.Background(), c, op), "%s %q", op, body)
		}
	}
	for _, body := range []string{`[]`, `{`, `{} {}`, `null`} {
		c, ts := setup(t)
		ts.Handle(respond(200, body))
		var deser *smithy.DeserializationError
		require.ErrorAs(t, call(context.Background(), c, "ForgetDevice"), &deser, body)
	}
}

func TestGetDeviceDecoding(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(respond(200, `{"Device":{"DeviceKey":"k","DeviceAttributes":[{"Name":"device_name","Value":"Pixel"}],"DeviceLastAuthenticatedDate":1.7E9}}`))
	out, err := c.GetDevice(context.Background(), &cd.GetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k")})
	require.NoError(t, err)
	assert.Equal(t, "Pixel", out.Device.Name())
	assert.Equal(t, int64(1.7e9), out.Device.DeviceLastAuthenticatedDate.Unix())
}

func TestNewOperationsValidation(t *testing.T) {
	tests := []struct {
		name   string
		run    func(c *cd.Client) error
		fields []string
	}{
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
			var params smithy.InvalidParamsError
			require.ErrorAs(t, tt.run(c), &params)
			var fields []string
			for _, e := range params.Errs() {
				fields = append(fields, e.(smithy.InvalidParamError).Field())
			}
			assert.ElementsMatch(t, tt.fields, fields)
			assert.Empty(t, ts.Requests())
		})
	}
}

func TestNewInputsNeverPrintSecrets(t *testing.T) {
	const verifier = "VERIFIER-SECRET-BASE64"
	inputs := []any{
		&cd.GetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k")},
		&cd.ForgetDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k")},
		&cd.UpdateDeviceStatusInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k"), DeviceRememberedStatus: cd.DeviceRememberedStatusTypeRemembered},
		&cd.ConfirmDeviceInput{AccessToken: aws.String(testToken), DeviceKey: aws.String("k"),
			DeviceSecretVerifierConfig: &cd.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(verifier), Salt: aws.String("SALT")}},
	}
	for _, in := range inputs {
		for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(format, in)
			assert.NotContains(t, out, testToken, format)
			assert.NotContains(t, out, verifier, format)
			assert.Contains(t, out, "[REDACTED]", format)
		}
	}

	var logged bytes.Buffer
	c, _ := setup(t, func(o *cd.Options) {
		o.Logger = logging.NewStandardLogger(&logged)
		o.ClientLogMode = aws.LogRequestWithBody
	})
	for _, op := range tokenOperations {
		_ = call(context.Background(), c, op)
	}
	assert.NotContains(t, logged.String(), testToken)
	assert.NotContains(t, logged.String(), "AJ8v+w==", "the verifier is not logged")
	assert.Contains(t, logged.String(), "ConfirmDevice")
}
