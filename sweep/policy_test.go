package sweep_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/sweep"
	"github.com/stretchr/testify/assert"
)

func TestPolicies(t *testing.T) {
	now := time.Now()
	device := func(key string, age time.Duration, status string) cognitodevices.DeviceType {
		used := now.Add(-age)
		return cognitodevices.DeviceType{DeviceKey: aws.String(key), DeviceLastAuthenticatedDate: &used,
			DeviceAttributes: []cognitodevices.AttributeType{{Name: aws.String(cognitodevices.AttributeDeviceRememberedStatus), Value: aws.String(status)}}}
	}
	devices := []cognitodevices.DeviceType{
		device("k_1", 1*day, "remembered"),
		device("k_2", 40*day, "not_remembered"),
		device("k_3", 80*day, "remembered"),
		device("k_4", 120*day, "remembered"),
		device("k_4", 120*day, "remembered"), // listed twice
	}
	for _, tc := range []struct {
		name   string
		policy sweep.Policy
		want   map[string]sweep.Action
	}{
		{"stale", sweep.Stale(100 * day), map[string]sweep.Action{"k_4": sweep.Forget}},
		{"not remembered", sweep.NotRemembered(), map[string]sweep.Action{"k_2": sweep.Forget}},
		{"cap", sweep.Cap(2), map[string]sweep.Action{"k_3": sweep.Forget, "k_4": sweep.Forget}},
		{"trust window marks only remembered", sweep.TrustWindow(30 * day), map[string]sweep.Action{"k_3": sweep.MarkNotRemembered, "k_4": sweep.MarkNotRemembered}},
		{"any takes the strongest", sweep.Any(sweep.TrustWindow(30*day), sweep.Stale(100*day)),
			map[string]sweep.Action{"k_3": sweep.MarkNotRemembered, "k_4": sweep.Forget}},
		{"keep newest protects", sweep.KeepNewest(3, sweep.Cap(0)), map[string]sweep.Action{"k_4": sweep.Forget}},
		{"report only", sweep.ReportOnly(sweep.Stale(30 * day)),
			map[string]sweep.Action{"k_2": sweep.Report, "k_3": sweep.Report, "k_4": sweep.Report}},
		{"from selector", sweep.FromSelector(cognitodevices.SelectAllBut("k_1"), sweep.MarkNotRemembered),
			map[string]sweep.Action{"k_2": sweep.MarkNotRemembered, "k_3": sweep.MarkNotRemembered, "k_4": sweep.MarkNotRemembered}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.policy(devices))
		})
	}
}
