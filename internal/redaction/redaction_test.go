package redaction

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The shapes of these tests cover every kind of member and container.
type (
	inner struct {
		Key    *string
		Secret *string `redact:"secret"`
	}
	outer struct {
		Name   *string
		Token  *string           `redact:"secret"`
		Params map[string]string `redact:"auth-values"`
		One    *inner
		List   []inner
		ByName map[string]*inner
		Func   func() `redact:"omit"`
		Plain  *plainInner
	}
	plainInner struct{ Value *string }
)

func (o outer) Format(f fmt.State, verb rune) { Format(f, verb, o) }
func (o outer) LogValue() slog.Value          { return LogValue(o) }
func (i inner) Format(f fmt.State, verb rune) { Format(f, verb, i) }
func (i inner) LogValue() slog.Value          { return LogValue(i) }

func str(s string) *string { return &s }

func TestJSON(t *testing.T) {
	typ := reflect.TypeFor[outer]()
	const m = `"` + Mark + `"`
	tests := []struct{ name, body, want string }{
		{"every container",
			`{"Name":"n","Token":"t","Params":{"USERNAME":"u","PASSWORD":"p"},"One":{"Key":"k","Secret":"s"},"List":[{"Secret":"s1"},null,{"Key":"k2"}],"ByName":{"a":{"Secret":"s2"}},"Plain":{"Value":"v"}}`,
			`{"Name":"n","Token":` + m + `,"Params":{"USERNAME":"u","PASSWORD":` + m + `},"One":{"Key":"k","Secret":` + m + `},"List":[{"Secret":` + m + `},null,{"Key":"k2"}],"ByName":{"a":{"Secret":` + m + `}},"Plain":{"Value":"v"}}`},
		{"names in any case, unknown members kept", `{"token":"t","other":{"Token":"kept"}}`, `{"token":` + m + `,"other":{"Token":"kept"}}`},
		{"a container of the wrong form is replaced whole", `{"One":"s","List":{"Secret":"x"},"Params":[1],"ByName":{"a":"s"}}`,
			`{"One":` + m + `,"List":` + m + `,"Params":` + m + `,"ByName":{"a":` + m + `}}`},
		{"secrets of any type", `{"Token":{"a":[1]},"Params":{"SRP_A":7}}`, `{"Token":` + m + `,"Params":{"SRP_A":` + m + `}}`},
		{"nulls and white space kept", " {\"Token\" : null ,\n\"One\":null}\n", " {\"Token\" : null ,\n\"One\":null}\n"},
		{"an escaped key", `{"T\u006fken":"t"}`, `{"T\u006fken":` + m + `}`},
		{"truncated", `{"Token":"t`, Mark + " (11 bytes, not a well-formed JSON object)"},
		{"not an object", `["t"]`, Mark + " (5 bytes, not a well-formed JSON object)"},
		{"trailing data", `{} {"Token":"t"}`, Mark + " (16 bytes, not a well-formed JSON object)"},
		{"empty", ``, Mark + " (0 bytes, not a well-formed JSON object)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, JSON(typ, tt.body))
		})
	}
	assert.Equal(t, `{"Value":"v"}`, JSON(reflect.TypeFor[plainInner](), `{"Value":"v"}`), "a shape without secrets is kept as it is")
	assert.Equal(t, "not JSON", JSON(reflect.TypeFor[*plainInner](), "not JSON"))
}

func TestFormatAndLogValue(t *testing.T) {
	v := outer{Name: str("name"), Token: str("tok-secret"), Params: map[string]string{"USERNAME": "alice", "SRP_A": "srp-secret"},
		One: &inner{Key: str("k"), Secret: str("inner-secret")}, Func: func() {}}
	var all bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		fmt.Fprintf(&all, verb+"\n", v)
		fmt.Fprintf(&all, verb+"\n", &v)
	}
	slog.New(slog.NewTextHandler(&all, nil)).Info("m", "v", v)
	slog.New(slog.NewJSONHandler(&all, nil)).Info("m", "v", v)
	for _, secret := range []string{"tok-secret", "srp-secret", "inner-secret"} {
		assert.NotContains(t, all.String(), secret)
	}
	assert.Contains(t, all.String(), "alice")
	assert.Contains(t, all.String(), `"Name":"name"`, "slog follows pointers")
	assert.NotContains(t, all.String(), "Func", "an omitted member is not printed")
	assert.Contains(t, fmt.Sprintf("%+v", v), "Token:"+Mark)
	assert.Contains(t, fmt.Sprintf("%#v", outer{}), "redaction.outer{Name:(*string)(nil), Token:(*string)(nil)")
	assert.Contains(t, fmt.Sprintf("%#v", outer{}), "One:(*redaction.inner)(nil)", "a nil pointer to a type with Format prints as fmt prints it")
	assert.Contains(t, fmt.Sprintf("%v", outer{}), "{<nil> <nil> map[] <nil>")
}

func TestTagsAreChecked(t *testing.T) {
	type unknown struct {
		A string `redact:"secrett"`
	}
	type wrongMap struct {
		A map[string]int `redact:"auth-values"`
	}
	assert.PanicsWithValue(t, `redaction: redaction.unknown.A has an unknown redact tag "secrett"`, func() { HasSecrets(reflect.TypeFor[unknown]()) })
	assert.Panics(t, func() { HasSecrets(reflect.TypeFor[wrongMap]()) })
}

func TestMembersAndHasSecrets(t *testing.T) {
	require.Equal(t, map[string]Kind{"Name": Plain, "Token": Secret, "Params": AuthValues, "One": Plain, "List": Plain, "ByName": Plain, "Func": Omitted, "Plain": Plain},
		Members(reflect.TypeFor[outer]()))
	assert.True(t, HasSecrets(reflect.TypeFor[*outer]()))
	assert.True(t, HasSecrets(reflect.TypeFor[inner]()))
	assert.False(t, HasSecrets(reflect.TypeFor[plainInner]()))
	assert.False(t, HasSecrets(reflect.TypeFor[string]()))
}

// FuzzJSON checks that JSON never panics, that what it returns for a body
// it accepts is well-formed JSON again, and that every top-level Token in
// it is the mark or null.
func FuzzJSON(f *testing.F) {
	for _, seed := range []string{`{"Token":"t"}`, `{"List":[{"Secret":1}]}`, `{"Params":{"a":null}}`, `{`, ``, `{"One":{"One":{}}}`, `{"TOKEN":1,"token":[2]}`} {
		f.Add(seed)
	}
	typ := reflect.TypeFor[outer]()
	f.Fuzz(func(t *testing.T, body string) {
		out := JSON(typ, body)
		if strings.HasPrefix(out, Mark+" (") {
			return
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &members); err != nil {
			t.Fatalf("%q gave %q, which is not a JSON object: %v", body, out, err)
		}
		for k, v := range members {
			if strings.EqualFold(k, "Token") && string(v) != "null" && string(v) != `"`+Mark+`"` {
				t.Fatalf("%q kept the token %s: %q", body, v, out)
			}
		}
	})
}
