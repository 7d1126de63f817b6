// Package exceptions is the one table of the service exceptions that
// package cognitodevices has a type for. internal/generrors writes errors_gen.go
// from it (go generate in the root directory), and the tests of compat
// range over it. A new exception is one new row in All.
package exceptions

import "slices"

// Exception is one row of the table.
type Exception struct {
	// Name is the error code and the name of the Go type.
	Name string
	// Server marks a service-side fault; the others are client faults.
	Server bool
	// Doc completes the type's doc comment: "<Name> reports that <Doc>".
	Doc string
	// Extra lists the members beyond Message the error body carries.
	Extra []Member
}

// Member is an extra string member of an exception: its Go field name, its
// doc comment and the errorBody field it is read from.
type Member struct {
	Field, Doc, BodyField string
}

// All lists every exception of the library's operations, as the service's
// model lists them for each operation. compat checks it against the
// official client's error deserializer of each operation.
var All = []Exception{
	{Name: "AliasExistsException", Doc: "another user already holds the email address or phone number as an alias."},
	{Name: "CodeMismatchException", Doc: "the code sent, such as an MFA code, is not the one expected."},
	{Name: "DeviceKeyExistsException", Doc: "a device with this key is already confirmed."},
	{Name: "ExpiredCodeException", Doc: "the code sent has expired."},
	{Name: "ForbiddenException", Doc: "the request was blocked by an AWS WAF web ACL associated with the user pool."},
	{Name: "InternalErrorException", Server: true, Doc: "the service failed internally; the request may be retried."},
	{Name: "InvalidEmailRoleAccessPolicyException", Doc: "the user pool may not send email through its configured identity."},
	{Name: "InvalidLambdaResponseException", Doc: "a Lambda trigger of the user pool answered with something the service could not use."},
	{Name: "InvalidParameterException", Doc: "a parameter of the request was refused by the service.",
		Extra: []Member{{Field: "ReasonCode", Doc: "ReasonCode gives the service's reason, when it sends one.", BodyField: "reasonCode"}}},
	{Name: "InvalidPasswordException", Doc: "the password or verifier sent was refused."},
	{Name: "InvalidSmsRoleAccessPolicyException", Doc: "the user pool's SMS role may not publish text messages."},
	{Name: "InvalidSmsRoleTrustRelationshipException", Doc: "the user pool's SMS role does not trust the service to assume it."},
	{Name: "InvalidUserPoolConfigurationException", Doc: "the user pool's configuration does not allow the operation."},
	{Name: "MFAMethodNotFoundException", Doc: "the user has no MFA method the challenge needs."},
	{Name: "NotAuthorizedException", Doc: "the caller or the access token is not authorized for the operation."},
	{Name: "OperationNotEnabledException", Doc: "the operation is not enabled for the user pool."},
	{Name: "PasswordHistoryPolicyViolationException", Doc: "the new password was used too recently by the same user."},
	{Name: "RefreshTokenReuseException", Doc: "a rotated refresh token was used again after its grace period; the user must sign in again."},
	{Name: "PasswordResetRequiredException", Doc: "the user must reset their password first."},
	{Name: "ResourceNotFoundException", Doc: "the user pool or the device does not exist."},
	{Name: "SoftwareTokenMFANotFoundException", Doc: "the user has no software token (TOTP) MFA set up."},
	{Name: "TooManyRequestsException", Doc: "the caller was throttled; the request may be retried after a pause."},
	{Name: "UnauthorizedException", Doc: "the request is not authorized, such as a RevokeToken of a token the app client does not own."},
	{Name: "UnexpectedLambdaException", Doc: "a Lambda trigger of the user pool failed while the service called it."},
	{Name: "UnsupportedOperationException", Doc: "the operation or flow is not supported for this request."},
	{Name: "UnsupportedTokenTypeException", Doc: "the token is not of a kind the operation takes, such as an access token given to RevokeToken."},
	{Name: "UserLambdaValidationException", Doc: "a Lambda trigger of the user pool refused the request."},
	{Name: "UserNotConfirmedException", Doc: "the user has not confirmed their account."},
	{Name: "UserNotFoundException", Doc: "the user does not exist in the user pool."},
	{Name: "UsernameExistsException", Doc: "the user name is already taken in the user pool."},
}

// Names returns the exception names of All, sorted.
func Names() []string {
	names := make([]string, len(All))
	for i, e := range All {
		names[i] = e.Name
	}
	slices.Sort(names)
	return names
}
