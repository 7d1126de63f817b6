package devicestest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
)

func device(key string) cognitodevices.DeviceType {
	return cognitodevices.DeviceType{DeviceKey: aws.String(key)}
}

func devicePtr(key string) *cognitodevices.DeviceType {
	d := device(key)
	return &d
}

func TestMockAPIReturn(t *testing.T) {
	ctx := context.Background()
	notFound := &cognitodevices.ResourceNotFoundException{Message: aws.String("Device does not exist.")}
	getIn := &cognitodevices.AdminGetDeviceInput{DeviceKey: aws.String("k1"), UserPoolId: aws.String(poolID), Username: aws.String(username)}
	adminListIn := &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(poolID), Username: aws.String(username)}
	listIn := &cognitodevices.ListDevicesInput{AccessToken: aws.String("token")}

	tests := []struct {
		name    string
		method  string
		in      any
		ret     []any
		call    func(api cognitodevices.API) (any, error)
		want    any
		wantErr error
	}{
		{
			name: "AdminGetDevice", method: "AdminGetDevice", in: getIn,
			ret:  []any{&cognitodevices.AdminGetDeviceOutput{Device: devicePtr("k1")}, nil},
			call: func(api cognitodevices.API) (any, error) { return api.AdminGetDevice(ctx, getIn) },
			want: &cognitodevices.AdminGetDeviceOutput{Device: devicePtr("k1")},
		},
		{
			name: "AdminGetDevice error", method: "AdminGetDevice", in: getIn,
			ret:  []any{nil, notFound},
			call: func(api cognitodevices.API) (any, error) { return api.AdminGetDevice(ctx, getIn) },
			want: (*cognitodevices.AdminGetDeviceOutput)(nil), wantErr: notFound,
		},
		{
			name: "AdminListDevices", method: "AdminListDevices", in: adminListIn,
			ret:  []any{&cognitodevices.AdminListDevicesOutput{Devices: []cognitodevices.DeviceType{device("k1")}}, nil},
			call: func(api cognitodevices.API) (any, error) { return api.AdminListDevices(ctx, adminListIn) },
			want: &cognitodevices.AdminListDevicesOutput{Devices: []cognitodevices.DeviceType{device("k1")}},
		},
		{
			name: "ListDevices", method: "ListDevices", in: listIn,
			ret: []any{&cognitodevices.ListDevicesOutput{Devices: []cognitodevices.DeviceType{device("k2")}}, nil},
			call: func(api cognitodevices.API) (any, error) {
				return api.ListDevices(ctx, listIn, func(o *cognitodevices.Options) { o.Region = "ignored" })
			},
			want: &cognitodevices.ListDevicesOutput{Devices: []cognitodevices.DeviceType{device("k2")}},
		},
		{
			name: "ListDevices typed nil output", method: "ListDevices", in: listIn,
			ret:  []any{(*cognitodevices.ListDevicesOutput)(nil), notFound},
			call: func(api cognitodevices.API) (any, error) { return api.ListDevices(ctx, listIn) },
			want: (*cognitodevices.ListDevicesOutput)(nil), wantErr: notFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := new(devicestest.MockAPI)
			m.On(tt.method, ctx, tt.in).Return(tt.ret...).Once()
			got, err := tt.call(m)
			assert.Equal(t, tt.want, got)
			assert.ErrorIs(t, err, tt.wantErr)
			m.AssertExpectations(t)
		})
	}
}

func TestMockAPIFuncReturn(t *testing.T) {
	m := new(devicestest.MockAPI)
	m.On("AdminGetDevice", mock.Anything, mock.Anything).Return(
		func(_ context.Context, in *cognitodevices.AdminGetDeviceInput) (*cognitodevices.AdminGetDeviceOutput, error) {
			if aws.ToString(in.DeviceKey) == "missing" {
				return nil, &cognitodevices.ResourceNotFoundException{}
			}
			return &cognitodevices.AdminGetDeviceOutput{Device: devicePtr(aws.ToString(in.DeviceKey))}, nil
		})

	out, err := m.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{DeviceKey: aws.String("k7")})
	require.NoError(t, err)
	assert.Equal(t, "k7", aws.ToString(out.Device.DeviceKey))

	_, err = m.AdminGetDevice(context.Background(), &cognitodevices.AdminGetDeviceInput{DeviceKey: aws.String("missing")})
	var notFound *cognitodevices.ResourceNotFoundException
	assert.True(t, errors.As(err, &notFound))
	m.AssertNumberOfCalls(t, "AdminGetDevice", 2)
}

