package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
)

// Schema compares the migrations applied to a database with the ones this
// binary carries.
type Schema struct {
	Pending []int64 // carried, not applied: run paygate migrate
	Unknown []int64 // applied, not carried: a newer paygate migrated it
}

// Current reports whether the database has exactly this binary's schema.
func (s Schema) Current() bool { return len(s.Pending) == 0 && len(s.Unknown) == 0 }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Schema reads which migrations the database has applied. It only reads:
// a probe asking it must never create goose's version table or lock it.
func (db *DB) Schema(ctx context.Context) (Schema, error) {
	p, err := db.migrations()
	if err != nil {
		return Schema{}, err
	}
	versions, err := database.NewStore(db.eng.dialect(), goose.DefaultTablename)
	if err != nil {
		return Schema{}, fmt.Errorf("store: schema: %w", err)
	}
	ext, ok := versions.(database.StoreExtender)
	if !ok {
		return Schema{}, fmt.Errorf("store: schema: goose's %s store cannot tell whether its table exists", db.eng.dialect())
	}
	applied := map[int64]bool{}
	exists, err := ext.TableExists(ctx, db.pool)
	if errors.Is(err, errors.ErrUnsupported) {
		// goose asks only PostgreSQL's catalog; SQLite's is read here.
		err = db.pool.QueryRowContext(ctx, `SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?`,
			versions.Tablename()).Scan(&exists)
	}
	if err != nil {
		return Schema{}, fmt.Errorf("store: schema: %w", err)
	}
	if exists {
		rows, err := versions.ListMigrations(ctx, db.pool)
		if err != nil {
			return Schema{}, fmt.Errorf("store: schema: %w", err)
		}
		// Newest first: the first row of a version is its state.
		for _, r := range rows {
			if _, seen := applied[r.Version]; !seen {
				applied[r.Version] = r.IsApplied
			}
		}
	}
	var s Schema
	carried := map[int64]bool{}
	for _, src := range p.ListSources() {
		carried[src.Version] = true
		if !applied[src.Version] {
			s.Pending = append(s.Pending, src.Version)
		}
	}
	for v, ok := range applied {
		// goose records version 0 when it creates its table.
		if ok && v != 0 && !carried[v] {
			s.Unknown = append(s.Unknown, v)
		}
	}
	slices.Sort(s.Unknown)
	return s, nil
}
