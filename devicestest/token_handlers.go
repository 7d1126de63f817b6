package devicestest

import (
	"encoding/base64"
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// The operations authorized by the user's access token in the body. They
// are never signed; the token names the user they act on.

// tokenRef is the access token every access-token input carries.
type tokenRef struct {
	AccessToken *string
}

func (r *tokenRef) token() *tokenRef { return r }

// tokenInput is a pointer to an access-token operation's input shape.
type tokenInput[In any] interface {
	*In
	token() *tokenRef
}

// tokenOperation builds the handler of an access-token operation: decode
// the body, check it (check reports every violation, including the token,
// in the order the service lists them), resolve the token to its owner,
// then serve.
func tokenOperation[In any, P tokenInput[In]](check func(*validation, P), serve func(s *Server, c call, in P, owner tokenOwner, u *user) (any, error)) handler {
	return handler{serve: func(s *Server, c call) (any, error) {
		in := P(new(In))
		if err := decodeChecked(c.body, in, check); err != nil {
			return nil, err
		}
		owner, u, err := s.tokenUser(*in.token().AccessToken, c.now)
		if err != nil {
			return nil, err
		}
		return serve(s, c, in, owner, u)
	}}
}

type listDevicesInput struct {
	tokenRef
	PaginationToken *string
	Limit           *int64
}

var listDevices = tokenOperation(func(v *validation, in *listDevicesInput) {
	v.accessToken(in.AccessToken)
	v.limit(in.Limit)
	v.optional("paginationToken", in.PaginationToken, 0)
}, func(s *Server, _ call, in *listDevicesInput, owner tokenOwner, u *user) (any, error) {
	return s.page(owner.pool, owner.username, u.remembered(), deref(in.Limit), in.PaginationToken)
})

// tokenDeviceInput is the input of GetDevice and ForgetDevice.
type tokenDeviceInput struct {
	tokenRef
	DeviceKey *string
}

func checkTokenDevice(v *validation, in *tokenDeviceInput) {
	v.accessToken(in.AccessToken)
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
}

var getDevice = tokenOperation(checkTokenDevice, func(_ *Server, _ call, in *tokenDeviceInput, _ tokenOwner, u *user) (any, error) {
	d := u.device(*in.DeviceKey)
	if d == nil || !shownToUser(*d) {
		return nil, errNoDevice()
	}
	return wireDeviceResponse{Device: toWire(*d)}, nil
})

var forgetDevice = tokenOperation(checkTokenDevice, func(_ *Server, _ call, in *tokenDeviceInput, _ tokenOwner, u *user) (any, error) {
	if !u.remove(*in.DeviceKey) {
		return nil, errNoDevice()
	}
	return wireEmpty{}, nil
})

type updateDeviceStatusInput struct {
	tokenRef
	DeviceKey, DeviceRememberedStatus *string
}

var updateDeviceStatus = tokenOperation(func(v *validation, in *updateDeviceStatusInput) {
	v.accessToken(in.AccessToken)
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.rememberedStatus(in.DeviceRememberedStatus)
}, func(_ *Server, c call, in *updateDeviceStatusInput, _ tokenOwner, u *user) (any, error) {
	if err := updateStatus(u, *in.DeviceKey, in.DeviceRememberedStatus, c.now); err != nil {
		return nil, err
	}
	return wireEmpty{}, nil
})

type confirmDeviceInput struct {
	tokenRef
	DeviceKey, DeviceName      *string
	DeviceSecretVerifierConfig *cognitodevices.DeviceSecretVerifierConfigType
}

// accountID is the AWS account of the devices' ARNs, and deviceSDK the
// dev:device_sdk value of the devices ConfirmDevice creates, both as in the
// service's sample.
const (
	accountID = "123456789012"
	deviceSDK = "aws-sdk-unknown-unknown"
)

type wireConfirmDevice struct {
	UserConfirmationNecessary bool `json:"UserConfirmationNecessary"`
}

var confirmDevice = tokenOperation(func(v *validation, in *confirmDeviceInput) {
	v.accessToken(in.AccessToken)
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.optional("deviceName", in.DeviceName, maxDeviceNameLen)
}, (*Server).confirmDevice)

// confirmDevice creates the device the input names for the token's owner,
// as the service does for a device it has just tracked.
func (s *Server) confirmDevice(c call, in *confirmDeviceInput, by tokenOwner, u *user) (any, error) {
	if vc := in.DeviceSecretVerifierConfig; vc != nil {
		if err := checkBase64("PasswordVerifier", vc.PasswordVerifier); err != nil {
			return nil, err
		}
		if err := checkBase64("Salt", vc.Salt); err != nil {
			return nil, err
		}
	}
	if u.device(*in.DeviceKey) != nil {
		return nil, newError("DeviceKeyExistsException", "Device key already exists.")
	}

	at := c.now.UTC().Truncate(time.Millisecond)
	d := cognitodevices.DeviceType{
		DeviceKey:                   in.DeviceKey,
		DeviceCreateDate:            &at,
		DeviceLastModifiedDate:      &at,
		DeviceLastAuthenticatedDate: &at,
	}
	// The attributes and their order are those of the service's sample.
	owner := by.username + "." + by.pool
	setAttribute(&d, cognitodevices.AttributeDeviceStatus, "valid")
	if in.DeviceName != nil {
		setAttribute(&d, cognitodevices.AttributeDeviceName, *in.DeviceName)
	}
	setAttribute(&d, cognitodevices.AttributeDeviceARN, "arn:aws:cognito-idp:"+s.region+":"+accountID+":owner/"+owner+"/device/"+*in.DeviceKey)
	setAttribute(&d, cognitodevices.AttributeDeviceOwner, owner)
	setAttribute(&d, cognitodevices.AttributeLastIPUsed, c.remoteIP)
	// A pool that tracks devices remembers them at once unless it leaves
	// the choice to the user; a pool configured by nothing but
	// WithUserConfirmationNecessary leaves every device not remembered.
	necessary, status := s.userConfirmationNecessary, cognitodevices.DeviceRememberedStatusTypeNotRemembered
	if cfg := s.pool(by.pool).tracking; cfg != nil {
		necessary = cfg.DeviceOnlyRememberedOnUserPrompt
		if !necessary {
			status = cognitodevices.DeviceRememberedStatusTypeRemembered
		}
	}
	setAttribute(&d, cognitodevices.AttributeDeviceRememberedStatus, string(status))
	setAttribute(&d, cognitodevices.AttributeDeviceSDK, deviceSDK)
	u.put(d)
	if vc := in.DeviceSecretVerifierConfig; vc != nil {
		u.verifiers[*in.DeviceKey] = *vc
	}
	if group, ok := u.pending[*in.DeviceKey]; ok {
		delete(u.pending, *in.DeviceKey)
		u.groups[*in.DeviceKey] = group
	}
	return wireConfirmDevice{UserConfirmationNecessary: necessary}, nil
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
