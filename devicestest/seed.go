package devicestest

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

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
// Dates are RFC 3339; an absent date, like an absent key, is filled in as
// AddDevice fills it in. Attributes are sent in the order of their names.
// The sign-in members are applied as AddAppClient, SetDeviceTracking,
// SetPassword, SetMFACode, SetEmailOTPCode, SetSMSOTPCode and
// RequireNewPassword apply them.
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
	Username           string       `json:"username"`
	Password           string       `json:"password,omitempty"`
	MFACode            string       `json:"mfaCode,omitempty"`
	EmailOTPCode       string       `json:"emailOtpCode,omitempty"`
	SMSOTPCode         string       `json:"smsOtpCode,omitempty"`
	RequireNewPassword bool         `json:"requireNewPassword,omitempty"`
	AccessTokens       []string     `json:"accessTokens,omitempty"`
	Devices            []SeedDevice `json:"devices,omitempty"`
}

// SeedDevice is a device of a SeedUser.
type SeedDevice struct {
	Key                   string            `json:"key,omitempty"`
	Attributes            map[string]string `json:"attributes,omitempty"`
	CreateDate            *time.Time        `json:"createDate,omitempty"`
	LastModifiedDate      *time.Time        `json:"lastModifiedDate,omitempty"`
	LastAuthenticatedDate *time.Time        `json:"lastAuthenticatedDate,omitempty"`
}

// ReadSeed decodes a Seed from JSON, refusing unknown members so that a
// misspelled one is not silently ignored.
func ReadSeed(r io.Reader) (Seed, error) {
	var seed Seed
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seed); err != nil {
		return Seed{}, fmt.Errorf("devicestest: reading the seed: %w", err)
	}
	return seed, seed.check()
}

// check refuses a seed the server could not serve: empty names, and
// access tokens outside the characters the service accepts.
func (seed Seed) check() error {
	for _, p := range seed.Pools {
		if p.ID == "" {
			return fmt.Errorf("devicestest: a seeded pool has no id")
		}
		for _, c := range p.Clients {
			if c.ID == "" || len(c.ID) > maxClientIDLen {
				return fmt.Errorf("devicestest: an app client of pool %s has an empty or oversized id", p.ID)
			}
			if r := c.RefreshTokenRotation; r != nil {
				if r.Feature != "ENABLED" && r.Feature != "DISABLED" {
					return fmt.Errorf("devicestest: app client %s: refreshTokenRotation.feature is %q, not ENABLED or DISABLED", c.ID, r.Feature)
				}
				if r.RetryGracePeriodSeconds < 0 || time.Duration(r.RetryGracePeriodSeconds)*time.Second > MaxRetryGracePeriod {
					return fmt.Errorf("devicestest: app client %s: refreshTokenRotation.retryGracePeriodSeconds %d is outside 0 to 60", c.ID, r.RetryGracePeriodSeconds)
				}
			}
		}
		for _, u := range p.Users {
			if u.Username == "" {
				return fmt.Errorf("devicestest: a seeded user of pool %s has no username", p.ID)
			}
			for _, tok := range u.AccessTokens {
				if tok == "" || len(tok) > maxRequestBody {
					return fmt.Errorf("devicestest: user %s of pool %s has an empty or oversized access token", u.Username, p.ID)
				}
				if strings.TrimLeft(tok, tokenAlphabet) != "" {
					return fmt.Errorf("devicestest: an access token of user %s of pool %s has a character outside [A-Za-z0-9-_=.]", u.Username, p.ID)
				}
			}
		}
	}
	return nil
}

// LoadSeed adds what seed holds to the server, as AddUserPool, AddUser,
// AddDevice and the access tokens would, and makes it the state Reset
// returns to.
func (s *Server) LoadSeed(seed Seed) error {
	if err := seed.check(); err != nil {
		return err
	}
	s.mu.Lock()
	s.seed = &seed
	s.mu.Unlock()
	s.apply(seed)
	return nil
}

// Reset returns the server to its state right after the last LoadSeed
// (empty when there was none): pools, users, devices and tokens, with no
// fault scheduled, no request recorded and the clock it was built with.
func (s *Server) Reset() {
	s.mu.Lock()
	s.pools = map[string]*userPool{}
	s.tokens = map[tokenKey]tokenOwner{}
	s.revoked = map[tokenKey]expiry{}
	s.sweepAt = minTokenSweep
	s.faults = map[string]*fault{}
	s.auth = newAuthState()
	s.requests.reset()
	s.now = s.clock
	seed := s.seed
	s.mu.Unlock()
	if seed != nil {
		s.apply(*seed)
	}
}

func (s *Server) apply(seed Seed) {
	for _, p := range seed.Pools {
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
