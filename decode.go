package cognitodevices

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Response bodies are read strictly by jsonReader: members of the wrong
// type, malformed JSON and trailing data are errors, unknown members are
// skipped, and null stands for an absent member.

// maxPageDevices bounds the devices of one page. The service sends at
// most 60 (the largest Limit); the bound keeps a hostile page of millions
// of empty devices from costing memory out of proportion to its size.
const maxPageDevices = 1000

// errEmptyBody is returned for a successful response without a body where
// the operation answers with a JSON object.
var errEmptyBody = errors.New("empty response body")

// elementError names the array element in which decoding failed.
type elementError struct {
	array string
	index int
	err   error
}

func (e *elementError) Error() string {
	return e.array + "[" + strconv.Itoa(e.index) + "]: " + e.err.Error()
}

func (e *elementError) Unwrap() error { return e.err }

// decoder reads one response body. scratch is reused between devices for
// their attribute lists.
type decoder struct {
	r       jsonReader
	a       arena
	scratch []AttributeType
	// scratchBuf backs scratch for devices of up to eight attributes (the
	// service sets seven), so that a page costs no allocation for it.
	scratchBuf  [8]AttributeType
	devicesHint int
	// names holds, for the first attributes of the last device read in
	// the compact form, 1 plus the index of each one's name in
	// knownNames, or 0 for another name; compactAttributeList tries that
	// name first for the next device. The index is stored plus 1 so that
	// 0, what a new decoder holds, means "no known name" without a pass
	// to fill the array with a marker; int8 keeps the eight in one word.
	names [8]int8
}

func newDecoder(body string) (*decoder, error) {
	d := &decoder{r: jsonReader{src: body}}
	if d.r.atEnd() {
		return nil, errEmptyBody
	}
	d.sizeFor(body)
	return d, nil
}

// sizeFor sizes the arena's first slabs from the body so that a page of
// devices of the service's usual shape fills one slab of each kind and
// grows none. It counts quote characters, which grow with what the
// decoder keeps: such a device (seven attributes, three dates) has 68 of
// them, eight in each attribute, four for the key (its name and value)
// and eight for the names of its other four members. Each ratio errs
// towards a slab a little too large:
//   - devices: one per 64 quotes rather than per 68;
//   - strings: a device keeps 15 (seven names, seven values, the key),
//     one per 4.5 quotes, so one per 4;
//   - attributes: one per 8 quotes, the quotes of one attribute;
//   - times: three per device;
//   - text: what a device keeps as copied text (key, name, ARN, owner,
//     address, SDK; the usual names and values are shared constants) is
//     about 36% of its bytes, so 40% of the body.
//
// The estimates only save regrowth: a body of another shape still decodes.
func (d *decoder) sizeFor(body string) {
	quotes := strings.Count(body, `"`)
	d.devicesHint = quotes/64 + 1
	d.a.strs = make([]string, 0, quotes/4+1)
	d.a.attrs = make([]AttributeType, 0, quotes/8+1)
	d.a.times = make([]time.Time, 0, 3*d.devicesHint)
	d.a.text = make([]byte, 0, len(body)/5*2+1)
}

// decodeDevicePage reads the body of AdminListDevices and ListDevices.
func decodeDevicePage(body string) (devices []DeviceType, token *string, err error) {
	return decodePage(body, "Devices", (*decoder).deviceList)
}

// decodePage reads the body of a listing: the items under itemsKey, read
// by list, and the PaginationToken; other members are skipped.
func decodePage[T any](body, itemsKey string, list func(*decoder) ([]T, error)) (items []T, token *string, err error) {
	d, err := newDecoder(body)
	if err != nil {
		return nil, nil, err
	}
	err = d.r.object("response", func(key string) (err error) {
		switch key {
		case itemsKey:
			items, err = list(d)
		case "PaginationToken":
			token, err = d.r.optString(&d.a, "PaginationToken")
		default:
			err = d.r.skip()
		}
		return err
	})
	if err == nil {
		err = d.r.end()
	}
	if err != nil {
		return nil, nil, err
	}
	return items, token, nil
}

