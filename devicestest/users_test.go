package devicestest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitodevices/cognitodevices"
	"github.com/cognitodevices/cognitodevices/devicestest"
)

func usernames(t *testing.T, client *cognitodevices.Client, in *cognitodevices.ListUsersInput) []string {
	t.Helper()
	var names []string
	for u, err := range cognitodevices.ListUsersAll(context.Background(), client, in) {
		require.NoError(t, err)
		names = append(names, aws.ToString(u.Username))
	}
	return names
}

func TestListUsers(t *testing.T) {
	srv, client := setup(t)
	srv.SetUserAttributes(poolID, "alice", map[string]string{"email": "alice@example.com", "phone_number": "+15550100"})
	srv.SetUserAttributes(poolID, "bob", map[string]string{"email": "bob@example.org"})
	srv.SetUserAttributes(poolID, "albert", map[string]string{"email": "al@example.com"})
	srv.SetUserEnabled(poolID, "bob", false)
	srv.RequireNewPassword(poolID, "albert")
	for i := range 70 {
		srv.AddUser(poolID, "user"+strings.Repeat("x", i%3)+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}

	all := usernames(t, client, &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID)})
	assert.Len(t, all, 73, "every user, across pages of the default size")
	assert.Equal(t, []string{"alice", "bob", "albert"}, all[:3], "in the order they were added")

	for _, tt := range []struct {
		filter string
		want   []string
	}{
		{`email = "alice@example.com"`, []string{"alice"}},
		{`email ^= "al"`, []string{"alice", "albert"}},
		{`username ^= "al"`, []string{"alice", "albert"}},
		{` phone_number="+15550100" `, []string{"alice"}},
		{`status = "Disabled"`, []string{"bob"}},
		{`cognito:user_status = "FORCE_CHANGE_PASSWORD"`, []string{"albert"}},
		{`email = "nobody@example.com"`, nil},
	} {
		t.Run(tt.filter, func(t *testing.T) {
			assert.Equal(t, tt.want, usernames(t, client, &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(tt.filter), Limit: aws.Int32(7)}))
		})
	}

	out, err := client.ListUsers(context.Background(), &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(`username = "alice"`)})
	require.NoError(t, err)
	require.Len(t, out.Users, 1)
	alice := out.Users[0]
	assert.True(t, alice.Enabled)
	assert.Equal(t, cognitodevices.UserStatusTypeConfirmed, alice.UserStatus)
	sub, ok := alice.Attribute("sub")
	assert.True(t, ok)
	assert.NotEmpty(t, sub)
	email, _ := alice.Attribute("email")
	assert.Equal(t, "alice@example.com", email)
	require.NotNil(t, alice.UserCreateDate)
	bySub := usernames(t, client, &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(`sub = "` + sub + `"`)})
	assert.Equal(t, []string{"alice"}, bySub)

	out, err = client.ListUsers(context.Background(), &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(`username = "alice"`), AttributesToGet: []string{"email"}})
	require.NoError(t, err)
	require.Len(t, out.Users[0].Attributes, 1, "only the attributes asked for")
	assert.Equal(t, "email", aws.ToString(out.Users[0].Attributes[0].Name))

	for filter, msg := range map[string]string{
		`email == "x"`:         "Error while parsing filter.",
		`email = x`:            "Error while parsing filter.",
		`custom:plan = "gold"`: "Invalid search attribute: custom:plan",
	} {
		_, err := client.ListUsers(context.Background(), &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(filter)})
		requireAPIError(t, err, "InvalidParameterException", msg)
	}
	_, err = client.ListUsers(context.Background(), &cognitodevices.ListUsersInput{UserPoolId: aws.String("us-east-1_NOPOOL")})
	requireAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_NOPOOL does not exist.")
	_, err = client.ListUsers(context.Background(), &cognitodevices.ListUsersInput{UserPoolId: aws.String(poolID), PaginationToken: aws.String("forged")})
	requireAPIError(t, err, "InvalidParameterException", "Invalid pagination token.")
}

func TestListUsersSeed(t *testing.T) {
	const seed = `{"pools":[{"id":"us-east-1_SEEDED","users":[{"username":"alice","attributes":{"email":"a@example.com"}},{"username":"bob","disabled":true}]}]}`
	s, err := devicestest.ReadSeed(strings.NewReader(seed))
	require.NoError(t, err)
	srv := devicestest.NewServerT(t)
	require.NoError(t, srv.LoadSeed(s))
	assert.Equal(t, []string{"alice"}, usernames(t, srv.Client(), &cognitodevices.ListUsersInput{UserPoolId: aws.String("us-east-1_SEEDED"), Filter: aws.String(`email = "a@example.com"`)}))
	assert.Equal(t, []string{"bob"}, usernames(t, srv.Client(), &cognitodevices.ListUsersInput{UserPoolId: aws.String("us-east-1_SEEDED"), Filter: aws.String(`status = "Disabled"`)}))

	_, err = devicestest.ReadSeed(strings.NewReader(`{"pools":[{"id":"p_1","users":[{"username":"a","attributes":{"email":"` + strings.Repeat("x", 3000) + `"}}]}]}`))
	assert.ErrorContains(t, err, `pools[0].users[0].attributes["email"]`)
}
