package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// postgresEngine is a PostgreSQL database shared by any number of paygate
// replicas, reached through pgx's database/sql driver so that the
// repositories are the same as SQLite's. Transactions run at READ
// COMMITTED; where a read-then-write must be atomic they lock what they
// read (forUpdate, lockKey), and the schema's unique indexes hold the
// invariants whatever the interleaving.
type postgresEngine struct {
	sql     *sql.DB
	name    string
	rebinds sync.Map // query → query with $n placeholders
}

// connectTimeout bounds each connection attempt unless the URL sets
// connect_timeout: an unreachable server is an error within seconds.
const connectTimeout = 5 * time.Second

func openPostgres(ctx context.Context, dsn string) (*postgresEngine, error) {
	name := dsn
	if u, err := url.Parse(dsn); err == nil {
		name = u.Redacted()
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", name, err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	// A commit is acknowledged once it is on the server's disk, whatever
	// the server's default: an acknowledged write survives a crash.
	cfg.RuntimeParams["synchronous_commit"] = "on"
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "paygate"
	}
	db := stdlib.OpenDB(*cfg)
	// Each replica keeps up to 16 connections, all of them idle between
	// bursts: opening a PostgreSQL connection forks a backend and
	// authenticates, far too slow per request (database/sql keeps 2 idle by
	// default). 16 per replica leaves PostgreSQL's default 100 connections
	// room for several replicas and the operator. Connections are renewed
	// now and then so that a pool follows a failover or a changed setting.
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(30 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, cfg.ConnectTimeout+time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", name, err)
	}
	return &postgresEngine{sql: db, name: name}, nil
}

func (e *postgresEngine) String() string         { return e.name }
func (e *postgresEngine) kind() string           { return "postgres" }
func (e *postgresEngine) db() *sql.DB            { return e.sql }
func (e *postgresEngine) writes() *sql.DB        { return nil }
func (e *postgresEngine) dialect() goose.Dialect { return goose.DialectPostgres }
func (e *postgresEngine) forUpdate() string      { return " FOR UPDATE" }

// migrateOptions makes replicas starting together apply each migration
// once: goose holds a session advisory lock while it migrates, and the
// others wait for it, then find nothing pending.
func (e *postgresEngine) migrateOptions() []goose.ProviderOption {
	l, err := lock.NewPostgresSessionLocker()
	if err != nil { // only for invalid options, and there are none
		panic(err)
	}
	return []goose.ProviderOption{goose.WithSessionLocker(l)}
}

// rebind numbers the ? placeholders outside quoted strings and names.
func (e *postgresEngine) rebind(query string) string {
	if q, ok := e.rebinds.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	q := b.String()
	e.rebinds.Store(query, q)
	return q
}

// args writes booleans as 0 and 1: flags are INTEGER columns on both
// engines, so that the same queries (active = 1) work on both.
func (e *postgresEngine) args(a []any) []any {
	for i, v := range a {
		if b, ok := v.(bool); ok {
			if b {
				a[i] = int64(1)
			} else {
				a[i] = int64(0)
			}
		}
	}
	return a
}

func (e *postgresEngine) lockKey(ctx context.Context, tx querier, key string) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, key); err != nil {
		return fmt.Errorf("store: lock %s: %w", key, err)
	}
	return nil
}

func (e *postgresEngine) violation(err error) (constraintViolation, bool) {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return constraintViolation{}, false
	}
	switch pe.Code {
	case "23505":
		return constraintViolation{kind: uniqueViolation, constraint: pe.ConstraintName}, true
	case "23503":
		return constraintViolation{kind: foreignKeyViolation, constraint: pe.ConstraintName}, true
	}
	return constraintViolation{}, false
}

// retryable tells a serialization failure (40001) or a deadlock (40P01):
// the transaction lost to a concurrent one and may simply run again.
func (e *postgresEngine) retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}
