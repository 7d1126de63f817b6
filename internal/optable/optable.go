// Package optable is the one table of the library's operations that the
// tests of the root package, devicestest and compat share: for each
// operation, its name, how the service authorizes it, a valid input, a
// success body and a way to call it through cognitodevices.API. A new
// operation is one new row in All; the lists by authorization kind
// (Signed, AccessToken, AppClient) are derived from it.
package optable

import (
	"context"
	"fmt"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cognitodevices/cognitodevices"
)

// Fixture holds the values the inputs are built from, so that a test can
// point them at the user, device and token it has seeded.
type Fixture struct {
	UserPoolId, Username, DeviceKey, AccessToken string
	// NewDeviceKey is the key ConfirmDevice confirms: a device the user
	// does not have yet.
	NewDeviceKey string
	// PaginationToken, when not empty, continues AdminListDevices.
	PaginationToken string
	// ClientId is the app client of the sign-in operations.
	ClientId string
	// Session, when not empty, is the session the two Respond operations
	// answer a challenge of.
	Session string
	// RefreshToken is the token GetTokensFromRefreshToken exchanges and
	// RevokeToken revokes.
	RefreshToken string
}

// Default is the fixture of the root package's golden request bodies
// (testdata/golden/<Name>.json).
var Default = Fixture{
	UserPoolId:   "us-east-1_EXAMPLE",
	Username:     "testuser",
	DeviceKey:    "us-east-1_a1b2c3d4-5678-90ab-cdef-000000022222",
	AccessToken:  "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl",
	NewDeviceKey: "us-east-1_a1b2c3d4-5678-90ab-cdef-000000022222",

	PaginationToken: "page-2",
	ClientId:        "1example23456789",
	Session:         "AYABeEXAMPLE-session-0123456789abcdef",
	RefreshToken:    "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0.cmVmcmVzaA.dG9rZW4",
}

// Auth is how the service authorizes an operation, which decides whether
// the client signs it and what the fake checks before serving it.
type Auth int

const (
	// AuthSigned operations are signed with SigV4 and AWS credentials:
	// the admin operations, which name the user pool.
	AuthSigned Auth = iota + 1
	// AuthAccessToken operations carry the user's access token in the
	// body and are never signed.
	AuthAccessToken
	// AuthAppClient operations are authorized by the app client ID in the
	// body (and its secret hash when the client has a secret) and are
	// never signed.
	AuthAppClient
)

// String returns the kind's name, such as "signed".
func (a Auth) String() string {
	switch a {
	case AuthSigned:
		return "signed"
	case AuthAccessToken:
		return "access token"
	case AuthAppClient:
		return "app client"
	}
	return fmt.Sprintf("Auth(%d)", int(a))
}

// Operation is one row of the table.
type Operation struct {
	// Name is the operation's name, as in X-Amz-Target and the API.
	Name string
	// Auth is how the service authorizes the operation.
	Auth Auth
	// SuccessBody is a successful response body; where the output has
	// members, it sets at least one (compat's TestDecodeSuccessBodies
	// compares both clients' outputs for it).
	SuccessBody string
	// Input returns a new valid input, a *<Name>Input, built from f.
	Input func(f Fixture) any
	// Call calls the operation on c with in, a *<Name>Input (nil allowed),
	// and returns its output, a *<Name>Output, or the error.
	Call func(ctx context.Context, c cognitodevices.API, in any, optFns ...func(*cognitodevices.Options)) (any, error)

	output reflect.Type
}

// Output returns the operation's output type, <Name>Output (not a
// pointer).
func (op Operation) Output() reflect.Type { return op.output }

// Run calls the operation on c with the Default fixture's input.
func (op Operation) Run(ctx context.Context, c cognitodevices.API, optFns ...func(*cognitodevices.Options)) error {
	_, err := op.Call(ctx, c, op.Input(Default), optFns...)
	return err
}

// row builds an Operation from the method expression of the API
// interface, so Call is checked against the method's signature.
func row[In, Out any](name string, auth Auth, body string, method func(cognitodevices.API, context.Context, *In, ...func(*cognitodevices.Options)) (*Out, error), input func(f Fixture) *In) Operation {
	return Operation{
		Name:        name,
		Auth:        auth,
		SuccessBody: body,
		output:      reflect.TypeFor[Out](),
		Input:       func(f Fixture) any { return input(f) },
		Call: func(ctx context.Context, c cognitodevices.API, in any, optFns ...func(*cognitodevices.Options)) (any, error) {
			p, _ := in.(*In)
			out, err := method(c, ctx, p, optFns...)
			if err != nil {
				return nil, err
			}
			return out, nil
		},
	}
}

