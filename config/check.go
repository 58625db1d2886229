package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"paygate/secrets"
)

// Error is a setting paygate cannot start with. The command exits with
// status 2 on one, as on any other usage error, so a supervisor can tell a
// configuration to fix from a failure to retry; code outside this package
// that checks a setting (a database URL, a key) returns one too.
type Error struct {
	Setting string // the flag name ("default-format"); empty for a command line that does not parse
	Value   string // the value refused; empty for secrets, which are never repeated
	Accepts string // what the setting accepts, in words
	Err     error  // why, when a parser said more than Accepts does
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Setting == "" {
		b.WriteString("command line")
	} else {
		fmt.Fprintf(&b, "%s (-%s)", EnvName(e.Setting), e.Setting)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, " %q", e.Value)
	}
	if e.Accepts != "" {
		b.WriteString(": accepts " + e.Accepts)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// KeyError refuses an encryption key setting; err never holds key
// material.
func KeyError(setting string, err error) *Error {
	return &Error{Setting: setting, Accepts: "comma-separated keys id:base64 of 32 random bytes, the sealing one first (k2:…,k1:…)", Err: err}
}

// check validates the converted settings and fills in derived defaults.
func (c *Config) check() []error {
	var errs []error
	bad := func(err *Error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	bad(hostPort("addr", c.Addr))
	if c.MetricsAddr != "" {
		bad(hostPort("metrics-addr", c.MetricsAddr))
	} else if c.Pprof {
		// Profiles name the code and its data: never on the public address.
		bad(&Error{Setting: "pprof", Value: "true", Accepts: "true only with PAYGATE_METRICS_ADDR, a private address, set"})
	}
	const dbAccepts = "a SQLite database file path or a postgres:// (postgresql://) URL"
	if scheme, _, isURL := strings.Cut(c.DB, "://"); c.DB == "" {
		bad(&Error{Setting: "db", Accepts: dbAccepts})
	} else if isURL && scheme != "postgres" && scheme != "postgresql" {
		// A URL of another scheme would otherwise become a SQLite file
		// under a directory named after the scheme. Only the scheme is
		// repeated: a URL may carry a password.
		bad(&Error{Setting: "db", Accepts: dbAccepts, Err: fmt.Errorf("unsupported URL scheme %q", scheme)})
	}
	bad(baseURL("public-url", c.PublicURL))
	if c.BasePath != "" && (!strings.HasPrefix(c.BasePath, "/") || strings.ContainsAny(c.BasePath, "?#* ")) {
		bad(&Error{Setting: "base-path", Value: c.BasePath, Accepts: "a path starting with /, e.g. /api"})
	}
	bad(baseURL("stripe-api-base", c.StripeAPIBase))
	bad(baseURL("payson-api-base", c.PaysonAPIBase))
	bad(baseURL("payson-test-api-base", c.PaysonTestAPIBase))
	bad(absURL("payson-terms-url", c.PaysonTermsURL))
	bad(absURL("billrun-return-url", c.BillRunReturnURL))
	if c.StripeSecretKey != "" && !strings.HasPrefix(c.StripeSecretKey, "sk_") && !strings.HasPrefix(c.StripeSecretKey, "rk_") {
		bad(&Error{Setting: "stripe-secret-key", Accepts: "a Stripe secret key (sk_…) or restricted key (rk_…)"})
	}
	if c.StripeWebhookSecret != "" && !strings.HasPrefix(c.StripeWebhookSecret, "whsec_") {
		bad(&Error{Setting: "stripe-webhook-secret", Accepts: "a Stripe webhook signing secret (whsec_…)"})
	}
	if c.JWTSecret != "" && len(c.JWTSecret) < 32 {
		bad(&Error{Setting: "jwt-secret", Accepts: fmt.Sprintf("at least 32 bytes, not %d", len(c.JWTSecret))})
	}
	if c.JWTSecret == "" && c.JWTPublicKey == "" {
		for _, s := range []struct{ name, v string }{{"jwt-issuer", c.JWTIssuer}, {"jwt-audience", c.JWTAudience}} {
			if s.v != "" {
				bad(&Error{Setting: s.name, Value: s.v, Accepts: "a claim to check only with PAYGATE_JWT_SECRET or PAYGATE_JWT_PUBLIC_KEY set"})
			}
		}
	}
	switch {
	case c.EncryptionKey != "" && c.EncryptionKeyFile != "":
		bad(&Error{Setting: "encryption-key-file", Value: c.EncryptionKeyFile, Accepts: "a file name only when PAYGATE_ENCRYPTION_KEY is not set"})
	case c.EncryptionKey != "":
		if _, err := secrets.Parse(c.EncryptionKey); err != nil {
			bad(KeyError("encryption-key", err))
		}
	}
	bad(oneOf("json-case", c.JSONCase, "pascal", "camel"))
	bad(oneOf("default-format", c.DefaultFormat, "json", "xml", "jsv", "csv"))
	bad(oneOf("log-format", c.LogFormat, "text", "json"))
	for _, o := range List(c.CORSOrigins) {
		if o == "*" {
			continue
		}
		if u, err := url.Parse(o); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			bad(&Error{Setting: "cors-origins", Value: o, Accepts: "comma-separated origins (scheme://host[:port], * as a wildcard)"})
		}
	}
	var err error
	if c.TrustedProxyRanges, err = Prefixes(c.TrustedProxies); err != nil {
		bad(&Error{Setting: "trusted-proxies", Value: c.TrustedProxies,
			Accepts: "comma-separated CIDR ranges or addresses, e.g. 10.0.0.0/8,fd00::1", Err: err})
	}
	if c.MaxBodyBytes <= 0 {
		bad(&Error{Setting: "max-body-bytes", Value: strconv.FormatInt(c.MaxBodyBytes, 10), Accepts: "a positive number of bytes"})
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	return errs
}

// Prefixes reads a comma-separated list of CIDR ranges and addresses (an
// address is a range of one).
func Prefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range List(s) {
		if !strings.Contains(item, "/") {
			a, err := netip.ParseAddr(item)
			if err != nil {
				return nil, err
			}
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// List splits a comma-separated setting, dropping blanks.
func List(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func oneOf(name, v string, allowed ...string) *Error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	last := len(allowed) - 1
	return &Error{Setting: name, Value: v, Accepts: strings.Join(allowed[:last], ", ") + " or " + allowed[last]}
}

// hostPort checks a listen address: host:port, the host optional, the port
// a number (0 picks a free one).
func hostPort(name, v string) *Error {
	_, port, err := net.SplitHostPort(v)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		return &Error{Setting: name, Value: v, Accepts: "a listen address host:port, e.g. 127.0.0.1:8080 or :8080"}
	}
	return nil
}

// absURL checks an optional absolute http or https URL.
func absURL(name, v string) *Error {
	if v == "" {
		return nil
	}
	if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &Error{Setting: name, Value: v, Accepts: "an absolute http or https URL"}
	}
	return nil
}

// baseURL checks an optional absolute URL that paths are appended to, so
// it may carry neither a query nor a fragment.
func baseURL(name, v string) *Error {
	if err := absURL(name, v); err != nil {
		return err
	}
	if u, _ := url.Parse(v); u != nil && (u.RawQuery != "" || u.Fragment != "" || u.ForceQuery) {
		return &Error{Setting: name, Value: v, Accepts: "an absolute http or https URL without a query or fragment"}
	}
	return nil
}
