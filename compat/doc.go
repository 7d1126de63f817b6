// Package compat checks this module's client against the official
// aws-sdk-go-v2 Amazon Cognito Identity Provider client, side by side in
// one process. It holds no API of its own: its tests assert that both
// clients put the same bytes on the wire, resolve the same endpoints,
// decode the same responses to the same values and report the same
// errors, and its benchmarks measure both against one loopback server.
//
// It is a separate module so that the library's own go.mod never requires
// the official client. Run `go run ./cmd/ratios` from this directory for
// a table of library/official time and allocation ratios.
package compat