// The rows, one variable each so that a test about one operation names it.
var (
	AdminGetDevice = row("AdminGetDevice", AuthSigned, `{"Device":{"DeviceKey":"k"}}`, cognitodevices.API.AdminGetDevice,
		func(f Fixture) *cognitodevices.AdminGetDeviceInput {
			return &cognitodevices.AdminGetDeviceInput{DeviceKey: aws.String(f.DeviceKey), UserPoolId: aws.String(f.UserPoolId), Username: aws.String(f.Username)}
		})
	AdminListDevices = row("AdminListDevices", AuthSigned, `{"Devices":[]}`, cognitodevices.API.AdminListDevices,
		func(f Fixture) *cognitodevices.AdminListDevicesInput {
			return &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(f.UserPoolId), Username: aws.String(f.Username), Limit: aws.Int32(25), PaginationToken: optional(f.PaginationToken)}
		})
	ListDevices = row("ListDevices", AuthAccessToken, `{"Devices":[]}`, cognitodevices.API.ListDevices,
		func(f Fixture) *cognitodevices.ListDevicesInput {
			return &cognitodevices.ListDevicesInput{AccessToken: aws.String(f.AccessToken), Limit: aws.Int32(10)}
		})
	AdminForgetDevice = row("AdminForgetDevice", AuthSigned, `{}`, cognitodevices.API.AdminForgetDevice,
		func(f Fixture) *cognitodevices.AdminForgetDeviceInput {
			return &cognitodevices.AdminForgetDeviceInput{DeviceKey: aws.String(f.DeviceKey), UserPoolId: aws.String(f.UserPoolId), Username: aws.String(f.Username)}
		})
	AdminUpdateDeviceStatus = row("AdminUpdateDeviceStatus", AuthSigned, `{}`, cognitodevices.API.AdminUpdateDeviceStatus,
		func(f Fixture) *cognitodevices.AdminUpdateDeviceStatusInput {
			return &cognitodevices.AdminUpdateDeviceStatusInput{DeviceKey: aws.String(f.DeviceKey), UserPoolId: aws.String(f.UserPoolId), Username: aws.String(f.Username),
				DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeNotRemembered}
		})
	GetDevice = row("GetDevice", AuthAccessToken, `{"Device":{"DeviceKey":"k"}}`, cognitodevices.API.GetDevice,
		func(f Fixture) *cognitodevices.GetDeviceInput {
			return &cognitodevices.GetDeviceInput{AccessToken: aws.String(f.AccessToken), DeviceKey: aws.String(f.DeviceKey)}
		})
	ForgetDevice = row("ForgetDevice", AuthAccessToken, `{}`, cognitodevices.API.ForgetDevice,
		func(f Fixture) *cognitodevices.ForgetDeviceInput {
			return &cognitodevices.ForgetDeviceInput{AccessToken: aws.String(f.AccessToken), DeviceKey: aws.String(f.DeviceKey)}
		})
	UpdateDeviceStatus = row("UpdateDeviceStatus", AuthAccessToken, `{}`, cognitodevices.API.UpdateDeviceStatus,
		func(f Fixture) *cognitodevices.UpdateDeviceStatusInput {
			return &cognitodevices.UpdateDeviceStatusInput{AccessToken: aws.String(f.AccessToken), DeviceKey: aws.String(f.DeviceKey),
				DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered}
		})
	ConfirmDevice = row("ConfirmDevice", AuthAccessToken, `{"UserConfirmationNecessary":true}`, cognitodevices.API.ConfirmDevice,
		func(f Fixture) *cognitodevices.ConfirmDeviceInput {
			return &cognitodevices.ConfirmDeviceInput{AccessToken: aws.String(f.AccessToken), DeviceKey: aws.String(f.NewDeviceKey),
				DeviceName: aws.String("Alice's \"phone\""), DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{
					PasswordVerifier: aws.String("AJ8v+w=="), Salt: aws.String("ASNFZw==")}}
		})
)

