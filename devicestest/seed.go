package devicestest

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cognitodevices/cognitodevices"
)

// Seed is the state a Server starts from and returns to on Reset, in a
// form that reads and writes as JSON, so that tests in any language can
// prepare the server (see cmd/fakecognito):
//
//	{
//	  "pools": [{
//	    "id": "us-east-1_EXAMPLE",
//	    "clients": [{"id": "1example23456789", "secret": ""}],
//	    "deviceTracking": {"challengeRequiredOnNewDevice": true, "deviceOnlyRememberedOnUserPrompt": true},
//	    "users": [{
//	      "username": "alice",
//	      "password": "correct horse battery staple",
//	      "mfaCode": "123456",
//	      "accessTokens": ["alice-token-1"],
//	      "devices": [{
//	        "key": "us-east-1_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
//	        "attributes": {"device_name": "iPhone", "dev:device_remembered_status": "remembered"},
//	        "createDate": "2026-01-02T03:04:05.678Z",
//	        "lastModifiedDate": "2026-01-02T03:04:05.678Z",
//	        "lastAuthenticatedDate": "2026-11-01T07:30:00Z"
//	      }]
//	    }]
//	  }]
//	}
//
// Dates are RFC 3339. An absent date, like an absent key, is filled in
// once, when LoadSeed loads the seed, as AddDevice fills it in (the server
// clock's time, a new key), and Reset restores the same values, so that a
// fixture does not change between tests. Attributes are sent in the order
// of their names. The sign-in members are applied as AddAppClient,
// SetDeviceTracking, SetPassword, SetMFACode, SetEmailOTPCode,
// SetSMSOTPCode and RequireNewPassword apply them.
//
// ReadSeed and LoadSeed refuse a seed that breaks the service's
// constraints, naming the member by its JSON path, such as
// pools[0].users[2].devices[1].key: pool IDs match [\w-]+_[0-9a-zA-Z]+
// and device keys [\w-]+_[0-9a-f-]+ (both at most 55 characters),
// usernames are 1 to 128 letters, marks, symbols, numbers or punctuation,
// app client IDs 1 to 128 characters of [\w+]+ and their secrets at most
// 64, passwords at most 256 characters, attribute names 1 to 32
// characters and values at most 2,048; access tokens are of
// [A-Za-z0-9-_=.]+. Pool IDs, app client IDs, access tokens and device
// keys appear once in a seed, and usernames once in a pool.
type Seed struct {
	Pools []SeedPool `json:"pools"`
}

// SeedPool is a user pool of a Seed, with its app clients and, when it
// tracks devices, its device configuration.
type SeedPool struct {
	ID             string              `json:"id"`
	Clients        []SeedAppClient     `json:"clients,omitempty"`
	DeviceTracking *SeedDeviceTracking `json:"deviceTracking,omitempty"`
	Users          []SeedUser          `json:"users"`
	// Generate, when set, adds generated users after Users; see
	// SeedGenerate.
	Generate *SeedGenerate `json:"generate,omitempty"`
}

// SeedAppClient is an app client of a SeedPool; an empty secret makes a
// public client.
type SeedAppClient struct {
	ID     string `json:"id"`
	Secret string `json:"secret,omitempty"`
	// RefreshTokenRotation, when set, is applied with
	// SetRefreshTokenRotation.
	RefreshTokenRotation *SeedRefreshTokenRotation `json:"refreshTokenRotation,omitempty"`
}

// SeedRefreshTokenRotation is the refresh token rotation of a
// SeedAppClient, named as the service's RefreshTokenRotationType.
type SeedRefreshTokenRotation struct {
	// Feature is "ENABLED" or "DISABLED".
	Feature string `json:"feature"`
	// RetryGracePeriodSeconds is 0 to 60.
	RetryGracePeriodSeconds int `json:"retryGracePeriodSeconds"`
}

// SeedDeviceTracking is the device configuration of a SeedPool, as
// SetDeviceTracking takes it.
type SeedDeviceTracking struct {
	ChallengeRequiredOnNewDevice     bool `json:"challengeRequiredOnNewDevice"`
	DeviceOnlyRememberedOnUserPrompt bool `json:"deviceOnlyRememberedOnUserPrompt"`
}

