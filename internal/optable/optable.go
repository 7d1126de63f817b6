// Package optable is the one table of the library's operations that the
// tests of the root package, devicestest and compat share: for each
// operation, its name, whether it is signed, a valid input, a success
// body and a way to call it through cognitodevices.API. A new operation
// is one new row.
package optable

import (
	"context"

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
}

// Operation is one row of the table.
type Operation struct {
	// Name is the operation's name, as in X-Amz-Target and the API.
	Name string
	// Signed is true for the admin operations, signed with SigV4; the
	// others carry an access token and are never signed.
	Signed bool
	// SuccessBody is a minimal successful response body.
	SuccessBody string
	// Input returns a new valid input, a *<Name>Input, built from f.
	Input func(f Fixture) any
	// Call calls the operation on c with in, a *<Name>Input (nil allowed),
	// and returns its output, a *<Name>Output, or the error.
	Call func(ctx context.Context, c cognitodevices.API, in any, optFns ...func(*cognitodevices.Options)) (any, error)
}

// Run calls the operation on c with the Default fixture's input.
func (op Operation) Run(ctx context.Context, c cognitodevices.API, optFns ...func(*cognitodevices.Options)) error {
	_, err := op.Call(ctx, c, op.Input(Default), optFns...)
	return err
}

// row builds an Operation from the method expression of the API
// interface, so Call is checked against the method's signature.
func row[In, Out any](name string, signed bool, body string, method func(cognitodevices.API, context.Context, *In, ...func(*cognitodevices.Options)) (*Out, error), input func(f Fixture) *In) Operation {
	return Operation{
		Name:        name,
		Signed:      signed,
		SuccessBody: body,
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
	AdminGetDevice = row("AdminGetDevice", true, `{"Device":{"DeviceKey":"k"}}`, cognitodevices.API.AdminGetDevice,
		func(f Fixture) *cognitodevices.AdminGetDeviceInput {
			return &cognitodevices.AdminGetDeviceInput{DeviceKey: aws.String(f.DeviceKey), UserPoolId: aws.String(f.UserPoolId), Username: aws.String(f.Username)}
		})
	AdminListDevices = row("AdminListDevices", true, `{"Devices":[]}`, cognitodevices.API.AdminListDevices,
		func(f Fixture) *cognitodevices.AdminListDevicesInput {
			return &cognitodevices.AdminListDevicesInput{UserPoolId: aws.String(f.UserPoolId), Username: aws.String(f.Username), Limit: aws.Int32(25), PaginationToken: optional(f.PaginationToken)}
		})
	ListDevices = row("ListDevices", false, `{"Devices":[]}`, cognitodevices.API.ListDevices,
		func(f Fixture) *cognitodevices.ListDevicesInput {
			return &cognitodevices.ListDevicesInput{AccessToken: aws.String(f.AccessToken), Limit: aws.Int32(10)}
		})
	AdminForgetDevice = row("AdminForgetDevice", true, `{}`, cognitodevices.API.AdminForgetDevice,
		func(f Fixture) *cognitodevices.AdminForgetDeviceInput {
			return &cognitodevices.AdminForgetDeviceInput{DeviceKey: aws.String(f.DeviceKey), UserPoolId: aws.String(f.UserPoolId), Username: aws.String(f.Username)}
		})
	AdminUpdateDeviceStatus = row("AdminUpdateDeviceStatus", true, `{}`, cognitodevices.API.AdminUpdateDeviceStatus,
		func(f Fixture) *cognitodevices.AdminUpdateDeviceStatusInput {
			return &cognitodevices.AdminUpdateDeviceStatusInput{DeviceKey: aws.String(f.DeviceKey), UserPoolId: aws.String(f.UserPoolId), Username: aws.String(f.Username),
				DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeNotRemembered}
		})
	GetDevice = row("GetDevice", false, `{"Device":{"DeviceKey":"k"}}`, cognitodevices.API.GetDevice,
		func(f Fixture) *cognitodevices.GetDeviceInput {
			return &cognitodevices.GetDeviceInput{AccessToken: aws.String(f.AccessToken), DeviceKey: aws.String(f.DeviceKey)}
		})
	ForgetDevice = row("ForgetDevice", false, `{}`, cognitodevices.API.ForgetDevice,
		func(f Fixture) *cognitodevices.ForgetDeviceInput {
			return &cognitodevices.ForgetDeviceInput{AccessToken: aws.String(f.AccessToken), DeviceKey: aws.String(f.DeviceKey)}
		})
	UpdateDeviceStatus = row("UpdateDeviceStatus", false, `{}`, cognitodevices.API.UpdateDeviceStatus,
		func(f Fixture) *cognitodevices.UpdateDeviceStatusInput {
			return &cognitodevices.UpdateDeviceStatusInput{AccessToken: aws.String(f.AccessToken), DeviceKey: aws.String(f.DeviceKey),
				DeviceRememberedStatus: cognitodevices.DeviceRememberedStatusTypeRemembered}
		})
	ConfirmDevice = row("ConfirmDevice", false, `{"UserConfirmationNecessary":true}`, cognitodevices.API.ConfirmDevice,
		func(f Fixture) *cognitodevices.ConfirmDeviceInput {
			return &cognitodevices.ConfirmDeviceInput{AccessToken: aws.String(f.AccessToken), DeviceKey: aws.String(f.NewDeviceKey),
				DeviceName: aws.String("Alice's \"phone\""), DeviceSecretVerifierConfig: &cognitodevices.DeviceSecretVerifierConfigType{
					PasswordVerifier: aws.String("AJ8v+w=="), Salt: aws.String("ASNFZw==")}}
		})
)

// All lists every operation of the library.
var All = []Operation{
	AdminGetDevice, AdminListDevices, ListDevices, AdminForgetDevice, AdminUpdateDeviceStatus,
	GetDevice, ForgetDevice, UpdateDeviceStatus, ConfirmDevice,
}

// Signed returns the operations signed with SigV4.
func Signed() []Operation { return filter(true) }

// Unsigned returns the operations authorized by an access token.
func Unsigned() []Operation { return filter(false) }

func filter(signed bool) []Operation {
	var ops []Operation
	for _, op := range All {
		if op.Signed == signed {
			ops = append(ops, op)
		}
	}
	return ops
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