// The sign-in rows. The inputs hold the secrets a real sign-in sends
// (an SRP value, a password, proofs, a code, a session) so that the tests
// of redaction have something to look for.
var (
	InitiateAuth = row("InitiateAuth", AuthAppClient,
		`{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"c2FsdA","SECRET_BLOCK":"c2VjcmV0LWJsb2Nr","SRP_B":"9f3c5e7a1b2d4c6e8f0a9b8c7d6e5f4a","USERNAME":"testuser","USER_ID_FOR_SRP":"testuser"}}`,
		cognitodevices.API.InitiateAuth,
		func(f Fixture) *cognitodevices.InitiateAuthInput {
			return &cognitodevices.InitiateAuthInput{AuthFlow: cognitodevices.AuthFlowTypeUserSrpAuth, ClientId: aws.String(f.ClientId),
				AuthParameters:    map[string]string{"USERNAME": f.Username, "SRP_A": "5a1e0fa2c0ffee", "SECRET_HASH": "c2VjcmV0LWhhc2g="},
				ClientMetadata:    map[string]string{"source": "optable"},
				AnalyticsMetadata: &cognitodevices.AnalyticsMetadataType{AnalyticsEndpointId: aws.String("endpoint-1")}}
		})
	RespondToAuthChallenge = row("RespondToAuthChallenge", AuthAppClient,
		`{"AuthenticationResult":{"AccessToken":"eyJhY2Nlc3MifQ.e30.c2ln","ExpiresIn":3600,"IdToken":"eyJpZCJ9.e30.c2ln","NewDeviceMetadata":{"DeviceGroupKey":"-group","DeviceKey":"us-east-1_a1b2c3d4-5678-90ab-cdef-000000033333"},"RefreshToken":"eyJyZWZyZXNoIn0.e30.c2ln","TokenType":"Bearer"},"ChallengeParameters":{}}`,
		cognitodevices.API.RespondToAuthChallenge,
		func(f Fixture) *cognitodevices.RespondToAuthChallengeInput {
			return &cognitodevices.RespondToAuthChallengeInput{ChallengeName: cognitodevices.ChallengeNameTypePasswordVerifier, ClientId: aws.String(f.ClientId),
				ChallengeResponses: map[string]string{"USERNAME": f.Username, "PASSWORD_CLAIM_SECRET_BLOCK": "c2VjcmV0LWJsb2Nr",
					"PASSWORD_CLAIM_SIGNATURE": "c2lnbmF0dXJl", "TIMESTAMP": "Sun Nov 22 03:00:00 UTC 2026"},
				Session:         optional(f.Session),
				UserContextData: &cognitodevices.UserContextDataType{EncodedData: aws.String("ZW5jb2RlZC1jb250ZXh0"), IpAddress: aws.String("198.51.100.7")}}
		})
	AdminInitiateAuth = row("AdminInitiateAuth", AuthSigned,
		`{"AuthenticationResult":{"AccessToken":"eyJhY2Nlc3MifQ.e30.c2ln","ExpiresIn":3600,"IdToken":"eyJpZCJ9.e30.c2ln","RefreshToken":"eyJyZWZyZXNoIn0.e30.c2ln","TokenType":"Bearer"},"ChallengeParameters":{}}`,
		cognitodevices.API.AdminInitiateAuth,
		func(f Fixture) *cognitodevices.AdminInitiateAuthInput {
			return &cognitodevices.AdminInitiateAuthInput{AuthFlow: cognitodevices.AuthFlowTypeAdminUserPasswordAuth, ClientId: aws.String(f.ClientId),
				UserPoolId:     aws.String(f.UserPoolId),
				AuthParameters: map[string]string{"USERNAME": f.Username, "PASSWORD": "correct horse battery staple"},
				ContextData: &cognitodevices.ContextDataType{IpAddress: aws.String("192.0.2.1"), ServerName: aws.String("www.example.com"), ServerPath: aws.String("/login"),
					HttpHeaders: []cognitodevices.HttpHeader{{HeaderName: aws.String("User-Agent"), HeaderValue: aws.String("Mozilla/5.0")}}}}
		})
	AdminRespondToAuthChallenge = row("AdminRespondToAuthChallenge", AuthSigned,
		`{"AuthenticationResult":{"AccessToken":"eyJhY2Nlc3MifQ.e30.c2ln","ExpiresIn":3600,"IdToken":"eyJpZCJ9.e30.c2ln","RefreshToken":"eyJyZWZyZXNoIn0.e30.c2ln","TokenType":"Bearer"},"ChallengeParameters":{}}`,
		cognitodevices.API.AdminRespondToAuthChallenge,
		func(f Fixture) *cognitodevices.AdminRespondToAuthChallengeInput {
			return &cognitodevices.AdminRespondToAuthChallengeInput{ChallengeName: cognitodevices.ChallengeNameTypeSoftwareTokenMfa, ClientId: aws.String(f.ClientId),
				UserPoolId:         aws.String(f.UserPoolId),
				ChallengeResponses: map[string]string{"USERNAME": f.Username, "SOFTWARE_TOKEN_MFA_CODE": "947361"},
				Session:            optional(f.Session)}
		})
)

