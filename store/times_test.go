package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/store"
)

// A SQLite database from before times were Unix milliseconds keeps its
// rows, their times converted.
func TestTextTimesMigrated(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := store.MigrateTo(db, ctx, 50); err != nil {
		t.Fatal(err)
	}
	company := uuid.New()
	for _, q := range []string{
		`INSERT INTO companies (id, name, created_at) VALUES ('` + company.String() + `', 'Old', '2024-03-01T12:00:00.250Z')`,
		`INSERT INTO api_keys (id, hash, created_at, revoked_at) VALUES ('k1', x'00', '2024-03-01T12:00:01.123456Z', '2024-03-02T00:00:00.000000Z')`,
		`INSERT INTO billrun_accounts (aid, created_at, updated_at) VALUES (7, '2024-03-01T12:00:00.000Z', '2024-03-01T12:00:00.000Z')`,
		`INSERT INTO billrun_transactions (tx, name, aid, t, status, created_at, expires_at)
			VALUES ('1234567890123456789', 'StripeCheckout', 7, 't', 'pending', '2024-03-01T12:00:00.500000Z', '2024-03-01T13:00:00.500000Z')`,
	} {
		if _, err := store.Raw(db).ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if c, err := db.Company(ctx, company); err != nil || c.Name != "Old" {
		t.Errorf("company after migration: %+v %v", c, err)
	}
	k, err := db.APIKey(ctx, "k1")
	if err != nil || !k.CreatedAt.Equal(time.Date(2024, 3, 1, 12, 0, 1, 123e6, time.UTC)) ||
		k.RevokedAt == nil || !k.RevokedAt.Equal(time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("api key after migration: %+v %v", k, err)
	}
	tx, err := db.BillRunTx(ctx, "1234567890123456789")
	if err != nil || !tx.CreatedAt.Equal(time.Date(2024, 3, 1, 12, 0, 0, 500e6, time.UTC)) ||
		tx.ExpiresAt.Sub(tx.CreatedAt) != time.Hour {
		t.Errorf("billrun transaction after migration: %+v %v", tx, err)
	}
	var created int64
	if err := store.Raw(db).QueryRowContext(ctx, `SELECT created_at FROM companies`).Scan(&created); err != nil ||
		created != time.Date(2024, 3, 1, 12, 0, 0, 250e6, time.UTC).UnixMilli() {
		t.Errorf("companies.created_at = %d, %v", created, err)
	}
}
