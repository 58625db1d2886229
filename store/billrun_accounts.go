package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// BillRunAccount is a BillRun account (aid) as the StripeCheckout gateway
// knows it.
type BillRunAccount struct {
	AID       int64
	Email     string
	FirstName string
	LastName  string
	// Card is the active saved card; nil when none (filled by
	// BillRunAccounts only).
	Card *BillRunCard
}

// PutBillRunAccount inserts a, or updates its email and names when the aid
// exists.
func (db *DB) PutBillRunAccount(ctx context.Context, a BillRunAccount) error {
	now := ms(db.now())
	_, err := db.exec(ctx, `INSERT INTO billrun_accounts (aid, email, firstname, lastname, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (aid) DO UPDATE SET email = excluded.email, firstname = excluded.firstname,
			lastname = excluded.lastname, updated_at = ?`,
		a.AID, strings.TrimSpace(a.Email), strings.TrimSpace(a.FirstName), strings.TrimSpace(a.LastName), now, now, now)
	if err != nil {
		return fmt.Errorf("store: put billrun account %d: %w", a.AID, err)
	}
	return nil
}

// BillRunAccount returns the account aid, or ErrNotFound.
func (db *DB) BillRunAccount(ctx context.Context, aid int64) (BillRunAccount, error) {
	a := BillRunAccount{AID: aid}
	err := db.conn.QueryRowContext(ctx, `SELECT email, firstname, lastname FROM billrun_accounts WHERE aid = ?`, aid).
		Scan(&a.Email, &a.FirstName, &a.LastName)
	if errors.Is(err, sql.ErrNoRows) {
		return BillRunAccount{}, ErrNotFound
	}
	if err != nil {
		return BillRunAccount{}, fmt.Errorf("store: billrun account %d: %w", aid, err)
	}
	return a, nil
}

// BillRunAccounts lists every account by aid, each with its active card.
func (db *DB) BillRunAccounts(ctx context.Context) ([]BillRunAccount, error) {
	rows, err := db.conn.QueryContext(ctx, `SELECT a.aid, a.email, a.firstname, a.lastname,
			`+cardColumns("p")+`
		FROM billrun_accounts a LEFT JOIN billrun_payment_methods p ON p.aid = a.aid AND p.active = 1
		ORDER BY a.aid`)
	if err != nil {
		return nil, fmt.Errorf("store: billrun accounts: %w", err)
	}
	defer rows.Close()
	var out []BillRunAccount
	for rows.Next() {
		var a BillRunAccount
		var c nullCard
		if err := rows.Scan(append([]any{&a.AID, &a.Email, &a.FirstName, &a.LastName}, c.dest()...)...); err != nil {
			return nil, fmt.Errorf("store: billrun accounts: %w", err)
		}
		a.Card = c.card()
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: billrun accounts: %w", err)
	}
	return out, nil
}
