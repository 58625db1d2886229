package store

import (
	"context"
	"fmt"
	"time"
)

// Providers of early notifications: which surface kept one, and so which
// table's rows its Ref names.
const (
	EarlyStripeV1 = "stripev1" // Ref is a stripe_checkouts session_id
	EarlyPayson   = "payson"   // Ref is a payson_checkouts checkout_id
)

// earlyOwners says, by provider, which rows an early notification waits
// for: the condition that a row names n.ref.
var earlyOwners = map[string]string{
	EarlyStripeV1: `EXISTS (SELECT 1 FROM stripe_checkouts c WHERE c.session_id = n.ref)`,
	EarlyPayson:   `EXISTS (SELECT 1 FROM payson_checkouts c WHERE c.checkout_id = n.ref)`,
}

// EarlyNotification is a notification kept because no row named its
// session or checkout when it came (see migration 00072).
type EarlyNotification struct {
	Provider   string
	EventID    string
	Ref        string
	CompanyID  string
	Account    string
	Body       []byte
	ReceivedAt time.Time
}

// KeepEarlyNotification keeps n until a row names its Ref; keeping one
// twice keeps it once. Notifications older than earlyEventTTL are
// forgotten on the way: whatever they were about was never ours.
func (db *DB) KeepEarlyNotification(ctx context.Context, n EarlyNotification) error {
	if _, ok := earlyOwners[n.Provider]; !ok {
		return fmt.Errorf("store: keep notification %s: unknown provider %q", n.EventID, n.Provider)
	}
	now := db.now()
	return db.tx(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM early_notifications WHERE received_at < ?`,
			ms(now.Add(-earlyEventTTL))); err != nil {
			return fmt.Errorf("store: purge early notifications: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO early_notifications
			(provider, event_id, ref, company_id, account, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (provider, event_id) DO NOTHING`,
			n.Provider, n.EventID, n.Ref, n.CompanyID, n.Account, string(n.Body), ms(now))
		if err != nil {
			return fmt.Errorf("store: keep notification %s: %w", n.EventID, err)
		}
		return nil
	})
}

// earlyKept tells, inside the transaction that records ref on its row,
// whether a notification of provider waits for it. The create asks here,
// in its own write, rather than with a read after it: a read on another
// connection after a write finds its page cache stale and reads every page
// again, which cost a create more than the write it followed. On SQLite
// the writer runs the keeping and this one after the other, so a kept
// notification is always seen; on PostgreSQL one kept in the instant
// between two such transactions is left to the early sweeper, as it was
// with a read after the write.
func earlyKept(ctx context.Context, q querier, provider, ref string) (bool, error) {
	var kept bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM early_notifications WHERE provider = ? AND ref = ?)`,
		provider, ref).Scan(&kept)
	if err != nil {
		return false, fmt.Errorf("store: early notifications for %s: %w", ref, err)
	}
	return kept, nil
}

// EarlyNotifications lists the notifications of provider kept for ref,
// oldest first.
func (db *DB) EarlyNotifications(ctx context.Context, provider, ref string) ([]EarlyNotification, error) {
	return db.earlyNotifications(ctx, `n.provider = ? AND n.ref = ?`, 0, provider, ref)
}

// DueEarlyNotifications lists, oldest first and at most limit, the kept
// notifications of provider whose Ref a row names by now: those that the
// request recording the provider's id did not get to apply.
func (db *DB) DueEarlyNotifications(ctx context.Context, provider string, limit int) ([]EarlyNotification, error) {
	owner, ok := earlyOwners[provider]
	if !ok {
		return nil, fmt.Errorf("store: early notifications: unknown provider %q", provider)
	}
	return db.earlyNotifications(ctx, `n.provider = ? AND `+owner, limit, provider)
}

func (db *DB) earlyNotifications(ctx context.Context, where string, limit int, args ...any) ([]EarlyNotification, error) {
	q := `SELECT provider, event_id, ref, company_id, account, body, received_at FROM early_notifications n
		WHERE ` + where + ` ORDER BY received_at, event_id`
	if limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, limit)
	}
	rows, err := db.conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: early notifications: %w", err)
	}
	defer rows.Close()
	var out []EarlyNotification
	for rows.Next() {
		var n EarlyNotification
		var body string
		var at int64
		if err := rows.Scan(&n.Provider, &n.EventID, &n.Ref, &n.CompanyID, &n.Account, &body, &at); err != nil {
			return nil, fmt.Errorf("store: early notifications: %w", err)
		}
		n.Body, n.ReceivedAt = []byte(body), fromMS(at)
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: early notifications: %w", err)
	}
	return out, nil
}

// ForgetEarlyNotification drops a kept notification once it is applied.
func (db *DB) ForgetEarlyNotification(ctx context.Context, provider, eventID string) error {
	if _, err := db.exec(ctx, `DELETE FROM early_notifications WHERE provider = ? AND event_id = ?`,
		provider, eventID); err != nil {
		return fmt.Errorf("store: forget notification %s: %w", eventID, err)
	}
	return nil
}