// decodeDeviceResponse reads the body of AdminGetDevice and GetDevice: an
// object whose Device member is required.
func decodeDeviceResponse(body string) (*DeviceType, error) {
	d, err := newDecoder(body)
	if err != nil {
		return nil, err
	}
	var device *DeviceType
	err = d.r.object("response", func(key string) error {
		if key != "Device" {
			return d.r.skip()
		}
		device = nil
		if isNull, err := d.r.null(); isNull || err != nil {
			return err
		}
		device = new(DeviceType)
		if d.compactDevice(device) {
			return nil
		}
		return d.device(device)
	})
	if err == nil {
		err = d.r.end()
	}
	if err != nil {
		return nil, err
	}
	if device == nil {
		return nil, errors.New("response has no Device")
	}
	return device, nil
}

// decodeEmptyResponse reads the body of an operation whose output has no
// members: an empty body or any JSON object.
func decodeEmptyResponse(body string) error {
	r := jsonReader{src: body}
	if r.atEnd() {
		return nil
	}
	if r.peek() != '{' {
		return r.fail("response must be a JSON object, found %s", r.describeNext())
	}
	if err := r.skip(); err != nil {
		return err
	}
	return r.end()
}

// decodeConfirmDeviceResponse reads the body of ConfirmDevice.
func decodeConfirmDeviceResponse(body string) (userConfirmationNecessary bool, err error) {
	r := jsonReader{src: body}
	if r.atEnd() {
		return false, errEmptyBody
	}
	err = r.object("response", func(key string) (err error) {
		if key != "UserConfirmationNecessary" {
			return r.skip()
		}
		userConfirmationNecessary, err = r.optBool(key)
		return err
	})
	if err == nil {
		err = r.end()
	}
	return userConfirmationNecessary, err
}

