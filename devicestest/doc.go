// Package devicestest helps test code that uses the cognitodevices client,
// in two ways.
//
// Server is an in-memory Amazon Cognito device service on a loopback
// port. It serves the nine device operations of the client: the admin
// ones (AdminGetDevice, AdminListDevices, AdminForgetDevice,
// AdminUpdateDeviceStatus) and the access-token ones (ListDevices,
// GetDevice, ForgetDevice, UpdateDeviceStatus, ConfirmDevice). It speaks
// the awsJson1_1 wire protocol, verifies SigV4 signatures and access
// tokens, validates inputs and pages results like the service, so the
// real client runs unchanged against it, including its signing, retries,
// clock-skew correction and error decoding. Tests seed it with plain
// methods (AddUserPool, AddUser, AddDevice, IssueAccessToken), inject
// failures with FailNext, move its clock with SetClock and inspect what it
// received with Requests, and what the operations changed with Devices
// and DeviceVerifier:
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
// ConfirmDevice creates the device it names for the owner of the access
// token, as the service does for a device it has just tracked, with the
// seven attributes of the service's sample in its order: device_status
// ("valid"), device_name (when given), dev:device_arn, dev:device_owner
// ("<username>.<pool ID>"), last_ip_used (the address the request came
// from), dev:device_remembered_status ("not_remembered") and
// dev:device_sdk. Every date is the server clock's current time, and
// DeviceVerifier returns the verifier and salt that were sent. The answer's
// UserConfirmationNecessary is false unless the server was built with
// WithUserConfirmationNecessary(true).
//
// As the service does, ListDevices and GetDevice do not show a device
// whose dev:device_remembered_status is "not_remembered" (GetDevice
// answers ResourceNotFoundException), while the admin operations do; a
// device without that attribute is shown. UpdateDeviceStatus and
// ForgetDevice act on any device of the user.
//
// The state can also come from a Seed (ReadSeed reads one from JSON;
// LoadSeed applies it), and Reset returns the server to it. Beside the
// service's POST /, the server answers a control endpoint under
// ControlPath (health, reset, faults, clock, received requests), so that
// tests in any language can drive it; cmd/fakecognito runs it as a
// standalone server.
//
// MockAPI is a testify mock of cognitodevices.API, for unit tests that
// only need to script answers and check the calls made.
//
// # Differences from the real service
//
// The server is a test double, not an emulator. Where it differs:
//
//   - Only the nine device operations are served; any other operation,
//     sign-in included, is an UnknownOperationException.
//   - No sign-in tracks devices, so ConfirmDevice accepts any device key
//     the user does not have yet, instead of only the key of the sign-in
//     that issued the access token, and refuses one the user has with an
//     InvalidParameterException. The verifier and salt must be non-empty
//     standard base64 but are not checked further, and device SRP sign-in
//     is not served.
//   - AdminUpdateDeviceStatus and UpdateDeviceStatus without
//     DeviceRememberedStatus leave the device unchanged; the service does
//     not document that case. With one, they set the attribute and stamp
//     DeviceLastModifiedDate with the server clock.
//   - Pools and users exist only through the seeding methods, devices
//     through them and ConfirmDevice. There are no pool settings, no user
//     states (unconfirmed, disabled, password reset) and no device
//     tracking, so InvalidUserPoolConfiguration, UserNotConfirmed and
//     PasswordResetRequired never occur unless injected. Usernames are
//     matched exactly; aliases and sub are not resolved.
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
