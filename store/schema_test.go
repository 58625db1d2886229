package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"paygate/store"
	"paygate/store/storetest"
)

func TestSchema(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pending) == 0 || s.Current() || len(s.Unknown) != 0 {
		t.Fatalf("unmigrated: %+v", s)
	}
	var tables int
	if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("asking wrote to the database: %d tables (%v)", tables, err)
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(s.Pending) {
		t.Errorf("%d migrations ran, %d were pending", n, len(s.Pending))
	}
	if s, err = db.Schema(ctx); err != nil || !s.Current() {
		t.Fatalf("migrated: %+v %v", s, err)
	}
	storetest.MigrateNewer(t, db, 99990)
	if s, err = db.Schema(ctx); err != nil || !slices.Equal(s.Unknown, []int64{99990}) || len(s.Pending) != 0 {
		t.Fatalf("after a newer binary: %+v %v", s, err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.Ping(ctx); err == nil {
		t.Error("a closed database answered")
	}
}
