//go:build !go1.25

package cognitodevices_test

// signerAllocsBeforeGo125 is what a signed call allocates on Go 1.24 and
// not on Go 1.25 and later, measured with go1.24.0 (85 against 83):
// aws/signer/v4's buildCanonicalHeaders appends to two slices declared
// without a capacity, whose backing arrays the Go 1.25 compiler keeps on
// the stack (https://go.dev/doc/go1.25#compiler: "allocate the backing
// store for slices on the stack in more situations") and Go 1.24's puts
// on the heap. pprof's alloc_objects at -memprofilerate 1 shows the two
// at its lines "headers = append(headers, hostHeader)" and
// "headers = append(headers, contentLengthHeader)" on go1.24.0 only.
const signerAllocsBeforeGo125 = 2
