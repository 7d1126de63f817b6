package optable

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
)

// TestTableCoversTheAPI requires one row per method of the API interface,
// with the method's own input and output types, so an operation added to
// the library without a row fails here.
func TestTableCoversTheAPI(t *testing.T) {
	api := reflect.TypeFor[cognitodevices.API]()
	assert.Equal(t, api.NumMethod(), len(All), "one row per API method")
	for i := range api.NumMethod() {
		m := api.Method(i)
		op, ok := Named(m.Name)
		if !assert.True(t, ok, "no row for %s", m.Name) {
			continue
		}
		assert.Equal(t, m.Type.In(1), reflect.TypeOf(op.Input(Default)), "%s: input type", m.Name)
		assert.Equal(t, m.Type.Out(0).Elem(), op.Output(), "%s: output type", m.Name)
	}
	names := map[string]bool{}
	for _, op := range All {
		assert.False(t, names[op.Name], "%s has two rows", op.Name)
		names[op.Name] = true
	}
}

// TestAuthFollowsTheInput requires each row's kind to be the one its
// input's members imply, as the service decides it: an input with an
// access token is authorized by it; one that names the user pool is an
// IAM (SigV4) operation; one with only an app client ID is authorized by
// that. Every admin operation is signed.
func TestAuthFollowsTheInput(t *testing.T) {
	for _, op := range All {
		t.Run(op.Name, func(t *testing.T) {
			in := reflect.TypeOf(op.Input(Default)).Elem()
			has := func(member string) bool { _, ok := in.FieldByName(member); return ok }
			var want Auth
			switch {
			case has("AccessToken"):
				want = AuthAccessToken
			case has("UserPoolId"):
				want = AuthSigned
			case has("ClientId"):
				want = AuthAppClient
			}
			assert.Equal(t, want, op.Auth, "%s: the input implies %q, the row says %q", op.Name, want, op.Auth)
			if strings.HasPrefix(op.Name, "Admin") {
				assert.Equal(t, AuthSigned, op.Auth, "an admin operation is signed")
			}
		})
	}
}

// TestListsAreDerived checks the lists derived from All: the three kinds
// partition it, Unsigned is its complement of Signed, and the member
// filters select exactly the rows with those members.
func TestListsAreDerived(t *testing.T) {
	names := func(ops []Operation) []string {
		var out []string
		for _, op := range ops {
			out = append(out, op.Name)
		}
		return out
	}
	tests := []struct {
		name string
		got  []Operation
		want []string
	}{
		{"Signed", Signed(), []string{"AdminGetDevice", "AdminListDevices", "AdminForgetDevice", "AdminUpdateDeviceStatus", "AdminInitiateAuth", "AdminRespondToAuthChallenge", "ListUsers"}},
		{"AccessToken", AccessToken(), []string{"ListDevices", "GetDevice", "ForgetDevice", "UpdateDeviceStatus", "ConfirmDevice", "GlobalSignOut"}},
		{"AppClient", AppClient(), []string{"InitiateAuth", "RespondToAuthChallenge", "GetTokensFromRefreshToken", "RevokeToken"}},
		{"Unsigned", Unsigned(), []string{"ListDevices", "GetDevice", "ForgetDevice", "UpdateDeviceStatus", "ConfirmDevice", "InitiateAuth", "RespondToAuthChallenge",
			"GetTokensFromRefreshToken", "RevokeToken", "GlobalSignOut"}},
		{"SignIn", SignIn, []string{"InitiateAuth", "RespondToAuthChallenge", "AdminInitiateAuth", "AdminRespondToAuthChallenge"}},
		{"WithInput AccessToken", WithInput("AccessToken"), []string{"ListDevices", "GetDevice", "ForgetDevice", "UpdateDeviceStatus", "ConfirmDevice", "GlobalSignOut"}},
		{"WithOutput Device", WithOutput("Device"), []string{"AdminGetDevice", "GetDevice"}},
		{"WithOutput two members", WithOutput("Session", "AvailableChallenges"), []string{"InitiateAuth", "AdminInitiateAuth"}},
		{"WithOutput none", WithOutput("NoSuchMember"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, names(tt.got))
		})
	}
	assert.Equal(t, len(All), len(Signed())+len(AccessToken())+len(AppClient()), "every row has one of the three kinds")
}

func TestAuthString(t *testing.T) {
	for a, want := range map[Auth]string{AuthSigned: "signed", AuthAccessToken: "access token", AuthAppClient: "app client", 0: "Auth(0)"} {
		assert.Equal(t, want, a.String())
	}
}

// recorder is an API that records the input it was called with.
type recorder struct {
	cognitodevices.API
	got any
}

func (r *recorder) GetDevice(_ context.Context, in *cognitodevices.GetDeviceInput, _ ...func(*cognitodevices.Options)) (*cognitodevices.GetDeviceOutput, error) {
	r.got = in
	return &cognitodevices.GetDeviceOutput{}, nil
}

// TestCallPassesTheInput checks that Call hands its input to the method,
// and a nil input as a nil pointer.
func TestCallPassesTheInput(t *testing.T) {
	r := &recorder{}
	in := GetDevice.Input(Default)
	out, err := GetDevice.Call(context.Background(), r, in)
	require.NoError(t, err)
	assert.Same(t, in, r.got)
	assert.IsType(t, &cognitodevices.GetDeviceOutput{}, out)

	_, err = GetDevice.Call(context.Background(), r, nil)
	require.NoError(t, err)
	assert.Equal(t, (*cognitodevices.GetDeviceInput)(nil), r.got)
}
