package devicestest

import "time"

// The limits the server enforces, in one place. Member lengths and the
// listing limit are those of the API reference; the others bound what a
// request may cost the server.
const (
	maxUserPoolIDLen = 55
	maxUsernameLen   = 128
	maxDeviceKeyLen  = 55
	maxDeviceNameLen = 1024
	maxListLimit     = 60

	// maxUsersLookedAt bounds the users one ListUsers page looks at, so
	// that a filter few users match does not hold the server for a walk
	// of the whole pool: the page ends there, short, with a token.
	maxUsersLookedAt = 10_000

	// Limits of what a seed may hold beyond the members above.
	maxClientSecretLen   = 64
	maxPasswordLen       = 256
	maxAttributeNameLen  = 32
	maxAttributeValueLen = 2048

	// maxRequestBody bounds the request body the server reads.
	maxRequestBody = 1 << 20

	// maxSigningSkew is how far a signature's time may be from the
	// server clock, as with the service.
	maxSigningSkew = 5 * time.Minute

	// The time a connection may take, so that a client that stalls
	// cannot hold the server: the headers of a request must arrive
	// within readHeaderTimeout and the whole request within readTimeout,
	// and a keep-alive connection idle for idleTimeout is closed.
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	idleTimeout       = time.Minute

	// closeGrace is how long Close waits for requests in flight before
	// it closes their connections.
	closeGrace = 2 * time.Second
)
