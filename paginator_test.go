package cognitodevices_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
)

// pagedDevices is a test double serving a fixed number of devices in pages,
// for both list operations. Tokens are the offset of the next page. It
// records every request it receives.
type pagedDevices struct {
	mu       sync.Mutex
	total    int
	pageSize int
	failAt   map[int]error  // page index -> error to return
	repeatAt map[int]string // page index -> token to return instead
	calls    []pageCall
}

type pageCall struct {
	token *string
	limit *int32
}

func (p *pagedDevices) page(token *string, limit *int32) ([]cd.DeviceType, *string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, pageCall{token, limit})
	offset := 0
	if token != nil {
		var err error
		if offset, err = strconv.Atoi(*token); err != nil {
			return nil, nil, fmt.Errorf("bad token %q", *token)
		}
	}
	size := p.pageSize
	if limit != nil && *limit > 0 {
		size = int(*limit)
	}
	index := offset / size
	if err := p.failAt[index]; err != nil {
		return nil, nil, err
	}
	end := min(offset+size, p.total)
	devices := make([]cd.DeviceType, 0, end-offset)
	for i := offset; i < end; i++ {
		devices = append(devices, cd.DeviceType{DeviceKey: aws.String(fmt.Sprintf("device-%06d", i))})
	}
	var next *string
	if tok, ok := p.repeatAt[index]; ok {
		next = &tok
	} else if end < p.total {
		next = aws.String(strconv.Itoa(end))
	}
	return devices, next, nil
}

func (p *pagedDevices) AdminListDevices(_ context.Context, in *cd.AdminListDevicesInput, _ ...func(*cd.Options)) (*cd.AdminListDevicesOutput, error) {
	devices, next, err := p.page(in.PaginationToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &cd.AdminListDevicesOutput{Devices: devices, PaginationToken: next}, nil
}

func (p *pagedDevices) ListDevices(_ context.Context, in *cd.ListDevicesInput, _ ...func(*cd.Options)) (*cd.ListDevicesOutput, error) {
	devices, next, err := p.page(in.PaginationToken, in.Limit)
	if err != nil {
		return nil, err
	}
	return &cd.ListDevicesOutput{Devices: devices, PaginationToken: next}, nil
}

func (p *pagedDevices) Calls() []pageCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]pageCall(nil), p.calls...)
}

// iterators runs each test over both iterator functions.
var iterators = map[string]func(ctx context.Context, p *pagedDevices, limit *int32, token *string) (func(yield func(cd.DeviceType, error) bool), any){
	"AdminListDevicesAll": func(ctx context.Context, p *pagedDevices, limit *int32, token *string) (func(func(cd.DeviceType, error) bool), any) {
		in := &cd.AdminListDevicesInput{UserPoolId: aws.String(optable.Default.UserPoolId), Username: aws.String("u"), Limit: limit, PaginationToken: token}
		return cd.AdminListDevicesAll(ctx, p, in), in
	},
	"ListDevicesAll": func(ctx context.Context, p *pagedDevices, limit *int32, token *string) (func(func(cd.DeviceType, error) bool), any) {
		in := &cd.ListDevicesInput{AccessToken: aws.String(testToken), Limit: limit, PaginationToken: token}
		return cd.ListDevicesAll(ctx, p, in), in
	},
}

func keysOf(t *testing.T, seq func(func(cd.DeviceType, error) bool)) ([]string, []error) {
	t.Helper()
	var keys []string
	var errs []error
	for d, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		keys = append(keys, aws.ToString(d.DeviceKey))
	}
	return keys, errs
}

