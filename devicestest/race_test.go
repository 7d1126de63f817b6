//go:build race

package devicestest

const raceEnabled = true
