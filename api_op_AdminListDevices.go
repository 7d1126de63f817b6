package cognitodevices

import (
	"context"
	"iter"

	"github.com/aws/smithy-go/middleware"
)

// AdminListDevices returns one page of a user's devices. It is signed
// with the client's credentials. Use NewAdminListDevicesPaginator or
// AdminListDevicesAll to walk every page.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListDevices.html
func (c *Client) AdminListDevices(ctx context.Context, params *AdminListDevicesInput, optFns ...func(*Options)) (*AdminListDevicesOutput, error) {
	return invoke(ctx, c, opAdminListDevices, params, optFns)
}

// AdminListDevicesInput is the request of [Client.AdminListDevices].
// UserPoolId and Username are required.
type AdminListDevicesInput struct {
	// UserPoolId is the ID of the user pool the device owner belongs to.
	UserPoolId *string

	// Username is the user's name or one of their alias attributes.
	Username *string

	// Limit is the most devices one page may hold, 0 to 60. Nil or 0 lets
	// the service choose.
	Limit *int32

	// PaginationToken continues a listing from the token a previous page
	// returned.
	PaginationToken *string
}

// AdminListDevicesOutput is one page of [Client.AdminListDevices].
type AdminListDevicesOutput struct {
	// Devices holds the devices of this page, possibly none.
	Devices []DeviceType

	// PaginationToken is set when more pages follow.
	PaginationToken *string

	// ResultMetadata holds the request ID, readable with
	// awsmiddleware.GetRequestIDMetadata.
	ResultMetadata middleware.Metadata
}

var opAdminListDevices = newOperation("AdminListDevices", true, operation[AdminListDevicesInput, AdminListDevicesOutput]{
	validate: func(in *AdminListDevicesInput) error {
		v := newValidator("AdminListDevicesInput")
		v.userPoolID("UserPoolId", in.UserPoolId)
		v.username("Username", in.Username)
		v.limit("Limit", in.Limit)
		v.nonSpace("PaginationToken", in.PaginationToken, 0)
		return v.err()
	},
	encode: func(dst []byte, in *AdminListDevicesInput) []byte {
		w := jsonObjectWriter{buf: dst}
		w.int32("Limit", in.Limit)
		w.str("PaginationToken", in.PaginationToken)
		w.str("Username", in.Username)
		w.str("UserPoolId", in.UserPoolId)
		return w.bytes()
	},
	decode: func(body string, out *AdminListDevicesOutput) (err error) {
		out.Devices, out.PaginationToken, err = decodeDevicePage(body)
		return err
	},
	metadata: func(out *AdminListDevicesOutput) *middleware.Metadata { return &out.ResultMetadata },
})

// AdminListDevicesAPIClient is the one method NewAdminListDevicesPaginator and AdminListDevicesAll
// need. *Client and API satisfy it.
type AdminListDevicesAPIClient interface {
	AdminListDevices(context.Context, *AdminListDevicesInput, ...func(*Options)) (*AdminListDevicesOutput, error)
}

var _ AdminListDevicesAPIClient = (API)(nil)

var listAdminListDevices = &listing[AdminListDevicesAPIClient, AdminListDevicesInput, AdminListDevicesOutput, DeviceType]{
	fetch:  AdminListDevicesAPIClient.AdminListDevices,
	cursor: func(in *AdminListDevicesInput) (**string, **int32) { return &in.PaginationToken, &in.Limit },
	page:   func(out *AdminListDevicesOutput) ([]DeviceType, *string) { return out.Devices, out.PaginationToken },
}

// AdminListDevicesPaginatorOptions configures a AdminListDevicesPaginator and AdminListDevicesAll.
type AdminListDevicesPaginatorOptions struct {
	// Limit, when not zero, is the page size requested (0 to 60). It
	// replaces the Limit of the input.
	Limit int32

	// StopOnDuplicateToken ends pagination when the service returns the
	// token it was just given, instead of asking for the same page again.
	// The iterators always stop on a repeated token.
	StopOnDuplicateToken bool
}

// AdminListDevicesPaginator walks the pages of AdminListDevices, in the shape of the
// official client's paginators.
type AdminListDevicesPaginator struct {
	p pager[AdminListDevicesAPIClient, AdminListDevicesInput, AdminListDevicesOutput, DeviceType]
}

// NewAdminListDevicesPaginator returns a paginator over the pages of AdminListDevices. It
// copies params (nil means an empty input, which the first call refuses);
// the caller's input is never modified.
func NewAdminListDevicesPaginator(client AdminListDevicesAPIClient, params *AdminListDevicesInput, optFns ...func(*AdminListDevicesPaginatorOptions)) *AdminListDevicesPaginator {
	options := AdminListDevicesPaginatorOptions{Limit: inputLimit(listAdminListDevices, params)}
	for _, fn := range optFns {
		fn(&options)
	}
	return &AdminListDevicesPaginator{p: newPager(listAdminListDevices, client, params, options.Limit, options.StopOnDuplicateToken)}
}

// HasMorePages reports whether NextPage has a page to fetch: true before
// the first page and while the last page carried a token.
func (p *AdminListDevicesPaginator) HasMorePages() bool { return p.p.hasMorePages() }

// NextPage fetches the next page. After an error the paginator stays where
// it was, so NextPage may be called again to retry the same page.
func (p *AdminListDevicesPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*AdminListDevicesOutput, error) {
	return p.p.nextPage(ctx, optFns...)
}

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
		walkItems(ctx, &NewAdminListDevicesPaginator(client, &in, optFns...).p, yield)
	}
}