// SeedUser is a user of a SeedPool, with what they sign in with (a
// password, an SMS code, whether they must choose a new password), the
// access tokens the server accepts for them and their devices, in listing
// order.
type SeedUser struct {
	Username           string `json:"username"`
	Password           string `json:"password,omitempty"`
	MFACode            string `json:"mfaCode,omitempty"`
	EmailOTPCode       string `json:"emailOtpCode,omitempty"`
	SMSOTPCode         string `json:"smsOtpCode,omitempty"`
	RequireNewPassword bool   `json:"requireNewPassword,omitempty"`
	// Attributes are the user's attributes, as SetUserAttributes sets them.
	Attributes map[string]string `json:"attributes,omitempty"`
	// Disabled disables the user, as SetUserEnabled(false) does.
	Disabled     bool         `json:"disabled,omitempty"`
	AccessTokens []string     `json:"accessTokens,omitempty"`
	Devices      []SeedDevice `json:"devices,omitempty"`
}

// SeedDevice is a device of a SeedUser.
type SeedDevice struct {
	Key                   string            `json:"key,omitempty"`
	Attributes            map[string]string `json:"attributes,omitempty"`
	CreateDate            *time.Time        `json:"createDate,omitempty"`
	LastModifiedDate      *time.Time        `json:"lastModifiedDate,omitempty"`
	LastAuthenticatedDate *time.Time        `json:"lastAuthenticatedDate,omitempty"`
}

// ReadSeed decodes a Seed from JSON and checks it as LoadSeed does. It
// refuses unknown members, so that a misspelled one is not silently
// ignored, and anything but white space after the seed's object, such as
// a second document.
func ReadSeed(r io.Reader) (Seed, error) {
	var seed Seed
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seed); err != nil {
		return Seed{}, fmt.Errorf("devicestest: reading the seed: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Seed{}, fmt.Errorf("devicestest: reading the seed: more than white space follows the seed's object, at offset %d", dec.InputOffset())
	}
	return seed, seed.check()
}

// seedPattern is a documented pattern of a seeded member.
type seedPattern struct {
	text string
	re   *regexp.Regexp
}

func newSeedPattern(text string) seedPattern {
	return seedPattern{text: text, re: regexp.MustCompile(`^(?:` + text + `)$`)}
}

// The documented patterns of the seeded members.
var (
	userPoolIDPattern = newSeedPattern(`[\w-]+_[0-9a-zA-Z]+`)
	deviceKeyPattern  = newSeedPattern(`[\w-]+_[0-9a-f-]+`)
	usernamePattern   = newSeedPattern(`[\p{L}\p{M}\p{S}\p{N}\p{P}]+`)
	clientIDPattern   = newSeedPattern(`[\w+]+`)
	// The secret of an app client and the name of an attribute have the
	// same documented patterns as a client ID and a username.
	clientSecretPattern = clientIDPattern
	attributePattern    = usernamePattern
)

// seedError is a problem of the seed member at a JSON path.
func seedError(path, format string, args ...any) error {
	return fmt.Errorf("devicestest: seed: %s: %s", path, fmt.Sprintf(format, args...))
}

// checkName checks a member that names something: 1 to maxLen
// characters matching pattern (when given). The value is quoted in the
// error; it is no secret.
func checkName(path, value string, maxLen int, pattern *seedPattern) error {
	switch n := utf8.RuneCountInString(value); {
	case n == 0:
		return seedError(path, "is empty")
	case n > maxLen:
		return seedError(path, "has %d characters, more than %d", n, maxLen)
	case pattern != nil && !pattern.re.MatchString(value):
		return seedError(path, "%q does not match %s", value, pattern.text)
	}
	return nil
}

// once records that value appears at path, and refuses it when it
// appeared before; what names the value in the error, which quotes it
// unless what is given.
func once(seen map[string]string, value, path, what string) error {
	if first, ok := seen[value]; ok {
		if what == "" {
			what = strconv.Quote(value)
		}
		return seedError(path, "%s is also at %s", what, first)
	}
	seen[value] = path
	return nil
}

// check refuses a seed that breaks the service's constraints or names a
// pool, app client, token or device twice; see Seed. It returns the first
// problem found.
func (seed Seed) check() error {
	pools, clients, tokens, devices := map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
	for i, p := range seed.Pools {
		at := fmt.Sprintf("pools[%d]", i)
		if err := checkName(at+".id", p.ID, maxUserPoolIDLen, &userPoolIDPattern); err != nil {
			return err
		}
		if err := once(pools, p.ID, at+".id", ""); err != nil {
			return err
		}
		for j, c := range p.Clients {
			if err := c.check(fmt.Sprintf("%s.clients[%d]", at, j), clients); err != nil {
				return err
			}
		}
		usernames := map[string]string{}
		for j, u := range p.Users {
			if err := u.check(fmt.Sprintf("%s.users[%d]", at, j), usernames, tokens, devices); err != nil {
				return err
			}
		}
		if p.Generate != nil {
			if err := p.Generate.check(at+".generate", usernames); err != nil {
				return err
			}
		}
	}
	return nil
}

