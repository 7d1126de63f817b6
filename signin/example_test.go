package signin_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	cd "github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
	"github.com/cognitodevices/cognitodevices/signin"
)

func ExampleAuthenticator() {
	srv := devicestest.NewServer()
	defer srv.Close()
	srv.AddAppClient("us-east-1_EXAMPLE", "1example23456789", "")
	srv.SetPassword("us-east-1_EXAMPLE", "alice", "correct horse battery staple")
	srv.SetMFACode("us-east-1_EXAMPLE", "alice", "123456")
	srv.SetDeviceTracking("us-east-1_EXAMPLE", cd.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true})

	ctx := context.Background()
	auth := &signin.Authenticator{
		Client:     srv.Client(),
		UserPoolID: "us-east-1_EXAMPLE",
		ClientID:   "1example23456789",
		DeviceName: "Alice's laptop",
		AnswerChallenge: func(_ context.Context, c signin.Challenge) (map[string]string, error) {
			fmt.Println("asked for", c.Name)
			return map[string]string{"SMS_MFA_CODE": "123456"}, nil // what the user typed
		},
	}
	first, err := auth.SignIn(ctx, "alice", "correct horse battery staple", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("new device:", first.NewDevice, "remembered:", first.DeviceRemembered)

	// Later, with the device the application stored:
	second, err := auth.SignIn(ctx, "alice", "correct horse battery staple", first.Device)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("signed in with the device:", second.AuthenticationResult.AccessToken != nil)
	// Output:
	// asked for SMS_MFA
	// new device: true remembered: true
	// signed in with the device: true
}

// The SRP arithmetic alone, for a sign-in driven by hand (or through
// another client, the official one included): SRP_A goes into
// InitiateAuth, and PasswordVerifierResponse answers the service's
// PASSWORD_VERIFIER challenge.
func ExampleNewSRPSession() {
	srv := devicestest.NewServer()
	defer srv.Close()
	srv.AddAppClient("us-east-1_EXAMPLE", "1example23456789", "")
	srv.SetPassword("us-east-1_EXAMPLE", "alice", "correct horse battery staple")
	client := srv.Client()
	ctx := context.Background()

	session, err := signin.NewSRPSession(nil) // nil: crypto/rand
	if err != nil {
		fmt.Println(err)
		return
	}
	first, err := client.InitiateAuth(ctx, &cd.InitiateAuthInput{
		AuthFlow:       cd.AuthFlowTypeUserSrpAuth,
		ClientId:       aws.String("1example23456789"),
		AuthParameters: map[string]string{"USERNAME": "alice", "SRP_A": session.SRPA()},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("challenge:", first.ChallengeName)

	answer, err := session.PasswordVerifierResponse("us-east-1_EXAMPLE", "correct horse battery staple", first.ChallengeParameters, time.Now())
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := client.RespondToAuthChallenge(ctx, &cd.RespondToAuthChallengeInput{
		ChallengeName:      first.ChallengeName,
		ClientId:           aws.String("1example23456789"),
		ChallengeResponses: answer,
		Session:            first.Session,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("signed in:", out.AuthenticationResult.AccessToken != nil)
	// Output:
	// challenge: PASSWORD_VERIFIER
	// signed in: true
}
