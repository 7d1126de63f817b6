package devicestest

// The operations signed with SigV4. The server has verified the signature
// before a handler runs; each input names the user it acts on by pool and
// username.

// userRef is the pool and username every admin input carries.
type userRef struct {
	UserPoolId, Username *string
}

func (r *userRef) user() *userRef { return r }

// adminInput is a pointer to an admin operation's input shape.
type adminInput[In any] interface {
	*In
	user() *userRef
}

// adminOperation builds the handler of an admin operation: decode the body,
// check it (check reports every violation, including the pool and the
// username, in the order the service lists them), find the user, then
// serve.
func adminOperation[In any, P adminInput[In]](check func(*validation, P), serve func(s *Server, c call, in P, u *user) (any, error)) handler {
	return handler{admin: true, serve: func(s *Server, c call) (any, error) {
		in := P(new(In))
		if err := decodeChecked(c.body, in, check); err != nil {
			return nil, err
		}
		ref := in.user()
		u, err := s.lookupUser(*ref.UserPoolId, *ref.Username)
		if err != nil {
			return nil, err
		}
		return serve(s, c, in, u)
	}}
}

// adminDeviceInput is the input of AdminGetDevice and AdminForgetDevice.
type adminDeviceInput struct {
	userRef
	DeviceKey *string
}

func checkAdminDevice(v *validation, in *adminDeviceInput) {
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.required("userPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("username", in.Username, maxUsernameLen)
}

var adminGetDevice = adminOperation(checkAdminDevice, func(_ *Server, _ call, in *adminDeviceInput, u *user) (any, error) {
	d := u.device(*in.DeviceKey)
	if d == nil {
		return nil, errNoDevice()
	}
	return wireDeviceResponse{Device: toWire(*d)}, nil
})

var adminForgetDevice = adminOperation(checkAdminDevice, func(_ *Server, _ call, in *adminDeviceInput, u *user) (any, error) {
	if !u.remove(*in.DeviceKey) {
		return nil, errNoDevice()
	}
	return wireEmpty{}, nil
})

type adminListDevicesInput struct {
	userRef
	PaginationToken *string
	Limit           *int64
}

var adminListDevices = adminOperation(func(v *validation, in *adminListDevicesInput) {
	v.required("userPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("username", in.Username, maxUsernameLen)
	v.limit(in.Limit)
	v.optional("paginationToken", in.PaginationToken, 0)
}, func(s *Server, _ call, in *adminListDevicesInput, u *user) (any, error) {
	return s.page(*in.UserPoolId, *in.Username, u.devices, deref(in.Limit), in.PaginationToken)
})

type adminUpdateDeviceStatusInput struct {
	userRef
	DeviceKey, DeviceRememberedStatus *string
}

var adminUpdateDeviceStatus = adminOperation(func(v *validation, in *adminUpdateDeviceStatusInput) {
	v.required("deviceKey", in.DeviceKey, maxDeviceKeyLen)
	v.required("userPoolId", in.UserPoolId, maxUserPoolIDLen)
	v.required("username", in.Username, maxUsernameLen)
	v.rememberedStatus(in.DeviceRememberedStatus)
}, func(_ *Server, c call, in *adminUpdateDeviceStatusInput, u *user) (any, error) {
	if err := updateStatus(u, *in.DeviceKey, in.DeviceRememberedStatus, c.now); err != nil {
		return nil, err
	}
	return wireEmpty{}, nil
})
