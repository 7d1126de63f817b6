package cognitodevices

import (
	"context"
	"fmt"
	"iter"
	"log/slog"

	"github.com/aws/smithy-go/middleware"

	"github.com/cognitodevices/cognitodevices/internal/redaction"
)

// ListDevices returns one page of the devices of the user who owns the
// access token. It is never signed and needs no AWS credentials. Use
// NewListDevicesPaginator or ListDevicesAll to walk every page.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListDevices.html
func (c *Client) ListDevices(ctx context.Context, params *ListDevicesInput, optFns ...func(*Options)) (*ListDevicesOutput, error) {
	return invoke(ctx, c, opListDevices, params, optFns)
}

// ListDevicesInput is the request of [Client.ListDevices]. AccessToken is
// required. Printing a ListDevicesInput with the fmt package never shows
// the access token.
type ListDevicesInput struct {
	// AccessToken is a user's access token with the
	// aws.cognito.signin.user.admin scope. It is a secret.
	AccessToken *string `redact:"secret"`

	// Limit is the most devices one page may hold, 0 to 60. Nil or 0 lets
	// the service choose.
	Limit *int32

	// PaginationToken continues a listing from the token a previous page
	// returned.
	PaginationToken *string
}

// Format prints the input with the access token replaced by a fixed mark,
// whatever the verb (%v, %+v, %#v, %s, ...).
func (in ListDevicesInput) Format(f fmt.State, verb rune) { redaction.Format(f, verb, in) }

// LogValue makes log/slog print the input with its secrets replaced by a
// fixed mark, with the text and the JSON handler alike.
func (in ListDevicesInput) LogValue() slog.Value { return redaction.LogValue(in) }

// ListDevicesOutput is one page of [Client.ListDevices].
type ListDevicesOutput struct {
	// Devices holds the devices of this page, possibly none.
	Devices []DeviceType

	// PaginationToken is set when more pages follow.
	PaginationToken *string

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opListDevices = newOperation("ListDevices", false, operation[ListDevicesInput, ListDevicesOutput]{
	validate: func(in *ListDevicesInput) error {
		v := newValidator("ListDevicesInput")
		v.accessToken("AccessToken", in.AccessToken)
		v.limit("Limit", in.Limit)
		v.nonSpace("PaginationToken", in.PaginationToken, 0)
		return v.err()
	},
	encode: func(dst []byte, in *ListDevicesInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.str("AccessToken", in.AccessToken)
		w.int32("Limit", in.Limit)
		w.str("PaginationToken", in.PaginationToken)
		return w.bytes()
	},
	decode: func(body string, out *ListDevicesOutput) (err error) {
		out.Devices, out.PaginationToken, err = decodeDevicePage(body)
		return err
	},
	metadata: func(out *ListDevicesOutput) *middleware.Metadata { return &out.ResultMetadata },
})

// ListDevicesAPIClient is the one method NewListDevicesPaginator and ListDevicesAll
// need. *Client and API satisfy it.
type ListDevicesAPIClient interface {
	ListDevices(context.Context, *ListDevicesInput, ...func(*Options)) (*ListDevicesOutput, error)
}

var _ ListDevicesAPIClient = (API)(nil)

var listListDevices = &listing[ListDevicesAPIClient, ListDevicesInput, ListDevicesOutput, DeviceType]{
	fetch:  ListDevicesAPIClient.ListDevices,
	cursor: func(in *ListDevicesInput) (**string, **int32) { return &in.PaginationToken, &in.Limit },
	page:   func(out *ListDevicesOutput) ([]DeviceType, *string) { return out.Devices, out.PaginationToken },
}

// ListDevicesPaginatorOptions configures a ListDevicesPaginator and ListDevicesAll.
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
	p pager[ListDevicesAPIClient, ListDevicesInput, ListDevicesOutput, DeviceType]
}

// NewListDevicesPaginator returns a paginator over the pages of ListDevices. It
// copies params (nil means an empty input, which the first call refuses);
// the caller's input is never modified.
func NewListDevicesPaginator(client ListDevicesAPIClient, params *ListDevicesInput, optFns ...func(*ListDevicesPaginatorOptions)) *ListDevicesPaginator {
	options := ListDevicesPaginatorOptions{Limit: inputLimit(listListDevices, params)}
	for _, fn := range optFns {
		fn(&options)
	}
	return &ListDevicesPaginator{p: newPager(listListDevices, client, params, options.Limit, options.StopOnDuplicateToken)}
}

// HasMorePages reports whether NextPage has a page to fetch: true before
// the first page and while the last page carried a token.
func (p *ListDevicesPaginator) HasMorePages() bool { return p.p.hasMorePages() }

// NextPage fetches the next page. After an error the paginator stays where
// it was, so NextPage may be called again to retry the same page.
func (p *ListDevicesPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ListDevicesOutput, error) {
	return p.p.nextPage(ctx, optFns...)
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
		walkItems(ctx, &NewListDevicesPaginator(client, &in, optFns...).p, yield)
	}
}
