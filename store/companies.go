package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// Company is a tenant.
type Company struct {
	ID       uuid.UUID
	Name     string
	Currency string
}

// AddCompany inserts c, or updates its name and currency when it exists.
func (db *DB) AddCompany(ctx context.Context, c Company) error {
	_, err := db.exec(ctx, `INSERT INTO companies (id, name, currency, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, currency = excluded.currency`,
		c.ID.String(), c.Name, strings.ToUpper(c.Currency), ms(db.now()))
	if err != nil {
		return fmt.Errorf("store: add company %s: %w", c.ID, err)
	}
	return nil
}

// Company returns the company with id, or ErrNotFound.
func (db *DB) Company(ctx context.Context, id uuid.UUID) (Company, error) {
	c := Company{ID: id}
	err := db.conn.QueryRowContext(ctx, `SELECT name, currency FROM companies WHERE id = ?`, id.String()).Scan(&c.Name, &c.Currency)
	if errors.Is(err, sql.ErrNoRows) {
		return Company{}, ErrNotFound
	}
	if err != nil {
		return Company{}, fmt.Errorf("store: company %s: %w", id, err)
	}
	return c, nil
}