func TestMockAPIWithAdminListDevicesAll(t *testing.T) {
	pages := map[string]*cognitodevices.AdminListDevicesOutput{
		"":      {Devices: []cognitodevices.DeviceType{device("k1"), device("k2")}, PaginationToken: aws.String("page2")},
		"page2": {Devices: []cognitodevices.DeviceType{device("k3")}},
	}
	m := new(devicestest.MockAPI)
	m.On("AdminListDevices", mock.Anything, mock.MatchedBy(func(in *cognitodevices.AdminListDevicesInput) bool {
		return aws.ToString(in.UserPoolId) == poolID && aws.ToInt32(in.Limit) == 2
	})).Return(func(_ context.Context, in *cognitodevices.AdminListDevicesInput) (*cognitodevices.AdminListDevicesOutput, error) {
		return pages[aws.ToString(in.PaginationToken)], nil
	}).Twice()

	var keys []string
	for d, err := range cognitodevices.AdminListDevicesAll(context.Background(), m, &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String(poolID), Username: aws.String(username), Limit: aws.Int32(2),
	}) {
		require.NoError(t, err)
		keys = append(keys, aws.ToString(d.DeviceKey))
	}
	assert.Equal(t, []string{"k1", "k2", "k3"}, keys)
	m.AssertExpectations(t)
}

func TestMockAPIRejectsMistypedReturn(t *testing.T) {
	m := new(devicestest.MockAPI)
	m.On("ListDevices", mock.Anything, mock.Anything).Return(&cognitodevices.AdminListDevicesOutput{}, nil)
	assert.PanicsWithValue(t,
		"devicestest.MockAPI: first return argument is *cognitodevices.AdminListDevicesOutput, want *cognitodevices.ListDevicesOutput or func(context.Context, *cognitodevices.ListDevicesInput) (*cognitodevices.ListDevicesOutput, error)",
		func() { m.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{}) })
}

