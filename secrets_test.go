package cognitodevices_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/redaction"
	"github.com/cognitodevices/cognitodevices/internal/redactiontest"
)

// These tests find the operations from the API interface and their shapes
// by reflection, so that an operation added without declaring its secrets
// fails them without being listed here.

var updateSecrets = flag.Bool("update-secrets", false, "rewrite testdata/secrets.golden from the redact tags")

// notSecret names the members that look like secrets by their name, or are
// free-form maps, but are not secrets, each with the reason.
var notSecret = map[string]string{
	"PaginationToken":            "an opaque position in a listing; the service takes it only with the listing caller's own credentials",
	"TokenType":                  `names the kind of the tokens, "Bearer"`,
	"DeviceSecretVerifierConfig": "a structure whose members (the verifier and the salt) are declared secret themselves",
	"ClientMetadata":             "the application's own key-value pairs for the pool's Lambda triggers, passed on as the application gives them",
}

// apiMethod is one method of the API interface with its shapes.
type apiMethod struct {
	name    string
	in, out reflect.Type
}

func apiMethods() []apiMethod {
	api := reflect.TypeFor[cd.API]()
	var ms []apiMethod
	for i := range api.NumMethod() {
		m := api.Method(i)
		ms = append(ms, apiMethod{m.Name, m.Type.In(1).Elem(), m.Type.Out(0).Elem()})
	}
	return ms
}

// shapes returns every struct type the API's inputs and outputs hold,
// each once, in a stable order. The sign-in package's own shapes are
// checked by its own secrets tests.
func shapes() []reflect.Type {
	var roots []reflect.Type
	for _, m := range apiMethods() {
		roots = append(roots, m.in, m.out)
	}
	return redactiontest.Shapes(reflect.TypeFor[cd.Client]().PkgPath(), roots...)
}

// secretsGolden is the reviewed record of the redact tags, one
// "Type.Member tag" a line.
const secretsGolden = "testdata/secrets.golden"

// expectSecret reports how a member must be redacted, independently of
// its tag: as the reviewed record says, or else as a secret when its name
// says it holds one, or as sign-in parameters when it is a map of
// strings, unless notSecret names it.
func expectSecret(declared map[string]redaction.Kind, st reflect.Type, f reflect.StructField) redaction.Kind {
	if kind, ok := declared[st.Name()+"."+f.Name]; ok {
		return kind
	}
	isStruct := f.Type.Kind() == reflect.Struct || f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct
	switch {
	case notSecret[f.Name] != "":
		return redaction.Plain
	case f.Type == reflect.TypeFor[map[string]string]():
		return redaction.AuthValues
	case redactiontest.SecretName.MatchString(f.Name) && !isStruct:
		return redaction.Secret
	}
	return redaction.Plain
}

func TestSecretNamesAreDeclared(t *testing.T) {
	redactiontest.CheckNamesDeclared(t, shapes(), notSecret)
}

func TestShapesWithSecretsFormatThemselves(t *testing.T) {
	redactiontest.CheckFormatters(t, shapes())
}

// TestSecretDeclarations compares the redact tags of every shape with
// testdata/secrets.golden, so that no declaration is removed unnoticed.
// Run with -update-secrets after adding a shape or a secret, and review
// the difference.
func TestSecretDeclarations(t *testing.T) {
	redactiontest.CheckGolden(t, shapes(), secretsGolden, *updateSecrets)
}

// markers fills values with distinct marker strings and remembers which
// of them are secrets.
type markers struct {
	declared map[string]redaction.Kind
	n        int
	secret   map[string]string // marker -> path, for the secret ones
	public   map[string]string // marker -> path, for the others
	// top lists the public markers of the top-level string members,
	// which every printed form shows.
	top []string
}

func newMarkers(t *testing.T) *markers {
	return &markers{declared: redactiontest.ReadGolden(t, secretsGolden), secret: map[string]string{}, public: map[string]string{}}
}

