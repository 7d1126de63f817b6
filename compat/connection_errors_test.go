package compat

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// errorChain lists the types of err and of every error it wraps, in order.
func errorChain(err error) []string {
	var chain []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		chain = append(chain, fmt.Sprintf("%T", e))
	}
	return chain
}

// TestRefusedConnectionMatchesOfficial sends every operation to a port
// nothing listens on: both clients fail with the same chain of error
// types, in which the *url.Error of net/http can be found with errors.As.
func TestRefusedConnectionMatchesOfficial(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	endpoint := "http://" + l.Addr().String()
	require.NoError(t, l.Close())
	lib, off := newLibrary(endpoint), newOfficial(endpoint)
	for _, op := range optable.All {
		t.Run(op.Name, func(t *testing.T) {
			in := op.Input(fixture)
			_, libErr := callLibrary(context.Background(), lib, in)
			_, offErr := callOfficial(context.Background(), off, in)
			require.Error(t, libErr)
			require.Error(t, offErr)
			var urlErr *url.Error
			require.ErrorAs(t, offErr, &urlErr, "official")
			require.ErrorAs(t, libErr, &urlErr, "library")
			assert.Equal(t, "Post", urlErr.Op)
			var opErr *net.OpError
			assert.ErrorAs(t, libErr, &opErr, "the dial error is kept")
			assert.Equal(t, errorChain(offErr), errorChain(libErr))
		})
	}
}
