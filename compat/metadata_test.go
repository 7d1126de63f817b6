package compat

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/cognitodevices/cognitodevices"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// metadataKeys names the keys of md by their types. middleware.Metadata
// keeps its map private and its keys are private types of the packages
// that set them, so they are read by reflection.
func metadataKeys(md middleware.Metadata) []string {
	var keys []string
	for _, k := range reflect.ValueOf(md).FieldByName("values").MapKeys() {
		keys = append(keys, k.Elem().Type().String())
	}
	return keys
}

// TestResultMetadataMatchesOfficial compares the ResultMetadata of both
// clients for every operation: the same keys, and the same raw response,
// response time, server time and attempt results.
func TestResultMetadataMatchesOfficial(t *testing.T) {
	date := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	srv := setup(t, reply{header: map[string]string{"Date": date.Format(http.TimeFormat)}, body: anyOperationReply.body})
	lib, off := newLibrary(srv.URL), newOfficial(srv.URL)
	for _, in := range everyOperation {
		t.Run(operationOf(in).Name, func(t *testing.T) {
			libOut, err := operationOf(in).Call(context.Background(), lib, in)
			require.NoError(t, err)
			offOut := officialOutput(t, off, in)
			libMD := reflect.ValueOf(libOut).Elem().FieldByName("ResultMetadata").Interface().(middleware.Metadata)
			offMD := reflect.ValueOf(offOut).Elem().FieldByName("ResultMetadata").Interface().(middleware.Metadata)

			assert.ElementsMatch(t, metadataKeys(offMD), metadataKeys(libMD))

			for _, md := range []middleware.Metadata{libMD, offMD} {
				raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response)
				require.True(t, ok)
				assert.Equal(t, http.StatusOK, raw.StatusCode)
				at, ok := awsmiddleware.GetResponseAt(md)
				assert.True(t, ok)
				assert.WithinDuration(t, time.Now(), at, time.Minute)
				server, ok := awsmiddleware.GetServerTime(md)
				assert.True(t, ok)
				assert.Equal(t, date, server)
				id, _ := awsmiddleware.GetRequestIDMetadata(md)
				assert.Equal(t, requestID, id)
				attempts, ok := retry.GetAttemptResults(md)
				require.True(t, ok)
				require.Len(t, attempts.Results, 1)
				assert.NoError(t, attempts.Results[0].Err)
				id, _ = awsmiddleware.GetRequestIDMetadata(attempts.Results[0].ResponseMetadata)
				assert.Equal(t, requestID, id, "each attempt keeps its own metadata")
			}
		})
	}
}

// TestAttemptResultsMatchOfficial calls every operation through both
// clients, the first attempt failing with a retryable error, and compares
// what retry.GetAttemptResults reads: two attempts, the first retried with
// its error, the second successful.
func TestAttemptResultsMatchOfficial(t *testing.T) {
	srv := setup(t, anyOperationReply)
	lib := newLibrary(srv.URL, func(o *cognitodevices.Options) { o.RetryMaxAttempts, o.Retryer = 0, threeAttemptsNoBackoff() })
	off := newOfficial(srv.URL, func(o *cip.Options) { o.RetryMaxAttempts, o.Retryer = 0, threeAttemptsNoBackoff() })
	type attempt struct {
		Retryable, Retried bool
		Code               string
		HasMetadata        bool
		// What the official client records of every attempt's response:
		// the raw response, when it arrived, the service's clock and the
		// skew between the two.
		HasRawResponse, HasResponseAt, HasServerTime, HasSkew bool
	}
	summary := func(t *testing.T, out any) []attempt {
		md := reflect.ValueOf(out).Elem().FieldByName("ResultMetadata").Interface().(middleware.Metadata)
		results, ok := retry.GetAttemptResults(md)
		require.True(t, ok)
		var s []attempt
		for _, r := range results.Results {
			a := attempt{Retryable: r.Retryable, Retried: r.Retried}
			var apiErr smithy.APIError
			if errors.As(r.Err, &apiErr) {
				a.Code = apiErr.ErrorCode()
			}
			_, a.HasMetadata = awsmiddleware.GetRequestIDMetadata(r.ResponseMetadata)
			a.HasRawResponse = awsmiddleware.GetRawResponse(r.ResponseMetadata) != nil
			_, a.HasResponseAt = awsmiddleware.GetResponseAt(r.ResponseMetadata)
			_, a.HasServerTime = awsmiddleware.GetServerTime(r.ResponseMetadata)
			_, a.HasSkew = awsmiddleware.GetAttemptSkew(r.ResponseMetadata)
			s = append(s, a)
		}
		return s
	}
	for _, in := range everyOperation {
		t.Run(operationOf(in).Name, func(t *testing.T) {
			srv.queue(retryableFailure)
			libOut, err := operationOf(in).Call(context.Background(), lib, in)
			require.NoError(t, err)
			srv.queue(retryableFailure)
			offOut := officialOutput(t, off, in)
			all := attempt{HasMetadata: true, HasRawResponse: true, HasResponseAt: true, HasServerTime: true, HasSkew: true}
			failed := all
			failed.Retryable, failed.Retried, failed.Code = true, true, "InternalErrorException"
			want := []attempt{failed, all}
			assert.Equal(t, want, summary(t, offOut), "official")
			assert.Equal(t, want, summary(t, libOut), "library")
		})
	}
}

// officialOutput calls the official client's method of in's operation and
// returns its output.
func officialOutput(t *testing.T, off any, in any) any {
	t.Helper()
	method := reflect.ValueOf(off).MethodByName(operationOf(in).Name)
	officialIn := reflect.New(method.Type().In(1).Elem())
	convert(officialIn, reflect.ValueOf(in))
	res := method.Call([]reflect.Value{reflect.ValueOf(context.Background()), officialIn})
	require.Nil(t, res[1].Interface())
	return res[0].Interface()
}
