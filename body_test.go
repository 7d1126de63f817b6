package cognitodevices

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBodyIdleDeadline serves a body that stops halfway, to a call without
// a context deadline: the library's own HTTP client gives up once no data
// came for readIdleTimeout, and a body that keeps coming, slower than that
// in all, is read whole. The client is built for the test, since the
// default one is built once with the deadline of the time.
func TestBodyIdleDeadline(t *testing.T) {
	saved := readIdleTimeout
	readIdleTimeout = 500 * time.Millisecond
	t.Cleanup(func() { readIdleTimeout = saved })
	httpClient := defaultHTTPClient
	defaultHTTPClient = sync.OnceValue(newDefaultHTTPClient)
	t.Cleanup(func() { defaultHTTPClient = httpClient })
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") == "AWSCognitoIdentityProviderService.GetDevice" {
			// Healthy but slow: 15 pieces 50 ms apart, 700 ms in all.
			w.Header().Set("Content-Length", "170")
			io.WriteString(w, `{"Device":{"DeviceKey":"k"}}  `)
			for range 14 {
				w.(http.Flusher).Flush()
				time.Sleep(50 * time.Millisecond)
				io.WriteString(w, "          ")
			}
			return
		}
		w.Header().Set("Content-Length", "1000")
		io.WriteString(w, `{"Devices":[`)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	c := New(Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1})

	start := time.Now()
	_, err := c.ListDevices(context.Background(), &ListDevicesInput{AccessToken: aws.String("token")})
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second)
	var re *readError
	assert.ErrorAs(t, err, &re, "a stalled body is a retryable connection error")

	start = time.Now()
	out, err := c.GetDevice(context.Background(), &GetDeviceInput{AccessToken: aws.String("token"), DeviceKey: aws.String("us-east-1_0a")})
	require.NoError(t, err)
	assert.Equal(t, "k", *out.Device.DeviceKey)
	assert.Greater(t, time.Since(start), readIdleTimeout, "slower in all than the idle deadline")
}
