// Package store keeps paygate's state in SQLite (one file, the embedded
// default) or in PostgreSQL (several replicas on one database). The
// repositories are written once, against database/sql with ? placeholders;
// an engine (sqlite.go, postgres.go) adapts them where the two differ:
// placeholders, row locks, constraint errors and migrations.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
)

// The two engines' migrations are numbered in lockstep: a version exists in
// both directories and leaves both schemas alike (TestSchemasAlike).
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// DB is an open paygate database.
type DB struct {
	pool *sql.DB // its queries are in the engine's own dialect
	eng  engine
	conn querier // SQL with the engine's placeholders
	// writer, when the engine has one, runs every write (see writer).
	writer *writer
	name   string // for messages: the file, or the URL without its password
	now    func() time.Time
	// sealer seals provider credentials; nil: none can be written.
	sealer Sealer
}

// ErrNotFound is returned by repositories when a row does not exist.
var ErrNotFound = errors.New("not found")

// ErrBusy is returned when a transaction kept losing to concurrent ones
// (serialization failures, deadlocks) after a bounded number of attempts:
// the request may be retried shortly, as its RetryAfter says, which the
// server answers as 503 with Retry-After.
var ErrBusy error = busyError{}

type busyError struct{}

func (busyError) Error() string { return "store: database busy, retry later" }

// RetryAfter is how long a caller should wait before retrying.
func (busyError) RetryAfter() time.Duration { return time.Second }

// Open opens the database named by dsn: a postgres:// or postgresql:// URL,
// or else the path of a SQLite file (created if needed). Any other URL
// scheme is refused, so that a mistyped URL never becomes a file. It does
// not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	kind, err := Kind(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var eng engine
	if kind == "postgres" {
		eng, err = openPostgres(ctx, dsn)
	} else {
		eng, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	db := &DB{pool: eng.db(), eng: eng, name: eng.String(), now: time.Now}
	db.conn = rebinder{db.pool, eng}
	if w := eng.writes(); w != nil {
		db.writer = newWriter(w)
	}
	return db, nil
}

// Kind tells which engine dsn names, "sqlite" or "postgres", or why it
// names none.
func Kind(dsn string) (string, error) {
	scheme, _, ok := strings.Cut(dsn, "://")
	switch {
	case dsn == "":
		return "", errors.New("no database given")
	case !ok:
		return "sqlite", nil
	case scheme == "postgres" || scheme == "postgresql":
		return "postgres", nil
	}
	return "", fmt.Errorf("unsupported database URL scheme %q: give a SQLite file path or a postgres:// URL", scheme)
}

// OpenMigrated opens the database and applies every pending migration:
// what serving and the admin commands need before they start.
func OpenMigrated(ctx context.Context, dsn string) (*DB, error) {
	db, err := Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// WithClock returns db reading the time from now, for the times the store
// writes itself (created_at, updated_at, leases); it shares db's pool.
func (db *DB) WithClock(now func() time.Time) *DB {
	c := *db
	c.now = now
	return &c
}

// Close closes the database.
func (db *DB) Close() error {
	if db.writer == nil {
		return db.pool.Close()
	}
	db.writer.close()
	return errors.Join(db.pool.Close(), db.writer.db.Close())
}

// Pool is the connection pool, for instrumentation (its Stats). Queries
// belong in the store's methods: the pool speaks the engine's own dialect.
func (db *DB) Pool() *sql.DB { return db.pool }

// Engine names the engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.eng.kind() }

// String names the database without secrets.
func (db *DB) String() string { return db.name }

// Migrate applies every embedded migration not yet applied and returns how
// many ran.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	p, err := db.migrations()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("store: migrate %s: %w", db.name, err)
	}
	return len(res), nil
}