// check checks an app client at path; clients holds the IDs seen.
func (c SeedAppClient) check(at string, clients map[string]string) error {
	if err := checkName(at+".id", c.ID, maxClientIDLen, &clientIDPattern); err != nil {
		return err
	}
	if err := once(clients, c.ID, at+".id", ""); err != nil {
		return err
	}
	if n := len(c.Secret); n > maxClientSecretLen || n > 0 && !clientSecretPattern.re.MatchString(c.Secret) {
		return seedError(at+".secret", "must be at most %d characters of %s", maxClientSecretLen, clientSecretPattern.text)
	}
	if r := c.RefreshTokenRotation; r != nil {
		if r.Feature != "ENABLED" && r.Feature != "DISABLED" {
			return seedError(at+".refreshTokenRotation.feature", "%q is neither ENABLED nor DISABLED", r.Feature)
		}
		if r.RetryGracePeriodSeconds < 0 || time.Duration(r.RetryGracePeriodSeconds)*time.Second > MaxRetryGracePeriod {
			return seedError(at+".refreshTokenRotation.retryGracePeriodSeconds", "%d is outside 0 to 60", r.RetryGracePeriodSeconds)
		}
	}
	return nil
}

// check checks a user at path; usernames holds the names seen in the
// pool, tokens and devices the access tokens and device keys seen in the
// seed.
func (u SeedUser) check(at string, usernames, tokens, devices map[string]string) error {
	if err := checkName(at+".username", u.Username, maxUsernameLen, &usernamePattern); err != nil {
		return err
	}
	if err := once(usernames, u.Username, at+".username", ""); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(u.Password); n > maxPasswordLen {
		return seedError(at+".password", "has %d characters, more than %d", n, maxPasswordLen)
	}
	for k, tok := range u.AccessTokens {
		path := fmt.Sprintf("%s.accessTokens[%d]", at, k)
		if tok == "" || len(tok) > maxRequestBody {
			return seedError(path, "is empty or longer than %d bytes", maxRequestBody)
		}
		if strings.TrimLeft(tok, tokenAlphabet) != "" {
			return seedError(path, "has a character outside [A-Za-z0-9-_=.]")
		}
		if err := once(tokens, tok, path, "the same access token"); err != nil {
			return err
		}
	}
	if err := checkAttributes(at, u.Attributes); err != nil {
		return err
	}
	for k, d := range u.Devices {
		path := fmt.Sprintf("%s.devices[%d]", at, k)
		if d.Key != "" {
			if err := checkName(path+".key", d.Key, maxDeviceKeyLen, &deviceKeyPattern); err != nil {
				return err
			}
			if err := once(devices, d.Key, path+".key", ""); err != nil {
				return err
			}
		}
		if err := checkAttributes(path, d.Attributes); err != nil {
			return err
		}
	}
	return nil
}

// checkAttributes checks the names and value lengths of the attributes of
// the user or device at, in the order of their names.
func checkAttributes(at string, attrs map[string]string) error {
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		attr := fmt.Sprintf("%s.attributes[%q]", at, name)
		if err := checkName(attr, name, maxAttributeNameLen, &attributePattern); err != nil {
			return err
		}
		if n := utf8.RuneCountInString(attrs[name]); n > maxAttributeValueLen {
			return seedError(attr, "the value has %d characters, more than %d", n, maxAttributeValueLen)
		}
	}
	return nil
}

// LoadSeed adds what seed holds to the server, as AddUserPool, AddUser,
// AddDevice and the access tokens would, and makes it the state Reset
// returns to. The keys and dates the seed leaves out are filled in now,
// once: Reset restores the same ones.
func (s *Server) LoadSeed(seed Seed) error {
	if err := seed.check(); err != nil {
		return err
	}
	s.mu.Lock()
	seed = seed.filled(s.now(), s.region)
	s.seed = &seed
	s.mu.Unlock()
	s.apply(seed)
	return nil
}

