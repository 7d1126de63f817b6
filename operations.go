package cognitodevices

import (
	"github.com/aws/smithy-go/middleware"
)

// operation names one service operation and how it is authorized.
type operation struct {
	name   string
	target []string // X-Amz-Target header value, shared read-only
	// admin operations are signed with SigV4; the others carry an access
	// token in the body and are never signed.
	admin bool
}

func newOperation(name string, admin bool) *operation {
	return &operation{name: name, target: []string{"AWSCognitoIdentityProviderService." + name}, admin: admin}
}

var (
	opAdminGetDevice   = newOperation("AdminGetDevice", true)
	opAdminListDevices = newOperation("AdminListDevices", true)
	opListDevices      = newOperation("ListDevices", false)
)

// request is an operation input.
type request interface {
	// validate reports every broken constraint as a
	// smithy.InvalidParamsError, without quoting secret values.
	validate() error
	// appendJSON appends the request body.
	appendJSON(dst []byte) []byte
	// redacted returns a copy fit for logs, its secrets replaced.
	redacted() request
}

// response is an operation output.
type response interface {
	// decode fills the output from a 2xx body, or fails without leaving a
	// partial result visible to the caller.
	decode(body string) error
	setMetadata(middleware.Metadata)
}

func (in *AdminGetDeviceInput) validate() error {
	v := newValidator("AdminGetDeviceInput")
	v.required("DeviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.required("UserPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("Username", in.Username, maxUsernameLen)
	return v.err()
}

func (in *AdminListDevicesInput) validate() error {
	v := newValidator("AdminListDevicesInput")
	v.required("UserPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("Username", in.Username, maxUsernameLen)
	v.limit("Limit", in.Limit)
	v.optional("PaginationToken", in.PaginationToken, 0)
	return v.err()
}

func (in *ListDevicesInput) validate() error {
	v := newValidator("ListDevicesInput")
	v.accessToken("AccessToken", in.AccessToken)
	v.limit("Limit", in.Limit)
	v.optional("PaginationToken", in.PaginationToken, 0)
	return v.err()
}

func (in *AdminGetDeviceInput) redacted() request   { return in }
func (in *AdminListDevicesInput) redacted() request { return in }

func (in *ListDevicesInput) redacted() request {
	c := *in
	c.AccessToken = redactedPointer(in.AccessToken)
	return &c
}

func redactedPointer(p *string) *string {
	if p == nil {
		return nil
	}
	mark := redactionMark
	return &mark
}

func (out *AdminGetDeviceOutput) decode(body string) error {
	device, err := decodeDeviceResponse(body)
	if err != nil {
		return err
	}
	out.Device = device
	return nil
}

func (out *AdminListDevicesOutput) decode(body string) error {
	devices, token, err := decodeDevicePage(body)
	if err != nil {
		return err
	}
	out.Devices, out.PaginationToken = devices, token
	return nil
}

func (out *ListDevicesOutput) decode(body string) error {
	devices, token, err := decodeDevicePage(body)
	if err != nil {
		return err
	}
	out.Devices, out.PaginationToken = devices, token
	return nil
}

func (out *AdminGetDeviceOutput) setMetadata(m middleware.Metadata)   { out.ResultMetadata = m }
func (out *AdminListDevicesOutput) setMetadata(m middleware.Metadata) { out.ResultMetadata = m }
func (out *ListDevicesOutput) setMetadata(m middleware.Metadata)      { out.ResultMetadata = m }

var (
	opAdminForgetDevice       = newOperation("AdminForgetDevice", true)
	opAdminUpdateDeviceStatus = newOperation("AdminUpdateDeviceStatus", true)
	opGetDevice               = newOperation("GetDevice", false)
	opForgetDevice            = newOperation("ForgetDevice", false)
	opUpdateDeviceStatus      = newOperation("UpdateDeviceStatus", false)
	opConfirmDevice           = newOperation("ConfirmDevice", false)
)

// maxDeviceNameLen is the documented limit of ConfirmDevice's DeviceName.
const maxDeviceNameLen = 1024

func (in *AdminForgetDeviceInput) validate() error {
	v := newValidator("AdminForgetDeviceInput")
	v.required("DeviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.required("UserPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("Username", in.Username, maxUsernameLen)
	return v.err()
}

func (in *AdminUpdateDeviceStatusInput) validate() error {
	v := newValidator("AdminUpdateDeviceStatusInput")
	v.required("DeviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.required("UserPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("Username", in.Username, maxUsernameLen)
	v.rememberedStatus("DeviceRememberedStatus", in.DeviceRememberedStatus)
	return v.err()
}

func (in *GetDeviceInput) validate() error {
	v := newValidator("GetDeviceInput")
	v.required("DeviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.accessToken("AccessToken", in.AccessToken)
	return v.err()
}

func (in *ForgetDeviceInput) validate() error {
	v := newValidator("ForgetDeviceInput")
	v.required("DeviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.accessToken("AccessToken", in.AccessToken)
	return v.err()
}

func (in *UpdateDeviceStatusInput) validate() error {
	v := newValidator("UpdateDeviceStatusInput")
	v.accessToken("AccessToken", in.AccessToken)
	v.required("DeviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.rememberedStatus("DeviceRememberedStatus", in.DeviceRememberedStatus)
	return v.err()
}

func (in *ConfirmDeviceInput) validate() error {
	v := newValidator("ConfirmDeviceInput")
	v.accessToken("AccessToken", in.AccessToken)
	v.required("DeviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.optional("DeviceName", in.DeviceName, maxDeviceNameLen)
	if c := in.DeviceSecretVerifierConfig; c != nil {
		v.optional("DeviceSecretVerifierConfig.PasswordVerifier", c.PasswordVerifier, 0)
		v.optional("DeviceSecretVerifierConfig.Salt", c.Salt, 0)
	}
	return v.err()
}

func (in *AdminForgetDeviceInput) redacted() request       { return in }
func (in *AdminUpdateDeviceStatusInput) redacted() request { return in }

func (in *GetDeviceInput) redacted() request {
	c := *in
	c.AccessToken = redactedPointer(in.AccessToken)
	return &c
}

func (in *ForgetDeviceInput) redacted() request {
	c := *in
	c.AccessToken = redactedPointer(in.AccessToken)
	return &c
}

func (in *UpdateDeviceStatusInput) redacted() request {
	c := *in
	c.AccessToken = redactedPointer(in.AccessToken)
	return &c
}

func (in *ConfirmDeviceInput) redacted() request {
	c := *in
	c.AccessToken = redactedPointer(in.AccessToken)
	if v := in.DeviceSecretVerifierConfig; v != nil {
		c.DeviceSecretVerifierConfig = &DeviceSecretVerifierConfigType{
			PasswordVerifier: redactedPointer(v.PasswordVerifier),
			Salt:             redactedPointer(v.Salt),
		}
	}
	return &c
}

func (out *AdminForgetDeviceOutput) decode(body string) error       { return decodeEmptyResponse(body) }
func (out *AdminUpdateDeviceStatusOutput) decode(body string) error { return decodeEmptyResponse(body) }
func (out *ForgetDeviceOutput) decode(body string) error            { return decodeEmptyResponse(body) }
func (out *UpdateDeviceStatusOutput) decode(body string) error      { return decodeEmptyResponse(body) }

func (out *GetDeviceOutput) decode(body string) error {
	device, err := decodeDeviceResponse(body)
	if err != nil {
		return err
	}
	out.Device = device
	return nil
}

func (out *ConfirmDeviceOutput) decode(body string) error {
	necessary, err := decodeConfirmDeviceResponse(body)
	if err != nil {
		return err
	}
	out.UserConfirmationNecessary = necessary
	return nil
}

func (out *AdminForgetDeviceOutput) setMetadata(m middleware.Metadata)       { out.ResultMetadata = m }
func (out *AdminUpdateDeviceStatusOutput) setMetadata(m middleware.Metadata) { out.ResultMetadata = m }
func (out *GetDeviceOutput) setMetadata(m middleware.Metadata)               { out.ResultMetadata = m }
func (out *ForgetDeviceOutput) setMetadata(m middleware.Metadata)            { out.ResultMetadata = m }
func (out *UpdateDeviceStatusOutput) setMetadata(m middleware.Metadata)      { out.ResultMetadata = m }
func (out *ConfirmDeviceOutput) setMetadata(m middleware.Metadata)           { out.ResultMetadata = m }
