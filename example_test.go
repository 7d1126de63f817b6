package cognitodevices_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

// seededServer starts the fake service with three devices for user alice.
func seededServer() *devicestest.Server {
	srv := devicestest.NewServer()
	created := time.Date(2024, 5, 7, 16, 52, 22, 22e6, time.UTC)
	for i, name := range []string{"iPhone", "MacBook", "Pixel"} {
		srv.AddDevice("us-east-1_EXAMPLE", "alice", cd.DeviceType{
			DeviceKey: aws.String(fmt.Sprintf("us-east-1_0000000%d-aaaa-bbbb-cccc-dddddddddddd", i+1)),
			DeviceAttributes: []cd.AttributeType{
				{Name: aws.String(cd.AttributeDeviceName), Value: aws.String(name)},
				{Name: aws.String(cd.AttributeLastIPUsed), Value: aws.String(fmt.Sprintf("192.0.2.%d", 10+i))},
			},
			DeviceCreateDate: &created,
		})
	}
	return srv
}

func ExampleAdminListDevicesAll() {
	srv := seededServer()
	defer srv.Close()
	client := srv.Client()

	input := &cd.AdminListDevicesInput{
		UserPoolId: aws.String("us-east-1_EXAMPLE"),
		Username:   aws.String("alice"),
		Limit:      aws.Int32(2), // two devices per request; the iterator follows the tokens
	}
	for device, err := range cd.AdminListDevicesAll(context.Background(), client, input) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(device.Name(), device.LastIPUsed(), device.DeviceCreateDate.Format(time.RFC3339Nano))
	}
	// Output:
	// iPhone 192.0.2.10 2024-05-07T16:52:22.022Z
	// MacBook 192.0.2.11 2024-05-07T16:52:22.022Z
	// Pixel 192.0.2.12 2024-05-07T16:52:22.022Z
}

func ExampleClient_ListDevices() {
	srv := seededServer()
	defer srv.Close()
	token := srv.IssueAccessToken("us-east-1_EXAMPLE", "alice")

	// ListDevices is authorized by the access token; no AWS credentials.
	client := srv.Client(func(o *cd.Options) { o.Credentials = nil })
	out, err := client.ListDevices(context.Background(), &cd.ListDevicesInput{AccessToken: aws.String(token), Limit: aws.Int32(60)})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, d := range out.Devices {
		fmt.Println(aws.ToString(d.DeviceKey), d.Name())
	}
	fmt.Println("more pages:", out.PaginationToken != nil)
	// Output:
	// us-east-1_00000001-aaaa-bbbb-cccc-dddddddddddd iPhone
	// us-east-1_00000002-aaaa-bbbb-cccc-dddddddddddd MacBook
	// us-east-1_00000003-aaaa-bbbb-cccc-dddddddddddd Pixel
	// more pages: false
}

func ExampleNewAdminListDevicesPaginator() {
	srv := seededServer()
	defer srv.Close()

	input := &cd.AdminListDevicesInput{UserPoolId: aws.String("us-east-1_EXAMPLE"), Username: aws.String("alice")}
	pages := cd.NewAdminListDevicesPaginator(srv.Client(), input, func(o *cd.AdminListDevicesPaginatorOptions) {
		o.Limit = 2
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(context.Background())
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println("page of", len(page.Devices))
	}
	// Output:
	// page of 2
	// page of 1
}

func Example_errorHandling() {
	srv := seededServer()
	defer srv.Close()
	client := srv.Client()

	_, err := client.AdminGetDevice(context.Background(), &cd.AdminGetDeviceInput{
		UserPoolId: aws.String("us-east-1_EXAMPLE"),
		Username:   aws.String("mallory"),
		DeviceKey:  aws.String("us-east-1_00000001-aaaa-bbbb-cccc-dddddddddddd"),
	})
	var notFound *cd.UserNotFoundException
	if errors.As(err, &notFound) {
		fmt.Println("no such user:", notFound.ErrorMessage())
	}

	_, err = client.AdminGetDevice(context.Background(), &cd.AdminGetDeviceInput{})
	fmt.Println(err)
	// Output:
	// no such user: User does not exist.
	// operation error Cognito Identity Provider: AdminGetDevice, 3 validation error(s) found.
	// - missing required field, AdminGetDeviceInput.DeviceKey.
	// - missing required field, AdminGetDeviceInput.UserPoolId.
	// - missing required field, AdminGetDeviceInput.Username.
}

// Logging a sign-in input with log/slog shows the user name and the keys
// of AuthParameters, never the password.
func ExampleInitiateAuthInput_LogValue() {
	in := &cd.InitiateAuthInput{
		AuthFlow:       cd.AuthFlowTypeUserPasswordAuth,
		ClientId:       aws.String("1example23456789"),
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": "correct horse battery staple"},
	}
	withoutTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: withoutTime}))
	logger.Info("signing in", "input", in)
	// Output:
	// {"level":"INFO","msg":"signing in","input":{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"1example23456789","AuthParameters":{"PASSWORD":"[REDACTED]","USERNAME":"alice"}}}
}