func (d *decoder) deviceList() ([]DeviceType, error) {
	if isNull, err := d.r.null(); isNull || err != nil {
		return nil, err
	}
	devices := make([]DeviceType, 0, max(d.devicesHint, 1))
	err := d.r.array("Devices", func(i int) error {
		if i == maxPageDevices {
			return d.r.fail("a page holds more than %d devices", maxPageDevices)
		}
		devices = append(devices, DeviceType{})
		if d.compactDevice(&devices[i]) {
			return nil
		}
		if err := d.device(&devices[i]); err != nil {
			return &elementError{array: "Devices", index: i, err: err}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return devices, nil
}

// The members of a device as the service writes them, in its order.
const (
	deviceOpen          = `{"DeviceAttributes":`
	deviceCreated       = `,"DeviceCreateDate":`
	deviceKeyOpen       = `,"DeviceKey":"`
	deviceAuthenticated = `","DeviceLastAuthenticatedDate":`
	deviceModified      = `,"DeviceLastModifiedDate":`
)

// compactDevice reads a device written as the service writes it: all five
// members, in its order, with no white space and a key without escapes.
// For anything else it consumes nothing and reports false, and the caller
// reads the device the general way, which also reports any error.
func (d *decoder) compactDevice(dev *DeviceType) bool {
	r := &d.r
	start := r.pos
	var ok bool
	if ok = r.expect(deviceOpen); ok {
		dev.DeviceAttributes, ok = d.compactAttributeList()
	}
	if ok = ok && r.expect(deviceCreated); ok {
		dev.DeviceCreateDate, ok = d.compactTime()
	}
	if ok = ok && r.expect(deviceKeyOpen); ok {
		keyStart := r.pos
		r.pos = plainEnd(r.src, r.pos)
		keyEnd := r.pos
		if ok = r.expect(deviceAuthenticated); ok {
			dev.DeviceKey = d.a.string(r.src[keyStart:keyEnd])
			dev.DeviceLastAuthenticatedDate, ok = d.compactTime()
		}
	}
	if ok = ok && r.expect(deviceModified); ok {
		dev.DeviceLastModifiedDate, ok = d.compactTime()
	}
	if ok && r.expect("}") {
		return true
	}
	r.pos = start
	*dev = DeviceType{}
	return false
}

// compactTime reads a timestamp member's value for compactDevice when it
// is written as the service writes it, digits[.digits]; anything else
// (null, white space, a sign, an exponent) reports false.
func (d *decoder) compactTime() (*time.Time, bool) {
	rest := d.r.src[d.r.pos:]
	sec, nsec, n := plainSecondsPrefix(rest)
	// plainSecondsPrefix takes every digit it can, so what may follow a
	// number it read and still belong to it is an exponent or a second
	// point: the general path decides those.
	if n == 0 || n < len(rest) && (rest[n] == 'e' || rest[n] == 'E' || rest[n] == '.') {
		return nil, false
	}
	d.r.pos += n
	return d.a.time(time.Unix(sec, nsec).UTC()), true
}

func (d *decoder) device(dev *DeviceType) error {
	return d.r.object("device", func(key string) (err error) {
		switch key {
		case "DeviceKey":
			dev.DeviceKey, err = d.r.optString(&d.a, "DeviceKey")
		case "DeviceAttributes":
			dev.DeviceAttributes, err = d.attributeList()
		case "DeviceCreateDate":
			dev.DeviceCreateDate, err = d.r.optTime(&d.a, "DeviceCreateDate")
		case "DeviceLastModifiedDate":
			dev.DeviceLastModifiedDate, err = d.r.optTime(&d.a, "DeviceLastModifiedDate")
		case "DeviceLastAuthenticatedDate":
			dev.DeviceLastAuthenticatedDate, err = d.r.optTime(&d.a, "DeviceLastAuthenticatedDate")
		default:
			err = d.r.skip()
		}
		return err
	})
}

// emptyScratch returns the scratch list of attributes, emptied, backed by
// the decoder's own array until a device has more than eight.
func (d *decoder) emptyScratch() []AttributeType {
	if d.scratch == nil {
		d.scratch = d.scratchBuf[:0]
	}
	return d.scratch[:0]
}

func (d *decoder) attributeList() ([]AttributeType, error) {
	if isNull, err := d.r.null(); isNull || err != nil {
		return nil, err
	}
	if list, ok := d.compactAttributeList(); ok {
		return list, nil
	}
	list := d.emptyScratch()
	err := d.r.array("DeviceAttributes", func(i int) error {
		var attr AttributeType
		if err := d.attribute(&attr); err != nil {
			return &elementError{array: "DeviceAttributes", index: i, err: err}
		}
		list = append(list, attr)
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.scratch = list
	return d.a.attributes(list), nil
}

// compactAttributeList reads a list of attributes written as the service
// writes it, [{"Name":"...","Value":"..."},...] with no white space and no
// escapes, straight into the arena's attribute slab. For anything else it
// consumes nothing, gives the slab back what it took, and reports false,
// and the caller reads the list the general way (the text it copied
// before giving up stays unused in the arena).
func (d *decoder) compactAttributeList() ([]AttributeType, bool) {
	r, a := &d.r, &d.a
	start := r.pos
	if r.peek() != '[' {
		return nil, false
	}
	r.pos++
	if r.pos < len(r.src) && r.src[r.pos] == ']' {
		r.pos++
		return []AttributeType{}, true
	}
	first := len(a.attrs)
	// The loop ends by returning the list, or by leaving the loop with
	// break list for anything not in the compact form.
list:
	for i := 0; ; i++ {
		var name, value *string
		ok := false
		// Devices of one page usually list the same names in the same
		// order: the name the previous device had at this index is
		// tried first.
		if i < len(d.names) && d.names[i] != 0 {
			name, value, ok = d.knownAttribute(d.names[i])
		}
		if !ok {
			if name, value, ok = d.compactAttribute(); ok && i < len(d.names) {
				d.names[i] = knownName(*name)
			}
		}
		if !ok || r.pos >= len(r.src) {
			break list
		}
		if len(a.attrs) == cap(a.attrs) {
			first = a.moveAttributes(first)
		}
		a.attrs = append(a.attrs, AttributeType{Name: name, Value: value})
		switch r.src[r.pos] {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return a.attrs[first:len(a.attrs):len(a.attrs)], true
		default:
			break list
		}
	}
	// Not the compact form: give back what the list took of the slab.
	a.attrs = a.attrs[:first]
	r.pos = start
	return nil, false
}

// The service writes a name/value pair as {"Name":"...","Value":"..."}.
const (
	pairOpen  = `{"Name":"`
	pairMid   = `","Value":"`
	pairClose = `"}`
)

// compactAttribute reads an attribute written exactly in the service's
// form, with no white space and no escapes, in one pass, and returns
// copies of its name and value in the arena. For anything else it consumes
// nothing and reports false, and the caller reads the object the general
// way. The constant delimiters let the compiler compare them as words.
func (d *decoder) compactAttribute() (name, value *string, ok bool) {
	r, a := &d.r, &d.a
	start := r.pos
	if !r.expect(pairOpen) {
		return nil, nil, false
	}
	start1 := r.pos
	r.pos = plainEnd(r.src, r.pos)
	end1 := r.pos
	if r.expect(pairMid) {
		start2 := r.pos
		r.pos = plainEnd(r.src, r.pos)
		end2 := r.pos
		if r.expect(pairClose) {
			return a.string(r.src[start1:end1]), a.string(r.src[start2:end2]), true
		}
	}
	r.pos = start
	return nil, nil, false
}

// knownNames are the attribute names the service sets on devices, each
// with the text that opens its pair in the compact form.
var knownNames = [...]struct{ name, open string }{
	{AttributeDeviceStatus, pairOpen + AttributeDeviceStatus + pairMid},
	{AttributeDeviceName, pairOpen + AttributeDeviceName + pairMid},
	{AttributeDeviceARN, pairOpen + AttributeDeviceARN + pairMid},
	{AttributeDeviceOwner, pairOpen + AttributeDeviceOwner + pairMid},
	{AttributeLastIPUsed, pairOpen + AttributeLastIPUsed + pairMid},
	{AttributeDeviceRememberedStatus, pairOpen + AttributeDeviceRememberedStatus + pairMid},
	{AttributeDeviceSDK, pairOpen + AttributeDeviceSDK + pairMid},
}

// knownName returns 1 plus the index of name in knownNames, or 0.
func knownName(name string) int8 {
	for i, k := range knownNames {
		if k.name == name {
			return int8(i + 1)
		}
	}
	return 0
}

// knownAttribute reads, like compactAttribute, an attribute whose name is
// knownNames[k-1]: the name is matched with the text around it in one
// comparison instead of being scanned.
func (d *decoder) knownAttribute(k int8) (name, value *string, ok bool) {
	r, a := &d.r, &d.a
	known := &knownNames[k-1]
	start := r.pos
	if !r.expect(known.open) {
		return nil, nil, false
	}
	valueStart := r.pos
	r.pos = plainEnd(r.src, r.pos)
	valueEnd := r.pos
	if r.expect(pairClose) {
		return a.shared(known.name), a.string(r.src[valueStart:valueEnd]), true
	}
	r.pos = start
	return nil, nil, false
}

// attribute reads one name/value pair, in one pass when it is written in
// the service's compact form.
func (d *decoder) attribute(attr *AttributeType) error {
	var ok bool
	if attr.Name, attr.Value, ok = d.compactAttribute(); ok {
		return nil
	}
	return d.r.object("attribute", func(key string) (err error) {
		switch key {
		case "Name":
			attr.Name, err = d.r.optString(&d.a, "Name")
		case "Value":
			attr.Value, err = d.r.optString(&d.a, "Value")
		default:
			err = d.r.skip()
		}
		return err
	})
}

// maxAuthResponseEntries bounds ChallengeParameters and
// AvailableChallenges in a sign-in response. The service sends a few
// parameters and names at most each of its sixteen challenges; the bound
// keeps a hostile body from costing memory out of proportion to its size.
const maxAuthResponseEntries = 1000

// authResponse holds the members of a sign-in response: the output of
// InitiateAuth, RespondToAuthChallenge and their admin forms.
type authResponse struct {
	result     *AuthenticationResultType
	available  []ChallengeNameType
	challenge  ChallengeNameType
	parameters map[string]string
	session    *string
}

// decodeAuthResponse reads the body of a sign-in operation. It reads
// AvailableChallenges only when withAvailable is set, for the two
// operations whose output has that member; the others skip it as they
// skip any unknown member. Either AuthenticationResult or ChallengeName
// is set in the service's answers, but neither is required here, as the
// official client requires neither.
func decodeAuthResponse(body string, withAvailable bool) (authResponse, error) {
	var out authResponse
	r := jsonReader{src: body}
	if r.atEnd() {
		return out, errEmptyBody
	}
	var a arena
	err := r.object("response", func(key string) (err error) {
		switch key {
		case "AuthenticationResult":
			out.result, err = r.authenticationResult(&a)
		case "AvailableChallenges":
			if !withAvailable {
				return r.skip()
			}
			out.available, err = r.challengeList(&a)
		case "ChallengeName":
			out.challenge, err = r.challengeName(&a, "ChallengeName")
		case "ChallengeParameters":
			out.parameters, err = r.optStringMap(&a, "ChallengeParameters", maxAuthResponseEntries)
		case "Session":
			out.session, err = r.optString(&a, "Session")
		default:
			err = r.skip()
		}
		return err
	})
	if err == nil {
		err = r.end()
	}
	if err != nil {
		return authResponse{}, err
	}
	return out, nil
}

// authenticationResult reads an AuthenticationResultType member that may
// be null.
func (r *jsonReader) authenticationResult(a *arena) (*AuthenticationResultType, error) {
	if isNull, err := r.null(); isNull || err != nil {
		return nil, err
	}
	res := new(AuthenticationResultType)
	err := r.object("AuthenticationResult", func(key string) (err error) {
		switch key {
		case "AccessToken":
			res.AccessToken, err = r.optString(a, "AccessToken")
		case "ExpiresIn":
			res.ExpiresIn, err = r.optInt32("ExpiresIn")
		case "IdToken":
			res.IdToken, err = r.optString(a, "IdToken")
		case "NewDeviceMetadata":
			res.NewDeviceMetadata, err = r.newDeviceMetadata(a)
		case "RefreshToken":
			res.RefreshToken, err = r.optString(a, "RefreshToken")
		case "TokenType":
			res.TokenType, err = r.optString(a, "TokenType")
		default:
			err = r.skip()
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("AuthenticationResult: %w", err)
	}
	return res, nil
}

// newDeviceMetadata reads a NewDeviceMetadataType member that may be null.
func (r *jsonReader) newDeviceMetadata(a *arena) (*NewDeviceMetadataType, error) {
	if isNull, err := r.null(); isNull || err != nil {
		return nil, err
	}
	m := new(NewDeviceMetadataType)
	err := r.object("NewDeviceMetadata", func(key string) (err error) {
		switch key {
		case "DeviceGroupKey":
			m.DeviceGroupKey, err = r.optString(a, "DeviceGroupKey")
		case "DeviceKey":
			m.DeviceKey, err = r.optString(a, "DeviceKey")
		default:
			err = r.skip()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// challengeList reads an AvailableChallenges member that may be null; a
// null element reads as "".
func (r *jsonReader) challengeList(a *arena) ([]ChallengeNameType, error) {
	if isNull, err := r.null(); isNull || err != nil {
		return nil, err
	}
	list := []ChallengeNameType{}
	err := r.array("AvailableChallenges", func(i int) error {
		if i == maxAuthResponseEntries {
			return r.fail("AvailableChallenges has more than %d elements", maxAuthResponseEntries)
		}
		name, err := r.challengeName(a, "AvailableChallenges")
		if err != nil {
			return &elementError{array: "AvailableChallenges", index: i, err: err}
		}
		list = append(list, name)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// knownChallengeNames are the values of ChallengeNameType, listed once.
var knownChallengeNames = ChallengeNameType("").Values()

// challengeName reads a ChallengeNameType that may be null, which reads as
// "". A known name is the package's constant; another is copied into a.
func (r *jsonReader) challengeName(a *arena, field string) (ChallengeNameType, error) {
	if isNull, err := r.null(); isNull || err != nil {
		return "", err
	}
	s, err := r.str()
	if err != nil {
		return "", fmt.Errorf("%s: %w", field, err)
	}
	for _, known := range knownChallengeNames {
		if string(known) == s {
			return known, nil
		}
	}
	return ChallengeNameType(a.copyText(s)), nil
}

// decodeUsersPage reads the body of ListUsers.
func decodeUsersPage(body string) (users []UserType, token *string, err error) {
	return decodePage(body, "Users", (*decoder).userList)
}

// userList reads the Users of a ListUsers page; null reads as none.
func (d *decoder) userList() ([]UserType, error) {
	if isNull, err := d.r.null(); isNull || err != nil {
		return nil, err
	}
	users := []UserType{}
	err := d.r.array("Users", func(i int) error {
		var u UserType
		if err := d.user(&u); err != nil {
			return &elementError{array: "Users", index: i, err: err}
		}
		users = append(users, u)
		return nil
	})
	return users, err
}

// user reads one UserType.
func (d *decoder) user(u *UserType) error {
	return d.r.object("user", func(key string) (err error) {
		switch key {
		case "Username":
			u.Username, err = d.r.optString(&d.a, "Username")
		case "Attributes":
			u.Attributes, err = d.attributeList()
		case "Enabled":
			u.Enabled, err = d.r.optBool("Enabled")
		case "UserStatus":
			var s *string
			s, err = d.r.optString(&d.a, "UserStatus")
			u.UserStatus = UserStatusType(derefString(s))
		case "UserCreateDate":
			u.UserCreateDate, err = d.r.optTime(&d.a, "UserCreateDate")
		case "UserLastModifiedDate":
			u.UserLastModifiedDate, err = d.r.optTime(&d.a, "UserLastModifiedDate")
		case "MFAOptions":
			u.MFAOptions, err = d.mfaOptions()
		default:
			err = d.r.skip()
		}
		return err
	})
}

// mfaOptions reads a user's MFAOptions; null reads as none.
func (d *decoder) mfaOptions() ([]MFAOptionType, error) {
	if isNull, err := d.r.null(); isNull || err != nil {
		return nil, err
	}
	list := []MFAOptionType{}
	err := d.r.array("MFAOptions", func(i int) error {
		var o MFAOptionType
		err := d.r.object("MFA option", func(key string) (err error) {
			switch key {
			case "AttributeName":
				o.AttributeName, err = d.r.optString(&d.a, "AttributeName")
			case "DeliveryMedium":
				var s *string
				s, err = d.r.optString(&d.a, "DeliveryMedium")
				o.DeliveryMedium = DeliveryMediumType(derefString(s))
			default:
				err = d.r.skip()
			}
			return err
		})
		if err != nil {
			return &elementError{array: "MFAOptions", index: i, err: err}
		}
		list = append(list, o)
		return nil
	})
	return list, err
}
