package store_test

import (
	"testing"

	"github.com/google/uuid"

	"paygate/store"
	"paygate/store/storetest"
)

// openDB returns a fresh store with one company in it.
func openDB(t *testing.T) (*store.DB, uuid.UUID) {
	t.Helper()
	db := storetest.Open(t)
	company := uuid.New()
	storetest.AddCompany(t, db, store.Company{ID: company, Name: "Test", Currency: "SEK"})
	return db, company
}
