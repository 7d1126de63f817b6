//go:build go1.25

package cognitodevices_test

// signerAllocsBeforeGo125 is 0 from Go 1.25 on, whose compiler keeps on
// the stack two slices of aws/signer/v4 that Go 1.24 allocates (see
// alloc_go124_test.go).
const signerAllocsBeforeGo125 = 0
