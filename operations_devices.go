package cognitodevices

import "context"

// AdminForgetDevice forgets (deletes) one device of a user. It is signed
// with the client's credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminForgetDevice.html
func (c *Client) AdminForgetDevice(ctx context.Context, params *AdminForgetDeviceInput, optFns ...func(*Options)) (*AdminForgetDeviceOutput, error) {
	if params == nil {
		params = &AdminForgetDeviceInput{}
	}
	out := &AdminForgetDeviceOutput{}
	if err := c.invoke(ctx, opAdminForgetDevice, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// AdminUpdateDeviceStatus marks one device of a user remembered or not
// remembered. It is signed with the client's credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateDeviceStatus.html
func (c *Client) AdminUpdateDeviceStatus(ctx context.Context, params *AdminUpdateDeviceStatusInput, optFns ...func(*Options)) (*AdminUpdateDeviceStatusOutput, error) {
	if params == nil {
		params = &AdminUpdateDeviceStatusInput{}
	}
	out := &AdminUpdateDeviceStatusOutput{}
	if err := c.invoke(ctx, opAdminUpdateDeviceStatus, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// GetDevice returns one device of the user who owns the access token. It is
// never signed and needs no AWS credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetDevice.html
func (c *Client) GetDevice(ctx context.Context, params *GetDeviceInput, optFns ...func(*Options)) (*GetDeviceOutput, error) {
	if params == nil {
		params = &GetDeviceInput{}
	}
	out := &GetDeviceOutput{}
	if err := c.invoke(ctx, opGetDevice, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// ForgetDevice forgets one device of the user who owns the access token.
// It is never signed and needs no AWS credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html
func (c *Client) ForgetDevice(ctx context.Context, params *ForgetDeviceInput, optFns ...func(*Options)) (*ForgetDeviceOutput, error) {
	if params == nil {
		params = &ForgetDeviceInput{}
	}
	out := &ForgetDeviceOutput{}
	if err := c.invoke(ctx, opForgetDevice, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateDeviceStatus marks one device of the user who owns the access token
// remembered or not remembered. It is never signed and needs no AWS
// credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html
func (c *Client) UpdateDeviceStatus(ctx context.Context, params *UpdateDeviceStatusInput, optFns ...func(*Options)) (*UpdateDeviceStatusOutput, error) {
	if params == nil {
		params = &UpdateDeviceStatusInput{}
	}
	out := &UpdateDeviceStatusOutput{}
	if err := c.invoke(ctx, opUpdateDeviceStatus, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// ConfirmDevice confirms a device the service has just tracked for the user
// who owns the access token, with the SRP verifier of its secret (see
// GenerateDeviceSecretVerifier). It is never signed and needs no AWS
// credentials.
//
// See https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html
func (c *Client) ConfirmDevice(ctx context.Context, params *ConfirmDeviceInput, optFns ...func(*Options)) (*ConfirmDeviceOutput, error) {
	if params == nil {
		params = &ConfirmDeviceInput{}
	}
	out := &ConfirmDeviceOutput{}
	if err := c.invoke(ctx, opConfirmDevice, params, out, optFns); err != nil {
		return nil, err
	}
	return out, nil
}
