package cognitodevices

import "github.com/aws/smithy-go"

//go:generate go run ./internal/generrors -o errors_gen.go

// The exception types of errors_gen.go mirror, field for field, those of
// the official client's types package, so code that matches them with
// errors.As, or builds them as literals, keeps working after switching
// packages. Each one satisfies smithy.APIError. Every operation of this
// client maps every code in exceptionTable, whatever the operation's
// documented error list says, and matches codes without regard to case. A
// code that is not in the table becomes a *smithy.GenericAPIError that
// keeps the code and the message.

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
