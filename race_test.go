//go:build race

package cognitodevices_test

const raceEnabled = true
