package cognitodevices

import "time"

// This file holds the shapes of ListUsers, named and typed as in the
// official client's types package.

// UserStatusType is the state of a user's account.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserType.html#CognitoUserPools-Type-UserType-UserStatus
type UserStatusType string

// The values of UserStatusType.
const (
	UserStatusTypeUnconfirmed         UserStatusType = "UNCONFIRMED"
	UserStatusTypeConfirmed           UserStatusType = "CONFIRMED"
	UserStatusTypeArchived            UserStatusType = "ARCHIVED"
	UserStatusTypeCompromised         UserStatusType = "COMPROMISED"
	UserStatusTypeUnknown             UserStatusType = "UNKNOWN"
	UserStatusTypeResetRequired       UserStatusType = "RESET_REQUIRED"
	UserStatusTypeForceChangePassword UserStatusType = "FORCE_CHANGE_PASSWORD"
	UserStatusTypeExternalProvider    UserStatusType = "EXTERNAL_PROVIDER"
)

// Values returns every known UserStatusType. The service may add others;
// this client decodes any value as it is.
func (UserStatusType) Values() []UserStatusType {
	return []UserStatusType{
		UserStatusTypeUnconfirmed, UserStatusTypeConfirmed, UserStatusTypeArchived, UserStatusTypeCompromised,
		UserStatusTypeUnknown, UserStatusTypeResetRequired, UserStatusTypeForceChangePassword, UserStatusTypeExternalProvider,
	}
}

// DeliveryMediumType is how a code reaches a user.
type DeliveryMediumType string

// The values of DeliveryMediumType.
const (
	DeliveryMediumTypeSms   DeliveryMediumType = "SMS"
	DeliveryMediumTypeEmail DeliveryMediumType = "EMAIL"
)

// Values returns every known DeliveryMediumType.
func (DeliveryMediumType) Values() []DeliveryMediumType {
	return []DeliveryMediumType{DeliveryMediumTypeSms, DeliveryMediumTypeEmail}
}

// MFAOptionType is an SMS MFA setting of a user, as the service still
// reports it for users set up with the legacy MFA options.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_MFAOptionType.html
type MFAOptionType struct {
	// AttributeName is the attribute that receives the codes, such as
	// phone_number.
	AttributeName *string

	// DeliveryMedium is how the codes are sent.
	DeliveryMedium DeliveryMediumType
}

// UserType is a user of a pool, as ListUsers lists it. Its dates are in
// UTC and exact to the digits the service sent.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserType.html
type UserType struct {
	// Attributes are the user's attributes (or those AttributesToGet
	// asked for), such as sub and email.
	Attributes []AttributeType

	// Enabled is false for a user an administrator disabled.
	Enabled bool

	// MFAOptions are the user's legacy SMS MFA settings.
	MFAOptions []MFAOptionType

	// UserCreateDate is when the user was created.
	UserCreateDate *time.Time

	// UserLastModifiedDate is when the user was last changed.
	UserLastModifiedDate *time.Time

	// UserStatus is the state of the user's account.
	UserStatus UserStatusType

	// Username is the user's name in the pool, which the admin device
	// operations take.
	Username *string
}

// Attribute returns the value of the user's first attribute called name,
// and whether the user has one.
func (u UserType) Attribute(name string) (string, bool) {
	for _, a := range u.Attributes {
		if a.Name != nil && *a.Name == name {
			return derefString(a.Value), true
		}
	}
	return "", false
}
