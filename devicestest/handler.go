package devicestest

import (
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// handler serves one operation. Admin operations are authorized by a
// SigV4 signature, which the server verifies before serve runs; the others
// by the access token in the body, which serve resolves (see
// tokenOperation). serve runs with s.mu held and returns the response
// shape to encode or an error to send.
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
// handler. The admin ones are in admin_handlers.go, the access-token ones
// in token_handlers.go, the sign-in ones in signin.go, and those that
// refresh and revoke tokens in refresh.go.
var handlers = map[string]handler{
	"AdminGetDevice":          adminGetDevice,
	"AdminListDevices":        adminListDevices,
	"AdminForgetDevice":       adminForgetDevice,
	"AdminUpdateDeviceStatus": adminUpdateDeviceStatus,
	"ListDevices":             listDevices,
	"GetDevice":               getDevice,
	"ForgetDevice":            forgetDevice,
	"UpdateDeviceStatus":      updateDeviceStatus,
	"ConfirmDevice":           confirmDevice,

	"InitiateAuth":                initiateAuth,
	"RespondToAuthChallenge":      respondToAuthChallenge,
	"AdminInitiateAuth":           adminInitiateAuth,
	"AdminRespondToAuthChallenge": adminRespondToAuthChallenge,

	"GetTokensFromRefreshToken": getTokensFromRefreshToken,
	"RevokeToken":               revokeToken,
	"GlobalSignOut":             globalSignOut,

	"ListUsers": listUsers,
}

// wireEmpty is the answer of the operations whose output has no members.
type wireEmpty struct{}

func errNoDevice() error {
	return newError("ResourceNotFoundException", "Device does not exist.")
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

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
