package cognitodevices

import (
	"context"
	"errors"
	"iter"
)

// AdminListDevicesAPIClient is the one method NewAdminListDevicesPaginator
// and AdminListDevicesAll need. *Client and API satisfy it.
type AdminListDevicesAPIClient interface {
	AdminListDevices(context.Context, *AdminListDevicesInput, ...func(*Options)) (*AdminListDevicesOutput, error)
}

// ListDevicesAPIClient is the one method NewListDevicesPaginator and
// ListDevicesAll need. *Client and API satisfy it.
type ListDevicesAPIClient interface {
	ListDevices(context.Context, *ListDevicesInput, ...func(*Options)) (*ListDevicesOutput, error)
}

var (
	_ AdminListDevicesAPIClient = (API)(nil)
	_ ListDevicesAPIClient      = (API)(nil)
)

// ErrNilClient is returned by a paginator or iterator built without a
// client.
var ErrNilClient = errors.New("cognitodevices: paginator client is nil")

// AdminListDevicesPaginatorOptions configures an AdminListDevicesPaginator
// and AdminListDevicesAll.
type AdminListDevicesPaginatorOptions struct {
	// Limit, when not zero, is the page size requested (0 to 60). It
	// replaces the Limit of the input.
	Limit int32

	// StopOnDuplicateToken ends pagination when the service returns the
	// token it was just given, instead of asking for the same page again.
	// The iterators always stop on a repeated token.
	StopOnDuplicateToken bool
}

// pageState is the token bookkeeping both paginators share.
type pageState struct {
	nextToken *string
	firstPage bool
	stopOnDup bool
	limit     int32
}

func newPageState(start *string, limit int32, stopOnDup bool) pageState {
	return pageState{nextToken: start, firstPage: true, limit: limit, stopOnDup: stopOnDup}
}

func (s *pageState) hasMorePages() bool {
	return s.firstPage || (s.nextToken != nil && len(*s.nextToken) != 0)
}

// request returns the token and the limit of the next request.
func (s *pageState) request() (token *string, limit *int32, err error) {
	if !s.hasMorePages() {
		return nil, nil, errors.New("no more pages available")
	}
	if s.limit > 0 {
		l := s.limit
		limit = &l
	}
	return s.nextToken, limit, nil
}

// advance records the token of a page just received.
func (s *pageState) advance(token *string) {
	prev := s.nextToken
	s.firstPage = false
	s.nextToken = token
	if s.stopOnDup && prev != nil && token != nil && *prev == *token {
		s.nextToken = nil
	}
}

// AdminListDevicesPaginator walks the pages of AdminListDevices, in the
// shape of the official client's paginators.
type AdminListDevicesPaginator struct {
	client AdminListDevicesAPIClient
	params AdminListDevicesInput
	state  pageState
}

// NewAdminListDevicesPaginator returns a paginator over the pages of
// AdminListDevices. It copies params (nil means an empty input, which the
// first call refuses); the caller's input is never modified.
func NewAdminListDevicesPaginator(client AdminListDevicesAPIClient, params *AdminListDevicesInput, optFns ...func(*AdminListDevicesPaginatorOptions)) *AdminListDevicesPaginator {
	var in AdminListDevicesInput
	if params != nil {
		in = *params
	}
	var options AdminListDevicesPaginatorOptions
	if in.Limit != nil {
		options.Limit = *in.Limit
	}
	for _, fn := range optFns {
		fn(&options)
	}
	return &AdminListDevicesPaginator{client: client, params: in, state: newPageState(in.PaginationToken, options.Limit, options.StopOnDuplicateToken)}
}

// HasMorePages reports whether NextPage has a page to fetch: true before
// the first page and while the last page carried a token.
func (p *AdminListDevicesPaginator) HasMorePages() bool { return p.state.hasMorePages() }

// NextPage fetches the next page. After an error the paginator stays where
// it was, so NextPage may be called again to retry the same page.
func (p *AdminListDevicesPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*AdminListDevicesOutput, error) {
	token, limit, err := p.state.request()
	if err != nil {
		return nil, err
	}
	if p.client == nil {
		return nil, ErrNilClient
	}
	params := p.params
	params.PaginationToken = token
	if limit != nil {
		params.Limit = limit
	}
	out, err := p.client.AdminListDevices(ctx, &params, optFns...)
	if err != nil {
		return nil, err
	}
	p.state.advance(out.PaginationToken)
	return out, nil
}

func (p *AdminListDevicesPaginator) nextDevices(ctx context.Context) ([]DeviceType, *string, error) {
	out, err := p.NextPage(ctx)
	if err != nil {
		return nil, nil, err
	}
	return out.Devices, out.PaginationToken, nil
}

// ListDevicesPaginatorOptions configures a ListDevicesPaginator and
// ListDevicesAll.
type ListDevicesPaginatorOptions struct {
	// Limit, when not zero, is the page size requested (0 to 60). It
	// replaces the Limit of the input.
	Limit int32

	// StopOnDuplicateToken ends pagination when the service returns the
	// token it was just given, instead of asking for the same page again.
	// The iterators always stop on a repeated token.
	StopOnDuplicateToken bool
}

// ListDevicesPaginator walks the pages of ListDevices, in the shape of the
// official client's paginators.
type ListDevicesPaginator struct {
	client ListDevicesAPIClient
	params ListDevicesInput
	state  pageState
}

