package store

import (
	"context"
	"fmt"
	"regexp"

	"github.com/google/uuid"
)

var tableName = regexp.MustCompile(`^[a-z_]+$`)

// Count returns how many rows table holds: for operators' checks and for
// tests that show a request wrote nothing.
func (db *DB) Count(ctx context.Context, table string) (int64, error) {
	if !tableName.MatchString(table) {
		return 0, fmt.Errorf("store: count: %q is not a table name", table)
	}
	var n int64
	if err := db.conn.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", table, err)
	}
	return n, nil
}

// PaysonCheckoutStates counts a company's Payson checkout attempts by state.
func (db *DB) PaysonCheckoutStates(ctx context.Context, company uuid.UUID) (map[PaysonState]int, error) {
	rows, err := db.conn.QueryContext(ctx, `SELECT state, count(*) FROM payson_checkouts WHERE company_id = ? GROUP BY state`,
		company.String())
	if err != nil {
		return nil, fmt.Errorf("store: payson checkout states: %w", err)
	}
	defer rows.Close()
	out := map[PaysonState]int{}
	for rows.Next() {
		var s PaysonState
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("store: payson checkout states: %w", err)
		}
		out[s] = n
	}
	return out, rows.Err()
}

// BillRunCards lists the cards saved for account aid, active or former,
// oldest first.
func (db *DB) BillRunCards(ctx context.Context, aid int64) ([]BillRunCard, error) {
	rows, err := db.conn.QueryContext(ctx, `SELECT `+cardColumns("p")+` FROM billrun_payment_methods p
		WHERE p.aid = ? ORDER BY p.created_at, p.tx`, aid)
	if err != nil {
		return nil, fmt.Errorf("store: billrun cards of %d: %w", aid, err)
	}
	defer rows.Close()
	var out []BillRunCard
	for rows.Next() {
		var c nullCard
		if err := rows.Scan(c.dest()...); err != nil {
			return nil, fmt.Errorf("store: billrun cards of %d: %w", aid, err)
		}
		out = append(out, *c.card())
	}
	return out, rows.Err()
}

// BillRunTxsOf lists account aid's transactions, oldest first.
func (db *DB) BillRunTxsOf(ctx context.Context, aid int64) ([]BillRunTx, error) {
	rows, err := db.conn.QueryContext(ctx, `SELECT tx FROM billrun_transactions WHERE aid = ? ORDER BY created_at, tx`, aid)
	if err != nil {
		return nil, fmt.Errorf("store: billrun transactions of %d: %w", aid, err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: billrun transactions of %d: %w", aid, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: billrun transactions of %d: %w", aid, err)
	}
	out := make([]BillRunTx, 0, len(ids))
	for _, id := range ids {
		t, err := db.BillRunTx(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
