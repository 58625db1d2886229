// Package storetest gives tests a migrated database of their own, on
// SQLite or on PostgreSQL.
package storetest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"testing/fstest"

	"paygate/internal/pgtest"
	"paygate/secrets"
	"paygate/store"
)

// Engines are the engines a store runs on, as Each names its subtests.
var Engines = []string{"sqlite", "postgres"}

// Open returns a migrated SQLite store in a file under tb's temporary
// directory, closed when tb ends, so that tests never share state.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	return OpenEngine(tb, "sqlite")
}

// OpenEngine is Open on the engine named ("sqlite" or "postgres"; empty
// is SQLite); a PostgreSQL store is a database of its own on the test
// cluster.
func OpenEngine(tb testing.TB, engine string) *store.DB {
	tb.Helper()
	db, err := store.OpenMigrated(tb.Context(), DSN(tb, engine))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetSealer(Keyring(tb))
	tb.Cleanup(func() { db.Close() })
	return db
}

// DSN returns what PAYGATE_DB would name for a fresh, migrated database
// on engine, removed when tb ends.
func DSN(tb testing.TB, engine string) string {
	tb.Helper()
	switch engine {
	case "sqlite", "":
		dsn := filepath.Join(tb.TempDir(), "paygate.db")
		db, err := store.OpenMigrated(tb.Context(), dsn)
		if err != nil {
			tb.Fatal(err)
		}
		db.Close()
		return dsn
	case "postgres":
		return pgtest.FromTemplate(tb, "paygate_migrated", func(ctx context.Context, url string) error {
			db, err := store.OpenMigrated(ctx, url)
			if err != nil {
				return err
			}
			return db.Close()
		})
	}
	tb.Fatalf("storetest: unknown engine %q", engine)
	return ""
}

// Each runs test on every engine, as subtests named after them, each with
// a fresh migrated store.
func Each(t *testing.T, test func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) { test(t, OpenEngine(t, engine)) })
	}
}

// AddCompany adds the companies to db, failing tb if one cannot be added.
func AddCompany(tb testing.TB, db *store.DB, companies ...store.Company) {
	tb.Helper()
	for _, c := range companies {
		if err := db.AddCompany(tb.Context(), c); err != nil {
			tb.Fatal(err)
		}
	}
}

// MigrateNewer applies to db a migration this binary does not carry, as a
// newer paygate migrating the shared database would.
func MigrateNewer(tb testing.TB, db *store.DB, version int64) {
	tb.Helper()
	name := fmt.Sprintf("%05d_newer.sql", version)
	fsys := fstest.MapFS{name: {Data: []byte("-- +goose Up\nCREATE TABLE newer_paygate (id INTEGER);\n")}}
	if _, err := db.ApplyMigrations(tb.Context(), fsys); err != nil {
		tb.Fatal(err)
	}
}

// Keyring returns a keyring with one new key, k1.
func Keyring(tb testing.TB) *secrets.Keyring {
	tb.Helper()
	text, err := secrets.Generate("k1")
	if err != nil {
		tb.Fatal(err)
	}
	k, err := secrets.Parse(text)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// EachEngine runs test on every engine, as subtests named after them, for
// tests that build their own store with OpenEngine or DSN.
func EachEngine(t *testing.T, test func(t *testing.T, engine string)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) { test(t, engine) })
	}
}
