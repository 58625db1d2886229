package config

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func parse(args []string, env map[string]string) (*Config, error) {
	return Parse("serve", args, func(k string) string { return env[k] }, io.Discard)
}

func TestDefaults(t *testing.T) {
	c, err := parse(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.PublicURL != "http://127.0.0.1:8080" || c.MaxBodyBytes != 1<<20 ||
		c.DefaultFormat != "json" || c.LogFormat != "text" || c.JSONCase != "pascal" || c.Debug {
		t.Errorf("defaults: %+v", c)
	}
}

func TestFlagWinsOverEnvironment(t *testing.T) {
	env := map[string]string{"PAYGATE_DEFAULT_FORMAT": "yaml", "PAYGATE_MAX_BODY_BYTES": "x", "PAYGATE_DEBUG": "maybe"}
	c, err := parse([]string{"--default-format", "xml", "--max-body-bytes=10", "--debug"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.DefaultFormat != "xml" || c.MaxBodyBytes != 10 || !c.Debug {
		t.Errorf("%+v", c)
	}
	c, err = parse(nil, map[string]string{"PAYGATE_DEFAULT_FORMAT": "csv", "PAYGATE_DEBUG": "true", "PAYGATE_PUBLIC_URL": "https://pay.example/"})
	if err != nil {
		t.Fatal(err)
	}
	if c.DefaultFormat != "csv" || !c.Debug || c.PublicURL != "https://pay.example" {
		t.Errorf("%+v", c)
	}
}

// TestBadSettings: each bad value is an *Error naming its variable, the
// value (or the item of a list) refused and what it accepts.
func TestBadSettings(t *testing.T) {
	for _, c := range []struct {
		env     string
		value   string
		accepts string
	}{
		{"PAYGATE_DEFAULT_FORMAT", "yaml", "json, xml, jsv or csv"},
		{"PAYGATE_DEFAULT_FORMAT", "JSON", "json, xml, jsv or csv"},
		{"PAYGATE_LOG_FORMAT", "logfmt", "text or json"},
		{"PAYGATE_JSON_CASE", "snake", "pascal or camel"},
		{"PAYGATE_ADDR", "localhost", "host:port"},
		{"PAYGATE_ADDR", "127.0.0.1:99999", "host:port"},
		{"PAYGATE_ADDR", "127.0.0.1:http", "host:port"},
		{"PAYGATE_METRICS_ADDR", "9090", "host:port"},
		{"PAYGATE_PUBLIC_URL", "pay.example.com", "absolute http or https URL"},
		{"PAYGATE_PUBLIC_URL", "https://pay.example?x=1", "without a query"},
		{"PAYGATE_BASE_PATH", "api", "starting with /"},
		{"PAYGATE_STRIPE_API_BASE", "ftp://stripe", "absolute http or https URL"},
		{"PAYGATE_PAYSON_API_BASE", "://", "absolute http or https URL"},
		{"PAYGATE_PAYSON_TEST_API_BASE", "localhost:8181", "absolute http or https URL"},
		{"PAYGATE_PAYSON_TERMS_URL", "/terms", "absolute http or https URL"},
		{"PAYGATE_BILLRUN_RETURN_URL", "javascript:alert(1)", "absolute http or https URL"},
		{"PAYGATE_CORS_ORIGINS", "https://a.example,https://b.example/path", "scheme://host"},
		{"PAYGATE_CORS_ORIGINS", "b.example", "scheme://host"},
		{"PAYGATE_MAX_BODY_BYTES", "1MB", "a whole number"},
		{"PAYGATE_MAX_BODY_BYTES", "0", "a positive number"},
		{"PAYGATE_DEBUG", "yes please", "true or false"},
		{"PAYGATE_JWT_AUDIENCE", "paygate", "PAYGATE_JWT_SECRET or PAYGATE_JWT_PUBLIC_KEY"},
		// Profiles on the public address would hand anyone the code's
		// shape and its memory.
		{"PAYGATE_PPROF", "true", "PAYGATE_METRICS_ADDR"},
	} {
		_, err := parse(nil, map[string]string{c.env: c.value})
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("%s=%q: %v, want a *config.Error", c.env, c.value, err)
			continue
		}
		if EnvName(ce.Setting) != c.env || !strings.Contains(err.Error(), c.env) || !strings.Contains(err.Error(), c.accepts) ||
			ce.Value == "" || !strings.Contains(c.value, ce.Value) {
			t.Errorf("%s=%q: %q", c.env, c.value, err)
		}
	}
	_, err := parse([]string{"--db="}, nil)
	if !strings.Contains(err.Error(), "PAYGATE_DB") {
		t.Errorf("empty db: %v", err)
	}
}

// TestSecretsNeverRepeated: a refused secret is named, never shown.
func TestSecretsNeverRepeated(t *testing.T) {
	for env, v := range map[string]string{
		"PAYGATE_STRIPE_SECRET_KEY":     "pk_live_notasecretkey1234",
		"PAYGATE_STRIPE_WEBHOOK_SECRET": "wh_nearlyasecret1234",
		"PAYGATE_JWT_SECRET":            "tooshortsecret1234",
	} {
		_, err := parse(nil, map[string]string{env: v})
		if err == nil || !strings.Contains(err.Error(), env) || strings.Contains(err.Error(), "1234") {
			t.Errorf("%s: %v", env, err)
		}
	}
}

// TestEveryBadSettingReported: an operator fixes them all in one go.
func TestEveryBadSettingReported(t *testing.T) {
	_, err := parse(nil, map[string]string{"PAYGATE_DEFAULT_FORMAT": "yaml", "PAYGATE_LOG_FORMAT": "xml", "PAYGATE_ADDR": "nowhere"})
	for _, v := range []string{"PAYGATE_DEFAULT_FORMAT", "PAYGATE_LOG_FORMAT", "PAYGATE_ADDR"} {
		if err == nil || !strings.Contains(err.Error(), v) {
			t.Errorf("%v: %s not reported", err, v)
		}
	}
}

func TestCommandLineErrors(t *testing.T) {
	for _, args := range [][]string{{"--no-such-flag"}, {"--max-body-bytes"}, {"stray"}} {
		_, err := parse(args, nil)
		var ce *Error
		if !errors.As(err, &ce) || ce.Setting != "" {
			t.Errorf("%q: %v", args, err)
		}
	}
	if _, err := parse([]string{"-h"}, nil); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v", err)
	}
}

// TestHelpShowsNoEnvironment: --help prints built-in defaults, so a
// secret in the environment never reaches a terminal or a CI log.
func TestHelpShowsNoEnvironment(t *testing.T) {
	var out bytes.Buffer
	_, err := Parse("serve", []string{"-h"}, func(k string) string {
		if k == "PAYGATE_JWT_SECRET" {
			return "s3cret-s3cret-s3cret-s3cret-s3cret"
		}
		return ""
	}, &out)
	if !errors.Is(err, flag.ErrHelp) || strings.Contains(out.String(), "s3cret") || !strings.Contains(out.String(), "PAYGATE_JWT_SECRET") {
		t.Errorf("%v\n%s", err, out.String())
	}
}

func TestCORSOriginsAccepted(t *testing.T) {
	c, err := parse(nil, map[string]string{"PAYGATE_CORS_ORIGINS": "https://shop.example, http://localhost:3000,https://*.example.com,*"})
	if err != nil {
		t.Fatal(err)
	}
	if got := List(c.CORSOrigins); len(got) != 4 || got[1] != "http://localhost:3000" {
		t.Errorf("%q", got)
	}
}

// TestDurations: the kind time bounds are read with.
func TestDurations(t *testing.T) {
	var d time.Duration
	s := setting{name: "attempt-timeout", dur: &d}
	if err := s.set("1m30s"); err != nil || d != 90*time.Second {
		t.Errorf("1m30s: %v %v", d, err)
	}
	for _, v := range []string{"90", "0s", "-5s", "soon"} {
		err := s.set(v)
		if err == nil || !strings.Contains(err.Error(), "PAYGATE_ATTEMPT_TIMEOUT") || !strings.Contains(err.Error(), "positive duration") {
			t.Errorf("%q: %v", v, err)
		}
	}
}

func TestAttemptAndShutdownTimeouts(t *testing.T) {
	c, err := parse(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.AttemptTimeout != 25*time.Second || c.Drain() != 25*time.Second+ShutdownMargin {
		t.Errorf("defaults: attempt %s, drain %s", c.AttemptTimeout, c.Drain())
	}
	c, err = parse([]string{"--shutdown-timeout", "3m"}, map[string]string{"PAYGATE_ATTEMPT_TIMEOUT": "1s"})
	if err != nil {
		t.Fatal(err)
	}
	if c.AttemptTimeout != time.Second || c.Drain() != 3*time.Minute {
		t.Errorf("set: attempt %s, drain %s", c.AttemptTimeout, c.Drain())
	}
	for _, bad := range []map[string]string{
		{"PAYGATE_ATTEMPT_TIMEOUT": "soon"},
		{"PAYGATE_ATTEMPT_TIMEOUT": "0s"},
		{"PAYGATE_ATTEMPT_TIMEOUT": "-1s"},
		{"PAYGATE_SHUTDOWN_TIMEOUT": "-5s"},
	} {
		var ce *Error
		if _, err := parse(nil, bad); !errors.As(err, &ce) || !strings.Contains(err.Error(), "timeout") {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
