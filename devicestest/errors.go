package devicestest

import (
	"fmt"
	"net/http"
)

// apiError is a service error as the server sends it: a status, the
// exception name and its message.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

// newError returns the named exception with status 500 for
// InternalErrorException and 400 for every other name, as the service
// does.
func newError(code, format string, args ...any) *apiError {
	status := http.StatusBadRequest
	if code == "InternalErrorException" {
		status = http.StatusInternalServerError
	}
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}