// Forgetting the devices a user has not signed in with for 90 days, first
// as a dry run.
func ExampleForgetUserDevices() {
	srv := devicestest.NewServer()
	defer srv.Close()
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	for _, d := range []struct {
		name string
		days int
	}{{"iPhone", 2}, {"old iPad", 400}, {"work laptop", 30}, {"hotel kiosk", 200}} {
		srv.AddDevice("us-east-1_EXAMPLE", "alice", cd.DeviceType{
			DeviceAttributes:            []cd.AttributeType{{Name: aws.String(cd.AttributeDeviceName), Value: aws.String(d.name)}},
			DeviceLastAuthenticatedDate: aws.Time(now.AddDate(0, 0, -d.days)),
		})
	}
	ctx := context.Background()
	client := srv.Client()
	stale := cd.SelectNotUsedSince(now.AddDate(0, 0, -90))

	dry, err := cd.ForgetUserDevices(ctx, client, "us-east-1_EXAMPLE", "alice", stale, func(o *cd.ForgetUserDevicesOptions) {
		o.DryRun = true
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("would forget", len(dry.Forgotten), "and keep", len(dry.Kept))

	report, err := cd.ForgetUserDevices(ctx, client, "us-east-1_EXAMPLE", "alice", stale)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, d := range report.Forgotten {
		fmt.Println("forgotten:", d.Name())
	}
	for _, d := range report.Kept {
		fmt.Println("kept:", d.Name())
	}
	fmt.Println("left:", len(srv.Devices("us-east-1_EXAMPLE", "alice")))
	// Output:
	// would forget 2 and keep 2
	// forgotten: old iPad
	// forgotten: hotel kiosk
	// kept: iPhone
	// kept: work laptop
	// left: 2
}

// After a sign-in that returned NewDeviceMetadata, the application
// generates the device's secret, keeps the password on the device and
// sends the verifier with ConfirmDevice. The values are random; the
// service stores the verifier and salt as sent.
func ExampleGenerateDeviceSecretVerifier() {
	srv := devicestest.NewServer()
	defer srv.Close()
	token := srv.IssueAccessToken("us-east-1_EXAMPLE", "alice")
	// From the sign-in's AuthenticationResult.NewDeviceMetadata:
	const deviceGroupKey = "-c4Xy7Yz"
	const deviceKey = "us-east-1_6f8e4c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b"

	verifier, password, err := cd.GenerateDeviceSecretVerifier(deviceGroupKey, deviceKey)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("device password:", len(password), "characters, to keep on the device")

	client := srv.Client(func(o *cd.Options) { o.Credentials = nil }) // the access token authorizes ConfirmDevice
	_, err = client.ConfirmDevice(context.Background(), &cd.ConfirmDeviceInput{
		AccessToken:                aws.String(token),
		DeviceKey:                  aws.String(deviceKey),
		DeviceName:                 aws.String("Alice's laptop"),
		DeviceSecretVerifierConfig: verifier,
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	stored, _ := srv.DeviceVerifier("us-east-1_EXAMPLE", "alice", deviceKey)
	fmt.Println("service holds the verifier:", aws.ToString(stored.PasswordVerifier) == aws.ToString(verifier.PasswordVerifier))
	fmt.Println("service holds the salt:", aws.ToString(stored.Salt) == aws.ToString(verifier.Salt))
	// Output:
	// device password: 56 characters, to keep on the device
	// service holds the verifier: true
	// service holds the salt: true
}

// NewFromConfig takes what it needs from an aws.Config, which a program
// gets from config.LoadDefaultConfig. Here one is built by hand, pointed
// at the fake service with its key pair.
func ExampleNewFromConfig() {
	srv := seededServer()
	defer srv.Close()

	cfg := aws.Config{
		Region:       srv.Region(),
		BaseEndpoint: aws.String(srv.URL),
		Credentials: aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return srv.Credentials(), nil
		})),
		RetryMaxAttempts: 5,
	}
	client := cd.NewFromConfig(cfg, func(o *cd.Options) {
		o.AppID = "example-app" // per-client settings after those of cfg
	})
	fmt.Println(client.Options().Region, client.Options().RetryMaxAttempts, client.Options().AppID)

	out, err := client.AdminListDevices(context.Background(), &cd.AdminListDevicesInput{
		UserPoolId: aws.String("us-east-1_EXAMPLE"),
		Username:   aws.String("alice"),
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(len(out.Devices), "devices; signed:", srv.Requests()[0].Header.Get("Authorization") != "")
	// Output:
	// us-east-1 5 example-app
	// 3 devices; signed: true
}
