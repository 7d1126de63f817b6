package devicestest

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// ListUsers and the user attributes it lists.

// profile is what ListUsers shows of a user besides the username: the
// attributes set with SetUserAttributes (sub is added by the server),
// whether the user is disabled, and when the user was created and last
// changed.
type profile struct {
	attributes        map[string]string
	disabled          bool
	created, modified time.Time
}

// SetUserAttributes sets attributes of a user (such as email or
// phone_number), creating the pool and the user when needed; an empty
// value removes the attribute. The sub attribute is the server's: setting
// it is ignored.
func (s *Server) SetUserAttributes(userPoolID, username string, attributes map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.user(userPoolID, username)
	if u.attributes == nil {
		u.attributes = map[string]string{}
	}
	for name, value := range attributes {
		switch {
		case name == "sub":
		case value == "":
			delete(u.attributes, name)
		default:
			u.attributes[name] = value
		}
	}
	u.modified = s.now()
}

// SetUserEnabled enables or disables a user, creating the pool and the
// user when needed. ListUsers shows it (Enabled, and the "status" filter);
// the server does not refuse a disabled user's sign-in.
func (s *Server) SetUserEnabled(userPoolID, username string, enabled bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.user(userPoolID, username)
	u.disabled = !enabled
	u.modified = s.now()
}

// The attributes ListUsers can filter on, as the service documents them.
var filterAttributes = []string{"username", "email", "phone_number", "name", "given_name", "family_name",
	"preferred_username", "cognito:user_status", "status", "sub"}

// filterSyntax is the service's filter: an attribute, = or ^=, and a
// double-quoted value.
var filterSyntax = regexp.MustCompile(`^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$`)

// userFilter is a parsed ListUsers filter; nil matches every user.
type userFilter struct {
	attribute, value string
	prefix           bool
}

func parseFilter(text *string) (*userFilter, error) {
	if text == nil || strings.TrimSpace(*text) == "" {
		return nil, nil
	}
	m := filterSyntax.FindStringSubmatch(*text)
	if m == nil {
		return nil, newError("InvalidParameterException", "Error while parsing filter.")
	}
	if !slices.Contains(filterAttributes, m[1]) {
		return nil, newError("InvalidParameterException", "Invalid search attribute: %s", m[1])
	}
	value := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(m[3])
	return &userFilter{attribute: m[1], value: value, prefix: m[2] == "^="}, nil
}

func (f *userFilter) matches(username string, u *user) bool {
	if f == nil {
		return true
	}
	var got string
	switch f.attribute {
	case "username":
		got = username
	case "status":
		got = u.status()
	case "cognito:user_status":
		got = string(u.userStatus())
	case "sub":
		got = u.sub
	default:
		got = u.attributes[f.attribute]
	}
	if f.prefix {
		return strings.HasPrefix(got, f.value)
	}
	return got == f.value
}

// exactUsername reports whether the filter names one user, whom the
// pool's map finds without a walk.
func (f *userFilter) exactUsername() bool {
	return f != nil && f.attribute == "username" && !f.prefix
}

// withSub gives the user a sub when it has none yet, and returns it.
func (u *user) withSub() *user {
	if u.sub == "" {
		u.sub = newUUID()
	}
	return u
}

func (u *user) status() string {
	if u.disabled {
		return "Disabled"
	}
	return "Enabled"
}

func (u *user) userStatus() cognitodevices.UserStatusType {
	if u.mustResetPassword {
		return cognitodevices.UserStatusTypeForceChangePassword
	}
	return cognitodevices.UserStatusTypeConfirmed
}

type listUsersInput struct {
	UserPoolId      *string
	AttributesToGet []string
	Filter          *string
	Limit           *int64
	PaginationToken *string
}

type wireUser struct {
	Username             string        `json:"Username"`
	Attributes           []wireAttr    `json:"Attributes"`
	Enabled              bool          `json:"Enabled"`
	UserStatus           string        `json:"UserStatus"`
	UserCreateDate       *epochSeconds `json:"UserCreateDate"`
	UserLastModifiedDate *epochSeconds `json:"UserLastModifiedDate"`
}

type wireAttr struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

type wireUsersPage struct {
	Users           []wireUser `json:"Users"`
	PaginationToken *string    `json:"PaginationToken,omitempty"`
}

// usersPageOwner names the listings of users in page tokens: no username
// has a NUL byte.
const usersPageOwner = "\x00ListUsers"

var listUsers = handler{admin: true, serve: func(s *Server, c call) (any, error) {
	in := new(listUsersInput)
	if err := decodeChecked(c.body, in, func(v *validation, in *listUsersInput) {
		v.required("userPoolId", in.UserPoolId, maxUserPoolIDLen)
		v.optional("filter", in.Filter, 256)
		v.limit(in.Limit)
		v.optional("paginationToken", in.PaginationToken, 0)
		for _, name := range in.AttributesToGet {
			v.required("attributesToGet.member", &name, 32)
		}
	}); err != nil {
		return nil, err
	}
	p := s.pools[*in.UserPoolId]
	if p == nil {
		return nil, newError("ResourceNotFoundException", "User pool %s does not exist.", *in.UserPoolId)
	}
	filter, err := parseFilter(in.Filter)
	if err != nil {
		return nil, err
	}
	offset := 0
	if in.PaginationToken != nil {
		var ok bool
		if offset, ok = s.pageOffset(*in.PaginationToken, *in.UserPoolId, usersPageOwner); !ok {
			return nil, newError("InvalidParameterException", "Invalid pagination token.")
		}
	}
	size := s.pageSize
	if l := deref(in.Limit); l > 0 {
		size = int(l)
	}
	out := wireUsersPage{Users: []wireUser{}}
	if filter.exactUsername() && in.PaginationToken == nil {
		if u := p.users[filter.value]; u != nil {
			out.Users = append(out.Users, wireUserOf(filter.value, u.withSub(), in.AttributesToGet))
		}
		return out, nil
	}
	i := min(offset, len(p.order))
	for end := min(i+maxUsersLookedAt, len(p.order)); i < end && len(out.Users) < size; i++ {
		name := p.order[i]
		u := p.users[name].withSub()
		if filter.matches(name, u) {
			out.Users = append(out.Users, wireUserOf(name, u, in.AttributesToGet))
		}
	}
	if i < len(p.order) {
		next := s.pageToken(*in.UserPoolId, usersPageOwner, i)
		out.PaginationToken = &next
	}
	return out, nil
}}

// wireUserOf is the user as ListUsers lists it: sub first, then the other
// attributes by name, or only those of names when it is not nil.
func wireUserOf(username string, u *user, names []string) wireUser {
	attrs := []wireAttr{{Name: "sub", Value: u.sub}}
	for _, name := range slices.Sorted(maps.Keys(u.attributes)) {
		attrs = append(attrs, wireAttr{Name: name, Value: u.attributes[name]})
	}
	if names != nil {
		attrs = slices.DeleteFunc(attrs, func(a wireAttr) bool { return !slices.Contains(names, a.Name) })
	}
	modified := u.modified
	if modified.IsZero() {
		modified = u.created
	}
	return wireUser{Username: username, Attributes: attrs, Enabled: !u.disabled, UserStatus: string(u.userStatus()),
		UserCreateDate: (*epochSeconds)(&u.created), UserLastModifiedDate: (*epochSeconds)(&modified)}
}
