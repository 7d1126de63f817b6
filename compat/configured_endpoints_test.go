package compat

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
)

// TestConfiguredEndpointsFollowOfficial loads the shared configuration
// with config.LoadDefaultConfig from a profile and environment variables
// that configure endpoints, builds both clients with NewFromConfig, and
// requires the library to send where the official client sends: the
// environment's AWS_ENDPOINT_URL before a profile's services section,
// the service's own variable before both, and neither when configured
// endpoints are ignored, by the profile or by the environment.
func TestConfiguredEndpointsFollowOfficial(t *testing.T) {
	const (
		envGlobal     = "http://127.0.0.1:9/env-global"
		envService    = "http://127.0.0.1:9/env-service"
		profileGlobal = "http://127.0.0.1:9/profile-global"
		profileSvc    = "http://127.0.0.1:9/profile-service"
	)
	services := "[profile dev]\nservices = local\n\n[services local]\ncognito_identity_provider =\n  endpoint_url = " + profileSvc + "\n"
	tests := []struct {
		name    string
		profile string
		env     map[string]string
		want    string
	}{
		{"profile services section", services, nil, profileSvc},
		{"profile endpoint_url", "[profile dev]\nendpoint_url = " + profileGlobal + "\n", nil, profileGlobal},
		{"services section before the profile's endpoint_url", "[profile dev]\nendpoint_url = " + profileGlobal + "\nservices = local\n\n[services local]\ncognito_identity_provider =\n  endpoint_url = " + profileSvc + "\n", nil, profileSvc},
		{"AWS_ENDPOINT_URL before the services section", services, map[string]string{"AWS_ENDPOINT_URL": envGlobal}, envGlobal},
		{"the service's variable before AWS_ENDPOINT_URL", services, map[string]string{"AWS_ENDPOINT_URL": envGlobal, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": envService}, envService},
		{"ignored by the profile", "[profile dev]\nignore_configured_endpoint_urls = true\nservices = local\n\n[services local]\ncognito_identity_provider =\n  endpoint_url = " + profileSvc + "\n", nil, "https://cognito-idp.us-east-1.amazonaws.com/"},
		{"ignored by the environment", services, map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL": envGlobal}, "https://cognito-idp.us-east-1.amazonaws.com/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			configFile := filepath.Join(dir, "config")
			require.NoError(t, os.WriteFile(configFile, []byte(tt.profile), 0o600))
			for _, kv := range os.Environ() { // the machine's own AWS settings stay out
				if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "AWS_") {
					t.Setenv(name, "")
					os.Unsetenv(name)
				}
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			t.Setenv("AWS_CONFIG_FILE", configFile)
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
			t.Setenv("AWS_PROFILE", "dev")
			rec := &urlRecorder{}
			cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"), config.WithHTTPClient(rec),
				config.WithRetryMaxAttempts(1))
			require.NoError(t, err)

			in := &cognitodevices.ListDevicesInput{AccessToken: aws.String(fixture.AccessToken)}
			_, err = cognitodevices.NewFromConfig(cfg).ListDevices(context.Background(), in)
			require.Error(t, err)
			_, err = cip.NewFromConfig(cfg).ListDevices(context.Background(), &cip.ListDevicesInput{AccessToken: in.AccessToken})
			require.Error(t, err)
			urls := rec.take()
			require.Len(t, urls, 2)
			assert.Equal(t, tt.want, urls[1], "official")
			assert.Equal(t, urls[1], urls[0], "library")
		})
	}
}
