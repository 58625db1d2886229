package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// StripeEvent is a verified Stripe event as the payments surface records it.
type StripeEvent struct {
	ID       string // ours (UUID)
	StripeID string // evt_…
	Type     string
	Created  int64 // Stripe's created, Unix seconds: orders the events of a payment
}

// PaymentMove is what an event does to payments: the payments naming its
// PaymentIntent or its Subscription take Status. An empty Status, or no id,
// moves nothing.
type PaymentMove struct {
	PaymentIntentID string
	SubscriptionID  string
	Status          string
}

// Outcomes of ApplyStripeEvent.
const (
	EventProcessed = "processed" // a payment matched and the event was applied
	EventIgnored   = "ignored"   // no payment matched, the event moves nothing, or a later event already did
	// EventKept: see payments_early_events.go.
)

// ApplyStripeEvent records ev and applies move in one transaction, so an
// event is applied exactly once: a repeat is ErrDuplicateEvent and changes
// nothing. Stripe does not deliver in order: a payment
// takes the status of an event only if no later event set its status
// already. Events of one second (Stripe's resolution) cannot be ordered by
// time, so among them a payment only moves forward along statusRank.
// updated_at moves with the status.
func (db *DB) ApplyStripeEvent(ctx context.Context, ev StripeEvent, move PaymentMove, now time.Time) (string, error) {
	outcome := EventIgnored
	err := db.tx(ctx, func(tx querier) error {
		var seen int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM payment_stripe_events WHERE stripe_event_id = ?`, ev.StripeID).Scan(&seen)
		if err == nil {
			return ErrDuplicateEvent
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: stripe event %s: %w", ev.StripeID, err)
		}
		if move.Status != "" && (move.PaymentIntentID != "" || move.SubscriptionID != "") {
			res, err := tx.ExecContext(ctx, `UPDATE payments SET
				updated_at = CASE WHEN status <> ? THEN ? ELSE updated_at END,
				status = ?, status_event_at = ?
				WHERE ((? <> '' AND stripe_payment_intent_id = ?) OR (? <> '' AND subscription_id = ?))
				AND (status_event_at < ? OR (status_event_at = ? AND `+statusRank("?")+` >= `+statusRank("status")+`))`,
				move.Status, now.UnixMilli(), move.Status, ev.Created,
				move.PaymentIntentID, move.PaymentIntentID, move.SubscriptionID, move.SubscriptionID,
				ev.Created, ev.Created, move.Status)
			if err != nil {
				return fmt.Errorf("store: apply stripe event %s: %w", ev.StripeID, err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return fmt.Errorf("store: apply stripe event %s: %w", ev.StripeID, err)
			} else if n > 0 {
				outcome = EventProcessed
			}
		}
		if outcome == EventIgnored {
			kept, err := keepEarlyEvent(ctx, tx, ev, move, now)
			if err != nil {
				return err
			}
			if kept {
				outcome = EventKept
			}
		}
		// The primary key decides between concurrent deliveries of one
		// event: the later one's insert waits for the first to commit,
		// fails, and its transaction, payment update included, rolls back.
		_, err = tx.ExecContext(ctx, `INSERT INTO payment_stripe_events (stripe_event_id, id, event_type, outcome, received_at)
			VALUES (?, ?, ?, ?, ?)`, ev.StripeID, ev.ID, ev.Type, recorded(outcome), now.UnixMilli())
		if db.isUnique(err) {
			return ErrDuplicateEvent
		}
		if err != nil {
			return fmt.Errorf("store: record stripe event %s: %w", ev.StripeID, err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return outcome, nil
}

// recorded is the outcome as payment_stripe_events records it: a kept
// event moved nothing yet.
func recorded(outcome string) string {
	if outcome == EventKept {
		return EventIgnored
	}
	return outcome
}

// statusRank is the SQL rank of the payment status expr along a payment's
// life: waiting, then being paid, then an outcome. A failed payment may
// still be paid by a later attempt; succeeded and canceled are final.
func statusRank(expr string) string {
	return `(CASE ` + expr + ` WHEN 'pending' THEN 0 WHEN 'requires_action' THEN 1 WHEN 'processing' THEN 2
		WHEN 'failed' THEN 3 ELSE 4 END)`
}
