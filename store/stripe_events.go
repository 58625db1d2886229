package store

import (
	"context"
	"errors"
	"fmt"
)

// ErrDuplicateEvent is returned by UpdateStripeCheckout for an event that was
// applied before.
var ErrDuplicateEvent = errors.New("event already applied")

// UpdateStripeCheckout applies change to the checkout of Stripe session
// sessionID in one write transaction, so that concurrent webhook deliveries
// and status reads see each other's results. With an eventID the event is
// recorded in the same transaction, and ErrDuplicateEvent returned when it
// was recorded before. ErrNotFound when no checkout has the session. An
// error from change is returned as is and nothing is written, the event
// included.
func (db *DB) UpdateStripeCheckout(ctx context.Context, sessionID, eventID, eventType string,
	change func(*StripeCheckout) error) (StripeCheckout, error) {
	var c StripeCheckout
	err := db.tx(ctx, func(tx querier) error {
		list, err := queryCheckouts(ctx, tx, db.eng.forUpdate(), `session_id = ?`, sessionID)
		if err != nil {
			return fmt.Errorf("store: checkout of session %s: %w", sessionID, err)
		}
		if len(list) == 0 {
			return ErrNotFound
		}
		c = list[0]
		if eventID != "" {
			_, err := tx.ExecContext(ctx, `INSERT INTO stripe_events (event_id, type, checkout_id, received_at) VALUES (?, ?, ?, ?)`,
				eventID, eventType, c.ID, ms(db.now()))
			if db.isUnique(err) {
				return ErrDuplicateEvent
			}
			if err != nil {
				return fmt.Errorf("store: record event %s: %w", eventID, err)
			}
		}
		if err := change(&c); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE stripe_checkouts SET state = ?, payment_status = ?, payment_intent_id = ?,
			customer_id = ?, customer_email = ?, session_closed = ?,
			updated_at = ?
			WHERE id = ?`, c.State, c.PaymentStatus, c.PaymentIntentID, c.CustomerID, c.CustomerEmail, c.SessionClosed,
			ms(db.now()), c.ID)
		if err != nil {
			return fmt.Errorf("store: update checkout %d: %w", c.ID, err)
		}
		return logStripePayment(ctx, tx, ms(db.now()), c)
	})
	if err != nil {
		return StripeCheckout{}, err
	}
	return c, nil
}
