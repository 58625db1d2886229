package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Writes that wait while another commits are committed together, each in
// its own savepoint: a write that fails halfway leaves nothing behind, and
// its neighbours in the group are committed all the same.
func TestGroupedWritesFailAlone(t *testing.T) {
	db := tableDB(t)
	ctx := t.Context()

	// The first write holds the writer until the others are queued.
	started, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.tx(ctx, func(tx querier) error {
			close(started)
			<-release
			_, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ('first')`)
			return err
		})
	}()
	<-started

	const n = 10
	gone, cancel := context.WithCancel(ctx)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			wctx := ctx
			if i == 7 {
				wctx = gone
			}
			errs[i] = db.tx(wctx, func(tx querier) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES (?)`, fmt.Sprintf("a%d", i)); err != nil {
					return err
				}
				// Every third write fails after its first insert: a
				// duplicate key.
				if i%3 == 0 {
					_, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ('first')`)
					return err
				}
				_, err := tx.ExecContext(ctx, `INSERT INTO t VALUES (?)`, fmt.Sprintf("b%d", i))
				return err
			})
		})
	}
	deadline := time.Now().Add(30 * time.Second)
	for db.writer.queued() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d writes queued", db.writer.queued(), n)
		}
		time.Sleep(time.Millisecond)
	}
	// Write 7's caller gives up while it waits: it is never run.
	cancel()
	close(release)
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatal(err)
	}

	have := map[string]bool{}
	rows, err := db.pool.QueryContext(ctx, `SELECT k FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		have[k] = true
	}
	for i := range n {
		a, b := have[fmt.Sprintf("a%d", i)], have[fmt.Sprintf("b%d", i)]
		switch {
		case i == 7:
			if !errors.Is(errs[i], context.Canceled) || a || b {
				t.Errorf("write %d, given up: err %v, rows %v %v; want context canceled and no rows", i, errs[i], a, b)
			}
		case i%3 == 0:
			if errs[i] == nil || a || b {
				t.Errorf("write %d, failing: err %v, rows %v %v; want an error and no rows", i, errs[i], a, b)
			}
		default:
			if errs[i] != nil || !a || !b {
				t.Errorf("write %d: err %v, rows %v %v; want both rows", i, errs[i], a, b)
			}
		}
	}
}

// A write that panics fails alone, whichever caller's goroutine commits
// it, and the writer goes on committing.
func TestPanickingWriteFailsAlone(t *testing.T) {
	db := tableDB(t)
	ctx := t.Context()
	err := db.tx(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ('lost')`); err != nil {
			return err
		}
		panic("boom")
	})
	if err == nil || !strings.Contains(err.Error(), "panicked: boom") {
		t.Fatalf("panicking write: %v", err)
	}
	if _, err := db.exec(ctx, `INSERT INTO t VALUES ('kept')`); err != nil {
		t.Fatalf("the next write: %v", err)
	}
	var n int
	if err := db.pool.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE k = 'lost'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the panicking write's row: %d %v", n, err)
	}
}

// tableDB is a fresh SQLite store with one table, t (k TEXT PRIMARY KEY),
// closed when t ends.
func tableDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.exec(t.Context(), `CREATE TABLE t (k TEXT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	return db
}
