package cognitodevices

import (
	"github.com/aws/smithy-go"
)

// The exception types below mirror, field for field, those of the official
// client's types package, so code that matches them with errors.As keeps
// working after switching packages. Each one satisfies smithy.APIError.
// Every operation of this client maps every code in exceptionTable, whatever
// the operation's documented error list says, and matches codes without
// regard to case. A code that is not in the table becomes a
// *smithy.GenericAPIError that keeps the code and the message.

// ForbiddenException reports that the request was blocked by an AWS WAF web ACL associated with the user pool.
type ForbiddenException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *ForbiddenException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *ForbiddenException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "ForbiddenException" unless ErrorCodeOverride is set.
func (e *ForbiddenException) ErrorCode() string {
	return codeOrOverride("ForbiddenException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *ForbiddenException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InternalErrorException reports that the service failed internally; the request may be retried.
type InternalErrorException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *InternalErrorException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *InternalErrorException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "InternalErrorException" unless ErrorCodeOverride is set.
func (e *InternalErrorException) ErrorCode() string {
	return codeOrOverride("InternalErrorException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultServer.
func (e *InternalErrorException) ErrorFault() smithy.ErrorFault { return smithy.FaultServer }

// InvalidParameterException reports that a parameter of the request was refused by the service.
type InvalidParameterException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string

	// ReasonCode gives the service's reason, when it sends one.
	ReasonCode *string
}

// Error returns the code and the message.
func (e *InvalidParameterException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *InvalidParameterException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "InvalidParameterException" unless ErrorCodeOverride is set.
func (e *InvalidParameterException) ErrorCode() string {
	return codeOrOverride("InvalidParameterException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *InvalidParameterException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InvalidUserPoolConfigurationException reports that the user pool's configuration does not allow the operation.
type InvalidUserPoolConfigurationException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *InvalidUserPoolConfigurationException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *InvalidUserPoolConfigurationException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "InvalidUserPoolConfigurationException" unless ErrorCodeOverride is set.
func (e *InvalidUserPoolConfigurationException) ErrorCode() string {
	return codeOrOverride("InvalidUserPoolConfigurationException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *InvalidUserPoolConfigurationException) ErrorFault() smithy.ErrorFault {
	return smithy.FaultClient
}

// NotAuthorizedException reports that the caller or the access token is not authorized for the operation.
type NotAuthorizedException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *NotAuthorizedException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *NotAuthorizedException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "NotAuthorizedException" unless ErrorCodeOverride is set.
func (e *NotAuthorizedException) ErrorCode() string {
	return codeOrOverride("NotAuthorizedException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *NotAuthorizedException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// OperationNotEnabledException reports that the operation is not enabled for the user pool.
type OperationNotEnabledException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *OperationNotEnabledException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *OperationNotEnabledException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "OperationNotEnabledException" unless ErrorCodeOverride is set.
func (e *OperationNotEnabledException) ErrorCode() string {
	return codeOrOverride("OperationNotEnabledException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *OperationNotEnabledException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// PasswordResetRequiredException reports that the user must reset their password first.
type PasswordResetRequiredException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *PasswordResetRequiredException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *PasswordResetRequiredException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "PasswordResetRequiredException" unless ErrorCodeOverride is set.
func (e *PasswordResetRequiredException) ErrorCode() string {
	return codeOrOverride("PasswordResetRequiredException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *PasswordResetRequiredException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// ResourceNotFoundException reports that the user pool or the device does not exist.
type ResourceNotFoundException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *ResourceNotFoundException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *ResourceNotFoundException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "ResourceNotFoundException" unless ErrorCodeOverride is set.
func (e *ResourceNotFoundException) ErrorCode() string {
	return codeOrOverride("ResourceNotFoundException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *ResourceNotFoundException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// TooManyRequestsException reports that the caller was throttled; the request may be retried after a pause.
type TooManyRequestsException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *TooManyRequestsException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *TooManyRequestsException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "TooManyRequestsException" unless ErrorCodeOverride is set.
func (e *TooManyRequestsException) ErrorCode() string {
	return codeOrOverride("TooManyRequestsException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *TooManyRequestsException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// UserNotConfirmedException reports that the user has not confirmed their account.
type UserNotConfirmedException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *UserNotConfirmedException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *UserNotConfirmedException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "UserNotConfirmedException" unless ErrorCodeOverride is set.
func (e *UserNotConfirmedException) ErrorCode() string {
	return codeOrOverride("UserNotConfirmedException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *UserNotConfirmedException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// UserNotFoundException reports that the user does not exist in the user pool.
type UserNotFoundException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *UserNotFoundException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *UserNotFoundException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "UserNotFoundException" unless ErrorCodeOverride is set.
func (e *UserNotFoundException) ErrorCode() string {
	return codeOrOverride("UserNotFoundException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *UserNotFoundException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// DeviceKeyExistsException reports that a device with this key is already confirmed.
type DeviceKeyExistsException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *DeviceKeyExistsException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *DeviceKeyExistsException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "DeviceKeyExistsException" unless ErrorCodeOverride is set.
func (e *DeviceKeyExistsException) ErrorCode() string {
	return codeOrOverride("DeviceKeyExistsException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *DeviceKeyExistsException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InvalidLambdaResponseException reports that a Lambda trigger of the user pool answered with something the service could not use.
type InvalidLambdaResponseException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *InvalidLambdaResponseException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *InvalidLambdaResponseException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "InvalidLambdaResponseException" unless ErrorCodeOverride is set.
func (e *InvalidLambdaResponseException) ErrorCode() string {
	return codeOrOverride("InvalidLambdaResponseException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *InvalidLambdaResponseException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InvalidPasswordException reports that the password or verifier sent was refused.
type InvalidPasswordException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *InvalidPasswordException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *InvalidPasswordException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "InvalidPasswordException" unless ErrorCodeOverride is set.
func (e *InvalidPasswordException) ErrorCode() string {
	return codeOrOverride("InvalidPasswordException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *InvalidPasswordException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// UsernameExistsException reports that the user name is already taken in the user pool.
type UsernameExistsException struct {
	// Message is the service's explanation, when it sends one.
	Message *string

	// ErrorCodeOverride, when set, replaces the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error returns the code and the message.
func (e *UsernameExistsException) Error() string { return formatAPIError(e) }

// ErrorMessage returns the service's message, or "" when none was sent.
func (e *UsernameExistsException) ErrorMessage() string { return derefString(e.Message) }

// ErrorCode returns "UsernameExistsException" unless ErrorCodeOverride is set.
func (e *UsernameExistsException) ErrorCode() string {
	return codeOrOverride("UsernameExistsException", e.ErrorCodeOverride)
}

// ErrorFault returns smithy.FaultClient.
func (e *UsernameExistsException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// exceptionTable maps each error code this package knows, in lower case, to
// the constructor of its typed error.
var exceptionTable = map[string]func(msg *string) smithy.APIError{
	"devicekeyexistsexception":              func(m *string) smithy.APIError { return &DeviceKeyExistsException{Message: m} },
	"invalidlambdaresponseexception":        func(m *string) smithy.APIError { return &InvalidLambdaResponseException{Message: m} },
	"invalidpasswordexception":              func(m *string) smithy.APIError { return &InvalidPasswordException{Message: m} },
	"usernameexistsexception":               func(m *string) smithy.APIError { return &UsernameExistsException{Message: m} },
	"forbiddenexception":                    func(m *string) smithy.APIError { return &ForbiddenException{Message: m} },
	"internalerrorexception":                func(m *string) smithy.APIError { return &InternalErrorException{Message: m} },
	"invalidparameterexception":             func(m *string) smithy.APIError { return &InvalidParameterException{Message: m} },
	"invaliduserpoolconfigurationexception": func(m *string) smithy.APIError { return &InvalidUserPoolConfigurationException{Message: m} },
	"notauthorizedexception":                func(m *string) smithy.APIError { return &NotAuthorizedException{Message: m} },
	"operationnotenabledexception":          func(m *string) smithy.APIError { return &OperationNotEnabledException{Message: m} },
	"passwordresetrequiredexception":        func(m *string) smithy.APIError { return &PasswordResetRequiredException{Message: m} },
	"resourcenotfoundexception":             func(m *string) smithy.APIError { return &ResourceNotFoundException{Message: m} },
	"toomanyrequestsexception":              func(m *string) smithy.APIError { return &TooManyRequestsException{Message: m} },
	"usernotconfirmedexception":             func(m *string) smithy.APIError { return &UserNotConfirmedException{Message: m} },
	"usernotfoundexception":                 func(m *string) smithy.APIError { return &UserNotFoundException{Message: m} },
}

func formatAPIError(e smithy.APIError) string {
	return e.ErrorCode() + ": " + e.ErrorMessage()
}

func codeOrOverride(code string, override *string) string {
	if override != nil {
		return *override
	}
	return code
}

func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