func TestIteratorListsEverythingLazily(t *testing.T) {
	for name, build := range iterators {
		t.Run(name, func(t *testing.T) {
			p := &pagedDevices{total: 25, pageSize: 10}
			seq, in := build(context.Background(), p, nil, nil)
			assert.Empty(t, p.Calls(), "nothing is fetched before ranging")
			before := fmt.Sprintf("%+v", in)

			keys, errs := keysOf(t, seq)
			assert.Empty(t, errs)
			require.Len(t, keys, 25)
			assert.Equal(t, "device-000000", keys[0])
			assert.Equal(t, "device-000024", keys[24])
			assert.Len(t, p.Calls(), 3)

			keys2, _ := keysOf(t, seq)
			assert.Equal(t, keys, keys2, "each range starts over")
			assert.Len(t, p.Calls(), 6)
			assert.Nil(t, p.Calls()[3].token, "the second range starts from the caller's input")
			assert.Equal(t, before, fmt.Sprintf("%+v", in), "the caller's input is never modified")
		})
	}
}

func TestIteratorStopsRequestingOnBreak(t *testing.T) {
	for name, build := range iterators {
		t.Run(name, func(t *testing.T) {
			p := &pagedDevices{total: 100, pageSize: 10}
			seq, _ := build(context.Background(), p, nil, nil)
			n := 0
			for _, err := range seq {
				require.NoError(t, err)
				n++
				if n == 10 {
					break
				}
			}
			assert.Len(t, p.Calls(), 1, "breaking at the end of a page fetches no further page")
		})
	}
}

func TestIteratorYieldsErrorOnceAfterFetchedDevices(t *testing.T) {
	boom := errors.New("throttled")
	for name, build := range iterators {
		t.Run(name, func(t *testing.T) {
			p := &pagedDevices{total: 50, pageSize: 10, failAt: map[int]error{2: boom}}
			seq, _ := build(context.Background(), p, nil, nil)
			var keys []string
			var errs []error
			for d, err := range seq {
				if err != nil {
					errs = append(errs, err)
					assert.Nil(t, d.DeviceKey, "the error comes with a zero device")
					continue
				}
				require.Empty(t, errs, "no device after the error")
				keys = append(keys, *d.DeviceKey)
			}
			assert.Len(t, keys, 20)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], boom)
			assert.Len(t, p.Calls(), 3)
		})
	}
}

func TestIteratorEndsOnRepeatedToken(t *testing.T) {
	for name, build := range iterators {
		t.Run(name, func(t *testing.T) {
			// Page 2 hands back the token of page 1: without protection the
			// listing would loop forever.
			p := &pagedDevices{total: 100, pageSize: 10, repeatAt: map[int]string{2: "10"}}
			seq, _ := build(context.Background(), p, nil, nil)
			keys, errs := keysOf(t, seq)
			assert.Len(t, keys, 30)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], cd.ErrRepeatedPaginationToken)
			assert.Len(t, p.Calls(), 3)
		})
	}
}

func TestIteratorRepeatOfStartingToken(t *testing.T) {
	p := &pagedDevices{total: 100, pageSize: 10, repeatAt: map[int]string{5: "50"}}
	keys, errs := keysOf(t, cd.ListDevicesAll(context.Background(), p, &cd.ListDevicesInput{AccessToken: aws.String(testToken), PaginationToken: aws.String("50")}))
	assert.Len(t, keys, 10)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], cd.ErrRepeatedPaginationToken)
}

func TestIteratorCarriesLimit(t *testing.T) {
	for name, build := range iterators {
		t.Run(name, func(t *testing.T) {
			p := &pagedDevices{total: 25, pageSize: 10}
			seq, _ := build(context.Background(), p, aws.Int32(7), aws.String("4"))
			keys, errs := keysOf(t, seq)
			assert.Empty(t, errs)
			assert.Len(t, keys, 21)
			assert.Equal(t, "device-000004", keys[0])
			for _, c := range p.Calls() {
				require.NotNil(t, c.limit)
				assert.Equal(t, int32(7), *c.limit)
			}
			assert.Len(t, p.Calls(), 3)
		})
	}
}

