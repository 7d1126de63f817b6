// Package devicestest helps test code that uses the cognitodevices client,
// in two ways.
//
// Server is an in-memory Amazon Cognito device service on a loopback
// port. It speaks the awsJson1_1 wire protocol, verifies SigV4 signatures
// and access tokens, validates inputs and pages results like the service,
// so the real client runs unchanged against it, including its signing,
// retries, clock-skew correction and error decoding. Tests seed it with
// plain methods (AddUserPool, AddUser, AddDevice, IssueAccessToken),
// inject failures with FailNext, move its clock with SetClock and inspect
// what it received with Requests:
//
//	srv := devicestest.NewServerT(t)
//	srv.AddDevice("us-east-1_TEST", "alice", cognitodevices.DeviceType{
//		DeviceAttributes: []cognitodevices.AttributeType{
//			{Name: aws.String("device_name"), Value: aws.String("laptop")},
//		},
//	})
//	client := srv.Client() // BaseEndpoint, Region and Credentials set
//	out, err := client.AdminListDevices(ctx, &cognitodevices.AdminListDevicesInput{
//		UserPoolId: aws.String("us-east-1_TEST"),
//		Username:   aws.String("alice"),
//	})
//
//	srv.FailNext("AdminListDevices", 1, "TooManyRequestsException")
//	srv.FailNext("AdminGetDevice", 2, "503") // bare status, empty body
//
// MockAPI is a testify mock of cognitodevices.API, for unit tests that
// only need to script answers and check the calls made.
//
// # Differences from the real service
//
// The server is a test double, not an emulator. Where it differs:
//
//   - Only AdminGetDevice, AdminListDevices and ListDevices are served;
//     any other operation is an UnknownOperationException.
//   - Users, pools and devices exist only through the seeding methods.
//     There are no pool settings, no user states (unconfirmed, disabled,
//     password reset) and no device tracking, so InvalidUserPoolConfiguration,
//     UserNotConfirmed and PasswordResetRequired never occur unless
//     injected. Usernames are matched exactly; aliases and sub are not
//     resolved.
//   - Any key pair given with WithCredentials (or, without it, the fixed
//     DefaultAccessKeyID pair) may call every admin operation: no IAM
//     policy is evaluated, and session tokens are neither required nor
//     checked.
//   - Access tokens are random strings shaped like JWTs but are not signed
//     JWTs; they never expire and are valid until RevokeAccessToken.
//   - A listing without Limit, or with Limit 0, returns pages of 10
//     devices (see WithDefaultPageSize); the service does not document its
//     own default. Pagination tokens never expire and only work on the
//     server that issued them.
//   - There is no AWS WAF (no ForbiddenException), no throttling and no
//     internal failure unless FailNext asks for it.
//   - Error messages follow the service's wording where it is known and
//     are otherwise approximations; match errors by type or code, not by
//     message.
package devicestest
