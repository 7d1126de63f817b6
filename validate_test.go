package cognitodevices

import (
	"strings"
	"testing"

	"github.com/aws/smithy-go"
)

// FuzzValidate runs every operation's validation on inputs whose members
// all hold the fuzzed value: it never panics, never quotes the value in
// its message, and accepts the value in a pattern-checked member exactly
// when the pattern's own check accepts it.
func FuzzValidate(f *testing.F) {
	for _, seed := range []string{"", "us-east-1_0a1b", "us-east-1_EXAMPLE", "a b", "é", "x\x00y", "\xff", "eyJ.a-b_c=", strings.Repeat("a", 200)} {
		f.Add(seed, int32(10))
	}
	f.Fuzz(func(t *testing.T, s string, limit int32) {
		p := &s
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
		}
		for _, err := range errs {
			if err == nil {
				continue
			}
			if len(s) >= 4 && strings.Contains(err.Error(), s) && !strings.Contains(deviceKeyPattern+userPoolIDPattern+usernamePattern+nonSpacePattern, s) {
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
	})
}

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
