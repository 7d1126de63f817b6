package devicestest

import (
	"encoding/base64"
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// maxDeviceNameLen is the documented length limit of ConfirmDevice's
// DeviceName.
const maxDeviceNameLen = 1024

// wireEmpty is the answer of the operations whose output has no members.
type wireEmpty struct{}

type wireConfirmDevice struct {
	UserConfirmationNecessary bool `json:"UserConfirmationNecessary"`
}

func errNoDevice() error {
	return newError("ResourceNotFoundException", "Device does not exist.")
}

func (s *Server) adminForgetDevice(c call) (any, error) {
	var in struct {
		DeviceKey, UserPoolId, Username *string
	}
	if err := decodeInput(c.body, &in); err != nil {
		return nil, err
	}
	var v validation
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.required("userPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("username", in.Username, maxUsernameLen)
	if err := v.err(); err != nil {
		return nil, err
	}
	u, err := s.lookupUser(*in.UserPoolId, *in.Username)
	if err != nil {
		return nil, err
	}
	if !u.remove(*in.DeviceKey) {
		return nil, errNoDevice()
	}
	return wireEmpty{}, nil
}

func (s *Server) adminUpdateDeviceStatus(c call) (any, error) {
	var in struct {
		DeviceKey, UserPoolId, Username, DeviceRememberedStatus *string
	}
	if err := decodeInput(c.body, &in); err != nil {
		return nil, err
	}
	var v validation
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.required("userPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("username", in.Username, maxUsernameLen)
	v.rememberedStatus(in.DeviceRememberedStatus)
	if err := v.err(); err != nil {
		return nil, err
	}
	u, err := s.lookupUser(*in.UserPoolId, *in.Username)
	if err != nil {
		return nil, err
	}
	if err := updateStatus(u, *in.DeviceKey, in.DeviceRememberedStatus, c.now); err != nil {
		return nil, err
	}
	return wireEmpty{}, nil
}

// tokenDevice reads the {AccessToken, DeviceKey} input of GetDevice and
// ForgetDevice and resolves the token to its user.
func (s *Server) tokenDevice(c call) (*user, string, error) {
	var in struct {
		AccessToken, DeviceKey *string
	}
	if err := decodeInput(c.body, &in); err != nil {
		return nil, "", err
	}
	var v validation
	v.accessToken(in.AccessToken)
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	if err := v.err(); err != nil {
		return nil, "", err
	}
	_, u, err := s.tokenUser(*in.AccessToken)
	if err != nil {
		return nil, "", err
	}
	return u, *in.DeviceKey, nil
}

func (s *Server) getDevice(c call) (any, error) {
	u, key, err := s.tokenDevice(c)
	if err != nil {
		return nil, err
	}
	d := u.device(key)
	if d == nil {
		return nil, errNoDevice()
	}
	return wireDeviceResponse{Device: toWire(*d)}, nil
}

func (s *Server) forgetDevice(c call) (any, error) {
	u, key, err := s.tokenDevice(c)
	if err != nil {
		return nil, err
	}
	if !u.remove(key) {
		return nil, errNoDevice()
	}
	return wireEmpty{}, nil
}

func (s *Server) updateDeviceStatus(c call) (any, error) {
	var in struct {
		AccessToken, DeviceKey, DeviceRememberedStatus *string
	}
	if err := decodeInput(c.body, &in); err != nil {
		return nil, err
	}
	var v validation
	v.accessToken(in.AccessToken)
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.rememberedStatus(in.DeviceRememberedStatus)
	if err := v.err(); err != nil {
		return nil, err
	}
	_, u, err := s.tokenUser(*in.AccessToken)
	if err != nil {
		return nil, err
	}
	if err := updateStatus(u, *in.DeviceKey, in.DeviceRememberedStatus, c.now); err != nil {
		return nil, err
	}
	return wireEmpty{}, nil
}

// updateStatus applies a validated DeviceRememberedStatus to a device of
// u and stamps it modified at now. An absent status changes nothing.
func updateStatus(u *user, deviceKey string, status *string, now time.Time) error {
	d := u.device(deviceKey)
	if d == nil {
		return errNoDevice()
	}
	if status == nil {
		return nil
	}
	setAttribute(d, cognitodevices.AttributeDeviceRememberedStatus, *status)
	modified := now.UTC().Truncate(time.Millisecond)
	d.DeviceLastModifiedDate = &modified
	return nil
}

func (s *Server) confirmDevice(c call) (any, error) {
	var in struct {
		AccessToken, DeviceKey, DeviceName *string
		DeviceSecretVerifierConfig         *cognitodevices.DeviceSecretVerifierConfigType
	}
	if err := decodeInput(c.body, &in); err != nil {
		return nil, err
	}
	var v validation
	v.accessToken(in.AccessToken)
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.optional("deviceName", in.DeviceName, maxDeviceNameLen)
	if err := v.err(); err != nil {
		return nil, err
	}
	_, u, err := s.tokenUser(*in.AccessToken)
	if err != nil {
		return nil, err
	}
	if vc := in.DeviceSecretVerifierConfig; vc != nil {
		if err := checkBase64("PasswordVerifier", vc.PasswordVerifier); err != nil {
			return nil, err
		}
		if err := checkBase64("Salt", vc.Salt); err != nil {
			return nil, err
		}
	}
	if u.device(*in.DeviceKey) != nil {
		return nil, newError("InvalidParameterException", "Device already confirmed.")
	}

	at := c.now.UTC().Truncate(time.Millisecond)
	d := cognitodevices.DeviceType{
		DeviceKey:                   in.DeviceKey,
		DeviceCreateDate:            &at,
		DeviceLastModifiedDate:      &at,
		DeviceLastAuthenticatedDate: &at,
	}
	setAttribute(&d, cognitodevices.AttributeDeviceStatus, "valid")
	if in.DeviceName != nil {
		setAttribute(&d, cognitodevices.AttributeDeviceName, *in.DeviceName)
	}
	setAttribute(&d, cognitodevices.AttributeLastIPUsed, c.remoteIP)
	setAttribute(&d, cognitodevices.AttributeDeviceRememberedStatus, string(cognitodevices.DeviceRememberedStatusTypeNotRemembered))
	u.put(d)
	if vc := in.DeviceSecretVerifierConfig; vc != nil {
		u.verifiers[*in.DeviceKey] = *vc
	}
	return wireConfirmDevice{UserConfirmationNecessary: s.userConfirmationNecessary}, nil
}

// checkBase64 refuses a member of DeviceSecretVerifierConfig that is
// present but not non-empty standard base64. The value is not quoted.
func checkBase64(member string, p *string) error {
	if p == nil {
		return nil
	}
	if b, err := base64.StdEncoding.DecodeString(*p); err != nil || len(b) == 0 {
		return newError("InvalidParameterException", "DeviceSecretVerifierConfig.%s must be non-empty base64 text.", member)
	}
	return nil
}