func TestIteratorPaginatorOptionLimitOverridesInput(t *testing.T) {
	p := &pagedDevices{total: 25, pageSize: 10}
	in := &cd.AdminListDevicesInput{UserPoolId: aws.String(optable.Default.UserPoolId), Username: aws.String("u"), Limit: aws.Int32(3)}
	seq := cd.AdminListDevicesAll(context.Background(), p, in, func(o *cd.AdminListDevicesPaginatorOptions) { o.Limit = 20 })
	keys, _ := keysOf(t, seq)
	assert.Len(t, keys, 25)
	assert.Len(t, p.Calls(), 2)
	assert.Equal(t, int32(3), *in.Limit)
}

func TestIteratorNilClient(t *testing.T) {
	keys, errs := keysOf(t, cd.ListDevicesAll(context.Background(), nil, nil))
	assert.Empty(t, keys)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], cd.ErrNilClient)
}

// TestIteratorMemoryIsBounded walks 60,000 devices and checks that the live
// heap stays about one page, not the whole listing.
func TestIteratorMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 60,000 devices")
	}
	p := &pagedDevices{total: 60000, pageSize: 60}
	var base, peak runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	n := 0
	for d, err := range cd.ListDevicesAll(context.Background(), p, &cd.ListDevicesInput{AccessToken: aws.String(testToken)}) {
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("device-%06d", n), *d.DeviceKey)
		n++
		if n%20000 == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.HeapAlloc {
				peak = m
			}
		}
	}
	assert.Equal(t, 60000, n)
	assert.Len(t, p.Calls(), 1000)
	// The listing allocates several MiB in all (60,000 devices); what stays
	// live must not grow with it. The call log of the double is the only
	// thing that does, at under 100 KiB.
	grown := int64(peak.HeapAlloc) - int64(base.HeapAlloc)
	assert.Less(t, grown, int64(2<<20), "live heap grew by %d bytes", grown)
	assert.Greater(t, peak.TotalAlloc-base.TotalAlloc, uint64(4<<20), "the listing did allocate")
}

func TestPaginatorShapes(t *testing.T) {
	p := &pagedDevices{total: 25, pageSize: 10}
	in := &cd.AdminListDevicesInput{UserPoolId: aws.String(optable.Default.UserPoolId), Username: aws.String("u")}
	pager := cd.NewAdminListDevicesPaginator(p, in, func(o *cd.AdminListDevicesPaginatorOptions) { o.Limit = 10 })
	var pages []int
	for pager.HasMorePages() {
		out, err := pager.NextPage(context.Background())
		require.NoError(t, err)
		pages = append(pages, len(out.Devices))
	}
	assert.Equal(t, []int{10, 10, 5}, pages)
	_, err := pager.NextPage(context.Background())
	assert.Error(t, err, "no more pages")
	assert.Nil(t, in.PaginationToken)
	assert.Nil(t, in.Limit)

	// StopOnDuplicateToken ends the paginator on a repeated token.
	p = &pagedDevices{total: 100, pageSize: 10, repeatAt: map[int]string{1: "10"}}
	lp := cd.NewListDevicesPaginator(p, &cd.ListDevicesInput{AccessToken: aws.String(testToken)}, func(o *cd.ListDevicesPaginatorOptions) { o.StopOnDuplicateToken = true })
	n := 0
	for lp.HasMorePages() {
		_, err := lp.NextPage(context.Background())
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)

	// After an error the paginator retries the same page.
	boom := errors.New("boom")
	p = &pagedDevices{total: 30, pageSize: 10, failAt: map[int]error{1: boom}}
	lp = cd.NewListDevicesPaginator(p, &cd.ListDevicesInput{AccessToken: aws.String(testToken)})
	_, err = lp.NextPage(context.Background())
	require.NoError(t, err)
	_, err = lp.NextPage(context.Background())
	require.ErrorIs(t, err, boom)
	delete(p.failAt, 1)
	out, err := lp.NextPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "device-000010", *out.Devices[0].DeviceKey)
}

