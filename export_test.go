package cognitodevices

import (
	"math"
	"slices"
	"testing"
)

// LeastAllocsPerRun is the least of five testing.AllocsPerRun(runs, f)
// measurements. What else the process allocates meanwhile (a pool emptied
// by a collection, another test's goroutines) only adds to a
// measurement, so the least is the steadiest. Exported for the external
// test package.
func LeastAllocsPerRun(runs int, f func()) float64 {
	least := math.Inf(1)
	for range 5 {
		least = min(least, testing.AllocsPerRun(runs, f))
	}
	return least
}

// ExceptionCodes lists the codes of exceptionTable, sorted, each as its
// typed error reports it (the table's keys are in lower case). Exported
// for the external test package.
var ExceptionCodes = func() []string {
	codes := make([]string, 0, len(exceptionTable))
	for _, newError := range exceptionTable {
		codes = append(codes, newError(&errorBody{}).ErrorCode())
	}
	slices.Sort(codes)
	return codes
}()
