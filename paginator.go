package cognitodevices

import (
	"context"
	"errors"
	"hash/maphash"
)

// ErrNilClient is returned by a paginator or iterator built without a
// client.
var ErrNilClient = errors.New("cognitodevices: paginator client is nil")

// ErrRepeatedPaginationToken is yielded by the iterators when the service
// hands back a token already seen in the same listing, which would
// otherwise loop forever.
var ErrRepeatedPaginationToken = errors.New("cognitodevices: the service returned a pagination token already seen; stopping")

// ErrTooManyEmptyPages is yielded by the iterators when the service
// answers MaxConsecutiveEmptyPages pages in a row with no item but a
// token for yet another page. The loop body never runs during such a run,
// so without a bound the caller could not stop it.
var ErrTooManyEmptyPages = errors.New("cognitodevices: the service returned too many empty pages in a row; stopping")

// MaxConsecutiveEmptyPages is how many pages in a row without a device the
// iterators accept before they end with ErrTooManyEmptyPages. The service
// fills every page it can, so a real listing stays far below it.
const MaxConsecutiveEmptyPages = 100

// listing describes one list operation to the pager: how to call it with
// a client of type C, where its input keeps the token and the limit, and
// where its output keeps the items (of type T, such as DeviceType) and the
// next token.
type listing[C, In, Out, T any] struct {
	fetch  func(client C, ctx context.Context, in *In, optFns ...func(*Options)) (*Out, error)
	cursor func(in *In) (token **string, limit **int32)
	page   func(out *Out) (items []T, next *string)
}

// pager is the state both exported paginators and both iterators are built
// on: the client, a copy of the caller's input and the token bookkeeping.
type pager[C, In, Out, T any] struct {
	listing   *listing[C, In, Out, T]
	client    C
	params    In
	start     *string // the token the listing began from
	nextToken *string
	firstPage bool
	stopOnDup bool
	limit     int32
}

// newPager copies params (nil counts as an empty input); the caller's
// input is never modified. limit, when not zero, replaces the input's.
func newPager[C, In, Out, T any](l *listing[C, In, Out, T], client C, params *In, limit int32, stopOnDup bool) pager[C, In, Out, T] {
	p := pager[C, In, Out, T]{listing: l, client: client, firstPage: true, stopOnDup: stopOnDup, limit: limit}
	if params != nil {
		p.params = *params
	}
	token, _ := l.cursor(&p.params)
	p.start, p.nextToken = *token, *token
	return p
}

// inputLimit returns the Limit of params, or 0 when there is none; the
// paginator options start from it.
func inputLimit[C, In, Out, T any](l *listing[C, In, Out, T], params *In) int32 {
	if params == nil {
		return 0
	}
	if _, limit := l.cursor(params); *limit != nil {
		return **limit
	}
	return 0
}

// hasMorePages is true before the first page and while the last page
// carried a token.
func (p *pager[C, In, Out, T]) hasMorePages() bool {
	return p.firstPage || (p.nextToken != nil && len(*p.nextToken) != 0)
}

// nextPage fetches the next page. After an error the pager stays where it
// was, so the same page may be asked for again.
func (p *pager[C, In, Out, T]) nextPage(ctx context.Context, optFns ...func(*Options)) (*Out, error) {
	if !p.hasMorePages() {
		return nil, errors.New("no more pages available")
	}
	if any(p.client) == nil {
		return nil, ErrNilClient
	}
	params := p.params
	token, limit := p.listing.cursor(&params)
	*token = p.nextToken
	if p.limit > 0 {
		l := p.limit
		*limit = &l
	}
	out, err := p.listing.fetch(p.client, ctx, &params, optFns...)
	if err != nil {
		return nil, err
	}
	prev := p.nextToken
	_, next := p.listing.page(out)
	p.firstPage = false
	p.nextToken = next
	if p.stopOnDup && prev != nil && next != nil && *prev == *next {
		p.nextToken = nil
	}
	return out, nil
}

// walkItems yields the items of every page of p, keeping the guarantees
// documented on AdminListDevicesAll. The token the listing begins from
// counts as seen.
func walkItems[C, In, Out, T any](ctx context.Context, p *pager[C, In, Out, T], yield func(T, error) bool) {
	var zero T
	seen := tokenSet{}
	seen.repeated(p.start)
	empty := 0
	for p.hasMorePages() {
		out, err := p.nextPage(ctx)
		if err != nil {
			yield(zero, err)
			return
		}
		items, token := p.listing.page(out)
		for _, item := range items {
			if !yield(item, nil) {
				return
			}
		}
		if seen.repeated(token) {
			yield(zero, ErrRepeatedPaginationToken)
			return
		}
		if empty = empty + 1; len(items) > 0 {
			empty = 0
		}
		if empty >= MaxConsecutiveEmptyPages && p.hasMorePages() {
			yield(zero, ErrTooManyEmptyPages)
			return
		}
	}
}

// tokenSet remembers the pagination tokens of one listing by a 128-bit
// keyed hash of each (two maphash sums under independent random seeds),
// not by the tokens themselves: it costs a fixed few bytes a page however
// long the service's tokens are, so a service handing out huge tokens
// cannot grow a long listing's memory, and nothing of a page the loop has
// passed stays reachable. Two different tokens get the same key with a
// probability of about 2^-128, which no listing comes near.
type tokenSet map[[2]uint64]struct{}

// tokenSeeds key the hashes of tokenSet. They are random per process, so
// a service cannot choose tokens that collide.
var tokenSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// repeated records tok and reports whether it was seen before. A nil or
// empty token, which ends a listing, is never a repeat.
func (s tokenSet) repeated(tok *string) bool {
	if tok == nil || *tok == "" {
		return false
	}
	key := [2]uint64{maphash.String(tokenSeeds[0], *tok), maphash.String(tokenSeeds[1], *tok)}
	if _, ok := s[key]; ok {
		return true
	}
	s[key] = struct{}{}
	return false
}
