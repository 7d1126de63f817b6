package compat

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// The benchmarks run the library and the official client against the same
// loopback server in the same process, one after the other, so that their
// ratio means something on a noisy machine. Both clients make one attempt
// per call (RetryMaxAttempts 1) and every call succeeds. Allocation counts
// include the loopback server's own, which are the same for both clients;
// the InMemory benchmarks leave the network and the server out.

// page60 is the 60-device listing every listing benchmark serves.
var page60 = func() []byte {
	body, _ := devicePage(60, "eyJwYWdlIjoyfQ==")
	return body
}()

// adminListBody is the AdminListDevices request body both clients send
// for adminListInput.
const adminListBody = `{"Limit":60,"Username":"testuser","UserPoolId":"us-west-2_EXAMPLE"}`

var (
	officialGetInput = &cip.AdminGetDeviceInput{
		DeviceKey: getInput.DeviceKey, UserPoolId: getInput.UserPoolId, Username: getInput.Username,
	}
	officialAdminListInput = &cip.AdminListDevicesInput{
		UserPoolId: adminListInput.UserPoolId, Username: adminListInput.Username, Limit: adminListInput.Limit,
	}
	officialListInput = &cip.ListDevicesInput{AccessToken: listInput.AccessToken, Limit: listInput.Limit}
)

