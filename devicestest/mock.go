package devicestest

import (
	"context"
	"fmt"
	"reflect"

	"github.com/cognitodevices/cognitodevices"
	"github.com/stretchr/testify/mock"
)

// MockAPI is a testify mock of cognitodevices.API for unit tests of code
// that depends on the interface rather than on *cognitodevices.Client.
//
// Every method records the call as m.Called(ctx, params); the per-call
// option functions are not passed to Called, so expectations match on the
// context and the input only. The first return argument is either the
// output pointer (nil allowed) or a function with the method's signature
// minus the options, which is called to compute the answer; the second is
// the error, read with args.Error(1) when the first is not a function.
//
//	m := new(devicestest.MockAPI)
//	m.On("AdminGetDevice", mock.Anything, mock.MatchedBy(func(in *cognitodevices.AdminGetDeviceInput) bool {
//		return aws.ToString(in.DeviceKey) == "us-east-1_1234"
//	})).Return(&cognitodevices.AdminGetDeviceOutput{Device: &device}, nil)
//	m.On("AdminListDevices", mock.Anything, mock.Anything).Return(
//		func(ctx context.Context, in *cognitodevices.AdminListDevicesInput) (*cognitodevices.AdminListDevicesOutput, error) {
//			return pages[aws.ToString(in.PaginationToken)], nil
//		})
//	... // code under test
//	m.AssertExpectations(t)
type MockAPI struct {
	mock.Mock
}

var _ cognitodevices.API = (*MockAPI)(nil)

// AdminGetDevice records the call and returns what the matching expectation
// provides.
func (m *MockAPI) AdminGetDevice(ctx context.Context, params *cognitodevices.AdminGetDeviceInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.AdminGetDeviceOutput, error) {
	return answer[cognitodevices.AdminGetDeviceOutput](ctx, params, m.Called(ctx, params))
}

// AdminListDevices records the call and returns what the matching
// expectation provides.
func (m *MockAPI) AdminListDevices(ctx context.Context, params *cognitodevices.AdminListDevicesInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.AdminListDevicesOutput, error) {
	return answer[cognitodevices.AdminListDevicesOutput](ctx, params, m.Called(ctx, params))
}

// ListDevices records the call and returns what the matching expectation
// provides.
func (m *MockAPI) ListDevices(ctx context.Context, params *cognitodevices.ListDevicesInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.ListDevicesOutput, error) {
	return answer[cognitodevices.ListDevicesOutput](ctx, params, m.Called(ctx, params))
}

// AdminForgetDevice records the call and returns what the matching expectation
// provides.
func (m *MockAPI) AdminForgetDevice(ctx context.Context, params *cognitodevices.AdminForgetDeviceInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.AdminForgetDeviceOutput, error) {
	return answer[cognitodevices.AdminForgetDeviceOutput](ctx, params, m.Called(ctx, params))
}

// AdminUpdateDeviceStatus records the call and returns what the matching expectation
// provides.
func (m *MockAPI) AdminUpdateDeviceStatus(ctx context.Context, params *cognitodevices.AdminUpdateDeviceStatusInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.AdminUpdateDeviceStatusOutput, error) {
	return answer[cognitodevices.AdminUpdateDeviceStatusOutput](ctx, params, m.Called(ctx, params))
}

// GetDevice records the call and returns what the matching expectation
// provides.
func (m *MockAPI) GetDevice(ctx context.Context, params *cognitodevices.GetDeviceInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.GetDeviceOutput, error) {
	return answer[cognitodevices.GetDeviceOutput](ctx, params, m.Called(ctx, params))
}

// ForgetDevice records the call and returns what the matching expectation
// provides.
func (m *MockAPI) ForgetDevice(ctx context.Context, params *cognitodevices.ForgetDeviceInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.ForgetDeviceOutput, error) {
	return answer[cognitodevices.ForgetDeviceOutput](ctx, params, m.Called(ctx, params))
}

// UpdateDeviceStatus records the call and returns what the matching expectation
// provides.
func (m *MockAPI) UpdateDeviceStatus(ctx context.Context, params *cognitodevices.UpdateDeviceStatusInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.UpdateDeviceStatusOutput, error) {
	return answer[cognitodevices.UpdateDeviceStatusOutput](ctx, params, m.Called(ctx, params))
}

