package cognitodevices

import "github.com/aws/smithy-go/middleware"

// operation describes one service operation: its name, how it is
// authorized, and the functions that check, encode, redact and decode its
// shapes. Each api_op_*.go file declares one; invoke walks every one of
// them down the same road.
type operation[In, Out any] struct {
	route

	// validate reports every broken constraint of an input as a
	// smithy.InvalidParamsError, without quoting secret values.
	validate func(*In) error
	// encode appends the request body of an input to dst.
	encode func(dst []byte, in *In) []byte
	// redact returns a copy of an input with its secrets replaced by the
	// redaction mark, for request logs. It is nil for inputs that hold no
	// secret.
	redact func(*In) *In
	// decode fills an output from a 2xx body, or fails. The body may be a
	// view of a reused buffer: decode keeps nothing that points into it.
	decode func(body string, out *Out) error
	// redactResponse returns a 2xx body with its secrets replaced by the
	// redaction mark, for response logs. It is nil for operations whose
	// responses hold no secret.
	redactResponse func(body string) string
	// metadata returns where an output keeps its ResultMetadata.
	metadata func(*Out) *middleware.Metadata
}

// route is the part of an operation the request road needs, with the
// shapes' types erased so that one road, not one per operation, sends
// every request.
type route struct {
	name   string
	target []string // X-Amz-Target header value, shared read-only
	// admin operations are signed with SigV4; the others are never
	// signed: an access token in the body, or for sign-in the app client
	// ID, authorizes them.
	admin bool
	// decodeInto is decode for an output held as any.
	decodeInto func(body string, out any) error
	// redactResponse is the operation's redactResponse.
	redactResponse func(body string) string
}

// newOperation completes op: it derives the target header and the
// type-erased decoder from the name and op.decode.
func newOperation[In, Out any](name string, admin bool, op operation[In, Out]) *operation[In, Out] {
	op.route = route{
		name:   name,
		target: []string{"AWSCognitoIdentityProviderService." + name},
		admin:  admin,
		decodeInto: func(body string, out any) error {
			return op.decode(body, out.(*Out))
		},
		redactResponse: op.redactResponse,
	}
	return &op
}

// redactedPointer returns nil for nil and a pointer to the redaction mark
// otherwise, so a redacted copy still shows whether a secret was set.
func redactedPointer(p *string) *string {
	if p == nil {
		return nil
	}
	mark := redactionMark
	return &mark
}
