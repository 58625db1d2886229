package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// BillRunCard is a card saved for a BillRun account by one completed
// transaction: the account's payment_gateway.active while Active, a former
// one afterwards.
type BillRunCard struct {
	Tx              string
	AID             int64
	Name            string // the gateway, StripeCheckout or StripeCheckout#instance
	CustomerID      string
	PaymentMethodID string
	FourDigits      string
	ExpMonth        int
	ExpYear         int
	Active          bool
	CreatedAt       time.Time
}

// CompleteBillRunTx marks the open transaction c.Tx done and saves c as its
// account's active card, the former one turning inactive, all at once. When
// the transaction is already done it changes nothing and returns the card
// saved then, so a repeated or concurrent okPage gets the same answer.
func (db *DB) CompleteBillRunTx(ctx context.Context, c BillRunCard) (BillRunCard, error) {
	var saved BillRunCard
	err := db.tx(ctx, func(tx querier) error {
		// The account's row lock orders the card changes of one account,
		// so that two transactions completing at once never both find no
		// active card and both insert one.
		var aid int64
		err := tx.QueryRowContext(ctx, `SELECT aid FROM billrun_accounts WHERE aid = ?`+db.eng.forUpdate(), c.AID).Scan(&aid)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE billrun_transactions SET status = 'done', done_at = ?
			WHERE tx = ? AND status = 'open'`, ms(c.CreatedAt), c.Tx)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			saved, err = cardOf(ctx, tx, c.Tx)
			if errors.Is(err, ErrNotFound) {
				return errors.New("transaction is not open")
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE billrun_payment_methods SET active = 0 WHERE aid = ? AND active = 1`, c.AID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO billrun_payment_methods
			(tx, aid, name, customer_id, payment_method_id, four_digits, exp_month, exp_year, active, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			c.Tx, c.AID, c.Name, c.CustomerID, c.PaymentMethodID, c.FourDigits, c.ExpMonth, c.ExpYear, ms(c.CreatedAt))
		saved = c
		saved.Active = true
		return err
	})
	if err != nil {
		return BillRunCard{}, fmt.Errorf("store: complete billrun transaction %s: %w", c.Tx, err)
	}
	return saved, nil
}

// BillRunCardOf returns the card saved by transaction tx, or ErrNotFound.
func (db *DB) BillRunCardOf(ctx context.Context, tx string) (BillRunCard, error) {
	c, err := cardOf(ctx, db.conn, tx)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return BillRunCard{}, fmt.Errorf("store: billrun card of %s: %w", tx, err)
	}
	return c, err
}

func cardOf(ctx context.Context, q querier, tx string) (BillRunCard, error) {
	var c nullCard
	err := q.QueryRowContext(ctx, `SELECT `+cardColumns("p")+` FROM billrun_payment_methods p WHERE p.tx = ?`, tx).Scan(c.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return BillRunCard{}, ErrNotFound
	}
	if err != nil {
		return BillRunCard{}, err
	}
	card := c.card()
	if card == nil {
		return BillRunCard{}, ErrNotFound
	}
	return *card, nil
}

// cardColumns lists the columns nullCard scans, of the table aliased as.
func cardColumns(as string) string {
	p := as + "."
	return p + "tx, " + p + "aid, " + p + "name, " + p + "customer_id, " + p + "payment_method_id, " +
		p + "four_digits, " + p + "exp_month, " + p + "exp_year, " + p + "active, " + p + "created_at"
}

// nullCard scans a card that a LEFT JOIN may leave all NULL.
type nullCard struct {
	tx, name, customer, method, four  sql.NullString
	aid, month, year, active, created sql.NullInt64
}

func (n *nullCard) dest() []any {
	return []any{&n.tx, &n.aid, &n.name, &n.customer, &n.method, &n.four, &n.month, &n.year, &n.active, &n.created}
}

func (n *nullCard) card() *BillRunCard {
	if !n.tx.Valid {
		return nil
	}
	return &BillRunCard{
		Tx: n.tx.String, AID: n.aid.Int64, Name: n.name.String, CustomerID: n.customer.String,
		PaymentMethodID: n.method.String, FourDigits: n.four.String, ExpMonth: int(n.month.Int64),
		ExpYear: int(n.year.Int64), Active: n.active.Int64 == 1, CreatedAt: fromMS(n.created.Int64),
	}
}
