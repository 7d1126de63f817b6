package compat

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// TestCredentialsProviderUsedAsGiven gives both clients a provider that
// is not a cache and whose credentials do not say they expire, as a
// rotating provider of an application may: neither client caches it, so
// each signed call asks it again.
func TestCredentialsProviderUsedAsGiven(t *testing.T) {
	srv := setup(t, anyOperationReply)
	var libCalls, offCalls atomic.Int32
	provider := func(n *atomic.Int32) aws.CredentialsProvider {
		return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			n.Add(1)
			return testCredentials, nil
		})
	}
	lib := newLibrary(srv.URL, func(o *cognitodevices.Options) { o.Credentials = provider(&libCalls) })
	off := newOfficial(srv.URL, func(o *cip.Options) { o.Credentials = provider(&offCalls) })
	in := optable.AdminGetDevice.Input(fixture)
	for range 3 {
		_, err := callLibrary(context.Background(), lib, in)
		require.NoError(t, err)
		_, err = callOfficial(context.Background(), off, in)
		require.NoError(t, err)
	}
	assert.Equal(t, int32(3), offCalls.Load(), "official")
	assert.Equal(t, offCalls.Load(), libCalls.Load(), "library")
}

// TestAnonymousCredentialsMatchOfficial gives both clients
// aws.AnonymousCredentials: every admin operation goes out unsigned from
// both, for a signing proxy in front of the service.
func TestAnonymousCredentialsMatchOfficial(t *testing.T) {
	srv := setup(t, anyOperationReply)
	lib := newLibrary(srv.URL, func(o *cognitodevices.Options) { o.Credentials = aws.AnonymousCredentials{} })
	off := newOfficial(srv.URL, func(o *cip.Options) { o.Credentials = aws.AnonymousCredentials{} })
	for _, op := range optable.Signed() {
		t.Run(op.Name, func(t *testing.T) {
			in := op.Input(fixture)
			_, offErr := callOfficial(context.Background(), off, in)
			_, libErr := callLibrary(context.Background(), lib, in)
			require.NoError(t, offErr, "official")
			require.NoError(t, libErr, "library")
			reqs := srv.take()
			require.Len(t, reqs, 2)
			assert.Empty(t, reqs[0].Header.Get("Authorization"), "official")
			assert.Equal(t, reqs[0].Header.Get("Authorization"), reqs[1].Header.Get("Authorization"), "library")
			assert.Equal(t, reqs[0].Header.Get("X-Amz-Date"), reqs[1].Header.Get("X-Amz-Date"))
		})
	}
}