func TestPaginatorOverRealClient(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(respond(200, `{"Devices":[{"DeviceKey":"a"}],"PaginationToken":"same"}`))
	keys, errs := keysOf(t, cd.AdminListDevicesAll(context.Background(), c, adminListInput()))
	// The first "same" is new; the second is a repeat and ends the range.
	assert.Equal(t, []string{"a", "a"}, keys)
	require.Len(t, errs, 1, "a service that repeats its token cannot loop the iterator")
	assert.ErrorIs(t, errs[0], cd.ErrRepeatedPaginationToken)
	assert.Len(t, ts.Requests(), 2)
}

// cannedPages is an HTTPClient that answers every listing request in
// memory with the page its PaginationToken names ("p<N>", maybe followed
// by more text; none is page 0),
// built by page. It is the real client's road without a network, so what
// the decoder allocates is what a real listing keeps alive.
type cannedPages struct {
	page  func(n int) string
	calls atomic.Int32
}

func (c *cannedPages) Do(req *http.Request) (*http.Response, error) {
	c.calls.Add(1)
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	n := 0
	if _, after, ok := strings.Cut(string(body), `"PaginationToken":"p`); ok {
		digits := strings.IndexFunc(after, func(r rune) bool { return r < '0' || r > '9' })
		n, _ = strconv.Atoi(after[:max(digits, 0)])
	}
	return &http.Response{
		StatusCode: 200,
		Header:     http.Header{"Content-Type": {"application/x-amz-json-1.1"}},
		Body:       io.NopCloser(strings.NewReader(c.page(n))),
		Request:    req,
	}, nil
}

