package compat

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
)

var errNotSent = errors.New("request recorded, not sent")

// urlRecorder is an HTTP client that records the URL of each request and
// fails it, so that nothing leaves the process.
type urlRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (r *urlRecorder) Do(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.urls = append(r.urls, req.URL.String())
	return nil, errNotSent
}

func (r *urlRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	urls := r.urls
	r.urls = nil
	return urls
}

// TestEndpoints requires the library to send each of the nine operations
// to the URL the official client resolves, for regions of every
// partition, the global pseudo-region and an unknown region, with FIPS on
// and off.
func TestEndpoints(t *testing.T) {
	regions := []string{
		"us-east-1", "eu-west-3", "cn-north-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1",
		"eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1", "aws-global", "xx-foo-1",
	}
	for _, region := range regions {
		for _, fips := range []aws.FIPSEndpointState{aws.FIPSEndpointStateDisabled, aws.FIPSEndpointStateEnabled} {
			name := region + "/fips off"
			if fips == aws.FIPSEndpointStateEnabled {
				name = region + "/fips on"
			}
			t.Run(name, func(t *testing.T) {
				rec := &urlRecorder{}
				lib := cognitodevices.New(cognitodevices.Options{
					Region: region, Credentials: staticProvider(testCredentials), RetryMaxAttempts: 1,
					HTTPClient: rec, UseFIPSEndpoint: fips,
				})
				off := cip.New(cip.Options{
					Region: region, Credentials: staticProvider(testCredentials), RetryMaxAttempts: 1,
					HTTPClient: rec, EndpointOptions: cip.EndpointResolverOptions{UseFIPSEndpoint: fips},
				})
				for _, in := range everyOperation {
					_, libErr := callLibrary(context.Background(), lib, in)
					_, offErr := callOfficial(context.Background(), off, in)
					require.ErrorIs(t, libErr, errNotSent)
					require.ErrorIs(t, offErr, errNotSent)
					urls := rec.take()
					require.Len(t, urls, 2)
					assert.Equal(t, urls[1], urls[0], "%T", in)
				}
			})
		}
	}
}

// TestEndpointRegionNotHostLabel pins a difference: a Region that is not
// one DNS label is refused by the library before anything is sent, while
// the official client builds a host name from it.
func TestEndpointRegionNotHostLabel(t *testing.T) {
	rec := &urlRecorder{}
	lib := cognitodevices.New(cognitodevices.Options{Region: "us-east-1.example.com", HTTPClient: rec, RetryMaxAttempts: 1})
	off := cip.New(cip.Options{Region: "us-east-1.example.com", HTTPClient: rec, RetryMaxAttempts: 1})
	_, libErr := callLibrary(context.Background(), lib, listInput)
	assert.ErrorContains(t, libErr, "not a valid host label")
	assert.Empty(t, rec.take(), "library sent a request")
	_, offErr := callOfficial(context.Background(), off, listInput)
	assert.ErrorIs(t, offErr, errNotSent)
	assert.Equal(t, []string{"https://cognito-idp.us-east-1.example.com.amazonaws.com/"}, rec.take())
}
