package devicestest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// The response shapes of the awsJson1_1 protocol. Absent members are
// omitted; an empty attribute list is sent as [] and a missing one not at
// all, so the client sees the difference the store keeps.

type wirePage struct {
	Devices         []wireDevice `json:"Devices"`
	PaginationToken *string      `json:"PaginationToken,omitzero"`
}

type wireDeviceResponse struct {
	Device wireDevice `json:"Device"`
}

type wireDevice struct {
	DeviceKey                   *string         `json:"DeviceKey,omitzero"`
	DeviceAttributes            []wireAttribute `json:"DeviceAttributes,omitzero"`
	DeviceCreateDate            *epochSeconds   `json:"DeviceCreateDate,omitzero"`
	DeviceLastModifiedDate      *epochSeconds   `json:"DeviceLastModifiedDate,omitzero"`
	DeviceLastAuthenticatedDate *epochSeconds   `json:"DeviceLastAuthenticatedDate,omitzero"`
}

type wireAttribute struct {
	Name  *string `json:"Name,omitzero"`
	Value *string `json:"Value,omitzero"`
}

// epochSeconds encodes a time as the service does: seconds since the Unix
// epoch as a JSON number with exactly three decimals, such as
// 1715100742.022.
type epochSeconds time.Time

func (e epochSeconds) MarshalJSON() ([]byte, error) {
	ms := time.Time(e).UnixMilli()
	var b []byte
	if ms < 0 {
		b = append(b, '-')
		ms = -ms
	}
	b = strconv.AppendInt(b, ms/1000, 10)
	b = append(b, '.', byte('0'+ms/100%10), byte('0'+ms/10%10), byte('0'+ms%10))
	return b, nil
}

func toWire(d cognitodevices.DeviceType) wireDevice {
	w := wireDevice{
		DeviceKey:                   d.DeviceKey,
		DeviceCreateDate:            (*epochSeconds)(d.DeviceCreateDate),
		DeviceLastModifiedDate:      (*epochSeconds)(d.DeviceLastModifiedDate),
		DeviceLastAuthenticatedDate: (*epochSeconds)(d.DeviceLastAuthenticatedDate),
	}
	if d.DeviceAttributes != nil {
		w.DeviceAttributes = make([]wireAttribute, len(d.DeviceAttributes))
		for i, a := range d.DeviceAttributes {
			w.DeviceAttributes[i] = wireAttribute{Name: a.Name, Value: a.Value}
		}
	}
	return w
}

// decodeInput reads a request body into in. An empty body is an empty
// input; anything that is not one JSON object of the input's shape is a
// SerializationException.
func decodeInput(body []byte, in any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, in); err != nil {
		return newError("SerializationException", "%s", serializationMessage(err))
	}
	return nil
}

// serializationMessage describes why a request body does not decode in
// the protocol's terms (JSON types and member names), not Go's.
func serializationMessage(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("The request body is not valid JSON: syntax error at offset %d.", syntax.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("Member %s must be %s, found %s.", typ.Field, jsonType(typ.Type), typ.Value)
	case errors.As(err, &typ):
		return fmt.Sprintf("The request body must be a JSON object, found %s.", typ.Value)
	}
	return "The request body is not valid JSON."
}

// jsonType names the JSON type a Go type of the input shapes is read from.
func jsonType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "a number"
	case reflect.Slice:
		return "an array"
	}
	return "an object"
}
