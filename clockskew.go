package cognitodevices

import (
	"errors"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go"
)

// Clock-skew handling: a signed call refused with one of skewErrorCodes,
// from a service whose Date header is further than skewThreshold from the
// local clock, is signed again once with the signing time corrected by the
// offset, and the offset is kept for later calls.
const skewThreshold = 4 * time.Minute

var skewErrorCodes = map[string]bool{
	"InvalidSignatureException": true,
	"RequestTimeTooSkewed":      true,
	"RequestExpired":            true,
	"RequestInTheFuture":        true,
	"SignatureDoesNotMatch":     true,
	"AuthFailure":               true,
}

func isSkewError(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && skewErrorCodes[apiErr.ErrorCode()]
}

// clockSkew is the offset of the service's clock from the local one, as
// the responses of one client report it. It is safe for concurrent use.
type clockSkew struct{ v atomic.Int64 }

// offset returns the offset in force: zero, or one larger than
// skewThreshold.
func (s *clockSkew) offset() time.Duration { return time.Duration(s.v.Load()) }

// movedFrom reports whether the offset in force differs by more than
// skewThreshold from applied, the one a request was signed with, so that
// signing again may succeed.
func (s *clockSkew) movedFrom(applied time.Duration) bool {
	return (s.offset() - applied).Abs() > skewThreshold
}

// record compares the service's Date header with the local time the
// response arrived, keeps the offset when it passes skewThreshold and
// forgets it when the clocks agree again. Without a usable Date header
// nothing changes.
func (s *clockSkew) record(date string, responseAt time.Time) {
	if date == "" {
		return
	}
	serverTime, err := http.ParseTime(date)
	if err != nil {
		return
	}
	offset := serverTime.Sub(responseAt)
	if offset.Abs() <= skewThreshold {
		offset = 0
	}
	s.v.Store(int64(offset))
}
