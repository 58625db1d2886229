package app_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	_ "github.com/mattn/go-sqlite3" // the raw file, beside the store

	"paygate/app"
	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/config"
	"paygate/internal/logtest"
	"paygate/providers/payson/sandbox"
	"paygate/secrets"
	"paygate/store"
	"paygate/store/storetest"
)

func newKey(t *testing.T, id string) string {
	t.Helper()
	k, err := secrets.Generate(id)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// rawDB opens the SQLite file at path beside the store, as an operator
// with a database shell, or an earlier paygate, would write to it.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func rawAPIKey(t *testing.T, db *sql.DB, company uuid.UUID) string {
	t.Helper()
	var v string
	if err := db.QueryRow(`SELECT api_key FROM payson_settings WHERE company_id = ?`, company.String()).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func addPayson(t *testing.T, db *store.DB, company uuid.UUID, key string) {
	t.Helper()
	storetest.AddCompany(t, db, store.Company{ID: company, Name: "Acme", Currency: "SEK"})
	if err := db.PutPaysonSettings(context.Background(), store.PaysonSettings{CompanyID: company, AgentID: "4", APIKey: key}); err != nil {
		t.Fatal(err)
	}
}

// TestGeneratedKey: SQLite with no key gets one, owner-only, beside the
// database, and keeps using it; a database whose key file went missing
// refuses to start rather than make up a new key.
func TestGeneratedKey(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "p.db")
	env := map[string]string{"PAYGATE_DB": dbPath}
	a, err := start(t, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	company := uuid.New()
	addPayson(t, a.DB, company, "api-key-1")
	a.Close()
	fi, err := os.Stat(app.KeyFile(dbPath))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	if a, err = start(t, env, io.Discard); err != nil {
		t.Fatalf("second start: %v", err)
	}
	if s, err := a.DB.PaysonSettings(context.Background(), company); err != nil || s.APIKey != "api-key-1" {
		t.Errorf("after restart: %q %v", s.APIKey, err)
	}
	a.Close()

	if err := os.Remove(app.KeyFile(dbPath)); err != nil {
		t.Fatal(err)
	}
	_, err = start(t, env, io.Discard)
	var ce *config.Error
	if !errors.As(err, &ce) || ce.Setting != "encryption-key" || !strings.Contains(err.Error(), "restore "+app.KeyFile(dbPath)) {
		t.Errorf("key file lost: %v", err)
	}
	if _, err := os.Stat(app.KeyFile(dbPath)); err == nil {
		t.Error("a new key was made up for sealed credentials")
	}
}

// TestPlainCredentialsSealedAtStart: rows an earlier paygate stored in
// plain text are sealed by the first start with a key.
func TestPlainCredentialsSealedAtStart(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "p.db")
	old, err := store.OpenMigrated(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	company := uuid.New()
	storetest.AddCompany(t, old, store.Company{ID: company, Name: "Acme", Currency: "SEK"})
	if _, err := rawDB(t, dbPath).Exec(`INSERT INTO payson_settings (company_id, agent_id, api_key) VALUES (?, '4', 'plain-key-from-before')`, company.String()); err != nil {
		t.Fatal(err)
	}
	old.Close()
	a, err := start(t, map[string]string{"PAYGATE_DB": dbPath, "PAYGATE_ENCRYPTION_KEY": newKey(t, "k7")}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if raw := rawAPIKey(t, rawDB(t, a.Config.DB), company); secrets.KeyOf(raw) != "k7" || strings.Contains(raw, "plain-key") {
		t.Errorf("stored %q", raw)
	}
	if s, err := a.DB.PaysonSettings(context.Background(), company); err != nil || s.APIKey != "plain-key-from-before" {
		t.Errorf("read back %q %v", s.APIKey, err)
	}
}

// TestWrongKeyStopsStart: a key that does not open the stored credentials
// stops paygate at start, naming the setting and never the key.
func TestWrongKeyStopsStart(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "p.db")
	k1 := newKey(t, "k1")
	a, err := start(t, map[string]string{"PAYGATE_DB": dbPath, "PAYGATE_ENCRYPTION_KEY": k1}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	addPayson(t, a.DB, uuid.New(), "api-key")
	a.Close()
	keyFile := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(keyFile, []byte(newKey(t, "k1")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, env := range map[string]map[string]string{
		"another k1":     {"PAYGATE_ENCRYPTION_KEY": newKey(t, "k1")},
		"old key gone":   {"PAYGATE_ENCRYPTION_KEY": newKey(t, "k2")},
		"file, wrong k1": {"PAYGATE_ENCRYPTION_KEY_FILE": keyFile},
		"no key at all":  {},
		"not a key":      {"PAYGATE_ENCRYPTION_KEY": "k1:c2hvcnQ="},
	} {
		env["PAYGATE_DB"] = dbPath
		a, err := start(t, env, io.Discard)
		if err == nil {
			a.Close()
			t.Errorf("%s: started", name)
			continue
		}
		var ce *config.Error
		if !errors.As(err, &ce) || !strings.Contains(ce.Setting, "encryption-key") {
			t.Errorf("%s: %v, want a config error naming the key", name, err)
		}
		if given := env["PAYGATE_ENCRYPTION_KEY"]; strings.Contains(err.Error(), k1[3:15]) || (len(given) > 3 && strings.Contains(err.Error(), given[3:])) {
			t.Errorf("%s: the error shows a key: %v", name, err)
		}
	}
}

// TestNoSecretOnTheWire: the Payson API key and the encryption key are in
// no log line, no answer, no metric and no metadata page; a credential
// that does not open is never sent to Payson.
func TestNoSecretOnTheWire(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	defer sb.Close()
	payson := httptest.NewServer(sb)
	defer payson.Close()
	key := newKey(t, "k1")
	var logs logtest.Buffer
	a, err := start(t, map[string]string{"PAYGATE_DB": filepath.Join(t.TempDir(), "p.db"), "PAYGATE_ENCRYPTION_KEY": key,
		"PAYGATE_PAYSON_API_BASE": payson.URL, "PAYGATE_PAYSON_TEST_API_BASE": payson.URL}, &logs)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ts := httptest.NewServer(a.Server)
	defer ts.Close()
	company, other := uuid.New(), uuid.New()
	for _, c := range []uuid.UUID{company, other} {
		storetest.AddCompany(t, a.DB, store.Company{ID: c, Name: "Acme", Currency: "SEK"})
		if err := a.DB.PutArticle(t.Context(), store.Article{CompanyID: c, ArticleID: 1, ArticleTypeID: 1, Name: "Cut",
			UnitPrice: 50000, VATRateBP: 2500, Currency: "SEK"}); err != nil {
			t.Fatal(err)
		}
	}
	admin := authtest.Key(t, a.DB, auth.KeySpec{Roles: []string{"superadmin"}})
	const apiKey = "payson-api-key-DO-NOT-LEAK-0123"
	var bodies strings.Builder
	call := func(method, path, body string) int {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+admin)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		bodies.Write(b)
		return resp.StatusCode
	}
	for _, c := range []uuid.UUID{company, other} {
		if code := call("POST", "/payment/payson/apisettings", fmt.Sprintf(`{"CompanyId":%q,"SecurityUserId":%q,"SecurityPassword":%q}`,
			c, sandbox.DemoAgentID, apiKey)); code != 200 {
			t.Fatalf("apisettings: %d %s", code, bodies.String())
		}
	}
	call("GET", "/payment/payson/apisettings?CompanyId="+company.String(), "")
	call("POST", "/payment/payson/apisettings", fmt.Sprintf(`{"CompanyId":%q,"SecurityUserId":"","SecurityPassword":%q,"ReceiverEmail":"no"}`, company, apiKey))
	for _, p := range []string{"/metadata", "/json/metadata?op=AddPaysonApiSettings", "/openapi.json", "/types/csharp", "/metrics"} {
		call("GET", p, "")
	}

	// Another company's sealed key moved into this company's row: it must
	// not open, and nothing goes to Payson with it.
	if _, err := rawDB(t, a.Config.DB).Exec(`UPDATE payson_settings SET api_key = ? WHERE company_id = ?`, rawAPIKey(t, rawDB(t, a.Config.DB), other), company.String()); err != nil {
		t.Fatal(err)
	}
	create := fmt.Sprintf(`{"CompanyId":%q,"InternalReferenceId":"b-1","PaymentOrigin":"HomePage","Language":"sv","CountryCode":"SE",`+
		`"Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}]}`, company)
	if code := call("POST", "/payment/payson/v2/checkout", create); code < 500 {
		t.Errorf("checkout with an unopenable key: %d", code)
	}
	call("GET", "/metrics", "")
	if strings.Contains(bodies.String(), `provider="payson"`) {
		t.Errorf("paygate called Payson with a credential that did not open:\n%s", grepPaygate(bodies.String()))
	}

	for where, text := range map[string]string{"logs": logs.String(), "answers": bodies.String()} {
		for _, secret := range []string{apiKey, apiKey[len(apiKey)-12:], key, key[3:15]} {
			if strings.Contains(text, secret) {
				t.Errorf("%s show %q", where, secret)
			}
		}
	}
}

// TestPostgresNeedsKey: replicas must share a key, so on PostgreSQL none
// is generated and serve refuses to start without one.
func TestPostgresNeedsKey(t *testing.T) {
	dsn := storetest.DSN(t, "postgres")
	_, err := start(t, map[string]string{"PAYGATE_DB": dsn}, io.Discard)
	var ce *config.Error
	if !errors.As(err, &ce) || ce.Setting != "encryption-key" || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Fatalf("no key: %v", err)
	}
	a, err := start(t, map[string]string{"PAYGATE_DB": dsn, "PAYGATE_ENCRYPTION_KEY": newKey(t, "k1")}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	company := uuid.New()
	addPayson(t, a.DB, company, "pg-api-key")
	if s, err := a.DB.PaysonSettings(t.Context(), company); err != nil || s.APIKey != "pg-api-key" {
		t.Errorf("read back %q %v", s.APIKey, err)
	}
}
