package cognitodevices

import (
	"fmt"
	"log/slog"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// This file holds the shapes of the sign-in operations (InitiateAuth,
// RespondToAuthChallenge and their admin forms), named and typed as in
// the official client's types package.

// AuthFlowType names the way a sign-in starts.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html#CognitoUserPools-InitiateAuth-request-AuthFlow
type AuthFlowType string

// The values of AuthFlowType.
const (
	AuthFlowTypeUserSrpAuth           AuthFlowType = "USER_SRP_AUTH"
	AuthFlowTypeRefreshTokenAuth      AuthFlowType = "REFRESH_TOKEN_AUTH"
	AuthFlowTypeRefreshToken          AuthFlowType = "REFRESH_TOKEN"
	AuthFlowTypeCustomAuth            AuthFlowType = "CUSTOM_AUTH"
	AuthFlowTypeAdminNoSrpAuth        AuthFlowType = "ADMIN_NO_SRP_AUTH"
	AuthFlowTypeUserPasswordAuth      AuthFlowType = "USER_PASSWORD_AUTH"
	AuthFlowTypeAdminUserPasswordAuth AuthFlowType = "ADMIN_USER_PASSWORD_AUTH"
	AuthFlowTypeUserAuth              AuthFlowType = "USER_AUTH"
)

// Values returns every known AuthFlowType. The service may add others;
// this client sends any non-empty value as it is.
func (AuthFlowType) Values() []AuthFlowType {
	return []AuthFlowType{
		AuthFlowTypeUserSrpAuth,
		AuthFlowTypeRefreshTokenAuth,
		AuthFlowTypeRefreshToken,
		AuthFlowTypeCustomAuth,
		AuthFlowTypeAdminNoSrpAuth,
		AuthFlowTypeUserPasswordAuth,
		AuthFlowTypeAdminUserPasswordAuth,
		AuthFlowTypeUserAuth,
	}
}

// ChallengeNameType names a challenge the service puts to a user during
// sign-in, or the one an application answers.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html#CognitoUserPools-RespondToAuthChallenge-request-ChallengeName
type ChallengeNameType string

// The values of ChallengeNameType.
const (
	ChallengeNameTypeSmsMfa                 ChallengeNameType = "SMS_MFA"
	ChallengeNameTypeEmailOtp               ChallengeNameType = "EMAIL_OTP"
	ChallengeNameTypeSoftwareTokenMfa       ChallengeNameType = "SOFTWARE_TOKEN_MFA"
	ChallengeNameTypeSelectMfaType          ChallengeNameType = "SELECT_MFA_TYPE"
	ChallengeNameTypeMfaSetup               ChallengeNameType = "MFA_SETUP"
	ChallengeNameTypePasswordVerifier       ChallengeNameType = "PASSWORD_VERIFIER"
	ChallengeNameTypeCustomChallenge        ChallengeNameType = "CUSTOM_CHALLENGE"
	ChallengeNameTypeSelectChallenge        ChallengeNameType = "SELECT_CHALLENGE"
	ChallengeNameTypeDeviceSrpAuth          ChallengeNameType = "DEVICE_SRP_AUTH"
	ChallengeNameTypeDevicePasswordVerifier ChallengeNameType = "DEVICE_PASSWORD_VERIFIER"
	ChallengeNameTypeAdminNoSrpAuth         ChallengeNameType = "ADMIN_NO_SRP_AUTH"
	ChallengeNameTypeNewPasswordRequired    ChallengeNameType = "NEW_PASSWORD_REQUIRED"
	ChallengeNameTypeSmsOtp                 ChallengeNameType = "SMS_OTP"
	ChallengeNameTypePassword               ChallengeNameType = "PASSWORD"
	ChallengeNameTypeWebAuthn               ChallengeNameType = "WEB_AUTHN"
	ChallengeNameTypePasswordSrp            ChallengeNameType = "PASSWORD_SRP"
)

// Values returns every known ChallengeNameType. The service may add
// others; this client sends and decodes any value as it is.
func (ChallengeNameType) Values() []ChallengeNameType {
	return []ChallengeNameType{
		ChallengeNameTypeSmsMfa,
		ChallengeNameTypeEmailOtp,
		ChallengeNameTypeSoftwareTokenMfa,
		ChallengeNameTypeSelectMfaType,
		ChallengeNameTypeMfaSetup,
		ChallengeNameTypePasswordVerifier,
		ChallengeNameTypeCustomChallenge,
		ChallengeNameTypeSelectChallenge,
		ChallengeNameTypeDeviceSrpAuth,
		ChallengeNameTypeDevicePasswordVerifier,
		ChallengeNameTypeAdminNoSrpAuth,
		ChallengeNameTypeNewPasswordRequired,
		ChallengeNameTypeSmsOtp,
		ChallengeNameTypePassword,
		ChallengeNameTypeWebAuthn,
		ChallengeNameTypePasswordSrp,
	}
}

// AuthenticationResultType holds the tokens of a completed sign-in.
// Printing it with the fmt package or logging it with log/slog never shows
// the three tokens.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AuthenticationResultType.html
type AuthenticationResultType struct {
	// AccessToken authorizes the user's own operations, such as
	// ListDevices and ConfirmDevice. It is a secret.
	AccessToken *string `redact:"secret"`

	// ExpiresIn is the lifetime of the access and ID tokens, in seconds.
	ExpiresIn int32

	// IdToken carries the user's identity claims. It is a secret.
	IdToken *string `redact:"secret"`

	// NewDeviceMetadata, when set, names a device the service has just
	// started tracking; confirm it with ConfirmDevice.
	NewDeviceMetadata *NewDeviceMetadataType

	// RefreshToken obtains new access and ID tokens. It is a secret.
	RefreshToken *string `redact:"secret"`

	// TokenType is the kind of the tokens, "Bearer".
	TokenType *string
}

// Format prints the result with its three tokens replaced by a fixed
// mark, whatever the verb.
func (r AuthenticationResultType) Format(f fmt.State, verb rune) { redaction.Format(f, verb, r) }

// LogValue makes log/slog print the result with its tokens replaced by a
// fixed mark.
func (r AuthenticationResultType) LogValue() slog.Value { return redaction.LogValue(r) }

// NewDeviceMetadataType names a device the service tracks from the sign-in
// that returned it.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_NewDeviceMetadataType.html
type NewDeviceMetadataType struct {
	// DeviceGroupKey is the group of the device, an input of
	// GenerateDeviceSecretVerifier's verifier and of device sign-in.
	DeviceGroupKey *string

	// DeviceKey identifies the device; ConfirmDevice takes it.
	DeviceKey *string
}

// AnalyticsMetadataType names the Amazon Pinpoint endpoint that sign-in
// events are recorded for.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AnalyticsMetadataType.html
type AnalyticsMetadataType struct {
	// AnalyticsEndpointId is the Pinpoint endpoint ID.
	AnalyticsEndpointId *string
}

// UserContextDataType carries what the user's own device reports about the
// sign-in, for threat protection. The sign-in inputs print it as the
// redaction mark: it holds the user's address and a device fingerprint.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserContextDataType.html
type UserContextDataType struct {
	// EncodedData is the fingerprint the Cognito context-data library
	// collected on the user's device.
	EncodedData *string `redact:"secret"`

	// IpAddress is the address the user signs in from.
	IpAddress *string `redact:"secret"`
}

// Format prints the context data with both members replaced by a fixed mark,
// whatever the verb.
func (u UserContextDataType) Format(f fmt.State, verb rune) { redaction.Format(f, verb, u) }

// LogValue makes log/slog print the context data with both members replaced by
// a fixed mark.
func (u UserContextDataType) LogValue() slog.Value { return redaction.LogValue(u) }

// ContextDataType carries what the application's server saw of the user's
// request, for threat protection in the admin sign-in operations.
// IpAddress, ServerName, ServerPath and HttpHeaders are required when it
// is set.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ContextDataType.html
type ContextDataType struct {
	// HttpHeaders are the headers of the user's request to the server.
	HttpHeaders []HttpHeader

	// IpAddress is the address the user's request came from.
	IpAddress *string

	// ServerName is the name of the server that received the request.
	ServerName *string

	// ServerPath is the path of the request on that server.
	ServerPath *string

	// EncodedData is the fingerprint the Cognito context-data library
	// collected on the user's device, when the application has it.
	EncodedData *string `redact:"secret"`
}

// Format prints the context data with EncodedData replaced by a fixed mark,
// whatever the verb.
func (c ContextDataType) Format(f fmt.State, verb rune) { redaction.Format(f, verb, c) }

// LogValue makes log/slog print the context data with EncodedData replaced by
// a fixed mark.
func (c ContextDataType) LogValue() slog.Value { return redaction.LogValue(c) }

// HttpHeader is one header of the user's request, in ContextDataType.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_HttpHeader.html
type HttpHeader struct {
	// HeaderName is the header's name.
	HeaderName *string

	// HeaderValue is the header's value.
	HeaderValue *string
}
