package store_test

import (
	"testing"

	"github.com/google/uuid"

	"paygate/store"
	"paygate/store/storetest"
)

// addCompany adds a company to db and returns its id.
func addCompany(t *testing.T, db *store.DB) uuid.UUID {
	t.Helper()
	company := uuid.New()
	storetest.AddCompany(t, db, store.Company{ID: company, Name: "Test", Currency: "SEK"})
	return company
}
