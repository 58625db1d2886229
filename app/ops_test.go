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
	"paygate/store/storetest"
)

// newApp starts the app on a fresh database with env on top of it.
func newApp(t *testing.T, env map[string]string) *app.App {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if env["PAYGATE_DB"] == "" {
		env["PAYGATE_DB"] = filepath.Join(t.TempDir(), "p.db")
	}
	cfg, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
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