func (db *DB) migrations() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+db.eng.kind())
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	// Each surface owns a range of migration numbers and they land
	// independently, so a database may have applied a later number before
	// an earlier one exists; the tables never depend on one another.
	opts := append([]goose.ProviderOption{goose.WithAllowOutofOrder(true)}, db.eng.migrateOptions()...)
	p, err := goose.NewProvider(db.eng.dialect(), db.pool, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// ApplyMigrations applies the migrations of fsys that the database lacks,
// in goose's layout, beside the embedded ones: what a newer paygate does to
// a database this one shares, for the tests of how this one then behaves.
func (db *DB) ApplyMigrations(ctx context.Context, fsys fs.FS) (int, error) {
	p, err := goose.NewProvider(db.eng.dialect(), db.pool, fsys, goose.WithAllowOutofOrder(true))
	if err != nil {
		return 0, fmt.Errorf("store: migrations: %w", err)
	}
	res, err := p.Up(ctx)
	return len(res), err
}

// maxAttempts bounds how often a transaction is run again after losing to
// a concurrent one.
const maxAttempts = 5

// tx runs fn in a transaction, committing when fn returns nil. A
// serialization failure or deadlock runs fn again, a bounded number of
// times, then gives ErrBusy; fn must therefore only touch the database.
// On an engine with a writer, fn runs there, possibly in one transaction
// with other callers' writes (see writer): its error rolls back its own
// writes only, and tx returns once the commit holding them has returned.
func (db *DB) tx(ctx context.Context, fn func(querier) error) error {
	if db.writer != nil {
		return db.writer.run(ctx, func(tx *sql.Tx) error { return fn(detached{rebinder{tx, db.eng}}) })
	}
	var err error
	for attempt := range maxAttempts {
		if attempt > 0 {
			// Spread the retries so the contenders do not meet again.
			t := time.NewTimer(time.Duration(attempt*attempt) * 5 * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("store: %w", ctx.Err())
			case <-t.C:
			}
		}
		if err = db.tx1(ctx, fn); !db.eng.retryable(err) {
			return err
		}
	}
	return fmt.Errorf("%w (%d attempts, last: %v)", ErrBusy, maxAttempts, err)
}

func (db *DB) tx1(ctx context.Context, fn func(querier) error) error {
	tx, err := db.pool.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(rebinder{tx, db.eng}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// exec runs one write statement, on the writer when the engine has one.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if db.writer == nil {
		return db.conn.ExecContext(ctx, query, args...)
	}
	var res sql.Result
	err := db.tx(ctx, func(q querier) error {
		var err error
		res, err = q.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// writeRow runs one write statement with a RETURNING clause, on the writer
// when the engine has one, and scans the row it returns into dest.
func (db *DB) writeRow(ctx context.Context, dest []any, query string, args ...any) error {
	if db.writer == nil {
		return db.conn.QueryRowContext(ctx, query, args...).Scan(dest...)
	}
	return db.tx(ctx, func(q querier) error { return q.QueryRowContext(ctx, query, args...).Scan(dest...) })
}

// querier is what both *sql.DB and *sql.Tx offer, so a read can run inside
// or outside a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// rebinder runs the repositories' queries in the engine's dialect.
type rebinder struct {
	q   querier
	eng engine
}

func (r rebinder) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return r.q.QueryRowContext(ctx, r.eng.rebind(query), r.eng.args(args)...)
}

func (r rebinder) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.q.QueryContext(ctx, r.eng.rebind(query), r.eng.args(args)...)
}

func (r rebinder) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.q.ExecContext(ctx, r.eng.rebind(query), r.eng.args(args)...)
}

// detached runs a write's statements in the writer whatever becomes of its
// caller's context meanwhile. The writer looks at that context once, before
// the write begins; a statement interrupted halfway would roll back the
// whole group with it (see writer.commit), and the driver would watch each
// statement's context with a goroutine of its own.
type detached struct{ r rebinder }

func (d detached) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.r.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}

func (d detached) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.r.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (d detached) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.r.ExecContext(context.WithoutCancel(ctx), query, args...)
}

// engine is what differs between SQLite and PostgreSQL.
type engine interface {
	fmt.Stringer
	kind() string
	db() *sql.DB
	// writes is the pool of the one connection every write goes through,
	// or nil when the engine lets writers run side by side.
	writes() *sql.DB
	dialect() goose.Dialect
	migrateOptions() []goose.ProviderOption
	// rebind turns the ? placeholders of query into the engine's.
	rebind(query string) string
	// args adapts argument values to the engine's column types.
	args([]any) []any
	// forUpdate is the suffix of a SELECT that locks the rows it reads
	// until the transaction ends.
	forUpdate() string
	// lockKey holds, until tx ends, a lock on key that other transactions
	// taking the same key wait for.
	lockKey(ctx context.Context, tx querier, key string) error
	// violation tells which constraint err violated, if any.
	violation(err error) (constraintViolation, bool)
	// retryable tells a serialization failure or deadlock.
	retryable(err error) bool
}

// constraintViolation is a unique, primary key or foreign key violation,
// with the constraint (or index) violated when the engine names it.
type constraintViolation struct {
	kind       violationKind
	constraint string
}

type violationKind int

const (
	uniqueViolation violationKind = iota + 1
	foreignKeyViolation
)

func (db *DB) isUnique(err error) bool {
	v, ok := db.eng.violation(err)
	return ok && v.kind == uniqueViolation
}

func (db *DB) isForeignKey(err error) bool {
	v, ok := db.eng.violation(err)
	return ok && v.kind == foreignKeyViolation
}

// ms is how every time is stored: Unix milliseconds, UTC.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS is the inverse of ms.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }
