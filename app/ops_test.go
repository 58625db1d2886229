package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"paygate/app"
	"paygate/config"
	"paygate/providers/payson/sandbox"
	"paygate/providers/stripe/stripetest"
	"paygate/store/storetest"
)

// newApp starts the app on a fresh database with env on top of it.
func newApp(t testing.TB, env map[string]string) *app.App {
	t.Helper()
	return newAppLog(t, env, io.Discard)
}

// newAppLog is newApp logging to log; a SQLite file of its own when env
// names no database.
func newAppLog(t testing.TB, env map[string]string, log io.Writer) *app.App {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if env["PAYGATE_DB"] == "" {
		env["PAYGATE_DB"] = filepath.Join(t.TempDir(), "p.db")
	}
	a, err := start(t, env, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// start builds the app env describes, logging to log, and returns its
// error for the tests of what refuses to start.
func start(t testing.TB, env map[string]string, log io.Writer) (*app.App, error) {
	t.Helper()
	cfg, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		return nil, err
	}
	return app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(log, nil)))
}

// providers starts stripe-mock and the Payson sandbox and returns the
// settings that point the app at them.
func providers(t *testing.T) map[string]string {
	t.Helper()
	mock := stripetest.Start(t)
	sb := sandbox.New(sandbox.Options{})
	t.Cleanup(func() { sb.Close() })
	payson := httptest.NewServer(sb)
	t.Cleanup(payson.Close)
	return map[string]string{
		"PAYGATE_STRIPE_API_BASE":      mock.URL,
		"PAYGATE_STRIPE_SECRET_KEY":    stripetest.SecretKey,
		"PAYGATE_PAYSON_API_BASE":      payson.URL,
		"PAYGATE_PAYSON_TEST_API_BASE": payson.URL,
	}
}

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Code, rec.Body.String()
}

// TestProbes: /healthz says the process lives whatever the database does;
// /readyz says whether it can serve, under any base path.
func TestProbes(t *testing.T) {
	a := newApp(t, map[string]string{"PAYGATE_BASE_PATH": "/api"})
	if code, body := get(t, a.Server, "/readyz"); code != 200 || !strings.Contains(body, `"status":"ready"`) {
		t.Errorf("/readyz: %d %s", code, body)
	}
	storetest.MigrateNewer(t, a.DB, 99991)
	if code, body := get(t, a.Server, "/readyz"); code != 503 || !strings.Contains(body, "newer than this binary") {
		t.Errorf("/readyz after a newer binary migrated: %d %s", code, body)
	}
	a.DB.Close()
	if code, body := get(t, a.Server, "/readyz"); code != 503 || !strings.Contains(body, "database unreachable") {
		t.Errorf("/readyz, database closed: %d %s", code, body)
	}
	if code, body := get(t, a.Server, "/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("/healthz, database closed: %d %s", code, body)
	}
}
