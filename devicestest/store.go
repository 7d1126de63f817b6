package devicestest

import (
	"time"

	"github.com/cognitodevices/cognitodevices"
)

// userPool holds the users of one pool by username.
type userPool struct {
	users    map[string]*user
	order    []string                                // the usernames in the order the users were added, for ListUsers
	tracking *cognitodevices.DeviceConfigurationType // nil: devices are not tracked
}

// user holds one user's devices in insertion order, with an index from
// device key to position so that lookups stay constant-time however many
// devices there are, and the verifiers ConfirmDevice stored by device key.
type user struct {
	profile
	devices   []cognitodevices.DeviceType
	index     map[string]int
	verifiers map[string]cognitodevices.DeviceSecretVerifierConfigType
	signInUser
	// readBucket and writeBucket hold the user's per-user quotas
	// (WithQuotas).
	readBucket, writeBucket bucket
}

// tokenOwner is the user an access token was issued to.
type tokenOwner struct {
	pool, username string
	// family is the refresh token family the token was issued from, 0
	// for tokens issued by IssueAccessToken or seeded.
	family uint64
	// expires is when the token stops working: an hour after sign-in
	// issued it, never for the others.
	expires expiry
}

// AddUserPool creates an empty user pool. Adding a pool that exists
// changes nothing.
func (s *Server) AddUserPool(userPoolID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pool(userPoolID)
}

// AddUser creates a user without devices, and the pool when it does not
// exist. Adding a user that exists changes nothing.
func (s *Server) AddUser(userPoolID, username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user(userPoolID, username)
}

// AddDevice stores a copy of d as the newest device of the user, creating
// the pool and the user when needed, and returns its device key.
//
// A nil DeviceKey is replaced by a new key of the service's form, the
// region, an underscore and a random UUID. A nil timestamp is set to the
// server clock's current time. Timestamps are stored in UTC, truncated to
// milliseconds, the precision of the wire format, so Devices and the
// client report the same values. Attributes are kept exactly as given.
// Adding a device whose key the user already has replaces that device in
// place; a verifier ConfirmDevice stored for it is kept.
func (s *Server) AddDevice(userPoolID, username string, d cognitodevices.DeviceType) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	d = copyDevice(d)
	if d.DeviceKey == nil {
		key := s.region + "_" + newUUID()
		d.DeviceKey = &key
	}
	now := s.now()
	for _, t := range []**time.Time{&d.DeviceCreateDate, &d.DeviceLastModifiedDate, &d.DeviceLastAuthenticatedDate} {
		if *t == nil {
			*t = &now
		}
		v := (*t).UTC().Truncate(time.Millisecond)
		*t = &v
	}
	s.user(userPoolID, username).put(d)
	return *d.DeviceKey
}

// RemoveDevice deletes a device of the user, with any verifier
// ConfirmDevice stored for it, and reports whether it existed. The devices
// after it move up one place, so a pagination token issued before the
// removal for a later page skips one device.
func (s *Server) RemoveDevice(userPoolID, username, deviceKey string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.findUser(userPoolID, username)
	return u != nil && u.remove(deviceKey)
}

// Devices returns deep copies of the user's devices in insertion order,
// the order listings use, or nil when the pool or the user does not
// exist.
func (s *Server) Devices(userPoolID, username string) []cognitodevices.DeviceType {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.findUser(userPoolID, username)
	if u == nil {
		return nil
	}
	out := make([]cognitodevices.DeviceType, len(u.devices))
	for i, d := range u.devices {
		out[i] = copyDevice(d)
	}
	return out
}

// DeviceVerifier returns a copy of the DeviceSecretVerifierConfig that
// ConfirmDevice stored for a device of the user. It reports false when
// the pool, the user or the device does not exist, or when the device was
// not confirmed with a DeviceSecretVerifierConfig, as a device seeded with
// AddDevice is not.
func (s *Server) DeviceVerifier(userPoolID, username, deviceKey string) (cognitodevices.DeviceSecretVerifierConfigType, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.findUser(userPoolID, username)
	if u == nil {
		return cognitodevices.DeviceSecretVerifierConfigType{}, false
	}
	v, ok := u.verifiers[deviceKey]
	if !ok {
		return cognitodevices.DeviceSecretVerifierConfigType{}, false
	}
	return copyVerifier(v), true
}

// IssueAccessToken returns a new access token of the user, creating the
// pool and the user when needed. The token has the shape of a JWT and
// matches [A-Za-z0-9-_=.]+, but the server knows it only as an opaque
// string: unlike the tokens of a sign-in, it never expires and is valid
// until RevokeAccessToken.
func (s *Server) IssueAccessToken(userPoolID, username string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user(userPoolID, username)
	token := s.jwt(map[string]any{
		"iss":       "https://cognito-idp." + s.region + ".amazonaws.com/" + userPoolID,
		"username":  username,
		"token_use": "access",
		"scope":     "aws.cognito.signin.user.admin",
		"jti":       newUUID(),
		"iat":       s.now().Unix(),
	})
	s.tokens[s.tokenHash.key(token)] = tokenOwner{pool: userPoolID, username: username}
	return token
}

// RevokeAccessToken makes an issued token fail with "Access Token has been
// revoked". Revoking an unknown token changes nothing.
func (s *Server) RevokeAccessToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := s.tokenHash.key(token)
	if owner, ok := s.tokens[key]; ok {
		delete(s.tokens, key)
		s.revoked[key] = owner.expires
	}
}

