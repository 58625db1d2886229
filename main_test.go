package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets a test run this binary as paygate itself, to see the exit
// status main gives an error.
func TestMain(m *testing.M) {
	if os.Getenv("PAYGATE_TEST_RUN_MAIN") == "1" {
		os.Args = append([]string{"paygate"}, os.Args[1:]...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestServeRefusesBadSettings: serve stops before it opens the database,
// let alone listens, with status 2 and the variable named.
func TestServeRefusesBadSettings(t *testing.T) {
	for _, c := range []struct{ env, value, accepts string }{
		{"PAYGATE_DEFAULT_FORMAT", "yaml", "json, xml, jsv or csv"},
		{"PAYGATE_LOG_FORMAT", "logfmt", "text or json"},
		{"PAYGATE_PUBLIC_URL", "pay.example", "absolute http or https URL"},
		{"PAYGATE_ADDR", "8080", "host:port"},
		{"PAYGATE_MAX_BODY_BYTES", "-1", "positive"},
		{"PAYGATE_TRUSTED_PROXIES", "10.0.0.0/8,10.1.2.0/33", "CIDR ranges or addresses"},
		{"PAYGATE_TRUSTED_PROXIES", "proxy.internal", "CIDR ranges or addresses"},
		{"PAYGATE_BILLRUN_SIGNATURE_MAX_AGE", "0s", "positive"},
		{"PAYGATE_JWT_PUBLIC_KEY", "/nonexistent/key.pem", "RSA public key in PEM"},
		{"PAYGATE_DB", "mysql://paygate:hunter2@db/paygate", "postgres://"},
	} {
		dir := t.TempDir()
		env := map[string]string{"PAYGATE_DB": filepath.Join(dir, "p.db"), "PAYGATE_ADDR": "127.0.0.1:0", c.env: c.value}
		err := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
		if exitCode(err) != 2 || !strings.Contains(err.Error(), c.env) || !strings.Contains(err.Error(), c.accepts) {
			t.Errorf("%s=%s: exit %d, %v", c.env, c.value, exitCode(err), err)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the message shows the password: %v", c.env, err)
		}
		if _, err := os.Stat(env["PAYGATE_DB"]); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s=%s: the database was opened (%v)", c.env, c.value, err)
		}
	}
}

func TestExitCodes(t *testing.T) {
	ctx := context.Background()
	none := func(string) string { return "" }
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"--help"}, 0},
		{[]string{"serve", "-h"}, 0},
		{nil, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"serve", "--no-such-flag"}, 2},
		{[]string{"serve", "--log-format", "yaml"}, 2},
		{[]string{"migrate", "--default-format=yaml"}, 2},
		{[]string{"migrate", "--db=mysql://db/paygate"}, 2},
	} {
		if got := exitCode(run(ctx, c.args, none, io.Discard, io.Discard)); got != c.code {
			t.Errorf("paygate %q: exit %d, want %d", c.args, got, c.code)
		}
	}
	if got := exitCode(errors.New("database is locked")); got != 1 {
		t.Errorf("a runtime failure: exit %d, want 1", got)
	}
}

// TestProcessExitStatus runs paygate as a process: the status a supervisor
// sees, and one line per bad setting on stderr.
func TestProcessExitStatus(t *testing.T) {
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = append(os.Environ(), "PAYGATE_TEST_RUN_MAIN=1", "PAYGATE_DB="+filepath.Join(t.TempDir(), "p.db"),
		"PAYGATE_JWT_SECRET=short-and-secret", "PAYGATE_DEFAULT_FORMAT=yaml", "PAYGATE_LOG_FORMAT=logfmt")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("%v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	want := []string{"PAYGATE_JWT_SECRET", "PAYGATE_DEFAULT_FORMAT", "PAYGATE_LOG_FORMAT"}
	if len(lines) != len(want) || strings.Contains(string(out), "short-and-secret") {
		t.Fatalf("stderr:\n%s", out)
	}
	for i, v := range want {
		if !strings.HasPrefix(lines[i], "paygate: "+v) {
			t.Errorf("line %d: %q, want it to name %s", i, lines[i], v)
		}
	}
}
