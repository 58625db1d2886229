package store_test

import (
	"io/fs"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"paygate/internal/pgtest"
	"paygate/store"
	"paygate/store/storetest"
)

// An acknowledged commit is on disk: SQLite syncs every commit (FULL), and
// PostgreSQL sessions commit synchronously even where the server's or the
// database's default says otherwise.
func TestDurableCommits(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db := storetest.OpenEngine(t, "sqlite")
		// Every pooled connection has the setting, not only the first.
		for range 3 {
			var level int
			if err := store.Raw(db).QueryRowContext(t.Context(), `PRAGMA synchronous`).Scan(&level); err != nil || level != 2 {
				t.Fatalf("PRAGMA synchronous = %d (%v), want 2 (FULL)", level, err)
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.DSN(t, "postgres")
		db, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var name string
		if err := store.Raw(db).QueryRowContext(t.Context(), `SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Raw(db).ExecContext(t.Context(), `ALTER DATABASE `+name+` SET synchronous_commit = off`); err != nil {
			t.Fatal(err)
		}
		again, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		var setting string
		if err := store.Raw(again).QueryRowContext(t.Context(), `SHOW synchronous_commit`).Scan(&setting); err != nil || setting != "on" {
			t.Fatalf("synchronous_commit = %q (%v), want on", setting, err)
		}
	})
}

// A server that accepts connections and never answers is an error within
// the connect timeout, not a hang.
func TestUnreachablePostgres(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	start := time.Now()
	db, err := store.Open(t.Context(), "postgres://paygate@"+l.Addr().String()+"/paygate?sslmode=disable")
	if err == nil {
		db.Close()
		t.Fatal("opened a database on a server that never answers")
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("took %v to give up", took)
	}
	if !strings.Contains(err.Error(), l.Addr().String()) {
		t.Errorf("error %q does not name the server", err)
	}
}

// A URL of another scheme is refused rather than taken for a file path.
func TestOtherSchemesRefused(t *testing.T) {
	dir := t.TempDir()
	for _, dsn := range []string{"mysql://u@h/db", "sqlite://" + filepath.Join(dir, "x.db"), "http://h/x"} {
		if db, err := store.Open(t.Context(), dsn); err == nil {
			db.Close()
			t.Errorf("%s was opened", dsn)
		}
	}
}

// Replicas starting together on a new PostgreSQL database apply each
// migration once between them: goose's advisory lock makes the others
// wait, and they then find nothing pending.
func TestConcurrentMigrations(t *testing.T) {
	dsn := pgtest.URL(t)
	const replicas = 3
	applied := make(chan int, replicas)
	errs := make(chan error, replicas)
	for range replicas {
		go func() {
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			n, err := db.Migrate(t.Context())
			applied <- n
			errs <- err
		}()
	}
	total := 0
	for range replicas {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		total += <-applied
	}
	names, _ := fs.Glob(store.Migrations, "migrations/postgres/*.sql")
	if total != len(names) {
		t.Errorf("%d migrations applied in all, want each of %d once", total, len(names))
	}
}
