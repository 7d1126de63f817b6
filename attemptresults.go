package cognitodevices

import (
	"context"
	"reflect"
	"sync"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
)

// The official client's retry middleware records in the ResultMetadata of
// every call the attempts it made, which retry.GetAttemptResults reads.
// The key it records them under has a type private to aws/retry, so
// setting them from this package's retry loop takes the key from metadata
// that aws/retry's own middleware filled in, once.

// attemptResultsKey returns that key, or nil when it could not be found,
// in which case ResultMetadata carries no attempt results. It is looked
// up on the first successful call, not when the package is loaded.
var attemptResultsKey = sync.OnceValue(findAttemptResultsKey)

// findAttemptResultsKey runs aws/retry's attempt middleware once around a
// handler that succeeds, then looks for the key of the AttemptResults it
// added. middleware.Metadata keeps its values in one unexported map; the
// map is read only after reflection confirms that layout, and the key is
// used only after retry.GetAttemptResults reads a value set under it.
func findAttemptResultsKey() any {
	t := reflect.TypeFor[middleware.Metadata]()
	if t.NumField() != 1 || t.Field(0).Type != reflect.TypeFor[map[any]any]() {
		return nil
	}
	m := retry.NewAttemptMiddleware(retry.AddWithMaxAttempts(retry.NewStandard(), 1), func(r any) any { return r })
	_, md, err := m.HandleFinalize(context.Background(), middleware.FinalizeInput{},
		middleware.FinalizeHandlerFunc(func(context.Context, middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, nil
		}))
	if err != nil {
		return nil
	}
	for key, value := range *(*map[any]any)(unsafe.Pointer(&md)) {
		if _, ok := value.(retry.AttemptResults); !ok {
			continue
		}
		var probe middleware.Metadata
		probe.Set(key, retry.AttemptResults{Results: []retry.AttemptResult{{Retried: true}}})
		if got, ok := retry.GetAttemptResults(probe); ok && len(got.Results) == 1 && got.Results[0].Retried {
			return key
		}
	}
	return nil
}

// withAttemptResults completes the metadata of a successful call with its
// attempts: the failed ones already in earlier, then the successful one,
// whose own metadata is a copy of meta as it was before the results were
// added (so that the metadata does not contain itself).
func withAttemptResults(meta middleware.Metadata, earlier []retry.AttemptResult) middleware.Metadata {
	key := attemptResultsKey()
	if key == nil {
		return meta
	}
	results := append(earlier, retry.AttemptResult{ResponseMetadata: meta.Clone()})
	meta.Set(key, retry.AttemptResults{Results: results})
	return meta
}