// next returns a new marker that passes every pattern the service
// documents for a string member (device key, pool ID, token, session).
func (m *markers) next(path string, secret bool) string {
	m.n++
	s := fmt.Sprintf("mk%03dz_%020d", m.n, m.n)
	if secret {
		m.secret[s] = path
	} else {
		m.public[s] = path
	}
	return s
}

// fill sets every member of v, a struct, to a valid value: a marker for a
// string, one entry of each kind for a map, one element for a slice.
func (m *markers) fill(v reflect.Value, path string, depth int) {
	st := v.Type()
	for i := range st.NumField() {
		f := st.Field(i)
		if !f.IsExported() {
			continue
		}
		m.member(v.Field(i), f, path+"."+f.Name, expectSecret(m.declared, st, f), depth)
	}
}

func (m *markers) member(v reflect.Value, f reflect.StructField, path string, kind redaction.Kind, depth int) {
	t := v.Type()
	switch {
	case t == reflect.TypeFor[middleware.Metadata](), t.Kind() == reflect.Func, t.Kind() == reflect.Interface:
	case t == reflect.TypeFor[*time.Time]():
		v.Set(reflect.ValueOf(aws.Time(time.Unix(1700000000, 0).UTC())))
	case t.Kind() == reflect.Pointer:
		v.Set(reflect.New(t.Elem()))
		m.member(v.Elem(), f, path, kind, depth)
	case t.Kind() == reflect.Struct:
		m.fill(v, path, depth+1)
	case t.Kind() == reflect.String && v.MethodByName("Values").IsValid():
		// An enum: its first value, which validation accepts.
		v.Set(v.MethodByName("Values").Call(nil)[0].Index(0))
	case t.Kind() == reflect.String:
		s := m.next(path, kind == redaction.Secret)
		v.SetString(s)
		if depth == 0 && kind == redaction.Plain {
			m.top = append(m.top, s)
		}
	case t == reflect.TypeFor[map[string]string]():
		mp := map[string]string{}
		for _, key := range []string{"USERNAME", "DEVICE_KEY", "PASSWORD", "SRP_A", "SECRET_HASH"} {
			mp[key] = m.next(path+"["+key+"]", kind == redaction.Secret || kind == redaction.AuthValues && !redaction.PublicAuthKey(key))
		}
		key := m.next(path+" key", false)
		mp[key] = m.next(path+"["+key+"]", kind == redaction.Secret || kind == redaction.AuthValues)
		v.Set(reflect.ValueOf(mp))
	case t.Kind() == reflect.Slice:
		s := reflect.MakeSlice(t, 1, 1)
		m.member(s.Index(0), f, path+"[0]", kind, depth)
		v.Set(s)
	case t.Kind() == reflect.Int32:
		v.SetInt(10)
	case t.Kind() == reflect.Bool:
		v.SetBool(true)
	default:
		panic(fmt.Sprintf("markers: %s of type %s", path, t))
	}
}

// wire encodes v as the service would send it: members by their Go names,
// dates as epoch seconds.
func wire(v reflect.Value) any {
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		return json.Number(fmt.Sprint(v.Interface().(time.Time).Unix()))
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return wire(v.Elem())
	case v.Kind() == reflect.Struct:
		obj := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() && f.Type != reflect.TypeFor[middleware.Metadata]() {
				obj[f.Name] = wire(v.Field(i))
			}
		}
		return obj
	case v.Kind() == reflect.Slice:
		list := []any{}
		for i := range v.Len() {
			list = append(list, wire(v.Index(i)))
		}
		return list
	}
	return v.Interface()
}

// printed returns every printed and logged form of v: the fmt verbs, of
// the value and of a pointer to it, and slog's text and JSON handlers.
func printed(v reflect.Value) string {
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	var b bytes.Buffer
	for _, x := range []any{v.Interface(), p.Interface()} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			fmt.Fprintf(&b, verb+"\n", x)
		}
		slog.New(slog.NewTextHandler(&b, nil)).Info("v", "v", x)
		slog.New(slog.NewJSONHandler(&b, nil)).Info("v", "v", x)
	}
	return b.String()
}

