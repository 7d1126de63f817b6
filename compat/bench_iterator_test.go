package compat

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognitodevices/cognitodevices"
)

// listingPages is the number of pages of the listing benchmarks.
const listingPages = 1000

// pagedHTTPClient answers listing requests in memory with page n for the
// token "p<n>" (page 0 without one): the same 60 devices each time, the
// token of the next page, none on the last.
type pagedHTTPClient struct{ devices []byte }

func newPagedHTTPClient() pagedHTTPClient {
	body, _ := devicePage(60, "")
	return pagedHTTPClient{devices: bytes.TrimSuffix(body, []byte("}"))}
}

func (c pagedHTTPClient) Do(req *http.Request) (*http.Response, error) {
	in, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	n := 0
	if _, after, ok := strings.Cut(string(in), `"PaginationToken":"p`); ok {
		n, _ = strconv.Atoi(after[:strings.IndexByte(after, '"')])
	}
	body := append([]byte(nil), c.devices...)
	if n+1 < listingPages {
		body = append(body, `,"PaginationToken":"p`+strconv.Itoa(n+1)+`"`...)
	}
	body = append(body, '}')
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amzn-Requestid": {requestID}},
		ContentLength: int64(len(body)),
		Body:          io.NopCloser(bytes.NewReader(body)),
		Request:       req,
	}, nil
}

// BenchmarkListing1000Pages walks 60,000 devices over 1,000 pages of
// AdminListDevices: the library with its iterator, the official client
// with the token loop its users write by hand (it has no paginator for
// this operation). Besides time and allocations per listing it reports
// the peak live heap of one listing, sampled every 100 pages after a
// garbage collection, outside the timed loop.
func BenchmarkListing1000Pages(b *testing.B) {
	ctx := context.Background()
	paged := newPagedHTTPClient()
	lib := newLibrary("", func(o *cognitodevices.Options) { o.BaseEndpoint, o.HTTPClient = nil, paged })
	off := newOfficial("", func(o *cip.Options) { o.BaseEndpoint, o.HTTPClient = nil, paged })

	libList := func(sample func(page int)) (int, error) {
		n := 0
		in := &cognitodevices.AdminListDevicesInput{UserPoolId: adminListInput.UserPoolId, Username: adminListInput.Username}
		for _, err := range cognitodevices.AdminListDevicesAll(ctx, lib, in) {
			if err != nil {
				return n, err
			}
			if n++; n%6000 == 0 {
				sample(n / 60)
			}
		}
		return n, nil
	}
	offList := func(sample func(page int)) (int, error) {
		n, pages := 0, 0
		in := &cip.AdminListDevicesInput{UserPoolId: adminListInput.UserPoolId, Username: adminListInput.Username}
		for {
			out, err := off.AdminListDevices(ctx, in)
			if err != nil {
				return n, err
			}
			n += len(out.Devices)
			if pages++; pages%100 == 0 {
				sample(pages)
			}
			if aws.ToString(out.PaginationToken) == "" {
				return n, nil
			}
			in.PaginationToken = out.PaginationToken
		}
	}
	for _, client := range []struct {
		name string
		list func(sample func(page int)) (int, error)
	}{{"library", libList}, {"official", offList}} {
		b.Run(client.name, func(b *testing.B) {
			var base, m runtime.MemStats
			var peak uint64
			runtime.GC()
			runtime.ReadMemStats(&base)
			if n, err := client.list(func(int) {
				runtime.GC()
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}); err != nil || n != 60*listingPages {
				b.Fatalf("listed %d devices, error %v", n, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := client.list(func(int) {}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak-min(peak, base.HeapAlloc)), "peak-heap-B")
		})
	}
}
