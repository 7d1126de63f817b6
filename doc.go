// Package cognitodevices is a small, typed client for the nine device
// operations of Amazon Cognito user pools: AdminGetDevice,
// AdminListDevices, AdminForgetDevice and AdminUpdateDeviceStatus (signed
// with IAM credentials), and ListDevices, GetDevice, ForgetDevice,
// UpdateDeviceStatus and ConfirmDevice (authorized by a user's access
// token). GenerateDeviceSecretVerifier creates the device secret and the
// SRP verifier that ConfirmDevice registers.
//
// It also has the four sign-in operations that issue device keys and
// tokens: InitiateAuth and RespondToAuthChallenge (authorized by the app
// client ID), and AdminInitiateAuth and AdminRespondToAuthChallenge
// (signed). Sign-in itself is a layer above this client, in package
// github.com/cognitodevices/cognitodevices/signin, which uses only this
// package's exported API: its Authenticator signs a user in with SRP,
// proves a remembered device with device SRP (which skips MFA where the
// pool allows it), confirms and remembers new devices, refreshes tokens
// with the device's key, and signs in again without a stored device that
// was forgotten; its NewSRPSession and SecretHash compute the SRP values
// and the SECRET_HASH for use with any client.
//
// Its shapes are those of the official aws-sdk-go-v2 client
// (service/cognitoidentityprovider): Options, New and NewFromConfig,
// XxxInput and XxxOutput, XxxException error types, and
// NewXxxPaginator. Code written against the official client switches by
// changing an import and a package prefix.
//
// A service that manages its users' remembered devices builds a client from
// the default AWS configuration and walks a user's devices with an
// iterator:
//
//	cfg, err := config.LoadDefaultConfig(ctx)
//	if err != nil { ... }
//	client := cognitodevices.NewFromConfig(cfg)
//	input := &cognitodevices.AdminListDevicesInput{
//		UserPoolId: aws.String("us-east-1_EXAMPLE"),
//		Username:   aws.String("alice"),
//	}
//	for device, err := range cognitodevices.AdminListDevicesAll(ctx, client, input) {
//		if err != nil { ... }
//		fmt.Println(aws.ToString(device.DeviceKey), device.Name(), device.LastIPUsed())
//	}
//
// # Authorization
//
// Admin operations (the six whose names start with Admin) are signed with
// SigV4 through aws/signer/v4 using Options.Credentials; without usable
// credentials they fail before anything is sent. Access-token operations
// are never signed and need no AWS credentials: the user's access token
// travels in the body, and is never printed or logged by this package.
// InitiateAuth and RespondToAuthChallenge are never signed either. The
// secrets of sign-in (passwords, SRP values and proofs, codes,
// SECRET_HASH, sessions and the tokens of AuthenticationResultType) are
// never printed or logged by this package: inputs and outputs print them
// as [REDACTED], and logged request and response bodies have them
// replaced.
//
// # Errors
//
// Every error is a *smithy.OperationError naming the operation. Service
// errors wrap an *awshttp.ResponseError (HTTP status, request ID) around a
// typed exception such as *UserNotFoundException, or a
// *smithy.GenericAPIError for codes this package does not know. Invalid
// input is refused before sending with a smithy.InvalidParamsError that
// names each bad field. Use errors.As to reach any layer.
//
// # Production set-up
//
// Options carries the official client's settings for endpoints
// (EndpointOptions: FIPS, dual-stack), tracing (TracerProvider), metrics
// (MeterProvider) and request hooks (Interceptors), and NewFromConfig
// reads them from aws.Config as the official client does. The operation
// span, the per-call durations and the interceptor hooks are the official
// client's, checked side by side in the compat module; with no provider
// and no interceptor they cost nothing.
//
// # Timestamps
//
// Device timestamps arrive as epoch seconds in JSON numbers such as
// 1715100742.022 or 1.715100742022E9. They are decoded from the number's
// digits, not through float64, so the result is exact, in UTC.
//
// # Testing
//
// Code that depends on the API interface can be tested with
// devicestest.MockAPI (testify) or against devicestest.Server, an
// in-memory Cognito device service that speaks the real wire protocol.
package cognitodevices