// measure checks one call, then times call in a loop. call returns the
// number of devices it received, which must be want.
func measure(b *testing.B, want int, call func() (int, error)) {
	if n, err := call(); err != nil || n != want {
		b.Fatalf("got %d devices, error %v; want %d devices", n, err, want)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := call(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAdminListDevices60(b *testing.B) {
	srv := setupBench(b, reply{body: page60})
	benchAdminListDevices(b, newLibrary(srv.URL), newOfficial(srv.URL))
}

func BenchmarkAdminGetDevice(b *testing.B) {
	srv := setupBench(b, reply{body: seedResponse(b)})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	benchAdminGetDevice(b, lib, off)
}

// BenchmarkInMemoryAdminGetDevice runs AdminGetDevice on both clients
// over cannedHTTPClient: the fixed cost of a call with a small response,
// without network or server.
func BenchmarkInMemoryAdminGetDevice(b *testing.B) {
	canned := newCannedHTTPClient(seedResponse(b))
	lib := newLibrary("", func(o *cognitodevices.Options) { o.BaseEndpoint, o.HTTPClient = nil, canned })
	off := newOfficial("", func(o *cip.Options) { o.BaseEndpoint, o.HTTPClient = nil, canned })
	benchAdminGetDevice(b, lib, off)
}

// benchAdminGetDevice measures AdminGetDevice of the seed sample, one
// device of seven attributes, on both clients.
func benchAdminGetDevice(b *testing.B, lib *cognitodevices.Client, off *cip.Client) {
	ctx := context.Background()
	b.Run("library", func(b *testing.B) {
		measure(b, 1, func() (int, error) {
			out, err := lib.AdminGetDevice(ctx, getInput)
			if err != nil {
				return 0, err
			}
			return len(out.Device.DeviceAttributes) / 7, nil
		})
	})
	b.Run("official", func(b *testing.B) {
		measure(b, 1, func() (int, error) {
			out, err := off.AdminGetDevice(ctx, officialGetInput)
			if err != nil {
				return 0, err
			}
			return len(out.Device.DeviceAttributes) / 7, nil
		})
	})
}

func BenchmarkListDevices60(b *testing.B) {
	srv := setupBench(b, reply{body: page60})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	ctx := context.Background()
	b.Run("library", func(b *testing.B) {
		measure(b, 60, func() (int, error) {
			out, err := lib.ListDevices(ctx, listInput)
			if err != nil {
				return 0, err
			}
			return len(out.Devices), nil
		})
	})
	b.Run("official", func(b *testing.B) {
		measure(b, 60, func() (int, error) {
			out, err := off.ListDevices(ctx, officialListInput)
			if err != nil {
				return 0, err
			}
			return len(out.Devices), nil
		})
	})
}

// BenchmarkBareSignedRoundTrip is the floor for AdminListDevices60: the
// same request, signed with the official signer and posted with plain
// net/http to the same server, its 60-device body read and discarded.
func BenchmarkBareSignedRoundTrip(b *testing.B) {
	benchBareSignedRoundTrip(b, "AdminListDevices", page60)
}

// BenchmarkBareSignedRoundTripAdminGetDevice is the floor of
// AdminGetDevice: the same bare round trip with its small response.
func BenchmarkBareSignedRoundTripAdminGetDevice(b *testing.B) {
	benchBareSignedRoundTrip(b, "AdminGetDevice", seedResponse(b))
}

// BenchmarkInMemoryBareSignedRequest is the floor of
// InMemoryAdminListDevices60: the bare signed request of
// BenchmarkBareSignedRoundTrip answered by cannedHTTPClient, without
// network or server.
func BenchmarkInMemoryBareSignedRequest(b *testing.B) {
	benchBareSigned(b, "AdminListDevices", page60, newCannedHTTPClient(page60), "https://cognito-idp.us-west-2.amazonaws.com")
}

// BenchmarkInMemoryBareSignedRequestAdminGetDevice is the floor of
// InMemoryAdminGetDevice.
func BenchmarkInMemoryBareSignedRequestAdminGetDevice(b *testing.B) {
	response := seedResponse(b)
	benchBareSigned(b, "AdminGetDevice", response, newCannedHTTPClient(response), "https://cognito-idp.us-west-2.amazonaws.com")
}

// benchBareSignedRoundTrip runs benchBareSigned against the loopback
// server with plain net/http.
func benchBareSignedRoundTrip(b *testing.B, operation string, response []byte) {
	srv := setupBench(b, reply{body: response})
	client := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	benchBareSigned(b, operation, response, client, srv.URL)
}

// benchBareSigned times what no client can do without: a POST of the
// request body signed with aws/signer/v4, sent through client, its
// response read and discarded, nothing decoded.
func benchBareSigned(b *testing.B, operation string, response []byte, client interface {
	Do(*http.Request) (*http.Response, error)
}, endpoint string) {
	signer := v4.NewSigner()
	body := []byte(adminListBody)
	ctx := context.Background()
	measure(b, 60, func() (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/", bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+operation)
		sum := sha256.Sum256(body)
		if err := signer.SignHTTP(ctx, testCredentials, req, hex.EncodeToString(sum[:]), "cognito-idp", testRegion, time.Now()); err != nil {
			return 0, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		n, err := io.Copy(io.Discard, resp.Body)
		if err == nil && (resp.StatusCode != http.StatusOK || n != int64(len(response))) {
			err = fmt.Errorf("unexpected response: %s, %d bytes", resp.Status, n)
		}
		return 60, err
	})
}

// cannedHTTPClient answers every request with the same 200 response
// without touching the network, each time with a fresh body reader.
type cannedHTTPClient struct {
	header http.Header
	body   []byte
}

func newCannedHTTPClient(body []byte) cannedHTTPClient {
	return cannedHTTPClient{
		header: http.Header{
			"Content-Type":     {"application/x-amz-json-1.1"},
			"Content-Length":   {strconv.Itoa(len(body))},
			"X-Amzn-Requestid": {requestID},
		},
		body: body,
	}
}

func (c cannedHTTPClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        c.header,
		Body:          io.NopCloser(bytes.NewReader(c.body)),
		ContentLength: int64(len(c.body)),
		Request:       req,
	}, nil
}

// BenchmarkInMemoryAdminListDevices60 runs AdminListDevices on both
// clients over cannedHTTPClient: encoding, signing, endpoint resolution
// and decoding of the 60-device page, without network or server. It
// stands in for a decode-only benchmark of the library, whose decoder is
// not exported.
func BenchmarkInMemoryAdminListDevices60(b *testing.B) {
	canned := newCannedHTTPClient(page60)
	lib := newLibrary("", func(o *cognitodevices.Options) { o.BaseEndpoint, o.HTTPClient = nil, canned })
	off := newOfficial("", func(o *cip.Options) { o.BaseEndpoint, o.HTTPClient = nil, canned })
	benchAdminListDevices(b, lib, off)
}

func benchAdminListDevices(b *testing.B, lib *cognitodevices.Client, off *cip.Client) {
	ctx := context.Background()
	b.Run("library", func(b *testing.B) {
		measure(b, 60, func() (int, error) {
			out, err := lib.AdminListDevices(ctx, adminListInput)
			if err != nil {
				return 0, err
			}
			return len(out.Devices), nil
		})
	})
	b.Run("official", func(b *testing.B) {
		measure(b, 60, func() (int, error) {
			out, err := off.AdminListDevices(ctx, officialAdminListInput)
			if err != nil {
				return 0, err
			}
			return len(out.Devices), nil
		})
	})
}

// jsonPage mirrors a listing response for encoding/json, with timestamps
// read as float64 seconds the way a plain decoder would.
type jsonPage struct {
	Devices []struct {
		DeviceKey                   *string
		DeviceAttributes            []struct{ Name, Value *string }
		DeviceCreateDate            *epochSeconds
		DeviceLastModifiedDate      *epochSeconds
		DeviceLastAuthenticatedDate *epochSeconds
	}
	PaginationToken *string
}

type epochSeconds struct{ time.Time }

func (e *epochSeconds) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	sec := int64(f)
	e.Time = time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
	return nil
}

// BenchmarkDecodePage60 decodes the 60-device page alone. Neither client
// exports its decoder, so only the encoding/json baseline runs here; see
// BenchmarkInMemoryAdminListDevices60 for the clients.
func BenchmarkDecodePage60(b *testing.B) {
	b.Run("encoding_json", func(b *testing.B) {
		measure(b, 60, func() (int, error) {
			var page jsonPage
			err := json.Unmarshal(page60, &page)
			return len(page.Devices), err
		})
	})
}

// BenchmarkOtherOperations runs the six operations without a listing on
// both clients against the loopback server, each answered with its usual
// small body.
func BenchmarkOtherOperations(b *testing.B) {
	ctx := context.Background()
	official := map[string]func(c *cip.Client) error{
		"AdminForgetDevice": func(c *cip.Client) error {
			_, err := c.AdminForgetDevice(ctx, &cip.AdminForgetDeviceInput{DeviceKey: adminForgetInput.DeviceKey, UserPoolId: adminForgetInput.UserPoolId, Username: adminForgetInput.Username})
			return err
		},
		"AdminUpdateDeviceStatus": func(c *cip.Client) error {
			_, err := c.AdminUpdateDeviceStatus(ctx, &cip.AdminUpdateDeviceStatusInput{DeviceKey: adminUpdateInput.DeviceKey, UserPoolId: adminUpdateInput.UserPoolId,
				Username: adminUpdateInput.Username, DeviceRememberedStatus: "remembered"})
			return err
		},
		"GetDevice": func(c *cip.Client) error {
			_, err := c.GetDevice(ctx, &cip.GetDeviceInput{DeviceKey: getDeviceInput.DeviceKey, AccessToken: getDeviceInput.AccessToken})
			return err
		},
		"ForgetDevice": func(c *cip.Client) error {
			_, err := c.ForgetDevice(ctx, &cip.ForgetDeviceInput{DeviceKey: forgetInput.DeviceKey, AccessToken: forgetInput.AccessToken})
			return err
		},
		"UpdateDeviceStatus": func(c *cip.Client) error {
			_, err := c.UpdateDeviceStatus(ctx, &cip.UpdateDeviceStatusInput{DeviceKey: updateInput.DeviceKey, AccessToken: updateInput.AccessToken, DeviceRememberedStatus: "not_remembered"})
			return err
		},
		"ConfirmDevice": func(c *cip.Client) error {
			_, err := c.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{DeviceKey: confirmInput.DeviceKey, AccessToken: confirmInput.AccessToken, DeviceName: confirmInput.DeviceName})
			return err
		},
	}
	library := map[string]any{
		"AdminForgetDevice": adminForgetInput, "AdminUpdateDeviceStatus": adminUpdateInput, "GetDevice": getDeviceInput,
		"ForgetDevice": forgetInput, "UpdateDeviceStatus": updateInput,
		"ConfirmDevice": &cognitodevices.ConfirmDeviceInput{DeviceKey: confirmInput.DeviceKey, AccessToken: confirmInput.AccessToken, DeviceName: confirmInput.DeviceName},
	}
	for _, name := range []string{"AdminForgetDevice", "AdminUpdateDeviceStatus", "GetDevice", "ForgetDevice", "UpdateDeviceStatus", "ConfirmDevice"} {
		op, _ := optable.Named(name)
		srv := setupBench(b, reply{body: []byte(op.SuccessBody)})
		lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
		in := library[name]
		b.Run(name+"/library", func(b *testing.B) {
			measure(b, 1, func() (int, error) {
				_, err := op.Call(ctx, lib, in)
				return 1, err
			})
		})
		b.Run(name+"/official", func(b *testing.B) {
			measure(b, 1, func() (int, error) { return 1, official[name](off) })
		})
	}
}
