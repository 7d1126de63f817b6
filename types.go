package cognitodevices

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

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

// DeviceSecretVerifierConfigType is the SRP verifier of a device secret, as
// sent with ConfirmDevice. Both fields are base64 text.
type DeviceSecretVerifierConfigType struct {
	// PasswordVerifier is the base64 of the big-endian verifier g^x mod N.
	PasswordVerifier *string `redact:"secret"`

	// Salt is the base64 of the big-endian salt.
	Salt *string `redact:"secret"`
}

// Format prints the verifier with the verifier and the salt replaced by a fixed mark,
// whatever the verb.
func (c DeviceSecretVerifierConfigType) Format(f fmt.State, verb rune) { redaction.Format(f, verb, c) }

// LogValue makes log/slog print the verifier with the verifier and the salt replaced by
// a fixed mark.
func (c DeviceSecretVerifierConfigType) LogValue() slog.Value { return redaction.LogValue(c) }

// DeviceConfigurationType is a user pool's device tracking configuration.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceConfigurationType.html
type DeviceConfigurationType struct {
	// ChallengeRequiredOnNewDevice, when true, lets a remembered device
	// sign in with device authentication in place of the pool's MFA
	// challenge. Devices that are not confirmed and remembered answer MFA
	// either way.
	ChallengeRequiredOnNewDevice bool

	// DeviceOnlyRememberedOnUserPrompt, when true, leaves a newly confirmed
	// device not remembered until the application, having asked the user,
	// marks it remembered; ConfirmDevice then answers
	// UserConfirmationNecessary. When false, every confirmed device is
	// remembered.
	DeviceOnlyRememberedOnUserPrompt bool
}
