package cognitodevices

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// This file maps the operation shapes to and from their awsJson1_1 bodies.
// Requests are written member by member in the official client's order,
// with unset members omitted; responses are read strictly by jsonReader.

// errEmptyBody is returned for a successful response without a body: the
// operations of this package always answer with a JSON object.
var errEmptyBody = errors.New("empty response body")

// jsonObjectWriter appends the members of one JSON object.
type jsonObjectWriter struct {
	buf []byte
	n   int
}

func (w *jsonObjectWriter) key(name string) {
	if w.n == 0 {
		w.buf = append(w.buf, '{')
	} else {
		w.buf = append(w.buf, ',')
	}
	w.n++
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '"', ':')
}

func (w *jsonObjectWriter) str(name string, v *string) {
	if v != nil {
		w.key(name)
		w.buf = appendJSONString(w.buf, *v)
	}
}

func (w *jsonObjectWriter) int32(name string, v *int32) {
	if v != nil {
		w.key(name)
		w.buf = strconv.AppendInt(w.buf, int64(*v), 10)
	}
}

func (w *jsonObjectWriter) bytes() []byte {
	if w.n == 0 {
		return append(w.buf, '{', '}')
	}
	return append(w.buf, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string escaped as the official
// client escapes it: quote, backslash and control characters, U+2028 and
// U+2029, and invalid UTF-8 as U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func (in *AdminGetDeviceInput) appendJSON(dst []byte) []byte {
	w := jsonObjectWriter{buf: dst}
	w.str("DeviceKey", in.DeviceKey)
	w.str("Username", in.Username)
	w.str("UserPoolId", in.UserPoolId)
	return w.bytes()
}

func (in *AdminListDevicesInput) appendJSON(dst []byte) []byte {
	w := jsonObjectWriter{buf: dst}
	w.int32("Limit", in.Limit)
	w.str("PaginationToken", in.PaginationToken)
	w.str("Username", in.Username)
	w.str("UserPoolId", in.UserPoolId)
	return w.bytes()
}

func (in *ListDevicesInput) appendJSON(dst []byte) []byte {
	w := jsonObjectWriter{buf: dst}
	w.str("AccessToken", in.AccessToken)
	w.int32("Limit", in.Limit)
	w.str("PaginationToken", in.PaginationToken)
	return w.bytes()
}

// arena hands out the *string and *time.Time values of one response from
// slabs, so a page of devices costs a handful of allocations instead of
// one per field. Slabs are never grown in place and bytes once handed out
// are never written again, so handed-out values stay valid and
// independent. String contents are copied out of the response body, which
// may be a reused buffer, into text.
type arena struct {
	strs  []string
	text  []byte
	times []time.Time
	attrs []AttributeType
}

// string copies s, which may point into the response body, and returns a
// pointer to the copy. Names and values the service repeats on every
// device are shared constants instead of copies.
func (a *arena) string(s string) *string {
	if len(a.strs) == cap(a.strs) {
		a.strs = make([]string, 0, max(64, 2*cap(a.strs)))
	}
	a.strs = append(a.strs, a.copyText(s))
	return &a.strs[len(a.strs)-1]
}

func (a *arena) copyText(s string) string {
	if c, ok := commonText(s); ok {
		return c
	}
	if len(s) == 0 {
		return ""
	}
	if cap(a.text)-len(a.text) < len(s) {
		a.text = make([]byte, 0, max(8<<10, len(s)))
	}
	start := len(a.text)
	a.text = append(a.text, s...)
	return unsafe.String(&a.text[start], len(s))
}

// commonText returns the constant equal to s for the attribute names and
// values that appear on nearly every device.
func commonText(s string) (string, bool) {
	switch s {
	case AttributeDeviceName:
		return AttributeDeviceName, true
	case AttributeDeviceStatus:
		return AttributeDeviceStatus, true
	case AttributeLastIPUsed:
		return AttributeLastIPUsed, true
	case AttributeDeviceRememberedStatus:
		return AttributeDeviceRememberedStatus, true
	case AttributeDeviceARN:
		return AttributeDeviceARN, true
	case AttributeDeviceOwner:
		return AttributeDeviceOwner, true
	case AttributeDeviceSDK:
		return AttributeDeviceSDK, true
	case "valid":
		return "valid", true
	case string(DeviceRememberedStatusTypeRemembered):
		return string(DeviceRememberedStatusTypeRemembered), true
	case string(DeviceRememberedStatusTypeNotRemembered):
		return string(DeviceRememberedStatusTypeNotRemembered), true
	}
	return "", false
}

func (a *arena) time(t time.Time) *time.Time {
	if len(a.times) == cap(a.times) {
		a.times = make([]time.Time, 0, max(32, 2*cap(a.times)))
	}
	a.times = append(a.times, t)
	return &a.times[len(a.times)-1]
}

// attributes copies one device's attributes into a slab and returns them
// with their capacity capped, so appending to one device's attributes
// never writes into another's.
func (a *arena) attributes(list []AttributeType) []AttributeType {
	if len(list) == 0 {
		return []AttributeType{}
	}
	if cap(a.attrs)-len(a.attrs) < len(list) {
		a.attrs = make([]AttributeType, 0, max(128, 2*cap(a.attrs), len(list)))
	}
	start := len(a.attrs)
	a.attrs = append(a.attrs, list...)
	return a.attrs[start:len(a.attrs):len(a.attrs)]
}

// decoder reads one response body. scratch is reused between devices for
// their attribute lists.
type decoder struct {
	r           jsonReader
	a           arena
	scratch     []AttributeType
	devicesHint int
}

func newDecoder(body string) (*decoder, error) {
	d := &decoder{r: jsonReader{src: body}}
	if d.r.peek() == 0 {
		return nil, errEmptyBody
	}
	d.sizeFor(body)
	return d, nil
}

// sizeFor sizes the arena's first slabs from the body so that a typical
// page fills one slab of each kind. A device of the service's usual shape
// (seven attributes, three dates) has about 68 quote characters, of which
// a quarter open a string the decoder keeps and an eighth an attribute.
// The estimates only save regrowth: a body of another shape still decodes.
func (d *decoder) sizeFor(body string) {
	quotes := strings.Count(body, `"`)
	d.devicesHint = quotes/64 + 1
	d.a.strs = make([]string, 0, quotes/4+1)
	d.a.attrs = make([]AttributeType, 0, quotes/8+1)
	d.a.times = make([]time.Time, 0, 3*d.devicesHint)
	d.a.text = make([]byte, 0, len(body)/3+1)
}

// decodeDevicePage reads the body of AdminListDevices and ListDevices.
func decodeDevicePage(body string) (devices []DeviceType, token *string, err error) {
	d, err := newDecoder(body)
	if err != nil {
		return nil, nil, err
	}
	if err := d.r.openObject("response"); err != nil {
		return nil, nil, err
	}
	for i := 0; ; i++ {
		key, ok, err := d.r.member(i)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		switch key {
		case "Devices":
			if devices, err = d.deviceList(); err != nil {
				return nil, nil, err
			}
		case "PaginationToken":
			if token, err = d.r.optString(&d.a, "PaginationToken"); err != nil {
				return nil, nil, err
			}
		default:
			if err := d.r.skip(0); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := d.r.end(); err != nil {
		return nil, nil, err
	}
	return devices, token, nil
}

// decodeDeviceResponse reads the body of AdminGetDevice (and GetDevice):
// an object whose Device member is required.
func decodeDeviceResponse(body string) (*DeviceType, error) {
	d, err := newDecoder(body)
	if err != nil {
		return nil, err
	}
	if err := d.r.openObject("response"); err != nil {
		return nil, err
	}
	var device *DeviceType
	for i := 0; ; i++ {
		key, ok, err := d.r.member(i)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if key != "Device" {
			if err := d.r.skip(0); err != nil {
				return nil, err
			}
			continue
		}
		if isNull, err := d.r.null(); err != nil {
			return nil, err
		} else if isNull {
			device = nil
			continue
		}
		device = new(DeviceType)
		if err := d.device(device); err != nil {
			return nil, err
		}
	}
	if err := d.r.end(); err != nil {
		return nil, err
	}
	if device == nil {
		return nil, errors.New("response has no Device")
	}
	return device, nil
}

func (d *decoder) deviceList() ([]DeviceType, error) {
	if isNull, err := d.r.null(); isNull || err != nil {
		return nil, err
	}
	if err := d.r.openArray("Devices"); err != nil {
		return nil, err
	}
	devices := make([]DeviceType, 0, max(d.devicesHint, 1))
	for i := 0; ; i++ {
		ok, err := d.r.element(i)
		if err != nil {
			return nil, err
		}
		if !ok {
			return devices, nil
		}
		devices = append(devices, DeviceType{})
		if err := d.device(&devices[len(devices)-1]); err != nil {
			return nil, fmt.Errorf("Devices[%d]: %w", i, err)
		}
	}
}

func (d *decoder) device(dev *DeviceType) error {
	if err := d.r.openObject("device"); err != nil {
		return err
	}
	for i := 0; ; i++ {
		key, ok, err := d.r.member(i)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		switch key {
		case "DeviceKey":
			dev.DeviceKey, err = d.r.optString(&d.a, key)
		case "DeviceAttributes":
			dev.DeviceAttributes, err = d.attributeList()
		case "DeviceCreateDate":
			dev.DeviceCreateDate, err = d.r.optTime(&d.a, key)
		case "DeviceLastModifiedDate":
			dev.DeviceLastModifiedDate, err = d.r.optTime(&d.a, key)
		case "DeviceLastAuthenticatedDate":
			dev.DeviceLastAuthenticatedDate, err = d.r.optTime(&d.a, key)
		default:
			err = d.r.skip(0)
		}
		if err != nil {
			return err
		}
	}
}

func (d *decoder) attributeList() ([]AttributeType, error) {
	if isNull, err := d.r.null(); isNull || err != nil {
		return nil, err
	}
	if err := d.r.openArray("DeviceAttributes"); err != nil {
		return nil, err
	}
	list := d.scratch[:0]
	for i := 0; ; i++ {
		ok, err := d.r.element(i)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		var attr AttributeType
		if err := d.attribute(&attr); err != nil {
			return nil, fmt.Errorf("DeviceAttributes[%d]: %w", i, err)
		}
		list = append(list, attr)
	}
	d.scratch = list
	return d.a.attributes(list), nil
}

func (d *decoder) attribute(attr *AttributeType) error {
	if d.compactAttribute(attr) {
		return nil
	}
	if err := d.r.openObject("attribute"); err != nil {
		return err
	}
	for i := 0; ; i++ {
		key, ok, err := d.r.member(i)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		switch key {
		case "Name":
			attr.Name, err = d.r.optString(&d.a, key)
		case "Value":
			attr.Value, err = d.r.optString(&d.a, key)
		default:
			err = d.r.skip(0)
		}
		if err != nil {
			return err
		}
	}
}

// compactAttribute reads an attribute written exactly as the service
// writes it, {"Name":"...","Value":"..."} with no white space and no
// escapes, in one pass. For anything else it consumes nothing and reports
// false, and the general path reads the attribute.
func (d *decoder) compactAttribute(attr *AttributeType) bool {
	const namePrefix, valuePrefix, end = `{"Name":"`, `","Value":"`, `"}`
	src, pos := d.r.src, d.r.pos
	if !strings.HasPrefix(src[pos:], namePrefix) {
		return false
	}
	nameStart := pos + len(namePrefix)
	nameEnd := plainStringEnd(src, nameStart)
	if nameEnd < 0 || !strings.HasPrefix(src[nameEnd:], valuePrefix) {
		return false
	}
	valueStart := nameEnd + len(valuePrefix)
	valueEnd := plainStringEnd(src, valueStart)
	if valueEnd < 0 || !strings.HasPrefix(src[valueEnd:], end) {
		return false
	}
	attr.Name = d.a.string(src[nameStart:nameEnd])
	attr.Value = d.a.string(src[valueStart:valueEnd])
	d.r.pos = valueEnd + len(end)
	return true
}

// plainStringEnd returns the index of the quote that closes the string
// whose contents start at src[start], or -1 if the contents hold anything
// but plain printable ASCII (escapes, control or non-ASCII bytes).
func plainStringEnd(src string, start int) int {
	i := start
	for i+8 <= len(src) && plainWord(src[i:i+8]) {
		i += 8
	}
	for i < len(src) && plainStringByte[src[i]] {
		i++
	}
	if i < len(src) && src[i] == '"' {
		return i
	}
	return -1
}

func (w *jsonObjectWriter) enum(name string, v DeviceRememberedStatusType) {
	if v != "" {
		w.key(name)
		w.buf = appendJSONString(w.buf, string(v))
	}
}

func (in *AdminForgetDeviceInput) appendJSON(dst []byte) []byte {
	w := jsonObjectWriter{buf: dst}
	w.str("DeviceKey", in.DeviceKey)
	w.str("Username", in.Username)
	w.str("UserPoolId", in.UserPoolId)
	return w.bytes()
}

func (in *AdminUpdateDeviceStatusInput) appendJSON(dst []byte) []byte {
	w := jsonObjectWriter{buf: dst}
	w.str("DeviceKey", in.DeviceKey)
	w.enum("DeviceRememberedStatus", in.DeviceRememberedStatus)
	w.str("Username", in.Username)
	w.str("UserPoolId", in.UserPoolId)
	return w.bytes()
}

func (in *GetDeviceInput) appendJSON(dst []byte) []byte {
	w := jsonObjectWriter{buf: dst}
	w.str("AccessToken", in.AccessToken)
	w.str("DeviceKey", in.DeviceKey)
	return w.bytes()
}

func (in *ForgetDeviceInput) appendJSON(dst []byte) []byte {
	w := jsonObjectWriter{buf: dst}
	w.str("AccessToken", in.AccessToken)
	w.str("DeviceKey", in.DeviceKey)
	return w.bytes()
}

func (in *UpdateDeviceStatusInput) appendJSON(dst []byte) []byte {
	w := jsonObjectWriter{buf: dst}
	w.str("AccessToken", in.AccessToken)
	w.str("DeviceKey", in.DeviceKey)
	w.enum("DeviceRememberedStatus", in.DeviceRememberedStatus)
	return w.bytes()
}

func (in *ConfirmDeviceInput) appendJSON(dst []byte) []byte {
	w := jsonObjectWriter{buf: dst}
	w.str("AccessToken", in.AccessToken)
	w.str("DeviceKey", in.DeviceKey)
	w.str("DeviceName", in.DeviceName)
	if v := in.DeviceSecretVerifierConfig; v != nil {
		w.key("DeviceSecretVerifierConfig")
		inner := jsonObjectWriter{buf: w.buf}
		inner.str("PasswordVerifier", v.PasswordVerifier)
		inner.str("Salt", v.Salt)
		w.buf = inner.bytes()
	}
	return w.bytes()
}

// decodeEmptyResponse reads the body of an operation whose output has no
// members: an empty body or any JSON object.
func decodeEmptyResponse(body string) error {
	r := jsonReader{src: body}
	if r.peek() == 0 {
		return nil
	}
	if r.peek() != '{' {
		return r.fail("response must be a JSON object, found %s", r.describeNext())
	}
	if err := r.skip(0); err != nil {
		return err
	}
	return r.end()
}

// decodeConfirmDeviceResponse reads the body of ConfirmDevice.
func decodeConfirmDeviceResponse(body string) (userConfirmationNecessary bool, err error) {
	r := jsonReader{src: body}
	if r.peek() == 0 {
		return false, errEmptyBody
	}
	if err := r.openObject("response"); err != nil {
		return false, err
	}
	for i := 0; ; i++ {
		key, ok, err := r.member(i)
		if err != nil {
			return false, err
		}
		if !ok {
			break
		}
		if key != "UserConfirmationNecessary" {
			if err := r.skip(0); err != nil {
				return false, err
			}
			continue
		}
		switch r.peek() {
		case 't':
			err = r.literal("true")
			userConfirmationNecessary = true
		case 'f':
			err = r.literal("false")
			userConfirmationNecessary = false
		case 'n':
			err = r.literal("null")
			userConfirmationNecessary = false
		default:
			err = r.fail("UserConfirmationNecessary must be a boolean, found %s", r.describeNext())
		}
		if err != nil {
			return false, err
		}
	}
	return userConfirmationNecessary, r.end()
}
