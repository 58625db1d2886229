package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// APIKey is a stored API key. The key itself is never stored; Hash is its
// SHA-256.
type APIKey struct {
	ID        string    // non-secret, shown in listings and used to revoke
	Hash      []byte    // SHA-256 of the whole key
	Name      string    // what the key is for, chosen by whoever created it
	CompanyID uuid.UUID // uuid.Nil for a key of no company
	Roles     []string
	Scopes    []string
	CreatedAt time.Time
	RevokedAt *time.Time // nil while the key is live
}

// ErrExists is returned when a row with the same key already exists.
var ErrExists = errors.New("already exists")

// CreateAPIKey inserts k. It returns ErrExists when k.ID is taken and
// ErrNotFound when k.CompanyID names no company.
func (db *DB) CreateAPIKey(ctx context.Context, k APIKey) error {
	roles, err := json.Marshal(nonNil(k.Roles))
	if err != nil {
		return fmt.Errorf("store: create api key %s: %w", k.ID, err)
	}
	scopes, err := json.Marshal(nonNil(k.Scopes))
	if err != nil {
		return fmt.Errorf("store: create api key %s: %w", k.ID, err)
	}
	var company any // NULL for uuid.Nil, so the foreign key is not checked
	if k.CompanyID != uuid.Nil {
		company = k.CompanyID.String()
	}
	_, err = db.exec(ctx, `INSERT INTO api_keys (id, hash, name, company_id, roles, scopes, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		k.ID, k.Hash, k.Name, company, string(roles), string(scopes), ms(k.CreatedAt))
	switch {
	case db.isUnique(err):
		return fmt.Errorf("store: create api key %s: %w", k.ID, ErrExists)
	case db.isForeignKey(err):
		return fmt.Errorf("store: create api key for company %s: %w", k.CompanyID, ErrNotFound)
	case err != nil:
		return fmt.Errorf("store: create api key %s: %w", k.ID, err)
	}
	return nil
}

const apiKeyColumns = `id, hash, name, company_id, roles, scopes, created_at, revoked_at`

// APIKey returns the key with id, revoked or not, or ErrNotFound.
func (db *DB) APIKey(ctx context.Context, id string) (APIKey, error) {
	row := db.conn.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE id = ?`, id)
	k, err := scanAPIKey(row)
	if errors.Is(err, sql.ErrNoRows) {
		return APIKey{}, ErrNotFound
	}
	if err != nil {
		return APIKey{}, fmt.Errorf("store: api key %s: %w", id, err)
	}
	return k, nil
}

// APIKeys lists every key, oldest first; company, unless uuid.Nil, limits
// the list to that company's keys.
func (db *DB) APIKeys(ctx context.Context, company uuid.UUID) ([]APIKey, error) {
	q := `SELECT ` + apiKeyColumns + ` FROM api_keys`
	var args []any
	if company != uuid.Nil {
		q += ` WHERE company_id = ?`
		args = append(args, company.String())
	}
	rows, err := db.conn.QueryContext(ctx, q+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	defer rows.Close()
	var out []APIKey
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, fmt.Errorf("store: api keys: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	return out, nil
}

// RevokeAPIKey marks the key with id revoked at at. Revoking a revoked key
// keeps the first time and reports false; an unknown id is ErrNotFound.
func (db *DB) RevokeAPIKey(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := db.exec(ctx, `UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`,
		ms(at), id)
	if err != nil {
		return false, fmt.Errorf("store: revoke api key %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: revoke api key %s: %w", id, err)
	}
	if n == 1 {
		return true, nil
	}
	if _, err := db.APIKey(ctx, id); err != nil {
		return false, err
	}
	return false, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanAPIKey(s scanner) (APIKey, error) {
	var (
		k             APIKey
		company       sql.NullString
		roles, scopes string
		created       int64
		revoked       sql.NullInt64
	)
	if err := s.Scan(&k.ID, &k.Hash, &k.Name, &company, &roles, &scopes, &created, &revoked); err != nil {
		return APIKey{}, err
	}
	if company.Valid {
		id, err := uuid.Parse(company.String)
		if err != nil {
			return APIKey{}, fmt.Errorf("key %s: company id: %w", k.ID, err)
		}
		k.CompanyID = id
	}
	if err := json.Unmarshal([]byte(roles), &k.Roles); err != nil {
		return APIKey{}, fmt.Errorf("key %s: roles: %w", k.ID, err)
	}
	if err := json.Unmarshal([]byte(scopes), &k.Scopes); err != nil {
		return APIKey{}, fmt.Errorf("key %s: scopes: %w", k.ID, err)
	}
	k.CreatedAt = fromMS(created)
	if revoked.Valid {
		t := fromMS(revoked.Int64)
		k.RevokedAt = &t
	}
	return k, nil
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
