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
