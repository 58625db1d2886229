package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// EventKept is ApplyStripeEvent's outcome for an event that names a
// PaymentIntent or Subscription no payment has yet: it is kept, and applied
// when the payment is written (see keepEarlyEvent).
const EventKept = "kept"

// earlyEventTTL is how long a kept event waits for its payment: longer than
// any create takes to be settled, recovery included.
const earlyEventTTL = 72 * time.Hour

// keepEarlyEvent keeps move, of event ev, when no payment names its
// PaymentIntent or Subscription yet, and reports whether it did.
func keepEarlyEvent(ctx context.Context, tx querier, ev StripeEvent, move PaymentMove, now time.Time) (bool, error) {
	if move.Status == "" || (move.PaymentIntentID == "" && move.SubscriptionID == "") {
		return false, nil
	}
	if strings.HasPrefix(ev.Type, "invoice.") && move.SubscriptionID == "" {
		// Only a subscription's first invoice is a checkout's; a renewal's
		// PaymentIntent never gets a payment of its own.
		return false, nil
	}
	var known int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM payments
		WHERE (? <> '' AND stripe_payment_intent_id = ?) OR (? <> '' AND subscription_id = ?)`,
		move.PaymentIntentID, move.PaymentIntentID, move.SubscriptionID, move.SubscriptionID).Scan(&known)
	if err != nil || known > 0 {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM payment_early_events WHERE received_at < ?`,
		now.Add(-earlyEventTTL).UnixMilli()); err != nil {
		return false, fmt.Errorf("store: purge early events: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO payment_early_events
		(stripe_event_id, payment_intent_id, subscription_id, status, event_created, received_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stripe_event_id) DO NOTHING`,
		ev.StripeID, move.PaymentIntentID, move.SubscriptionID, move.Status, ev.Created, now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("store: keep early event %s: %w", ev.StripeID, err)
	}
	return true, nil
}

// applyEarlyEvents applies, in the transaction that writes payment p, the
// events kept for its PaymentIntent or Subscription, oldest first and by
// the same rule as ApplyStripeEvent (a later event wins; within a second,
// only forward), and forgets them.
func applyEarlyEvents(ctx context.Context, tx querier, p Payment, now time.Time) error {
	pi, sub := deref(p.StripePaymentIntentID), deref(p.SubscriptionID)
	if pi == "" && sub == "" {
		return nil
	}
	// Ordered here, not by ORDER BY: see queryCheckouts.
	rows, err := tx.QueryContext(ctx, `SELECT stripe_event_id, status, event_created, received_at FROM payment_early_events
		WHERE (? <> '' AND payment_intent_id = ?) OR (? <> '' AND subscription_id = ?)`, pi, pi, sub, sub)
	if err != nil {
		return fmt.Errorf("store: early events of payment %s: %w", p.ID, err)
	}
	type kept struct {
		id, status        string
		created, received int64
	}
	var list []kept
	for rows.Next() {
		var k kept
		if err := rows.Scan(&k.id, &k.status, &k.created, &k.received); err != nil {
			rows.Close()
			return fmt.Errorf("store: early events of payment %s: %w", p.ID, err)
		}
		list = append(list, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: early events of payment %s: %w", p.ID, err)
	}
	slices.SortFunc(list, func(a, b kept) int {
		return cmp.Or(cmp.Compare(a.created, b.created), cmp.Compare(a.received, b.received))
	})
	for _, k := range list {
		_, err := tx.ExecContext(ctx, `UPDATE payments SET
			updated_at = CASE WHEN status <> ? THEN ? ELSE updated_at END,
			status = ?, status_event_at = ?
			WHERE id = ? AND (status_event_at < ? OR (status_event_at = ? AND `+statusRank("?")+` >= `+statusRank("status")+`))`,
			k.status, now.UnixMilli(), k.status, k.created, p.ID, k.created, k.created, k.status)
		if err != nil {
			return fmt.Errorf("store: apply early event %s: %w", k.id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM payment_early_events WHERE stripe_event_id = ?`, k.id); err != nil {
			return fmt.Errorf("store: apply early event %s: %w", k.id, err)
		}
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
