// Package storetest gives tests a migrated database of their own.
package storetest

import (
	"path/filepath"
	"testing"

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
