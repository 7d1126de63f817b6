package optable

import (
	"context"
	"reflect"
	"testing"

	"github.com/cognitodevices/cognitodevices"
)

// TestTableCoversTheAPI requires one row per method of the API interface,
// with the method's own input type, so an operation added to the library
// without a row fails here.
func TestTableCoversTheAPI(t *testing.T) {
	api := reflect.TypeFor[cognitodevices.API]()
	if len(All) != api.NumMethod() {
		t.Errorf("the table has %d rows, the API %d methods", len(All), api.NumMethod())
	}
	for i := range api.NumMethod() {
		m := api.Method(i)
		op, ok := Named(m.Name)
		if !ok {
			t.Errorf("no row for %s", m.Name)
			continue
		}
		if got, want := reflect.TypeOf(op.Input(Default)), m.Type.In(1); got != want {
			t.Errorf("%s: input is %v, the method takes %v", m.Name, got, want)
		}
	}
	signed := map[string]bool{}
	for _, op := range Signed() {
		signed[op.Name] = true
	}
	for _, op := range All {
		if want := len(op.Name) > 5 && op.Name[:5] == "Admin"; signed[op.Name] != want {
			t.Errorf("%s: signed is %v, want %v", op.Name, signed[op.Name], want)
		}
	}
	if len(Signed())+len(Unsigned()) != len(All) {
		t.Errorf("Signed and Unsigned do not partition All")
	}
	if len(Devices)+len(SignIn) != len(All) || All[0].Name != Devices[0].Name || All[len(Devices)].Name != SignIn[0].Name {
		t.Errorf("All is not Devices followed by SignIn")
	}
	for _, op := range TokenAuthorized() {
		if _, ok := reflect.TypeOf(op.Input(Default)).Elem().FieldByName("AccessToken"); !ok || op.Signed {
			t.Errorf("%s is in TokenAuthorized but takes no access token", op.Name)
		}
	}
	if got, want := len(TokenAuthorized()), 5; got != want {
		t.Errorf("TokenAuthorized has %d operations, want %d", got, want)
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
	if err != nil || r.got != in {
		t.Fatalf("Call passed %v (error %v), want %v", r.got, err, in)
	}
	if _, ok := out.(*cognitodevices.GetDeviceOutput); !ok {
		t.Fatalf("Call returned %T", out)
	}
	if _, err := GetDevice.Call(context.Background(), r, nil); err != nil || r.got != (*cognitodevices.GetDeviceInput)(nil) {
		t.Fatalf("Call with nil passed %#v", r.got)
	}
}