// filled returns a copy of the seed whose devices have every key and
// date, those left out filled in as AddDevice would at now: a new key of
// the region and the time now. The seed it was made from is not changed.
func (seed Seed) filled(now time.Time, region string) Seed {
	at := now.UTC().Truncate(time.Millisecond)
	seed.Pools = slices.Clone(seed.Pools)
	for i := range seed.Pools {
		p := &seed.Pools[i]
		if g := p.Generate; g != nil && g.Until == nil {
			filled := *g
			filled.Until = &at
			p.Generate = &filled
		}
		p.Users = slices.Clone(p.Users)
		for j := range p.Users {
			u := &p.Users[j]
			u.Devices = slices.Clone(u.Devices)
			for k := range u.Devices {
				d := &u.Devices[k]
				if d.Key == "" {
					d.Key = region + "_" + newUUID()
				}
				for _, date := range []**time.Time{&d.CreateDate, &d.LastModifiedDate, &d.LastAuthenticatedDate} {
					if *date == nil {
						*date = &at
					}
				}
			}
		}
	}
	return seed
}

// Reset returns the server to its state right after the last LoadSeed
// (empty when there was none): pools, users, devices and tokens, with no
// fault scheduled, no request recorded, no request counted (QuotaStats)
// and the clock it was built with.
func (s *Server) Reset() {
	s.mu.Lock()
	s.pools = map[string]*userPool{}
	s.tokens = map[tokenKey]tokenOwner{}
	s.revoked = map[tokenKey]expiry{}
	s.sweepAt = minTokenSweep
	s.faults = map[string]*fault{}
	s.auth = newAuthState()
	s.limits.reset()
	s.requests.reset()
	s.now = s.clock
	seed := s.seed
	s.mu.Unlock()
	if seed != nil {
		s.apply(*seed)
	}
}

func (s *Server) apply(seed Seed) {
	for i, p := range seed.Pools {
		s.AddUserPool(p.ID)
		for _, c := range p.Clients {
			s.AddAppClient(p.ID, c.ID, c.Secret)
			if r := c.RefreshTokenRotation; r != nil {
				s.SetRefreshTokenRotation(c.ID, r.Feature == "ENABLED", time.Duration(r.RetryGracePeriodSeconds)*time.Second)
			}
		}
		if t := p.DeviceTracking; t != nil {
			s.SetDeviceTracking(p.ID, cognitodevices.DeviceConfigurationType{
				ChallengeRequiredOnNewDevice:     t.ChallengeRequiredOnNewDevice,
				DeviceOnlyRememberedOnUserPrompt: t.DeviceOnlyRememberedOnUserPrompt,
			})
		}
		for _, u := range p.Users {
			s.AddUser(p.ID, u.Username)
			if u.Password != "" {
				s.SetPassword(p.ID, u.Username, u.Password)
			}
			s.SetMFACode(p.ID, u.Username, u.MFACode)
			if len(u.Attributes) > 0 {
				s.SetUserAttributes(p.ID, u.Username, u.Attributes)
			}
			if u.Disabled {
				s.SetUserEnabled(p.ID, u.Username, false)
			}
			s.SetEmailOTPCode(p.ID, u.Username, u.EmailOTPCode)
			s.SetSMSOTPCode(p.ID, u.Username, u.SMSOTPCode)
			if u.RequireNewPassword {
				s.RequireNewPassword(p.ID, u.Username)
			}
			for _, d := range u.Devices {
				s.AddDevice(p.ID, u.Username, d.device())
			}
			s.mu.Lock()
			for _, tok := range u.AccessTokens {
				s.tokens[s.tokenHash.key(tok)] = tokenOwner{pool: p.ID, username: u.Username}
			}
			s.mu.Unlock()
		}
		if p.Generate != nil {
			s.generate(p.ID, i, *p.Generate)
		}
	}
}

// device is the DeviceType of a seeded device, its attributes in the
// order of their names.
func (d SeedDevice) device() cognitodevices.DeviceType {
	out := cognitodevices.DeviceType{
		DeviceCreateDate:            d.CreateDate,
		DeviceLastModifiedDate:      d.LastModifiedDate,
		DeviceLastAuthenticatedDate: d.LastAuthenticatedDate,
	}
	if d.Key != "" {
		out.DeviceKey = aws.String(d.Key)
	}
	for _, name := range slices.Sorted(maps.Keys(d.Attributes)) {
		out.DeviceAttributes = append(out.DeviceAttributes, cognitodevices.AttributeType{Name: aws.String(name), Value: aws.String(d.Attributes[name])})
	}
	return out
}