// pool returns the pool, creating it. The caller holds s.mu.
func (s *Server) pool(id string) *userPool {
	p := s.pools[id]
	if p == nil {
		p = &userPool{users: map[string]*user{}}
		s.pools[id] = p
	}
	return p
}

// user returns the user, creating it and its pool. The caller holds s.mu.
func (s *Server) user(poolID, username string) *user {
	p := s.pool(poolID)
	u := p.users[username]
	if u == nil {
		u = &user{index: map[string]int{}, verifiers: map[string]cognitodevices.DeviceSecretVerifierConfigType{}}
		u.pending, u.groups = map[string]string{}, map[string]string{}
		u.created = s.now()
		p.users[username] = u
		p.order = append(p.order, username)
	}
	return u
}

// put stores d, which the caller no longer shares, as the newest device,
// or in place of the device with its key.
func (u *user) put(d cognitodevices.DeviceType) {
	if i, ok := u.index[*d.DeviceKey]; ok {
		u.devices[i] = d
		return
	}
	u.index[*d.DeviceKey] = len(u.devices)
	u.devices = append(u.devices, d)
}

// remove deletes a device and its verifier and reports whether the device
// existed. The devices after it move up one place.
func (u *user) remove(deviceKey string) bool {
	i, ok := u.index[deviceKey]
	if !ok {
		return false
	}
	u.devices = append(u.devices[:i], u.devices[i+1:]...)
	delete(u.index, deviceKey)
	delete(u.verifiers, deviceKey)
	delete(u.groups, deviceKey)
	for j := i; j < len(u.devices); j++ {
		u.index[*u.devices[j].DeviceKey] = j
	}
	return true
}

// device returns the stored device with the key, for the caller to read
// or change in place, or nil when the user has none.
func (u *user) device(deviceKey string) *cognitodevices.DeviceType {
	if i, ok := u.index[deviceKey]; ok {
		return &u.devices[i]
	}
	return nil
}

func (s *Server) findUser(poolID, username string) *user {
	if p := s.pools[poolID]; p != nil {
		return p.users[username]
	}
	return nil
}

// lookupUser finds a user for an operation, failing as the service does
// for an unknown pool or user. The caller holds s.mu.
func (s *Server) lookupUser(poolID, username string) (*user, error) {
	p := s.pools[poolID]
	if p == nil {
		return nil, newError("ResourceNotFoundException", "User pool %s does not exist.", poolID)
	}
	u := p.users[username]
	if u == nil {
		return nil, newError("UserNotFoundException", "User does not exist.")
	}
	return u, nil
}

// tokenUser resolves an access token to its owner at now. The caller
// holds s.mu.
func (s *Server) tokenUser(token string, now time.Time) (owner tokenOwner, u *user, err error) {
	key := s.tokenHash.key(token)
	owner, ok := s.tokens[key]
	revokedUntil, revoked := s.revoked[key]
	switch {
	case ok && owner.expires.passed(now), revoked && revokedUntil.passed(now):
		return owner, nil, newError("NotAuthorizedException", "Access Token has expired")
	case ok:
		u, err = s.lookupUser(owner.pool, owner.username)
		return owner, u, err
	case revoked:
		return owner, nil, newError("NotAuthorizedException", "Access Token has been revoked")
	default:
		return owner, nil, newError("NotAuthorizedException", "Invalid Access Token")
	}
}

func copyDevice(d cognitodevices.DeviceType) cognitodevices.DeviceType {
	out := cognitodevices.DeviceType{
		DeviceKey:                   copyPtr(d.DeviceKey),
		DeviceCreateDate:            copyPtr(d.DeviceCreateDate),
		DeviceLastModifiedDate:      copyPtr(d.DeviceLastModifiedDate),
		DeviceLastAuthenticatedDate: copyPtr(d.DeviceLastAuthenticatedDate),
	}
	if d.DeviceAttributes != nil {
		out.DeviceAttributes = make([]cognitodevices.AttributeType, len(d.DeviceAttributes))
		for i, a := range d.DeviceAttributes {
			out.DeviceAttributes[i] = cognitodevices.AttributeType{Name: copyPtr(a.Name), Value: copyPtr(a.Value)}
		}
	}
	return out
}

func copyVerifier(v cognitodevices.DeviceSecretVerifierConfigType) cognitodevices.DeviceSecretVerifierConfigType {
	return cognitodevices.DeviceSecretVerifierConfigType{PasswordVerifier: copyPtr(v.PasswordVerifier), Salt: copyPtr(v.Salt)}
}

// setAttribute sets the value of the device's first attribute with the
// name, appending the attribute when the device has none.
func setAttribute(d *cognitodevices.DeviceType, name, value string) {
	for i := range d.DeviceAttributes {
		if a := &d.DeviceAttributes[i]; a.Name != nil && *a.Name == name {
			a.Value = &value
			return
		}
	}
	d.DeviceAttributes = append(d.DeviceAttributes, cognitodevices.AttributeType{Name: &name, Value: &value})
}

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// shownToUser reports whether the access-token operations that read
// devices (ListDevices, GetDevice) show d: as the service does, they hide
// a device marked not remembered. A device without the attribute is shown.
func shownToUser(d cognitodevices.DeviceType) bool {
	return d.RememberedStatus() != cognitodevices.DeviceRememberedStatusTypeNotRemembered
}

// remembered returns the devices of u that the access-token operations
// show, in order.
func (u *user) remembered() []cognitodevices.DeviceType {
	list := make([]cognitodevices.DeviceType, 0, len(u.devices))
	for _, d := range u.devices {
		if shownToUser(d) {
			list = append(list, d)
		}
	}
	return list
}
