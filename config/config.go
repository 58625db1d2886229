// Package config reads paygate's settings from flags and PAYGATE_*
// environment variables. Every flag has a variable and the other way round;
// a flag given on the command line wins over the variable. Every setting is
// checked here, before anything starts, and a bad one is an *Error.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"time"
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
	// BillRunSignatureMaxAge is how long a signed getRequest is valid.
	BillRunSignatureMaxAge time.Duration
	JSONCase               string
	DefaultFormat          string
	CORSOrigins            string
	TrustedProxies         string
	// TrustedProxyRanges is TrustedProxies read, by the check.
	TrustedProxyRanges []netip.Prefix
	MaxBodyBytes       int64
	Debug              bool
	LogFormat          string
	MetricsAddr        string
	// Pprof serves Go's runtime profiles beside /metrics on MetricsAddr,
	// never on the API address.
	Pprof             bool
	EncryptionKey     string
	EncryptionKeyFile string
	// AttemptTimeout bounds one provider attempt, stripe-go's retries
	// included; the write timeout and the shutdown drain derive from it.
	AttemptTimeout time.Duration
	// ShutdownTimeout bounds the drain on SIGTERM; zero means
	// AttemptTimeout plus ShutdownMargin.
	ShutdownTimeout time.Duration
}

// ShutdownMargin is what the default drain allows beyond one attempt: the
// bookkeeping before and after the provider call.
const ShutdownMargin = 10 * time.Second

// Drain is how long a shutdown waits for requests in flight.
func (c *Config) Drain() time.Duration {
	if c.ShutdownTimeout > 0 {
		return c.ShutdownTimeout
	}
	return c.AttemptTimeout + ShutdownMargin
}

// setting is one flag and its variable. Exactly one of str, num, flag and
// dur is set; secret keeps the value out of error messages.
type setting struct {
	name, usage string
	str         *string
	num         *int64
	flag        *bool
	dur         *time.Duration // positive: a time bound; empty text leaves it zero
	def         string
	secret      bool
}

