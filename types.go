package cognitodevices

import (
	"fmt"
	"time"

	"github.com/aws/smithy-go/middleware"
)

// AdminGetDeviceInput is the request of [Client.AdminGetDevice]. All three
// fields are required.
type AdminGetDeviceInput struct {
	// DeviceKey identifies the device, as returned in DeviceType.DeviceKey.
	DeviceKey *string

	// UserPoolId is the ID of the user pool the device owner belongs to.
	UserPoolId *string

	// Username is the user's name or one of their alias attributes.
	Username *string
}

// AdminGetDeviceOutput is the response of [Client.AdminGetDevice].
type AdminGetDeviceOutput struct {
	// Device is the requested device. It is never nil in a successful
	// response from this client.
	Device *DeviceType

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// AdminListDevicesInput is the request of [Client.AdminListDevices].
// UserPoolId and Username are required.
type AdminListDevicesInput struct {
	// UserPoolId is the ID of the user pool the device owner belongs to.
	UserPoolId *string

	// Username is the user's name or one of their alias attributes.
	Username *string

	// Limit is the most devices one page may hold, 0 to 60. Nil or 0 lets
	// the service choose.
	Limit *int32

	// PaginationToken continues a listing from the token a previous page
	// returned.
	PaginationToken *string
}

// AdminListDevicesOutput is one page of [Client.AdminListDevices].
type AdminListDevicesOutput struct {
	// Devices holds the devices of this page, possibly none.
	Devices []DeviceType

	// PaginationToken is set when more pages follow.
	PaginationToken *string

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// ListDevicesInput is the request of [Client.ListDevices]. AccessToken is
// required. Printing a ListDevicesInput with the fmt package never shows
// the access token.
type ListDevicesInput struct {
	// AccessToken is a user's access token with the
	// aws.cognito.signin.user.admin scope. It is a secret.
	AccessToken *string

	// Limit is the most devices one page may hold, 0 to 60. Nil or 0 lets
	// the service choose.
	Limit *int32

	// PaginationToken continues a listing from the token a previous page
	// returned.
	PaginationToken *string
}

// ListDevicesOutput is one page of [Client.ListDevices].
type ListDevicesOutput struct {
	// Devices holds the devices of this page, possibly none.
	Devices []DeviceType

	// PaginationToken is set when more pages follow.
	PaginationToken *string

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// Format prints the input with the access token replaced by a fixed mark,
// whatever the verb (%v, %+v, %#v, %s, ...).
func (in ListDevicesInput) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, "ListDevicesInput", []field{
		{"AccessToken", redactedString(in.AccessToken)},
		{"Limit", in.Limit},
		{"PaginationToken", in.PaginationToken},
	})
}

// DeviceType describes one remembered or tracked device of a user. Its
// timestamps are in UTC and exact to the digits the service sent.
type DeviceType struct {
	// DeviceKey identifies the device within its user pool.
	DeviceKey *string

	// DeviceAttributes holds the device's name/value attributes; the
	// accessor methods read the well-known ones.
	DeviceAttributes []AttributeType

	// DeviceCreateDate is when the device was first registered.
	DeviceCreateDate *time.Time

	// DeviceLastModifiedDate is when the device record last changed.
	DeviceLastModifiedDate *time.Time

	// DeviceLastAuthenticatedDate is when the user last signed in with
	// the device.
	DeviceLastAuthenticatedDate *time.Time
}

// AttributeType is a name and value pair.
type AttributeType struct {
	// Name is the attribute's name.
	Name *string

	// Value is the attribute's value.
	Value *string
}

// Names of the device attributes the service sets.
const (
	AttributeDeviceName             = "device_name"
	AttributeDeviceStatus           = "device_status"
	AttributeLastIPUsed             = "last_ip_used"
	AttributeDeviceRememberedStatus = "dev:device_remembered_status"
	AttributeDeviceARN              = "dev:device_arn"
	AttributeDeviceOwner            = "dev:device_owner"
	AttributeDeviceSDK              = "dev:device_sdk"
)

// DeviceRememberedStatusType says whether a device is remembered.
type DeviceRememberedStatusType string

// The values of DeviceRememberedStatusType.
const (
	DeviceRememberedStatusTypeRemembered    DeviceRememberedStatusType = "remembered"
	DeviceRememberedStatusTypeNotRemembered DeviceRememberedStatusType = "not_remembered"
)

// Values returns every known DeviceRememberedStatusType.
func (DeviceRememberedStatusType) Values() []DeviceRememberedStatusType {
	return []DeviceRememberedStatusType{
		DeviceRememberedStatusTypeRemembered,
		DeviceRememberedStatusTypeNotRemembered,
	}
}

// Attribute returns the value of the first attribute with the given name
// and whether one was present. An attribute with a nil value counts as
// present with an empty value.
func (d DeviceType) Attribute(name string) (string, bool) {
	for _, a := range d.DeviceAttributes {
		if a.Name != nil && *a.Name == name {
			if a.Value == nil {
				return "", true
			}
			return *a.Value, true
		}
	}
	return "", false
}

func (d DeviceType) attributeOrEmpty(name string) string {
	v, _ := d.Attribute(name)
	return v
}

// Name returns the device_name attribute, or "" when absent.
func (d DeviceType) Name() string { return d.attributeOrEmpty(AttributeDeviceName) }

// Status returns the device_status attribute ("valid" for a usable
// device), or "" when absent.
func (d DeviceType) Status() string { return d.attributeOrEmpty(AttributeDeviceStatus) }

// LastIPUsed returns the last_ip_used attribute, or "" when absent.
func (d DeviceType) LastIPUsed() string { return d.attributeOrEmpty(AttributeLastIPUsed) }

// RememberedStatus returns the dev:device_remembered_status attribute, or
// "" when absent.
func (d DeviceType) RememberedStatus() DeviceRememberedStatusType {
	return DeviceRememberedStatusType(d.attributeOrEmpty(AttributeDeviceRememberedStatus))
}

// Remembered reports whether the device is marked remembered.
func (d DeviceType) Remembered() bool {
	return d.RememberedStatus() == DeviceRememberedStatusTypeRemembered
}

// ARN returns the dev:device_arn attribute, or "" when absent.
func (d DeviceType) ARN() string { return d.attributeOrEmpty(AttributeDeviceARN) }

// Owner returns the dev:device_owner attribute, or "" when absent.
func (d DeviceType) Owner() string { return d.attributeOrEmpty(AttributeDeviceOwner) }

// SDK returns the dev:device_sdk attribute, or "" when absent.
func (d DeviceType) SDK() string { return d.attributeOrEmpty(AttributeDeviceSDK) }

// AdminForgetDeviceInput is the request of [Client.AdminForgetDevice]. All
// three fields are required.
type AdminForgetDeviceInput struct {
	// DeviceKey identifies the device to forget.
	DeviceKey *string

	// UserPoolId is the ID of the user pool the device owner belongs to.
	UserPoolId *string

	// Username is the user's name or one of their alias attributes.
	Username *string
}

// AdminForgetDeviceOutput is the response of [Client.AdminForgetDevice].
type AdminForgetDeviceOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// AdminUpdateDeviceStatusInput is the request of
// [Client.AdminUpdateDeviceStatus]. DeviceKey, UserPoolId and Username are
// required.
type AdminUpdateDeviceStatusInput struct {
	// DeviceKey identifies the device to update.
	DeviceKey *string

	// UserPoolId is the ID of the user pool the device owner belongs to.
	UserPoolId *string

	// Username is the user's name or one of their alias attributes.
	Username *string

	// DeviceRememberedStatus is the new status; empty leaves it out of the
	// request.
	DeviceRememberedStatus DeviceRememberedStatusType
}

// AdminUpdateDeviceStatusOutput is the response of
// [Client.AdminUpdateDeviceStatus].
type AdminUpdateDeviceStatusOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// GetDeviceInput is the request of [Client.GetDevice]. DeviceKey and
// AccessToken are required. Printing it with the fmt package never shows
// the access token.
type GetDeviceInput struct {
	// DeviceKey identifies the device.
	DeviceKey *string

	// AccessToken is the device owner's access token. It is a secret.
	AccessToken *string
}

// GetDeviceOutput is the response of [Client.GetDevice].
type GetDeviceOutput struct {
	// Device is the requested device. It is never nil in a successful
	// response from this client.
	Device *DeviceType

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// ForgetDeviceInput is the request of [Client.ForgetDevice]. DeviceKey and
// AccessToken are required. Printing it with the fmt package never shows
// the access token.
type ForgetDeviceInput struct {
	// DeviceKey identifies the device to forget.
	DeviceKey *string

	// AccessToken is the device owner's access token. It is a secret.
	AccessToken *string
}

// ForgetDeviceOutput is the response of [Client.ForgetDevice].
type ForgetDeviceOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// UpdateDeviceStatusInput is the request of [Client.UpdateDeviceStatus].
// AccessToken and DeviceKey are required. Printing it with the fmt package
// never shows the access token.
type UpdateDeviceStatusInput struct {
	// AccessToken is the device owner's access token. It is a secret.
	AccessToken *string

	// DeviceKey identifies the device to update.
	DeviceKey *string

	// DeviceRememberedStatus is the new status; empty leaves it out of the
	// request.
	DeviceRememberedStatus DeviceRememberedStatusType
}

// UpdateDeviceStatusOutput is the response of [Client.UpdateDeviceStatus].
type UpdateDeviceStatusOutput struct {
	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// ConfirmDeviceInput is the request of [Client.ConfirmDevice]. AccessToken
// and DeviceKey are required. Printing it with the fmt package never shows
// the access token or the verifier.
type ConfirmDeviceInput struct {
	// AccessToken is the access token of the sign-in that returned the
	// device key. It is a secret.
	AccessToken *string

	// DeviceKey is the key the service returned in NewDeviceMetadata.
	DeviceKey *string

	// DeviceName is a friendly name for the device, 1 to 1024 characters.
	DeviceName *string

	// DeviceSecretVerifierConfig holds the SRP verifier and salt of the
	// device secret; GenerateDeviceSecretVerifier builds it.
	DeviceSecretVerifierConfig *DeviceSecretVerifierConfigType
}

// ConfirmDeviceOutput is the response of [Client.ConfirmDevice].
type ConfirmDeviceOutput struct {
	// UserConfirmationNecessary is true when the user pool lets users
	// choose whether to remember devices: the application should then ask
	// the user and call UpdateDeviceStatus.
	UserConfirmationNecessary bool

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// DeviceSecretVerifierConfigType is the SRP verifier of a device secret, as
// sent with ConfirmDevice. Both fields are base64 text.
type DeviceSecretVerifierConfigType struct {
	// PasswordVerifier is the base64 of the big-endian verifier g^x mod N.
	PasswordVerifier *string

	// Salt is the base64 of the big-endian salt.
	Salt *string
}

// Format prints the input with the access token replaced by a fixed mark.
func (in GetDeviceInput) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, "GetDeviceInput", []field{
		{"DeviceKey", in.DeviceKey},
		{"AccessToken", redactedString(in.AccessToken)},
	})
}

// Format prints the input with the access token replaced by a fixed mark.
func (in ForgetDeviceInput) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, "ForgetDeviceInput", []field{
		{"DeviceKey", in.DeviceKey},
		{"AccessToken", redactedString(in.AccessToken)},
	})
}

// Format prints the input with the access token replaced by a fixed mark.
func (in UpdateDeviceStatusInput) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, "UpdateDeviceStatusInput", []field{
		{"AccessToken", redactedString(in.AccessToken)},
		{"DeviceKey", in.DeviceKey},
		{"DeviceRememberedStatus", in.DeviceRememberedStatus},
	})
}

// Format prints the input with the access token and the verifier replaced
// by a fixed mark.
func (in ConfirmDeviceInput) Format(f fmt.State, verb rune) {
	var verifier any = (*DeviceSecretVerifierConfigType)(nil)
	if in.DeviceSecretVerifierConfig != nil {
		verifier = redacted{}
	}
	formatRedacted(f, verb, "ConfirmDeviceInput", []field{
		{"AccessToken", redactedString(in.AccessToken)},
		{"DeviceKey", in.DeviceKey},
		{"DeviceName", in.DeviceName},
		{"DeviceSecretVerifierConfig", verifier},
	})
}