// The rows of the operations that refresh and revoke a sign-in's tokens.
// The inputs hold a client secret, so that the tests of redaction have
// one to look for.
var (
	GetTokensFromRefreshToken = row("GetTokensFromRefreshToken", AuthAppClient,
		`{"AuthenticationResult":{"AccessToken":"eyJhY2Nlc3MifQ.e30.c2ln","ExpiresIn":3600,"IdToken":"eyJpZCJ9.e30.c2ln","RefreshToken":"eyJyZWZyZXNoIn0.e30.c2ln","TokenType":"Bearer"}}`,
		cognitodevices.API.GetTokensFromRefreshToken,
		func(f Fixture) *cognitodevices.GetTokensFromRefreshTokenInput {
			return &cognitodevices.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.ClientId), RefreshToken: aws.String(f.RefreshToken),
				ClientSecret: aws.String("c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"), DeviceKey: aws.String(f.DeviceKey),
				ClientMetadata: map[string]string{"source": "optable"}}
		})
	RevokeToken = row("RevokeToken", AuthAppClient, `{}`, cognitodevices.API.RevokeToken,
		func(f Fixture) *cognitodevices.RevokeTokenInput {
			return &cognitodevices.RevokeTokenInput{ClientId: aws.String(f.ClientId), Token: aws.String(f.RefreshToken),
				ClientSecret: aws.String("c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0")}
		})
	GlobalSignOut = row("GlobalSignOut", AuthAccessToken, `{}`, cognitodevices.API.GlobalSignOut,
		func(f Fixture) *cognitodevices.GlobalSignOutInput {
			return &cognitodevices.GlobalSignOutInput{AccessToken: aws.String(f.AccessToken)}
		})
)

// ListUsers is the row of the listing a pool-wide sweep walks.
var ListUsers = row("ListUsers", AuthSigned,
	`{"Users":[{"Username":"testuser","Attributes":[{"Name":"sub","Value":"5f0e8a4c-user"},{"Name":"email","Value":"t@example.com"}],"Enabled":true,"UserStatus":"CONFIRMED","UserCreateDate":1700000000.125,"UserLastModifiedDate":1700000001,"MFAOptions":[{"AttributeName":"phone_number","DeliveryMedium":"SMS"}]}],"PaginationToken":"next-page"}`,
	cognitodevices.API.ListUsers,
	func(f Fixture) *cognitodevices.ListUsersInput {
		return &cognitodevices.ListUsersInput{UserPoolId: aws.String(f.UserPoolId), Filter: aws.String(`username ^= "test"`),
			AttributesToGet: []string{"email", "sub"}, Limit: aws.Int32(60), PaginationToken: optional(f.PaginationToken)}
	})

// All lists every operation of the library, one row each. It is the one
// list: the others are derived from it.
var All = []Operation{
	AdminGetDevice, AdminListDevices, ListDevices, AdminForgetDevice, AdminUpdateDeviceStatus,
	GetDevice, ForgetDevice, UpdateDeviceStatus, ConfirmDevice,
	InitiateAuth, RespondToAuthChallenge, AdminInitiateAuth, AdminRespondToAuthChallenge,
	GetTokensFromRefreshToken, RevokeToken, GlobalSignOut,
	ListUsers,
}

// SignIn lists the operations that take a step of a sign-in: the rows
// whose input has a Session member. It is derived from the inputs, so a
// row is in it only if its input has that member; a test that reads
// other members should select its rows by those members (WithInput,
// WithOutput) rather than by this list.
var SignIn = WithInput("Session")

// WithAuth returns the operations of All the service authorizes by a.
func WithAuth(a Auth) []Operation {
	return filter(func(op Operation) bool { return op.Auth == a })
}

// Signed returns the operations signed with SigV4 (AuthSigned).
func Signed() []Operation { return WithAuth(AuthSigned) }

// AccessToken returns the operations authorized by a user's access token
// (AuthAccessToken).
func AccessToken() []Operation { return WithAuth(AuthAccessToken) }

// AppClient returns the operations authorized by an app client ID alone
// (AuthAppClient).
func AppClient() []Operation { return WithAuth(AuthAppClient) }

// Unsigned returns the operations never signed: those of AccessToken and
// AppClient.
func Unsigned() []Operation {
	return filter(func(op Operation) bool { return op.Auth != AuthSigned })
}

// WithInput returns the operations of All whose input type has every
// member named.
func WithInput(members ...string) []Operation {
	return filter(func(op Operation) bool { return hasMembers(reflect.TypeOf(op.Input(Default)).Elem(), members) })
}

// WithOutput returns the operations of All whose output type has every
// member named.
func WithOutput(members ...string) []Operation {
	return filter(func(op Operation) bool { return hasMembers(op.Output(), members) })
}

func hasMembers(t reflect.Type, members []string) bool {
	for _, m := range members {
		if _, ok := t.FieldByName(m); !ok {
			return false
		}
	}
	return true
}

func filter(keep func(Operation) bool) []Operation {
	var out []Operation
	for _, op := range All {
		if keep(op) {
			out = append(out, op)
		}
	}
	return out
}

// Named returns the operation called name, and false when there is none.
func Named(name string) (Operation, bool) {
	for _, op := range All {
		if op.Name == name {
			return op, true
		}
	}
	return Operation{}, false
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
