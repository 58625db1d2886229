// Package storetest gives tests a migrated database of their own.
package storetest

import (
	"fmt"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/pressly/goose/v3"

	"paygate/secrets"
	"paygate/store"
)

// Open returns a migrated store in a file under tb's temporary directory,
// closed when tb ends, so that tests never share state.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.OpenMigrated(tb.Context(), filepath.Join(tb.TempDir(), "paygate.db"))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetSealer(Keyring(tb))
	tb.Cleanup(func() { db.Close() })
	return db
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
	p, err := goose.NewProvider(goose.DialectSQLite3, db.SQL, fsys, goose.WithAllowOutofOrder(true))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := p.Up(tb.Context()); err != nil {
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