func TestMockAPIDeviceOperations(t *testing.T) {
	ctx := context.Background()
	notFound := &cognitodevices.ResourceNotFoundException{Message: aws.String("Device does not exist.")}
	adminForgetIn := &cognitodevices.AdminForgetDeviceInput{DeviceKey: aws.String("k1"), UserPoolId: aws.String(poolID), Username: aws.String(username)}
	adminUpdateIn := &cognitodevices.AdminUpdateDeviceStatusInput{
		DeviceKey: aws.String("k1"), UserPoolId: aws.String(poolID), Username: aws.String(username),
		DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered,
	}
	getIn := &cognitodevices.GetDeviceInput{AccessToken: aws.String("token"), DeviceKey: aws.String("k2")}
	forgetIn := &cognitodevices.ForgetDeviceInput{AccessToken: aws.String("token"), DeviceKey: aws.String("k2")}
	updateIn := &cognitodevices.UpdateDeviceStatusInput{AccessToken: aws.String("token"), DeviceKey: aws.String("k2")}
	confirmIn := &cognitodevices.ConfirmDeviceInput{AccessToken: aws.String("token"), DeviceKey: aws.String("k3"), DeviceName: aws.String("laptop")}

	tests := []struct {
		name    string
		method  string
		in      any
		ret     []any
		call    func(api cognitodevices.API) (any, error)
		want    any
		wantErr error
	}{
		{
			name: "AdminForgetDevice", method: "AdminForgetDevice", in: adminForgetIn,
			ret:  []any{&cognitodevices.AdminForgetDeviceOutput{}, nil},
			call: func(api cognitodevices.API) (any, error) { return api.AdminForgetDevice(ctx, adminForgetIn) },
			want: &cognitodevices.AdminForgetDeviceOutput{},
		},
		{
			name: "AdminForgetDevice error", method: "AdminForgetDevice", in: adminForgetIn,
			ret:  []any{nil, notFound},
			call: func(api cognitodevices.API) (any, error) { return api.AdminForgetDevice(ctx, adminForgetIn) },
			want: (*cognitodevices.AdminForgetDeviceOutput)(nil), wantErr: notFound,
		},
		{
			name: "AdminUpdateDeviceStatus", method: "AdminUpdateDeviceStatus", in: adminUpdateIn,
			ret:  []any{&cognitodevices.AdminUpdateDeviceStatusOutput{}, nil},
			call: func(api cognitodevices.API) (any, error) { return api.AdminUpdateDeviceStatus(ctx, adminUpdateIn) },
			want: &cognitodevices.AdminUpdateDeviceStatusOutput{},
		},
		{
			name: "GetDevice", method: "GetDevice", in: getIn,
			ret:  []any{&cognitodevices.GetDeviceOutput{Device: devicePtr("k2")}, nil},
			call: func(api cognitodevices.API) (any, error) { return api.GetDevice(ctx, getIn) },
			want: &cognitodevices.GetDeviceOutput{Device: devicePtr("k2")},
		},
		{
			name: "ForgetDevice error", method: "ForgetDevice", in: forgetIn,
			ret:  []any{(*cognitodevices.ForgetDeviceOutput)(nil), notFound},
			call: func(api cognitodevices.API) (any, error) { return api.ForgetDevice(ctx, forgetIn) },
			want: (*cognitodevices.ForgetDeviceOutput)(nil), wantErr: notFound,
		},
		{
			name: "UpdateDeviceStatus", method: "UpdateDeviceStatus", in: updateIn,
			ret: []any{&cognitodevices.UpdateDeviceStatusOutput{}, nil},
			call: func(api cognitodevices.API) (any, error) {
				return api.UpdateDeviceStatus(ctx, updateIn, func(o *cognitodevices.Options) { o.Region = "ignored" })
			},
			want: &cognitodevices.UpdateDeviceStatusOutput{},
		},
		{
			name: "ConfirmDevice", method: "ConfirmDevice", in: confirmIn,
			ret:  []any{&cognitodevices.ConfirmDeviceOutput{UserConfirmationNecessary: true}, nil},
			call: func(api cognitodevices.API) (any, error) { return api.ConfirmDevice(ctx, confirmIn) },
			want: &cognitodevices.ConfirmDeviceOutput{UserConfirmationNecessary: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := new(devicestest.MockAPI)
			m.On(tt.method, ctx, tt.in).Return(tt.ret...).Once()
			got, err := tt.call(m)
			assert.Equal(t, tt.want, got)
			assert.ErrorIs(t, err, tt.wantErr)
			m.AssertExpectations(t)
		})
	}
}

func TestMockAPIConfirmDeviceFuncReturn(t *testing.T) {
	m := new(devicestest.MockAPI)
	confirmed := map[string]bool{}
	m.On("ConfirmDevice", mock.Anything, mock.MatchedBy(func(in *cognitodevices.ConfirmDeviceInput) bool {
		return in.DeviceSecretVerifierConfig != nil
	})).Return(func(_ context.Context, in *cognitodevices.ConfirmDeviceInput) (*cognitodevices.ConfirmDeviceOutput, error) {
		key := aws.ToString(in.DeviceKey)
		if confirmed[key] {
			return nil, &cognitodevices.DeviceKeyExistsException{Message: aws.String("Device key already exists.")}
		}
		confirmed[key] = true
		return &cognitodevices.ConfirmDeviceOutput{}, nil
	})
	m.On("AdminForgetDevice", mock.Anything, mock.Anything).Return(nil, nil).Once()

	in := &cognitodevices.ConfirmDeviceInput{
		AccessToken: aws.String("token"), DeviceKey: aws.String("k1"),
		DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String("AQID"), Salt: aws.String("AQID")},
	}
	out, err := m.ConfirmDevice(context.Background(), in)
	require.NoError(t, err)
	assert.False(t, out.UserConfirmationNecessary)

	_, err = m.ConfirmDevice(context.Background(), in)
	var exists *cognitodevices.DeviceKeyExistsException
	require.ErrorAs(t, err, &exists)

	assert.Panics(t, func() {
		m.ConfirmDevice(context.Background(), &cognitodevices.ConfirmDeviceInput{DeviceKey: aws.String("k2")})
	}, "a call no expectation matches fails the test")

	forgot, err := m.AdminForgetDevice(context.Background(), &cognitodevices.AdminForgetDeviceInput{DeviceKey: aws.String("k1")})
	assert.NoError(t, err)
	assert.Nil(t, forgot)
	m.AssertNumberOfCalls(t, "ConfirmDevice", 2)
	m.AssertExpectations(t)
}

