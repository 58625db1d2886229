package health_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"paygate/health"
	"paygate/internal/logtest"
	"paygate/store"
	"paygate/store/storetest"
)

func probe(t *testing.T, db health.Database, log *slog.Logger) (int, string, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	health.Readiness{DB: db, Logger: log}.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	var body struct{ Status, Reason string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q: a cached answer would outlive the state it describes", rec.Header().Get("Cache-Control"))
	}
	return rec.Code, body.Status, body.Reason
}

func TestReadiness(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	db := storetest.Open(t)
	if code, status, reason := probe(t, db, quiet); code != http.StatusOK || status != "ready" || reason != "" {
		t.Errorf("migrated: %d %s %q", code, status, reason)
	}

	storetest.MigrateNewer(t, db, 99990)
	if code, _, reason := probe(t, db, quiet); code != http.StatusServiceUnavailable ||
		!strings.Contains(reason, "newer than this binary") || !strings.Contains(reason, "99990") {
		t.Errorf("after a newer binary migrated: %d %q", code, reason)
	}

	fresh, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if code, _, reason := probe(t, fresh, quiet); code != http.StatusServiceUnavailable || !strings.Contains(reason, "migrations pending (00001") {
		t.Errorf("unmigrated: %d %q", code, reason)
	}
	if _, err := fresh.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := probe(t, fresh, quiet); code != http.StatusOK {
		t.Errorf("once migrated: %d", code)
	}

	var logs logtest.Buffer
	fresh.Close()
	if code, _, reason := probe(t, fresh, slog.New(slog.NewTextHandler(&logs, nil))); code != http.StatusServiceUnavailable || reason != "database unreachable" {
		t.Errorf("closed: %d %q", code, reason)
	}
	if !strings.Contains(logs.String(), "database is closed") {
		t.Errorf("the cause is not logged: %s", logs.String())
	}
}
