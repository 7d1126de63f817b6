package cognitodevices

import (
	"context"
	"fmt"
	"iter"
	"unicode/utf8"

	"github.com/aws/smithy-go/middleware"
)

// ListUsers returns one page of the users of a pool, optionally those a
// filter matches, such as `status = "Enabled"` or `email ^= "a"`. It is
// signed with the client's credentials, and counts against the pool's
// UserList quota (30 requests a second by default). Use
// NewListUsersPaginator or ListUsersAll to walk every page.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html
func (c *Client) ListUsers(ctx context.Context, params *ListUsersInput, optFns ...func(*Options)) (*ListUsersOutput, error) {
	return invoke(ctx, c, opListUsers, params, optFns)
}

// ListUsersInput is the request of [Client.ListUsers]. UserPoolId is
// required.
type ListUsersInput struct {
	// UserPoolId is the ID of the user pool.
	UserPoolId *string

	// AttributesToGet, when set, limits the attributes of each user to
	// these names; an empty list returns none.
	AttributesToGet []string

	// Filter selects users by one attribute: `name = "value"` for equal,
	// `name ^= "value"` for starts with, at most 256 characters.
	Filter *string

	// Limit is the most users one page may hold, 0 to 60. Nil or 0 lets
	// the service choose.
	Limit *int32

	// PaginationToken continues a listing from the token a previous page
	// returned.
	PaginationToken *string
}

// ListUsersOutput is one page of [Client.ListUsers].
type ListUsersOutput struct {
	// PaginationToken is set when more pages follow.
	PaginationToken *string

	// Users holds the users of this page, possibly none.
	Users []UserType

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

// The documented limits of ListUsers' Filter and attribute names.
const (
	maxFilterLen        = 256
	maxAttributeNameLen = 32
)

var opListUsers = newOperation("ListUsers", true, operation[ListUsersInput, ListUsersOutput]{
	validate: func(in *ListUsersInput) error {
		v := newValidator("ListUsersInput")
		v.userPoolID("UserPoolId", in.UserPoolId)
		if in.Filter != nil && utf8.RuneCountInString(*in.Filter) > maxFilterLen {
			v.errs.Add(&paramError{field: "Filter", reason: fmt.Sprintf("value of length %d exceeds the maximum length %d", utf8.RuneCountInString(*in.Filter), maxFilterLen)})
		}
		for i, name := range in.AttributesToGet {
			if v.nonEmptyUpTo(fmt.Sprintf("AttributesToGet[%d]", i), name, maxAttributeNameLen) {
				v.match(fmt.Sprintf("AttributesToGet[%d]", i), name, isUsername, usernamePattern)
			}
		}
		v.limit("Limit", in.Limit)
		v.nonSpace("PaginationToken", in.PaginationToken, 0)
		return v.err()
	},
	encode: func(dst []byte, in *ListUsersInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.strings("AttributesToGet", in.AttributesToGet)
		w.str("Filter", in.Filter)
		w.int32("Limit", in.Limit)
		w.str("PaginationToken", in.PaginationToken)
		w.str("UserPoolId", in.UserPoolId)
		return w.bytes()
	},
	decode: func(body string, out *ListUsersOutput) (err error) {
		out.Users, out.PaginationToken, err = decodeUsersPage(body)
		return err
	},
	metadata: func(out *ListUsersOutput) *middleware.Metadata { return &out.ResultMetadata },
})

// ListUsersAPIClient is the one method NewListUsersPaginator and
// ListUsersAll need. *Client and API satisfy it.
type ListUsersAPIClient interface {
	ListUsers(context.Context, *ListUsersInput, ...func(*Options)) (*ListUsersOutput, error)
}

var _ ListUsersAPIClient = (API)(nil)

var listListUsers = &listing[ListUsersAPIClient, ListUsersInput, ListUsersOutput, UserType]{
	fetch:  ListUsersAPIClient.ListUsers,
	cursor: func(in *ListUsersInput) (**string, **int32) { return &in.PaginationToken, &in.Limit },
	page:   func(out *ListUsersOutput) ([]UserType, *string) { return out.Users, out.PaginationToken },
}

// ListUsersPaginatorOptions configures a ListUsersPaginator and
// ListUsersAll.
type ListUsersPaginatorOptions struct {
	// Limit, when not zero, is the page size requested (0 to 60). It
	// replaces the Limit of the input.
	Limit int32

	// StopOnDuplicateToken ends pagination when the service returns the
	// token it was just given, instead of asking for the same page again.
	// The iterator always stops on a repeated token.
	StopOnDuplicateToken bool
}

// ListUsersPaginator walks the pages of ListUsers, in the shape of the
// official client's paginators.
type ListUsersPaginator struct {
	p pager[ListUsersAPIClient, ListUsersInput, ListUsersOutput, UserType]
}

// NewListUsersPaginator returns a paginator over the pages of ListUsers.
// It copies params (nil means an empty input, which the first call
// refuses); the caller's input is never modified.
func NewListUsersPaginator(client ListUsersAPIClient, params *ListUsersInput, optFns ...func(*ListUsersPaginatorOptions)) *ListUsersPaginator {
	options := ListUsersPaginatorOptions{Limit: inputLimit(listListUsers, params)}
	for _, fn := range optFns {
		fn(&options)
	}
	return &ListUsersPaginator{p: newPager(listListUsers, client, params, options.Limit, options.StopOnDuplicateToken)}
}

// HasMorePages reports whether NextPage has a page to fetch: true before
// the first page and while the last page carried a token.
func (p *ListUsersPaginator) HasMorePages() bool { return p.p.hasMorePages() }

// NextPage fetches the next page. After an error the paginator stays where
// it was, so NextPage may be called again to retry the same page.
func (p *ListUsersPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ListUsersOutput, error) {
	return p.p.nextPage(ctx, optFns...)
}

// ListUsersAll returns an iterator over every user of a pool (or every
// user the input's Filter matches), across pages of ListUsers, with the
// guarantees of AdminListDevicesAll: nothing is fetched before the range,
// each range starts over from the copied params, about one page is held
// at a time, a break stops the requests, an error is yielded once and
// ends the range, and a repeated token ends it with
// ErrRepeatedPaginationToken.
func ListUsersAll(ctx context.Context, client ListUsersAPIClient, params *ListUsersInput, optFns ...func(*ListUsersPaginatorOptions)) iter.Seq2[UserType, error] {
	var in ListUsersInput
	if params != nil {
		in = *params
	}
	return func(yield func(UserType, error) bool) {
		walkItems(ctx, &NewListUsersPaginator(client, &in, optFns...).p, yield)
	}
}