// devicePage is a page of 60 devices of the service's usual shape, with
// the token of page next unless next is negative.
func devicePage(n, next int) string {
	var b strings.Builder
	b.WriteString(`{"Devices":[`)
	for i := range 60 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"DeviceAttributes":[{"Name":"device_status","Value":"valid"},{"Name":"device_name","Value":"device %d-%d"},`+
			`{"Name":"dev:device_arn","Value":"arn:aws:cognito-idp:us-east-1:123456789012:owner/alice/device/us-east-1_%08d-%04d"},`+
			`{"Name":"dev:device_owner","Value":"alice"},{"Name":"last_ip_used","Value":"192.0.2.%d"},`+
			`{"Name":"dev:device_remembered_status","Value":"remembered"},{"Name":"dev:device_sdk","Value":"aws-sdk-unknown-unknown"}],`+
			`"DeviceCreateDate":1715100742.022,"DeviceKey":"us-east-1_%08d-%04d","DeviceLastAuthenticatedDate":1715100742.0,"DeviceLastModifiedDate":1715100742.022}`,
			n, i, n, i, i, n, i)
	}
	b.WriteString(`]`)
	if next >= 0 {
		fmt.Fprintf(&b, `,"PaginationToken":"p%d"`, next)
	}
	b.WriteString(`}`)
	return b.String()
}

// TestIteratorMemoryDoesNotGrowWithTokens walks 400 pages whose tokens
// are 64 KiB each (25 MiB of tokens in all): what the iterator remembers
// of them to detect a repeat must not grow with their length.
func TestIteratorMemoryDoesNotGrowWithTokens(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 400 pages")
	}
	const pages = 400
	// Pages of one device, each with a different 64 KiB token.
	canned := &cannedPages{page: func(n int) string {
		page := `{"Devices":[{"DeviceKey":"us-east-1_` + strconv.Itoa(n) + `"}]`
		if n+1 < pages {
			page += `,"PaginationToken":"p` + strconv.Itoa(n+1) + "-" + strings.Repeat("x", 64<<10) + `"`
		}
		return page + "}"
	}}
	c := cd.New(cd.Options{Region: testRegion, BaseEndpoint: aws.String("http://127.0.0.1:9"), HTTPClient: canned})
	var base runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	var grown int64
	n := 0
	for _, err := range cd.ListDevicesAll(context.Background(), c, listInput()) {
		require.NoError(t, err)
		if n++; n%100 == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			grown = max(grown, int64(m.HeapAlloc)-int64(base.HeapAlloc))
		}
	}
	require.Equal(t, pages, n)
	t.Logf("peak live heap over %d pages of 64 KiB tokens: %d bytes above the start", pages, grown)
	assert.Less(t, grown, int64(4<<20), "live heap grew by %d bytes", grown)
}

// TestIteratorMemoryIsBoundedThroughTheDecoder walks 1,000 decoded pages
// (60,000 devices) through the real client and checks that the live heap
// stays about one page: nothing of a page the loop has passed, such as
// its token, may keep that page's memory reachable.
func TestIteratorMemoryIsBoundedThroughTheDecoder(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes 1,000 pages")
	}
	const pages = 1000
	canned := &cannedPages{page: func(n int) string {
		if n == pages-1 {
			return devicePage(n, -1)
		}
		return devicePage(n, n+1)
	}}
	c := cd.New(cd.Options{Region: testRegion, BaseEndpoint: aws.String("http://127.0.0.1:9"), HTTPClient: canned})
	var base, peak runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	n := 0
	for _, err := range cd.ListDevicesAll(context.Background(), c, listInput()) {
		require.NoError(t, err)
		n++
		if n%(60*50) == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.HeapAlloc {
				peak = m
			}
		}
	}
	require.Equal(t, 60*pages, n)
	grown := int64(peak.HeapAlloc) - int64(base.HeapAlloc)
	t.Logf("peak live heap over %d pages: %d bytes above the start", pages, grown)
	assert.Less(t, grown, int64(2<<20), "live heap grew by %d bytes", grown)
}

// TestIteratorEndsAfterTooManyEmptyPages serves empty pages with new
// tokens without end: the loop body never runs, so only the iterator can
// stop, and it must after MaxConsecutiveEmptyPages pages.
func TestIteratorEndsAfterTooManyEmptyPages(t *testing.T) {
	canned := &cannedPages{page: func(n int) string {
		if n > 10*cd.MaxConsecutiveEmptyPages {
			return `{"__type":"the test's own bound"}`
		}
		return fmt.Sprintf(`{"Devices":[],"PaginationToken":"p%d"}`, n+1)
	}}
	c := cd.New(cd.Options{Region: testRegion, BaseEndpoint: aws.String("http://127.0.0.1:9"), HTTPClient: canned})
	keys, errs := keysOf(t, cd.ListDevicesAll(context.Background(), c, listInput()))
	assert.Empty(t, keys)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], cd.ErrTooManyEmptyPages)
	assert.Equal(t, int32(cd.MaxConsecutiveEmptyPages), canned.calls.Load())
}

// TestIteratorAcceptsSomeEmptyPages checks that empty pages below the
// bound, even many, do not end a listing that goes on to find devices.
func TestIteratorAcceptsSomeEmptyPages(t *testing.T) {
	const empty = cd.MaxConsecutiveEmptyPages - 1
	canned := &cannedPages{page: func(n int) string {
		switch {
		case n < empty:
			return fmt.Sprintf(`{"Devices":[],"PaginationToken":"p%d"}`, n+1)
		case n == empty:
			return devicePage(n, n+1)
		case n < 2*empty+1:
			return fmt.Sprintf(`{"Devices":[],"PaginationToken":"p%d"}`, n+1)
		}
		return devicePage(n, -1)
	}}
	c := cd.New(cd.Options{Region: testRegion, BaseEndpoint: aws.String("http://127.0.0.1:9"), HTTPClient: canned, Credentials: staticCredentials("")})
	keys, errs := keysOf(t, cd.AdminListDevicesAll(context.Background(), c, &cd.AdminListDevicesInput{
		UserPoolId: aws.String(optable.Default.UserPoolId), Username: aws.String("u"),
	}))
	assert.Empty(t, errs)
	assert.Len(t, keys, 120)
}
