package store

import (
	"context"
	"database/sql"
)

// Raw runs SQL on db, with ? placeholders on either engine, for the store's
// own tests of what the schema refuses and of columns no method reads.
func Raw(db *DB) interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
} {
	return db.conn
}

// IsUniqueViolation tells whether err is db's engine refusing a duplicate.
func IsUniqueViolation(db *DB, err error) bool { return db.isUnique(err) }

// Migrations are the embedded migrations, a directory per engine.
var Migrations = migrations

// RawQuery runs query on db and returns its rows as text.
func RawQuery(db *DB, ctx context.Context, query string, args ...any) ([][]string, error) {
	rows, err := db.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// MigrateTo applies the migrations up to version only.
func MigrateTo(db *DB, ctx context.Context, version int64) error {
	p, err := db.migrations()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// Tx runs fn in one of db's transactions, retried as the store retries.
func Tx(db *DB, ctx context.Context, fn func(q interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}) error) error {
	return db.tx(ctx, func(q querier) error { return fn(q) })
}
