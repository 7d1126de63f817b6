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
