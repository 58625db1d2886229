package store_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"paygate/store"
	"paygate/store/storetest"
)

type execer = interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Two transactions that lock two rows in opposite orders deadlock;
// PostgreSQL aborts one, and the store runs it again instead of failing
// the request.
func TestDeadlockRetried(t *testing.T) {
	db := storetest.OpenEngine(t, "postgres")
	ctx := t.Context()
	a, b := uuid.New(), uuid.New()
	storetest.AddCompany(t, db, store.Company{ID: a, Name: "A"}, store.Company{ID: b, Name: "B"})
	var (
		attempts atomic.Int32
		locked   sync.WaitGroup
		wg       sync.WaitGroup
		errs     [2]error
	)
	locked.Add(2)
	for i, order := range [2][2]uuid.UUID{{a, b}, {b, a}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			first := true
			errs[i] = store.Tx(db, ctx, func(q execer) error {
				attempts.Add(1)
				if _, err := q.ExecContext(ctx, `UPDATE companies SET name = name || '.' WHERE id = ?`, order[0].String()); err != nil {
					return err
				}
				if first { // both hold their first row before either takes its second
					first = false
					locked.Done()
					locked.Wait()
				}
				_, err := q.ExecContext(ctx, `UPDATE companies SET name = name || '.' WHERE id = ?`, order[1].String())
				return err
			})
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("errors %v", errs)
	}
	if n := attempts.Load(); n < 3 {
		t.Errorf("%d attempts, want at least 3 (a transaction run again)", n)
	}
	// Each transaction took effect once, however often it ran.
	if c, _ := db.Company(ctx, a); c.Name != "A.." {
		t.Errorf("company A is named %q", c.Name)
	}
}

// A transaction that keeps losing gives up after a few attempts with
// ErrBusy, which the server answers 503 with Retry-After.
func TestRetriesBounded(t *testing.T) {
	db := storetest.OpenEngine(t, "postgres")
	var attempts int
	err := store.Tx(db, t.Context(), func(execer) error {
		attempts++
		return &pgconn.PgError{Code: "40001", Message: "could not serialize access"}
	})
	if !errors.Is(err, store.ErrBusy) || attempts < 2 || attempts > 10 {
		t.Errorf("after %d attempts: %v", attempts, err)
	}
	attempts = 0
	other := errors.New("not a conflict")
	if err := store.Tx(db, t.Context(), func(execer) error { attempts++; return other }); !errors.Is(err, other) || attempts != 1 {
		t.Errorf("a plain failure was run %d times: %v", attempts, err)
	}
}
