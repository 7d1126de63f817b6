package cognitodevices_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/internal/optable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWireRequests(t *testing.T) {
	for _, op := range optable.All {
		t.Run(op.Name, func(t *testing.T) {
			c, ts := setup(t, func(o *cd.Options) { o.AppID = "my-app" })
			ts.Handle(respond(200, op.SuccessBody))
			require.NoError(t, op.Run(context.Background(), c))
			reqs := ts.Requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, "POST", r.Method)
			assert.Equal(t, "/", r.Path)
			assert.Equal(t, "application/x-amz-json-1.1", r.Header.Get("Content-Type"))
			assert.Equal(t, "AWSCognitoIdentityProviderService."+op.Name, r.Header.Get("X-Amz-Target"))
			assert.Regexp(t, `^cognitodevices/\d+\.\d+\.\d+ \(go[^;]+; [a-z0-9]+/[a-z0-9]+\) app/my-app$`, r.Header.Get("User-Agent"))
			golden, err := os.ReadFile("testdata/golden/" + op.Name + ".json")
			require.NoError(t, err)
			assert.Equal(t, strings.TrimSpace(string(golden)), string(r.Body))
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	c, ts := setup(t)
	ts.Handle(succeed)
	var wg sync.WaitGroup
	errs := make(chan error, 300)
	for g := 0; g < 30; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				op := optable.All[(g+i)%len(optable.All)]
				var optFns []func(*cd.Options)
				if i%2 == 0 {
					optFns = append(optFns, func(o *cd.Options) { o.AppID = fmt.Sprint("g", g) })
				}
				errs <- op.Run(context.Background(), c, optFns...)
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Len(t, ts.Requests(), 300)
}
