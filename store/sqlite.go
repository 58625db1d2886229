package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
)

// sqliteEngine is one SQLite file in WAL mode. SQLite lets one writer in at
// a time: transactions take the write lock at BEGIN (_txlock=immediate), so
// a read-then-write never interleaves with another writer and row locks are
// not needed.
type sqliteEngine struct {
	sql   *sql.DB
	write *sql.DB // one connection: see writer
	path  string
}

func openSQLite(ctx context.Context, path string) (*sqliteEngine, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create %s: %w", dir, err)
		}
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	// FULL syncs the WAL at every commit, so an acknowledged write survives
	// a machine crash; NORMAL may lose the last commits.
	q.Set("_synchronous", "FULL")
	// Writers take the lock at BEGIN, so two transactions never both read
	// and then fail to upgrade: the busy timeout then does its job.
	q.Set("_txlock", "immediate")
	// Each connection keeps its statements prepared: parsing and planning
	// them again on every call cost more than running them. The store has
	// fewer distinct statements than this.
	q.Set("_stmt_cache_size", "128")
	dsn := "file:" + path + "?" + q.Encode()
	// WAL readers run beside the one writer, so a few connections per core
	// serve; keeping them all idle avoids reopening a file (and re-reading
	// its schema) per request, which database/sql's 2 idle would do under
	// load.
	db, err := openSQLitePool(ctx, path, dsn, max(4, 2*runtime.GOMAXPROCS(0)))
	if err != nil {
		return nil, err
	}
	write, err := openSQLitePool(ctx, path, dsn, 1)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &sqliteEngine{sql: db, write: write, path: path}, nil
}

// openSQLitePool opens a pool of n connections that keeps them all open.
func openSQLitePool(ctx context.Context, path, dsn string, n int) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return db, nil
}

func (e *sqliteEngine) String() string                         { return e.path }
func (e *sqliteEngine) kind() string                           { return "sqlite" }
func (e *sqliteEngine) db() *sql.DB                            { return e.sql }
func (e *sqliteEngine) writes() *sql.DB                        { return e.write }
func (e *sqliteEngine) dialect() goose.Dialect                 { return goose.DialectSQLite3 }
func (e *sqliteEngine) migrateOptions() []goose.ProviderOption { return nil }
func (e *sqliteEngine) rebind(query string) string             { return query }
func (e *sqliteEngine) args(a []any) []any                     { return a }
func (e *sqliteEngine) forUpdate() string                      { return "" }

// lockKey has nothing to do: the transaction holds the database's one write
// lock from BEGIN.
func (e *sqliteEngine) lockKey(context.Context, querier, string) error { return nil }

func (e *sqliteEngine) violation(err error) (constraintViolation, bool) {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return constraintViolation{}, false
	}
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintPrimaryKey, sqlite3.ErrConstraintUnique:
		return constraintViolation{kind: uniqueViolation, constraint: se.Error()}, true
	case sqlite3.ErrConstraintForeignKey:
		return constraintViolation{kind: foreignKeyViolation, constraint: se.Error()}, true
	}
	return constraintViolation{}, false
}

// retryable is false: with one writer at a time SQLite has no serialization
// failures, and a busy database has already waited out the busy timeout.
func (e *sqliteEngine) retryable(error) bool { return false }