func (c *Config) settings() []setting {
	return []setting{
		{name: "addr", usage: "listen address", str: &c.Addr, def: "127.0.0.1:8080"},
		{name: "db", usage: "SQLite database file, or postgres:// URL of a PostgreSQL database", str: &c.DB, def: "./data/paygate.db"},
		{name: "public-url", usage: "externally visible base URL for notification and return URLs (default: from -addr)", str: &c.PublicURL},
		{name: "base-path", usage: "mount prefix of every route, e.g. /api", str: &c.BasePath},
		{name: "stripe-secret-key", usage: "platform Stripe secret key", str: &c.StripeSecretKey, secret: true},
		{name: "stripe-api-base", usage: "Stripe API base URL (stripe-mock in tests and the demo; default: Stripe's)", str: &c.StripeAPIBase},
		{name: "stripe-webhook-secret", usage: "signing secret (whsec_…) of the Stripe webhook endpoint /v1/webhooks/stripe", str: &c.StripeWebhookSecret, secret: true},
		{name: "payson-api-base", usage: "Payson API base URL (the sandbox in tests and the demo; default: Payson's)", str: &c.PaysonAPIBase},
		{name: "payson-test-api-base", usage: "Payson API base URL for checkouts created with TestMode (the sandbox in tests and the demo; default: Payson's test environment)", str: &c.PaysonTestAPIBase},
		{name: "payson-terms-url", usage: "merchant terms page Payson links to from its checkout (default: the public URL)", str: &c.PaysonTermsURL},
		{name: "jwt-secret", usage: "HS256 secret for JWT bearer tokens, at least 32 bytes (off when empty)", str: &c.JWTSecret, secret: true},
		{name: "jwt-public-key", usage: "PEM file or PEM text of the RS256 public key for JWT bearer tokens (off when empty)", str: &c.JWTPublicKey},
		{name: "jwt-issuer", usage: "required JWT iss claim (not checked when empty)", str: &c.JWTIssuer},
		{name: "jwt-audience", usage: "required JWT aud claim (not checked when empty)", str: &c.JWTAudience},
		{name: "billrun-shared-secret", usage: "HMAC-SHA512 key of BillRun _sig_ signatures", str: &c.BillRunSharedSecret, secret: true},
		{name: "billrun-return-url", usage: "BillRun tenant return URL when getRequest names no return_url", str: &c.BillRunReturnURL},
		{name: "billrun-signature-max-age", usage: "how long a signed getRequest is valid after its _t_, with a minute of clock skew either way", dur: &c.BillRunSignatureMaxAge, def: "5m"},
		{name: "json-case", usage: "JSON and JSV property names: pascal or camel", str: &c.JSONCase, def: "pascal"},
		{name: "default-format", usage: "response format for Accept: */*: json, xml, jsv or csv", str: &c.DefaultFormat, def: "json"},
		{name: "cors-origins", usage: "allowed CORS origins, comma-separated", str: &c.CORSOrigins},
		{name: "trusted-proxies", usage: "proxies whose X-Forwarded-For names the client: CIDR ranges or addresses, comma-separated (none when empty)", str: &c.TrustedProxies},
		{name: "max-body-bytes", usage: "request body limit in bytes", num: &c.MaxBodyBytes, def: "1048576"},
		{name: "debug", usage: "stack traces in error bodies", flag: &c.Debug, def: "false"},
		{name: "log-format", usage: "log output: text or json", str: &c.LogFormat, def: "text"},
		{name: "encryption-key", usage: "keys sealing stored provider credentials, id:base64 of 32 bytes, comma-separated, the first sealing (default on SQLite: a key generated into the file DB.key)", str: &c.EncryptionKey, secret: true},
		{name: "encryption-key-file", usage: "file holding -encryption-key's value", str: &c.EncryptionKeyFile},
		{name: "metrics-addr", usage: "serve /metrics on this address only, not on -addr (default: on -addr)", str: &c.MetricsAddr},
		{name: "pprof", usage: "serve Go's runtime profiles (net/http/pprof) under /debug/pprof/ on -metrics-addr, which it requires", flag: &c.Pprof, def: "false"},
		{name: "attempt-timeout", usage: "time bound of one provider attempt, retries included (any positive duration, e.g. 25s)", dur: &c.AttemptTimeout, def: "25s"},
		{name: "shutdown-timeout", usage: "how long a shutdown waits for requests in flight (default: the attempt timeout plus 10s)", dur: &c.ShutdownTimeout},
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
// to the flag set. Every bad setting is reported, joined, as an *Error;
// flag.ErrHelp is returned as it is.
func ParseWith(name string, args []string, getenv func(string) string, out io.Writer, extra func(*flag.FlagSet)) (*Config, error) {
	c := &Config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	if extra != nil {
		extra(fs)
	}
	settings := c.settings()
	raws := make([]rawValue, len(settings))
	for i, s := range settings {
		// Flags hold text until both sources are read, so a value from
		// the command line and one from the environment are converted,
		// and refused, the same way; --help shows the built-in defaults,
		// never a value from the environment.
		raws[i] = rawValue{text: s.def, boolean: s.flag != nil}
		fs.Var(&raws[i], s.name, fmt.Sprintf("%s (%s)", s.usage, EnvName(s.name)))
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, &Error{Accepts: "the flags paygate " + name + " -h lists", Err: err}
	}
	if fs.NArg() > 0 {
		return nil, &Error{Accepts: "flags only", Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	var errs []error
	for i, s := range settings {
		text := raws[i].text
		if v := getenv(EnvName(s.name)); v != "" && !raws[i].given {
			text = v
		}
		if err := s.set(text); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		errs = c.check()
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// set converts text into the setting's field.
func (s setting) set(text string) error {
	switch {
	case s.str != nil:
		*s.str = text
	case s.num != nil:
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return s.invalid(text, "a whole number")
		}
		*s.num = n
	case s.flag != nil:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return s.invalid(text, "true or false")
		}
		*s.flag = b
	case s.dur != nil && text == "" && s.def == "":
		// Unset: the field's zero means a default derived from others.
	case s.dur != nil:
		d, err := time.ParseDuration(text)
		if err != nil || d <= 0 {
			return s.invalid(text, "a positive duration such as 30s, 2m or 1h30m")
		}
		*s.dur = d
	}
	return nil
}

func (s setting) invalid(value, accepts string) *Error {
	if s.secret {
		value = ""
	}
	return &Error{Setting: s.name, Value: value, Accepts: accepts}
}

// rawValue is a flag's text and whether the command line gave it.
type rawValue struct {
	text           string
	given, boolean bool
}

func (r *rawValue) String() string   { return r.text }
func (r *rawValue) IsBoolFlag() bool { return r.boolean }
func (r *rawValue) Set(v string) error {
	r.text, r.given = v, true
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