func TestMockAPISignInOperations(t *testing.T) {
	ctx := context.Background()
	notAuthorized := &cognitodevices.NotAuthorizedException{Message: aws.String("Incorrect username or password.")}
	initIn := &cognitodevices.InitiateAuthInput{AuthFlow: cognitodevices.AuthFlowTypeUserSrpAuth, ClientId: aws.String("client"),
		AuthParameters: map[string]string{"USERNAME": username, "SRP_A": "0a"}}
	respondIn := &cognitodevices.RespondToAuthChallengeInput{ChallengeName: cognitodevices.ChallengeNameTypePasswordVerifier, ClientId: aws.String("client")}
	adminInitIn := &cognitodevices.AdminInitiateAuthInput{AuthFlow: cognitodevices.AuthFlowTypeAdminUserPasswordAuth, ClientId: aws.String("client"), UserPoolId: aws.String(poolID)}
	adminRespondIn := &cognitodevices.AdminRespondToAuthChallengeInput{ChallengeName: cognitodevices.ChallengeNameTypeSmsMfa, ClientId: aws.String("client"), UserPoolId: aws.String(poolID)}
	tokens := &cognitodevices.AuthenticationResultType{AccessToken: aws.String("access"), ExpiresIn: 3600}

	tests := []struct {
		name    string
		method  string
		in      any
		ret     []any
		call    func(api cognitodevices.API) (any, error)
		want    any
		wantErr error
	}{
		{
			name: "InitiateAuth", method: "InitiateAuth", in: initIn,
			ret:  []any{&cognitodevices.InitiateAuthOutput{ChallengeName: cognitodevices.ChallengeNameTypePasswordVerifier}, nil},
			call: func(api cognitodevices.API) (any, error) { return api.InitiateAuth(ctx, initIn) },
			want: &cognitodevices.InitiateAuthOutput{ChallengeName: cognitodevices.ChallengeNameTypePasswordVerifier},
		},
		{
			name: "RespondToAuthChallenge", method: "RespondToAuthChallenge", in: respondIn,
			ret:  []any{&cognitodevices.RespondToAuthChallengeOutput{AuthenticationResult: tokens}, nil},
			call: func(api cognitodevices.API) (any, error) { return api.RespondToAuthChallenge(ctx, respondIn) },
			want: &cognitodevices.RespondToAuthChallengeOutput{AuthenticationResult: tokens},
		},
		{
			name: "AdminInitiateAuth error", method: "AdminInitiateAuth", in: adminInitIn,
			ret:  []any{nil, notAuthorized},
			call: func(api cognitodevices.API) (any, error) { return api.AdminInitiateAuth(ctx, adminInitIn) },
			want: (*cognitodevices.AdminInitiateAuthOutput)(nil), wantErr: notAuthorized,
		},
		{
			name: "AdminRespondToAuthChallenge", method: "AdminRespondToAuthChallenge", in: adminRespondIn,
			ret: []any{func(_ context.Context, in *cognitodevices.AdminRespondToAuthChallengeInput) (*cognitodevices.AdminRespondToAuthChallengeOutput, error) {
				return &cognitodevices.AdminRespondToAuthChallengeOutput{ChallengeName: in.ChallengeName}, nil
			}},
			call: func(api cognitodevices.API) (any, error) { return api.AdminRespondToAuthChallenge(ctx, adminRespondIn) },
			want: &cognitodevices.AdminRespondToAuthChallengeOutput{ChallengeName: cognitodevices.ChallengeNameTypeSmsMfa},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := new(devicestest.MockAPI)
			m.On(tt.method, ctx, tt.in).Return(tt.ret...).Once()
			got, err := tt.call(m)
			assert.Equal(t, tt.want, got)
			assert.ErrorIs(t, err, tt.wantErr)
			m.AssertExpectations(t)
		})
	}
}
