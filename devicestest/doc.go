// Package devicestest helps test code that uses the cognitodevices client,
// in two ways.
//
// Server is an in-memory Amazon Cognito device service on a loopback
// port. It serves every operation of cognitodevices.API: the nine device
// operations, the admin ones (AdminGetDevice, AdminListDevices,
// AdminForgetDevice, AdminUpdateDeviceStatus) and the access-token ones
// (ListDevices, GetDevice, ForgetDevice, UpdateDeviceStatus,
// ConfirmDevice); the sign-in that creates and uses devices
// (InitiateAuth, RespondToAuthChallenge and their Admin twins); and the
// refresh and revocation of its tokens (GetTokensFromRefreshToken,
// RevokeToken, GlobalSignOut); and ListUsers, which lists a pool's users
// with their attributes (SetUserAttributes, SetUserEnabled), filtered by
// the service's grammar (username, email, phone_number, name, given_name,
// family_name, preferred_username, cognito:user_status, status and sub,
// with = or ^= and a quoted value). It speaks
// the awsJson1_1 wire protocol, verifies SigV4 signatures and access
// tokens, validates inputs and pages results like the service, so the
// real client runs unchanged against it, including its signing, retries,
// clock-skew correction and error decoding. Tests seed it with plain
// methods (AddUserPool, AddUser, AddDevice, IssueAccessToken), inject
// failures with FailNext, move its clock with SetClock and inspect what it
// received with Requests, and what the operations changed with Devices
// and DeviceVerifier. WithQuotas throttles by the service's quota
// categories, and QuotaStats counts the requests of each, served and
// throttled:
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
// LoadSeed applies it), and Reset returns the server to it. A seed's pool
// can generate its users (SeedGenerate): 100,000 users with 300,000
// devices, named and dated predictably, load in under a second. Beside the
// service's POST /, the server answers a control endpoint under
// ControlPath (health, reset, faults, clock, received requests), so that
// tests in any language can drive it; it answers only requests that carry
// the server's random ControlToken, name a loopback address in their Host
// header and send JSON, and WithControlEndpoint(false) turns it off.
// cmd/fakecognito runs the server as a standalone program.
//
// # Sign-in
//
// Users sign in with the service's flows: USER_SRP_AUTH (answered with
// PASSWORD_VERIFIER), USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH,
// USER_AUTH and REFRESH_TOKEN_AUTH. The SRP proofs are checked for real, so a wrong
// password or device password fails with NotAuthorizedException
// "Incorrect username or password." as on the service. Seed sign-in with
// AddAppClient (an empty secret for a public client; otherwise SECRET_HASH
// is required), SetPassword, SetMFACode, RequireNewPassword and
// SetDeviceTracking:
//
//	srv.AddAppClient("us-east-1_TEST", "client1234", "")
//	srv.SetPassword("us-east-1_TEST", "alice", "Passw0rd!")
//	srv.SetMFACode("us-east-1_TEST", "alice", "123456")
//	srv.SetDeviceTracking("us-east-1_TEST", cognitodevices.DeviceConfigurationType{
//		ChallengeRequiredOnNewDevice:     true,
//		DeviceOnlyRememberedOnUserPrompt: true,
//	})
//
// After the password, a sign-in answers, in this order:
// NEW_PASSWORD_REQUIRED (once, for a user seeded with
// RequireNewPassword), SMS_MFA (for a user with an MFA code, unless the
// sign-in names a remembered device and the pool's
// ChallengeRequiredOnNewDevice lets it skip MFA), then DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER (when it names, in DEVICE_KEY, a device that
// ConfirmDevice confirmed). A DEVICE_KEY the user does not have fails
// PASSWORD_VERIFIER with ResourceNotFoundException "Device does not
// exist." and leaves the sign-in open, so a client can answer again
// without it; USER_PASSWORD_AUTH and USER_AUTH take DEVICE_KEY in their
// AuthParameters and refuse an unknown one the same way. A sign-in of any
// flow that proved no device, in a pool that tracks devices, gets
// NewDeviceMetadata; the device appears in the device
// operations once ConfirmDevice confirms it, remembered at once unless
// the pool's DeviceOnlyRememberedOnUserPrompt leaves that to
// UpdateDeviceStatus (ConfirmDevice then answers
// UserConfirmationNecessary). Tokens issued to a device carry its key
// (claim device_key), and REFRESH_TOKEN_AUTH with their refresh token
// requires that DEVICE_KEY and a device that still exists; otherwise it
// answers NotAuthorizedException "Invalid Refresh Token". Access tokens
// issued by sign-in work with the device operations.
//
// # Refresh and sign-out
//
// GetTokensFromRefreshToken refreshes like REFRESH_TOKEN_AUTH, with the
// device binding above (its DeviceKey member) and the app client's secret
// in ClientSecret. SetRefreshTokenRotation (or a seeded client's
// refreshTokenRotation) makes an app client rotate: each refresh returns a
// new refresh token, the one sent keeps working for the grace period by
// the server clock and then answers RefreshTokenReuseException, and
// REFRESH_TOKEN_AUTH is refused. RevokeToken revokes a refresh token, the
// tokens rotation issued from the same sign-in, and every access token
// issued from them; GlobalSignOut revokes every refresh and access token
// of the user.
//
// USER_AUTH signs in by choice: with PREFERRED_CHALLENGE PASSWORD (and
// PASSWORD), PASSWORD_SRP (and SRP_A, answered with PASSWORD_VERIFIER),
// EMAIL_OTP or SMS_OTP (answered with a challenge of that name, to which
// the code set with SetEmailOTPCode or SetSMSOTPCode is the answer), or,
// without a preference or with one the user does not have,
// SELECT_CHALLENGE listing the user's AvailableChallenges, answered with
// ANSWER and that factor's parameters. A password is followed by MFA as
// above; a one-time code, a passwordless first factor, is not.
//
// MockAPI is a testify mock of cognitodevices.API, for unit tests that
// only need to script answers and check the calls made.
//
// # Memory
//
// A server left running keeps what it serves and a bounded record of the
// rest: the last DefaultRequestLogSize requests (see WithRequestLogSize),
// the tokens that still work (by a 128-bit hash, not their text), revoked
// tokens until they would have expired, and at most 64 unconfirmed
// devices per user. After 200,000 writes and 200,000 sign-ins whose
// tokens are all still valid, it holds under 100 MiB of live heap (about
// 340 bytes per valid sign-in, under 2 MiB for the rest); Reset releases
// it.
// TestMemoryStaysBounded measures it.
//
// # Differences from the real service
//
// The server is a test double, not an emulator. Where it differs:
//
//   - Only the nine device operations, the four sign-in operations, the
//     three token operations (GetTokensFromRefreshToken, RevokeToken,
//     GlobalSignOut) and ListUsers are served; any other operation is an
//     UnknownOperationException.
//   - ListUsers lists users in the order they were added; a page holds at
//     most Limit users (the server's page size by default) of the 10,000
//     it looks at from where the last page ended, so a filter can give
//     short or empty pages with a token, as the service's pages can. A
//     filter username = "name" is answered from the pool's index, one page
//     and no token. A disabled user can still sign in.
//   - With rotation on, REFRESH_TOKEN_AUTH answers NotAuthorizedException
//     (the service documents that the flow is unavailable, not its
//     error), and a reused token is refused without revoking the tokens
//     rotated from it. RevokeToken of a token the server never issued
//     succeeds, as token revocation does for unknown tokens.
//   - ConfirmDevice accepts any device key the user does not have yet,
//     not only the key of the sign-in that issued the access token, and
//     refuses one the user has with a DeviceKeyExistsException. The
//     verifier and salt must be non-empty standard base64 but are not
//     checked further; a device confirmed with a key sign-in did not issue
//     has no group key and cannot pass device SRP.
//   - Without SetDeviceTracking, a pool does not track devices: sign-in
//     issues no NewDeviceMetadata and ConfirmDevice leaves devices not
//     remembered (UserConfirmationNecessary as WithUserConfirmationNecessary
//     says).
//   - Sign-in serves USER_SRP_AUTH, USER_PASSWORD_AUTH,
//     ADMIN_USER_PASSWORD_AUTH, USER_AUTH, REFRESH_TOKEN_AUTH and
//     REFRESH_TOKEN; other flows (CUSTOM_AUTH, ADMIN_NO_SRP_AUTH) answer
//     InvalidParameterException. USER_AUTH offers PASSWORD, PASSWORD_SRP,
//     EMAIL_OTP and SMS_OTP (no WEB_AUTHN), whatever the app client's
//     allowed first factors; a preference the user does not have is
//     answered with SELECT_CHALLENGE, and codes are fixed by the seeding
//     methods, never sent, and do not expire. The only MFA is SMS_MFA with the seeded
//     code (no TOTP, email or MFA setup); no Lambda trigger runs; the
//     TIMESTAMP of an SRP proof is signed over but not compared with the
//     clock; the explicit auth flows of app clients and user existence
//     error prevention are not modelled. Sessions last three minutes by
//     the server clock (expired ones are forgotten once 1,024 sign-ins are
//     open). Access tokens from sign-in expire after an hour, and refresh
//     tokens 30 days after their sign-in, rotated or not (the service's
//     defaults; nothing sets others); the tokens of IssueAccessToken and
//     of seeds never expire. An expired token is answered
//     NotAuthorizedException "Access Token has expired" ("Refresh Token
//     has expired") until the server forgets it, which it does when its
//     token records have doubled since it last swept them (and number at
//     least 1,024); then as a token it never issued ("Invalid Access
//     Token", "Invalid Refresh Token"), even if the clock is set back. A
//     user keeps at most 64 devices that sign-in issued and ConfirmDevice
//     has not confirmed; the oldest beyond that are forgotten, and a
//     sign-in naming one fails as for a device the user does not have.
//   - AdminUpdateDeviceStatus and UpdateDeviceStatus without
//     DeviceRememberedStatus leave the device unchanged; the service does
//     not document that case. With one, they set the attribute and stamp
//     DeviceLastModifiedDate with the server clock.
//   - Pools and users exist only through the seeding methods, devices
//     through them and ConfirmDevice. Pools have no settings beyond device
//     tracking, users no states (unconfirmed, disabled, password reset)
//     beyond RequireNewPassword, so InvalidUserPoolConfiguration,
//     UserNotConfirmed and PasswordResetRequired never occur unless
//     injected. Usernames are
//     matched exactly; aliases and sub are not resolved.
//   - Any key pair given with WithCredentials (or, without it, the fixed
//     DefaultAccessKeyID pair) may call every admin operation: no IAM
//     policy is evaluated, and session tokens are neither required nor
//     checked.
//   - Access and ID tokens are shaped like JWTs, with the claims clients
//     read (sub, username, client_id, device_key, iat, exp), but are not
//     signed; the server knows them as opaque strings.
//   - A listing without Limit, or with Limit 0, returns pages of 10
//     devices (see WithDefaultPageSize); the service does not document its
//     own default. Pagination tokens never expire and only work on the
//     server that issued them.
//   - There is no AWS WAF (no ForbiddenException) and no internal failure
//     unless FailNext asks for it, and no throttling unless FailNext or
//     WithQuotas asks for it. WithQuotas limits only ListUsers (UserList)
//     and the device operations (UserResourceRead, UserResourceUpdate),
//     each category and each user's reads and writes with a token bucket
//     whose burst is a second's requests unless set; the service does not
//     document its algorithm or bursts. Sign-in and the token operations
//     are never throttled, and a throttled request is counted against
//     nothing.
//   - Error messages follow the service's wording where it is known and
//     are otherwise approximations; match errors by type or code, not by
//     message.
package devicestest
