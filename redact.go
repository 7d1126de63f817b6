package cognitodevices

import "github.com/cognitodevices/cognitodevices/internal/redaction"

// redactionMark replaces secrets wherever this package prints or logs a
// value that holds one.
//
// The shapes declare their secrets once, with a redact struct tag on each
// secret member (see internal/redaction); their Format and LogValue
// methods, and the request and response bodies of the client's logs, are
// redacted from that declaration alone.
const redactionMark = redaction.Mark