// NewListDevicesPaginator returns a paginator over the pages of
// ListDevices. It copies params; the caller's input is never modified.
func NewListDevicesPaginator(client ListDevicesAPIClient, params *ListDevicesInput, optFns ...func(*ListDevicesPaginatorOptions)) *ListDevicesPaginator {
	var in ListDevicesInput
	if params != nil {
		in = *params
	}
	var options ListDevicesPaginatorOptions
	if in.Limit != nil {
		options.Limit = *in.Limit
	}
	for _, fn := range optFns {
		fn(&options)
	}
	return &ListDevicesPaginator{client: client, params: in, state: newPageState(in.PaginationToken, options.Limit, options.StopOnDuplicateToken)}
}

// HasMorePages reports whether NextPage has a page to fetch: true before
// the first page and while the last page carried a token.
func (p *ListDevicesPaginator) HasMorePages() bool { return p.state.hasMorePages() }

// NextPage fetches the next page. After an error the paginator stays where
// it was, so NextPage may be called again to retry the same page.
func (p *ListDevicesPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ListDevicesOutput, error) {
	token, limit, err := p.state.request()
	if err != nil {
		return nil, err
	}
	if p.client == nil {
		return nil, ErrNilClient
	}
	params := p.params
	params.PaginationToken = token
	if limit != nil {
		params.Limit = limit
	}
	out, err := p.client.ListDevices(ctx, &params, optFns...)
	if err != nil {
		return nil, err
	}
	p.state.advance(out.PaginationToken)
	return out, nil
}

func (p *ListDevicesPaginator) nextDevices(ctx context.Context) ([]DeviceType, *string, error) {
	out, err := p.NextPage(ctx)
	if err != nil {
		return nil, nil, err
	}
	return out.Devices, out.PaginationToken, nil
}

// ErrRepeatedPaginationToken is yielded by the iterators when the service
// hands back a token already seen in the same listing, which would
// otherwise loop forever.
var ErrRepeatedPaginationToken = errors.New("cognitodevices: the service returned a pagination token already seen; stopping")

// AdminListDevicesAll returns an iterator over every device of a user,
// across pages of AdminListDevices.
//
// Guarantees:
//   - Nothing is fetched until the iterator is ranged over.
//   - Each range starts over from params, which is copied and never
//     modified; ranging twice lists the devices twice.
//   - Pages are fetched one at a time as the loop reaches them, so memory
//     holds about one page however many devices the user has.
//   - When the loop body breaks, no further request is made.
//   - An error is yielded once, as (DeviceType{}, err), after every device
//     already fetched, and ends the range.
//   - A pagination token seen before in the same range ends the range
//     with ErrRepeatedPaginationToken instead of looping forever.
func AdminListDevicesAll(ctx context.Context, client AdminListDevicesAPIClient, params *AdminListDevicesInput, optFns ...func(*AdminListDevicesPaginatorOptions)) iter.Seq2[DeviceType, error] {
	var in AdminListDevicesInput
	if params != nil {
		in = *params
	}
	return func(yield func(DeviceType, error) bool) {
		walkDevices(ctx, NewAdminListDevicesPaginator(client, &in, optFns...), in.PaginationToken, yield)
	}
}

// ListDevicesAll returns an iterator over every device of the user who
// owns the access token, across pages of ListDevices. It keeps the same
// guarantees as AdminListDevicesAll.
func ListDevicesAll(ctx context.Context, client ListDevicesAPIClient, params *ListDevicesInput, optFns ...func(*ListDevicesPaginatorOptions)) iter.Seq2[DeviceType, error] {
	var in ListDevicesInput
	if params != nil {
		in = *params
	}
	return func(yield func(DeviceType, error) bool) {
		walkDevices(ctx, NewListDevicesPaginator(client, &in, optFns...), in.PaginationToken, yield)
	}
}

// devicePager is what walkDevices needs of a paginator.
type devicePager interface {
	HasMorePages() bool
	nextDevices(ctx context.Context) ([]DeviceType, *string, error)
}

// walkDevices yields the devices of every page of p, keeping the
// guarantees documented on AdminListDevicesAll. start is the token the
// listing begins from, which counts as seen.
func walkDevices(ctx context.Context, p devicePager, start *string, yield func(DeviceType, error) bool) {
	seen := tokenSet{}
	seen.repeated(start)
	for p.HasMorePages() {
		devices, token, err := p.nextDevices(ctx)
		if err != nil {
			yield(DeviceType{}, err)
			return
		}
		for _, d := range devices {
			if !yield(d, nil) {
				return
			}
		}
		if seen.repeated(token) {
			yield(DeviceType{}, ErrRepeatedPaginationToken)
			return
		}
	}
}

// tokenSet remembers the pagination tokens of one listing. Tokens are
// short, so even a listing of 60,000 devices (1,000 pages) keeps it small.
type tokenSet map[string]struct{}

// repeated records tok and reports whether it was seen before. A nil or
// empty token, which ends a listing, is never a repeat.
func (s tokenSet) repeated(tok *string) bool {
	if tok == nil || *tok == "" {
		return false
	}
	if _, ok := s[*tok]; ok {
		return true
	}
	s[*tok] = struct{}{}
	return false
}