// ConfirmDevice records the call and returns what the matching expectation
// provides.
func (m *MockAPI) ConfirmDevice(ctx context.Context, params *cognitodevices.ConfirmDeviceInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.ConfirmDeviceOutput, error) {
	return answer[cognitodevices.ConfirmDeviceOutput](ctx, params, m.Called(ctx, params))
}

// InitiateAuth records the call and returns what the matching expectation
// provides.
func (m *MockAPI) InitiateAuth(ctx context.Context, params *cognitodevices.InitiateAuthInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.InitiateAuthOutput, error) {
	return answer[cognitodevices.InitiateAuthOutput](ctx, params, m.Called(ctx, params))
}

// RespondToAuthChallenge records the call and returns what the matching
// expectation provides.
func (m *MockAPI) RespondToAuthChallenge(ctx context.Context, params *cognitodevices.RespondToAuthChallengeInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.RespondToAuthChallengeOutput, error) {
	return answer[cognitodevices.RespondToAuthChallengeOutput](ctx, params, m.Called(ctx, params))
}

// AdminInitiateAuth records the call and returns what the matching
// expectation provides.
func (m *MockAPI) AdminInitiateAuth(ctx context.Context, params *cognitodevices.AdminInitiateAuthInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.AdminInitiateAuthOutput, error) {
	return answer[cognitodevices.AdminInitiateAuthOutput](ctx, params, m.Called(ctx, params))
}

// AdminRespondToAuthChallenge records the call and returns what the
// matching expectation provides.
func (m *MockAPI) AdminRespondToAuthChallenge(ctx context.Context, params *cognitodevices.AdminRespondToAuthChallengeInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.AdminRespondToAuthChallengeOutput, error) {
	return answer[cognitodevices.AdminRespondToAuthChallengeOutput](ctx, params, m.Called(ctx, params))
}

// GetTokensFromRefreshToken records the call and returns what the matching expectation
// provides.
func (m *MockAPI) GetTokensFromRefreshToken(ctx context.Context, params *cognitodevices.GetTokensFromRefreshTokenInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.GetTokensFromRefreshTokenOutput, error) {
	return answer[cognitodevices.GetTokensFromRefreshTokenOutput](ctx, params, m.Called(ctx, params))
}

// RevokeToken records the call and returns what the matching expectation
// provides.
func (m *MockAPI) RevokeToken(ctx context.Context, params *cognitodevices.RevokeTokenInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.RevokeTokenOutput, error) {
	return answer[cognitodevices.RevokeTokenOutput](ctx, params, m.Called(ctx, params))
}

// GlobalSignOut records the call and returns what the matching expectation
// provides.
func (m *MockAPI) GlobalSignOut(ctx context.Context, params *cognitodevices.GlobalSignOutInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.GlobalSignOutOutput, error) {
	return answer[cognitodevices.GlobalSignOutOutput](ctx, params, m.Called(ctx, params))
}

// ListUsers records the call and returns what the matching expectation
// provides.
func (m *MockAPI) ListUsers(ctx context.Context, params *cognitodevices.ListUsersInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.ListUsersOutput, error) {
	return answer[cognitodevices.ListUsersOutput](ctx, params, m.Called(ctx, params))
}

// answer turns the return arguments of an expectation into a method's
// results: a function of (ctx, params) is called, anything else is taken
// as (*Out, error). A first argument of another type is a mistake in the
// test and panics with a message naming the accepted types.
func answer[Out, In any](ctx context.Context, params *In, args mock.Arguments) (*Out, error) {
	switch v := args.Get(0).(type) {
	case func(context.Context, *In) (*Out, error):
		return v(ctx, params)
	case *Out:
		return v, args.Error(1)
	case nil:
		return nil, args.Error(1)
	default:
		out, in := reflect.TypeFor[*Out](), reflect.TypeFor[*In]()
		panic(fmt.Sprintf("devicestest.MockAPI: first return argument is %T, want %v or func(context.Context, %v) (%v, error)", v, out, in, out))
	}
}
