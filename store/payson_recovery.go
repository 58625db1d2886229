package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// PaysonCheckoutByReference returns the attempt whose reference was sent to
// Payson as merchant.reference, or ErrNotFound.
func (db *DB) PaysonCheckoutByReference(ctx context.Context, ref uuid.UUID) (PaysonCheckout, error) {
	return db.paysonCheckout(ctx, `reference = ?`, ref.String())
}

// ActivePaysonCheckout returns an entity's current checkout, or ErrNotFound.
func (db *DB) ActivePaysonCheckout(ctx context.Context, company uuid.UUID, internalReferenceID string) (PaysonCheckout, error) {
	c, err := scanPaysonCheckout(db.conn.QueryRowContext(ctx, `SELECT `+paysonCheckoutColumns+` FROM payson_checkouts
		WHERE company_id = ? AND internal_reference_id = ? AND state = 'active'`, company.String(), internalReferenceID))
	if errors.Is(err, sql.ErrNoRows) {
		return PaysonCheckout{}, ErrNotFound
	}
	if err != nil {
		return PaysonCheckout{}, fmt.Errorf("store: active payson checkout of %s: %w", internalReferenceID, err)
	}
	return c, nil
}
