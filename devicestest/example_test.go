package devicestest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/stretchr/testify/mock"
)

func ExampleNewServer() {
	srv := devicestest.NewServer()
	defer srv.Close()
	for _, name := range []string{"laptop", "phone", "tablet"} {
		srv.AddDevice("us-east-1_EXAMPLE", "alice", cognitodevices.DeviceType{
			DeviceAttributes: []cognitodevices.AttributeType{
				{Name: aws.String(cognitodevices.AttributeDeviceName), Value: aws.String(name)},
			},
		})
	}

	ctx := context.Background()
	client := srv.Client()
	_, err := client.AdminListDevices(ctx, &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String("us-east-1_EXAMPLE"),
		Username:   aws.String("bob"),
	})
	var notFound *cognitodevices.UserNotFoundException
	fmt.Println("bob:", errors.As(err, &notFound))

	for device, err := range cognitodevices.AdminListDevicesAll(ctx, client, &cognitodevices.AdminListDevicesInput{
		UserPoolId: aws.String("us-east-1_EXAMPLE"),
		Username:   aws.String("alice"),
	}, func(o *cognitodevices.AdminListDevicesPaginatorOptions) { o.Limit = 2 }) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(device.Name())
	}
	fmt.Println(len(srv.Requests()), "requests")
	// Output:
	// bob: true
	// laptop
	// phone
	// tablet
	// 3 requests
}

func ExampleMockAPI() {
	m := new(devicestest.MockAPI)
	m.On("ListDevices", mock.Anything, mock.Anything).Return(&cognitodevices.ListDevicesOutput{
		Devices: []cognitodevices.DeviceType{{DeviceKey: aws.String("us-east-1_1234")}},
	}, nil)

	var api cognitodevices.API = m
	out, err := api.ListDevices(context.Background(), &cognitodevices.ListDevicesInput{AccessToken: aws.String("token")})
	fmt.Println(aws.ToString(out.Devices[0].DeviceKey), err)
	// Output: us-east-1_1234 <nil>
}

func ExampleServer_DeviceVerifier() {
	srv := devicestest.NewServer(devicestest.WithUserConfirmationNecessary(true))
	defer srv.Close()
	token := srv.IssueAccessToken("us-east-1_EXAMPLE", "alice")

	ctx := context.Background()
	client := srv.Client()
	out, err := client.ConfirmDevice(ctx, &cognitodevices.ConfirmDeviceInput{
		AccessToken: aws.String(token),
		DeviceKey:   aws.String("us-east-1_0b3f7c1e-5d2a-4e8b-9c6f-1a2b3c4d5e6f"),
		DeviceName:  aws.String("laptop"),
		DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{
			PasswordVerifier: aws.String("AJzpfgL/"),
			Salt:             aws.String("Whc8"),
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ask the user:", out.UserConfirmationNecessary)

	_, err = client.UpdateDeviceStatus(ctx, &cognitodevices.UpdateDeviceStatusInput{
		AccessToken:            aws.String(token),
		DeviceKey:              aws.String("us-east-1_0b3f7c1e-5d2a-4e8b-9c6f-1a2b3c4d5e6f"),
		DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := srv.Devices("us-east-1_EXAMPLE", "alice")[0]
	fmt.Println(d.Name(), d.Status(), d.RememberedStatus(), d.LastIPUsed())

	v, ok := srv.DeviceVerifier("us-east-1_EXAMPLE", "alice", aws.ToString(d.DeviceKey))
	fmt.Println(ok, aws.ToString(v.Salt))
	// Output:
	// ask the user: true
	// laptop valid remembered 127.0.0.1
	// true Whc8
}
