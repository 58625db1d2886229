// Package config reads paygate's settings from flags and PAYGATE_*
// environment variables. Every flag has a variable and the other way round;
// a flag given on the command line wins over the variable.
package config

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// Config is the whole of paygate's configuration.
type Config struct {
	Addr                string
	DB                  string
	PublicURL           string
	BasePath            string
	StripeSecretKey     string
	StripeAPIBase       string
	StripeWebhookSecret string
	PaysonAPIBase       string
	PaysonTestAPIBase   string
	PaysonTermsURL      string
	JWTSecret           string
	JWTPublicKey        string
	JWTIssuer           string
	JWTAudience         string
	BillRunSharedSecret string
	BillRunReturnURL    string
	JSONCase            string
	DefaultFormat       string
	CORSOrigins         string
	MaxBodyBytes        int64
	Debug               bool
	LogFormat           string
}

type setting struct {
	name, usage string
	str         *string
	num         *int64
	flag        *bool
	def         string
}

func (c *Config) settings() []setting {
	return []setting{
		{name: "addr", usage: "listen address", str: &c.Addr, def: "127.0.0.1:8080"},
		{name: "db", usage: "SQLite database file, or postgres:// URL of a PostgreSQL database", str: &c.DB, def: "./data/paygate.db"},
		{name: "public-url", usage: "externally visible base URL for notification and return URLs (default: from -addr)", str: &c.PublicURL},
		{name: "base-path", usage: "mount prefix of every route, e.g. /api", str: &c.BasePath},
		{name: "stripe-secret-key", usage: "platform Stripe secret key", str: &c.StripeSecretKey},
		{name: "stripe-api-base", usage: "Stripe API base URL (stripe-mock in tests and the demo; default: Stripe's)", str: &c.StripeAPIBase},
		{name: "stripe-webhook-secret", usage: "signing secret (whsec_…) of the Stripe webhook endpoint /v1/webhooks/stripe", str: &c.StripeWebhookSecret},
		{name: "payson-api-base", usage: "Payson API base URL (the sandbox in tests and the demo; default: Payson's)", str: &c.PaysonAPIBase},
		{name: "payson-test-api-base", usage: "Payson API base URL for checkouts created with TestMode (the sandbox in tests and the demo; default: Payson's test environment)", str: &c.PaysonTestAPIBase},
		{name: "payson-terms-url", usage: "merchant terms page Payson links to from its checkout (default: the public URL)", str: &c.PaysonTermsURL},
		{name: "jwt-secret", usage: "HS256 secret for JWT bearer tokens (off when empty)", str: &c.JWTSecret},
		{name: "jwt-public-key", usage: "PEM file or PEM text of the RS256 public key for JWT bearer tokens (off when empty)", str: &c.JWTPublicKey},
		{name: "jwt-issuer", usage: "required JWT iss claim (not checked when empty)", str: &c.JWTIssuer},
		{name: "jwt-audience", usage: "required JWT aud claim (not checked when empty)", str: &c.JWTAudience},
		{name: "billrun-shared-secret", usage: "HMAC-SHA512 key of BillRun _sig_ signatures", str: &c.BillRunSharedSecret},
		{name: "billrun-return-url", usage: "BillRun tenant return URL when getRequest names no return_url", str: &c.BillRunReturnURL},
		{name: "json-case", usage: "JSON and JSV property names: pascal or camel", str: &c.JSONCase, def: "pascal"},
		{name: "default-format", usage: "response format for Accept: */*: json, xml, jsv or csv", str: &c.DefaultFormat, def: "json"},
		{name: "cors-origins", usage: "allowed CORS origins, comma-separated", str: &c.CORSOrigins},
		{name: "max-body-bytes", usage: "request body limit in bytes", num: &c.MaxBodyBytes, def: "1048576"},
		{name: "debug", usage: "stack traces in error bodies", flag: &c.Debug, def: "false"},
		{name: "log-format", usage: "log output: text or json", str: &c.LogFormat, def: "text"},
	}
}

// EnvName is the environment variable of a flag: addr → PAYGATE_ADDR.
func EnvName(flagName string) string {
	return "PAYGATE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Parse reads args (without the subcommand) and the environment.
func Parse(name string, args []string, getenv func(string) string, out io.Writer) (*Config, error) {
	return ParseWith(name, args, getenv, out, nil)
}

// ParseWith is Parse for a command with flags of its own, which extra adds
// to the flag set.
func ParseWith(name string, args []string, getenv func(string) string, out io.Writer, extra func(*flag.FlagSet)) (*Config, error) {
	c := &Config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	if extra != nil {
		extra(fs)
	}
	for _, s := range c.settings() {
		def := s.def
		if v := getenv(EnvName(s.name)); v != "" {
			def = v
		}
		usage := fmt.Sprintf("%s (%s)", s.usage, EnvName(s.name))
		switch {
		case s.str != nil:
			fs.StringVar(s.str, s.name, def, usage)
		case s.num != nil:
			n, err := strconv.ParseInt(def, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not a number", EnvName(s.name), def)
			}
			fs.Int64Var(s.num, s.name, n, usage)
		case s.flag != nil:
			b, err := strconv.ParseBool(def)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not true or false", EnvName(s.name), def)
			}
			fs.BoolVar(s.flag, s.name, b, usage)
		}
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return c, c.check()
}

func (c *Config) check() error {
	switch c.JSONCase {
	case "pascal", "camel":
	default:
		return fmt.Errorf("json-case must be pascal or camel, not %q", c.JSONCase)
	}
	// A URL of another scheme would otherwise become a SQLite file under a
	// directory named after the scheme.
	if scheme, _, ok := strings.Cut(c.DB, "://"); ok && scheme != "postgres" && scheme != "postgresql" {
		return fmt.Errorf("%s: unsupported URL scheme %q: give a SQLite file path or a postgres:// URL", EnvName("db"), scheme)
	}
	if c.MaxBodyBytes <= 0 {
		return fmt.Errorf("max-body-bytes must be positive")
	}
	if c.BillRunReturnURL != "" {
		if u, err := url.Parse(c.BillRunReturnURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("billrun-return-url must be an absolute http or https URL, not %q", c.BillRunReturnURL)
		}
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	return nil
}

// Usage writes the settings table for --help.
func Usage(w io.Writer) {
	c := &Config{}
	for _, s := range c.settings() {
		def := ""
		if s.def != "" {
			def = " (default " + s.def + ")"
		}
		fmt.Fprintf(w, "  -%-22s %s%s\n  %-23s %s\n", s.name, s.usage, def, "", EnvName(s.name))
	}
}