// allLogModes turns on every log mode of the client.
const allLogModes = aws.LogSigning | aws.LogRetries | aws.LogRequest | aws.LogRequestWithBody |
	aws.LogResponse | aws.LogResponseWithBody | aws.LogDeprecatedUsage | aws.LogRequestEventMessage | aws.LogResponseEventMessage

func TestEveryOperationKeepsItsSecrets(t *testing.T) {
	for _, m := range apiMethods() {
		t.Run(m.name, func(t *testing.T) {
			marks := newMarkers(t)
			in := reflect.New(m.in)
			marks.fill(in.Elem(), m.in.Name(), 0)
			inTop := marks.top
			marks.top = nil
			out := reflect.New(m.out)
			marks.fill(out.Elem(), m.out.Name(), 0)
			body, err := json.Marshal(wire(out))
			require.NoError(t, err)
			// The credentials of the signed operations are secrets too.
			const sessionToken = "mk999z_credentials_session_token"
			marks.secret[sessionToken] = "the session token"
			marks.secret[testSecretKey] = "the secret access key"

			var logged bytes.Buffer
			c, ts := setup(t, func(o *cd.Options) {
				o.Logger = logging.NewStandardLogger(&logged)
				o.ClientLogMode = allLogModes
				o.Credentials = staticCredentials(sessionToken)
			})
			ts.Handle(respond(200, string(body)))
			call := func(in reflect.Value) (reflect.Value, error) {
				res := reflect.ValueOf(c).MethodByName(m.name).Call([]reflect.Value{reflect.ValueOf(context.Background()), in})
				err, _ := res[1].Interface().(error)
				return res[0], err
			}
			got, err := call(in)
			require.NoError(t, err)
			require.Len(t, ts.Requests(), 1)

			// An error, from the service and from validation, with the
			// same input.
			ts.Handle(respond(400, `{"__type":"NotAuthorizedException","message":"Access Token has been revoked"}`))
			_, serviceErr := call(in)
			require.Error(t, serviceErr)
			_, validationErr := call(reflect.ValueOf(invalidCopy(in.Interface())))
			require.Error(t, validationErr)

			var seen bytes.Buffer
			seen.WriteString(printed(in.Elem()))
			seen.WriteString(printed(got.Elem()))
			for _, err := range []error{serviceErr, validationErr} {
				fmt.Fprintf(&seen, "%v\n%+v\n%#v\n", err, err, err)
				for e := err; e != nil; e = errors.Unwrap(e) {
					seen.WriteString(e.Error())
				}
			}
			seen.WriteString(logged.String())
			all := seen.String()
			for marker, path := range marks.secret {
				assert.NotContains(t, all, marker, "the secret %s was printed or logged", path)
			}
			for marker, path := range marks.public {
				assert.Contains(t, logged.String(), marker, "the logs leave out %s, which is no secret: the test did not see the bodies", path)
			}
			for _, marker := range inTop {
				assert.Contains(t, printed(in.Elem()), marker, "the printed input leaves out %s, which is no secret", marks.public[marker])
			}
		})
	}
}

// invalidCopy returns a copy of in, a pointer to an input, whose string
// members are all too long for the service, so that validation refuses
// it while holding every marker.
func invalidCopy(in any) any {
	v := reflect.ValueOf(in).Elem()
	c := reflect.New(v.Type())
	c.Elem().Set(v)
	pad := strings.Repeat("x", 140000)
	for i := range v.NumField() {
		if f := c.Elem().Field(i); f.Type() == reflect.TypeFor[*string]() && !f.IsNil() {
			f.Set(reflect.ValueOf(aws.String(*f.Interface().(*string) + pad)))
		}
	}
	return c.Interface()
}
