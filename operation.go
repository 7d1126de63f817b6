package cognitodevices

import (
	"reflect"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// operation describes one service operation: its name, how it is
// authorized, and the functions that check, encode and decode its shapes.
// What its shapes print and log is derived from their redact tags. Each
// api_op_*.go file declares one; invoke walks every one of them down the
// same road.
type operation[In, Out any] struct {
	route

	// validate reports every broken constraint of an input as a
	// smithy.InvalidParamsError, without quoting secret values.
	validate func(*In) error
	// encode appends the request body of an input to dst.
	encode func(dst []byte, in *In) []byte
	// decode fills an output from a 2xx body, or fails. The body may be a
	// view of a reused buffer: decode keeps nothing that points into it.
	decode func(body string, out *Out) error
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
	// redactRequest and redactResponse return a request body and a 2xx
	// response body with their secrets replaced by the redaction mark,
	// for the logs. Each is nil when its shape declares no secret.
	redactRequest, redactResponse func(body string) string
}

// newOperation completes op: it derives the target header and the
// type-erased decoder from the name and op.decode, and the body
// redactions from the redact tags of In and Out.
func newOperation[In, Out any](name string, admin bool, op operation[In, Out]) *operation[In, Out] {
	op.route = route{
		name:   name,
		target: []string{"AWSCognitoIdentityProviderService." + name},
		admin:  admin,
		decodeInto: func(body string, out any) error {
			return op.decode(body, out.(*Out))
		},
		redactRequest:  bodyRedaction[In](),
		redactResponse: bodyRedaction[Out](),
	}
	return &op
}

// bodyRedaction returns the redaction of the JSON bodies that encode a
// T, or nil when T declares no secret. The tags are read here, once per
// operation, never on a call.
func bodyRedaction[T any]() func(body string) string {
	t := reflect.TypeFor[T]()
	if !redaction.HasSecrets(t) {
		return nil
	}
	return func(body string) string { return redaction.JSON(t, body) }
}
