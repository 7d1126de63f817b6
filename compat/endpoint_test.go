package compat

import (
	"context"
	"errors"
	"fmt"
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

// endpointRegions are the regions of the official client's endpoint test
// cases (service/cognitoidentityprovider endpoints_test.go), one region of
// every other partition, the global pseudo-region, an unknown region and
// the legacy FIPS region names.
var endpointRegions = []string{
	"af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
	"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ca-central-1", "ca-west-1",
	"eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
	"il-central-1", "me-central-1", "me-south-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"cn-north-1", "us-gov-west-1", "us-gov-east-1", "us-iso-east-1", "us-isob-east-1",
	"eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1", "aws-global", "xx-foo-1", "fips-us-east-1", "us-east-1-fips",
}

// TestEndpoints requires the library to send every operation
// to the URL the official client resolves, for every region of
// endpointRegions with FIPS and dual-stack each on and off, and, for a
// sample of them, with DisableHTTPS. Together these cover the parameters
// of all 57 endpoint test cases of the official module, including its
// error cases (see TestEndpointErrors).
func TestEndpoints(t *testing.T) {
	states := []struct {
		name      string
		fips      aws.FIPSEndpointState
		dualStack aws.DualStackEndpointState
	}{
		{"plain", aws.FIPSEndpointStateDisabled, aws.DualStackEndpointStateDisabled},
		{"fips", aws.FIPSEndpointStateEnabled, aws.DualStackEndpointStateDisabled},
		{"dual-stack", aws.FIPSEndpointStateDisabled, aws.DualStackEndpointStateEnabled},
		{"fips and dual-stack", aws.FIPSEndpointStateEnabled, aws.DualStackEndpointStateEnabled},
	}
	for i, region := range endpointRegions {
		for _, st := range states {
			for _, disableHTTPS := range []bool{false, true} {
				if disableHTTPS && i%5 != 0 {
					continue
				}
				name := fmt.Sprintf("%s/%s/http=%v", region, st.name, disableHTTPS)
				t.Run(name, func(t *testing.T) {
					rec := &urlRecorder{}
					endpoints := cognitodevices.EndpointResolverOptions{UseFIPSEndpoint: st.fips, UseDualStackEndpoint: st.dualStack, DisableHTTPS: disableHTTPS}
					lib := cognitodevices.New(cognitodevices.Options{
						Region: region, Credentials: staticProvider(testCredentials), RetryMaxAttempts: 1,
						HTTPClient: rec, EndpointOptions: endpoints,
					})
					off := cip.New(cip.Options{
						Region: region, Credentials: staticProvider(testCredentials), RetryMaxAttempts: 1,
						HTTPClient: rec, EndpointOptions: cip.EndpointResolverOptions{UseFIPSEndpoint: st.fips, UseDualStackEndpoint: st.dualStack, DisableHTTPS: disableHTTPS},
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
}

// TestEndpointErrors covers the configurations the official endpoint
// rules refuse (FIPS or dual-stack with a custom endpoint): both clients
// refuse them and send nothing, and a custom endpoint alone is used by
// both.
func TestEndpointErrors(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fips      aws.FIPSEndpointState
		dualStack aws.DualStackEndpointState
		wantErr   bool
	}{
		{"custom endpoint", aws.FIPSEndpointStateDisabled, aws.DualStackEndpointStateDisabled, false},
		{"custom endpoint and fips", aws.FIPSEndpointStateEnabled, aws.DualStackEndpointStateDisabled, true},
		{"custom endpoint and dual-stack", aws.FIPSEndpointStateDisabled, aws.DualStackEndpointStateEnabled, true},
		{"custom endpoint, fips and dual-stack", aws.FIPSEndpointStateEnabled, aws.DualStackEndpointStateEnabled, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &urlRecorder{}
			lib := cognitodevices.New(cognitodevices.Options{
				Region: "us-east-1", BaseEndpoint: aws.String("https://example.com"), Credentials: staticProvider(testCredentials),
				RetryMaxAttempts: 1, HTTPClient: rec,
				EndpointOptions: cognitodevices.EndpointResolverOptions{UseFIPSEndpoint: tc.fips, UseDualStackEndpoint: tc.dualStack},
			})
			off := cip.New(cip.Options{
				Region: "us-east-1", BaseEndpoint: aws.String("https://example.com"), Credentials: staticProvider(testCredentials),
				RetryMaxAttempts: 1, HTTPClient: rec,
				EndpointOptions: cip.EndpointResolverOptions{UseFIPSEndpoint: tc.fips, UseDualStackEndpoint: tc.dualStack},
			})
			_, libErr := callLibrary(context.Background(), lib, listInput)
			_, offErr := callOfficial(context.Background(), off, listInput)
			if !tc.wantErr {
				require.ErrorIs(t, libErr, errNotSent)
				require.ErrorIs(t, offErr, errNotSent)
				urls := rec.take()
				require.Len(t, urls, 2)
				assert.Equal(t, urls[1], urls[0])
				return
			}
			require.Error(t, libErr)
			require.Error(t, offErr)
			assert.NotErrorIs(t, libErr, errNotSent)
			assert.NotErrorIs(t, offErr, errNotSent)
			assert.Empty(t, rec.take(), "neither sends anything")
		})
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
