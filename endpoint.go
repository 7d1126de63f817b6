package cognitodevices

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// partition is the part of an AWS partition's definition the endpoint of
// this service depends on.
type partition struct {
	id              string
	regionRegex     *regexp.Regexp
	dnsSuffix       string
	dualStackSuffix string
	// regions are names that belong to the partition without matching
	// its pattern, such as its global pseudo-region.
	regions []string
}

// partitions lists the AWS partitions in the order the SDK's partition
// rules consult them; "aws" is also the fallback for unmatched regions.
var partitions = []partition{
	{"aws", regexp.MustCompile(`^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$`), "amazonaws.com", "api.aws", []string{"aws-global"}},
	{"aws-cn", regexp.MustCompile(`^cn\-\w+\-\d+$`), "amazonaws.com.cn", "api.amazonwebservices.com.cn", []string{"aws-cn-global"}},
	{"aws-eusc", regexp.MustCompile(`^eusc\-(de)\-\w+\-\d+$`), "amazonaws.eu", "api.amazonwebservices.eu", nil},
	{"aws-iso", regexp.MustCompile(`^us\-iso\-\w+\-\d+$`), "c2s.ic.gov", "api.aws.ic.gov", []string{"aws-iso-global"}},
	{"aws-iso-b", regexp.MustCompile(`^us\-isob\-\w+\-\d+$`), "sc2s.sgov.gov", "api.aws.scloud", []string{"aws-iso-b-global"}},
	{"aws-iso-e", regexp.MustCompile(`^eu\-isoe\-\w+\-\d+$`), "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", []string{"aws-iso-e-global"}},
	{"aws-iso-f", regexp.MustCompile(`^us\-isof\-\w+\-\d+$`), "csp.hci.ic.gov", "api.aws.hci.ic.gov", []string{"aws-iso-f-global"}},
	{"aws-us-gov", regexp.MustCompile(`^us\-gov\-\w+\-\d+$`), "amazonaws.com", "api.aws", []string{"aws-us-gov-global"}},
}

func partitionFor(region string) partition {
	for _, p := range partitions {
		for _, r := range p.regions {
			if r == region {
				return p
			}
		}
	}
	for _, p := range partitions {
		if p.regionRegex.MatchString(region) {
			return p
		}
	}
	return partitions[0]
}

// validHostLabel reports whether s can stand as one DNS label: 1 to 63
// letters, digits and hyphens, not starting or ending with a hyphen.
func validHostLabel(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// EndpointResolverOptions holds the endpoint settings of Options. Its
// name and its fields are those of the official client's type, so that
// endpoint configuration carries over; the official type's Logger,
// LogDeprecated and ResolvedRegion have no meaning here and are absent.
type EndpointResolverOptions struct {
	// DisableHTTPS, when set, sends requests to the resolved endpoint over
	// http. It does not change BaseEndpoint, which is used as given.
	DisableHTTPS bool

	// UseDualStackEndpoint selects the endpoint that answers over IPv6 as
	// well as IPv4, when enabled.
	UseDualStackEndpoint aws.DualStackEndpointState

	// UseFIPSEndpoint selects the cognito-idp-fips endpoint, when enabled.
	UseFIPSEndpoint aws.FIPSEndpointState
}

// fipsAndDualStackInAWS are the regions of the aws partition whose FIPS
// endpoint also answers over IPv6 under the usual suffix, as the service's
// endpoint rules list them.
var fipsAndDualStackInAWS = map[string]bool{"us-east-1": true, "us-east-2": true, "us-west-1": true, "us-west-2": true}

// resolveEndpoint returns the URL requests are posted to. BaseEndpoint wins
// when set and must be an absolute http or https URL without query or
// fragment; its path is kept as given ("/" when empty); it cannot be
// combined with FIPS or dual-stack. Otherwise the URL follows the
// service's endpoint rules, as the official client resolves them:
//
//   - neither: https://cognito-idp.{region}.{dnsSuffix}/
//   - FIPS: https://cognito-idp-fips.{region}.{dnsSuffix}/
//   - dual-stack: https://cognito-idp.{region}.{dualStackSuffix}/, but
//     amazonaws.com in the aws partition
//   - both: https://cognito-idp-fips.{region}.{dualStackSuffix}/, but
//     amazonaws.com for us-east-1, us-east-2, us-west-1 and us-west-2
//
// Errors describe the setting to fix.
func resolveEndpoint(o *Options) (*url.URL, error) {
	fips := o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled
	dualStack := o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled
	if o.BaseEndpoint != nil {
		switch {
		case fips:
			return nil, errors.New("invalid configuration: FIPS and a custom BaseEndpoint cannot be used together")
		case dualStack:
			return nil, errors.New("invalid configuration: dual-stack and a custom BaseEndpoint cannot be used together")
		}
		return parseBaseEndpoint(*o.BaseEndpoint)
	}
	if o.Region == "" {
		return nil, errors.New("invalid configuration: Region is required when BaseEndpoint is not set")
	}
	if !validHostLabel(o.Region) {
		return nil, fmt.Errorf("invalid configuration: Region %q is not a valid host label", o.Region)
	}
	region := o.Region
	if r, ok := legacyFIPSRegion(region); ok {
		region, fips = r, true
	}
	p := partitionFor(region)
	host := "cognito-idp."
	if fips {
		host = "cognito-idp-fips."
	}
	suffix := p.dnsSuffix
	if dualStack && !(p.id == "aws" && (!fips || fipsAndDualStackInAWS[region])) {
		suffix = p.dualStackSuffix
	}
	scheme := "https"
	if o.EndpointOptions.DisableHTTPS {
		scheme = "http"
	}
	return &url.URL{Scheme: scheme, Host: host + region + "." + suffix, Path: "/"}, nil
}

func parseBaseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("invalid configuration: BaseEndpoint: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("invalid configuration: BaseEndpoint %q must be an absolute http or https URL", raw)
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("invalid configuration: BaseEndpoint %q must name a host and have no user info, query or fragment", raw)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}

// legacyFIPSRegion recognizes the pseudo-regions "fips-us-east-1" and
// "us-east-1-fips" that older configurations use to ask for FIPS
// endpoints, and returns the real region.
func legacyFIPSRegion(region string) (string, bool) {
	if r, ok := strings.CutPrefix(region, "fips-"); ok {
		return r, true
	}
	if r, ok := strings.CutSuffix(region, "-fips"); ok {
		return r, true
	}
	return region, false
}

// signingRegion is the region SigV4 signatures are scoped to: the
// configured Region, without a legacy FIPS marker.
func signingRegion(region string) string {
	r, _ := legacyFIPSRegion(region)
	return r
}
