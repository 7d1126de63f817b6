package devicestest

import "time"

// handler serves one operation. Admin operations are authorized by a
// SigV4 signature, which the server verifies before serve runs; the others
// by the access token in the body, which serve resolves with tokenUser.
// serve runs with s.mu held and returns the response shape to encode or
// an error to send.
type handler struct {
	admin bool
	serve func(s *Server, c call) (any, error)
}

// call is what a handler learns of its request.
type call struct {
	body     []byte
	remoteIP string    // host part of the connection's remote address
	now      time.Time // server clock when the request arrived
}

// handlers maps each operation name of the X-Amz-Target header to its
// handler.
var handlers = map[string]handler{
	"AdminGetDevice":          {admin: true, serve: (*Server).adminGetDevice},
	"AdminListDevices":        {admin: true, serve: (*Server).adminListDevices},
	"ListDevices":             {serve: (*Server).listDevices},
	"AdminForgetDevice":       {admin: true, serve: (*Server).adminForgetDevice},
	"AdminUpdateDeviceStatus": {admin: true, serve: (*Server).adminUpdateDeviceStatus},
	"GetDevice":               {serve: (*Server).getDevice},
	"ForgetDevice":            {serve: (*Server).forgetDevice},
	"UpdateDeviceStatus":      {serve: (*Server).updateDeviceStatus},
	"ConfirmDevice":           {serve: (*Server).confirmDevice},
}

// Length limits of the request members, from the API reference.
const (
	maxUserPoolIDLen = 55
	maxUsernameLen   = 128
	maxDeviceKeyLen  = 55
)

func (s *Server) adminGetDevice(c call) (any, error) {
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
	i, ok := u.index[*in.DeviceKey]
	if !ok {
		return nil, newError("ResourceNotFoundException", "Device does not exist.")
	}
	return wireDeviceResponse{Device: toWire(u.devices[i])}, nil
}

func (s *Server) adminListDevices(c call) (any, error) {
	var in struct {
		UserPoolId, Username, PaginationToken *string
		Limit                                 *int64
	}
	if err := decodeInput(c.body, &in); err != nil {
		return nil, err
	}
	var v validation
	v.required("userPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("username", in.Username, maxUsernameLen)
	v.limit(in.Limit)
	v.optional("paginationToken", in.PaginationToken, 0)
	if err := v.err(); err != nil {
		return nil, err
	}
	u, err := s.lookupUser(*in.UserPoolId, *in.Username)
	if err != nil {
		return nil, err
	}
	return s.page(*in.UserPoolId, *in.Username, u, deref(in.Limit), in.PaginationToken)
}

func (s *Server) listDevices(c call) (any, error) {
	var in struct {
		AccessToken, PaginationToken *string
		Limit                        *int64
	}
	if err := decodeInput(c.body, &in); err != nil {
		return nil, err
	}
	var v validation
	v.accessToken(in.AccessToken)
	v.limit(in.Limit)
	v.optional("paginationToken", in.PaginationToken, 0)
	if err := v.err(); err != nil {
		return nil, err
	}
	owner, u, err := s.tokenUser(*in.AccessToken)
	if err != nil {
		return nil, err
	}
	return s.page(owner.pool, owner.username, u, deref(in.Limit), in.PaginationToken)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
