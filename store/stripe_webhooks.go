package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// StripeWebhook is a webhook endpoint registered at Stripe for a company.
type StripeWebhook struct {
	ID            int64
	PublicID      uuid.UUID // derives the idempotency key of the create
	CompanyID     uuid.UUID
	URL           string
	Events        []string
	Connect       bool   // listens to the platform's connected accounts
	StripeAccount string // the account the endpoint lives on; empty: the platform
	EndpointID    string // we_…
	Secret        string // whsec_…
}

// BeginStripeWebhook records w (state creating) before Stripe is asked to
// create it, and returns it with its ids. A PublicID set by the caller is
// kept: the attempt recorded before this row names it.
func (db *DB) BeginStripeWebhook(ctx context.Context, w StripeWebhook) (StripeWebhook, error) {
	if w.PublicID == uuid.Nil {
		w.PublicID = uuid.New()
	}
	err := db.writeRow(ctx, []any{&w.ID}, `INSERT INTO stripe_webhooks (public_id, company_id, state, url, events, connect, stripe_account, created_at)
		VALUES (?, ?, 'creating', ?, ?, ?, ?, ?) RETURNING id`,
		w.PublicID.String(), w.CompanyID.String(), w.URL, strings.Join(w.Events, ","), w.Connect, w.StripeAccount,
		ms(db.now()))
	if err != nil {
		return StripeWebhook{}, fmt.Errorf("store: add webhook for %s: %w", w.CompanyID, err)
	}
	return w, nil
}

// ActivateStripeWebhook records the endpoint Stripe created for webhook id
// and the secret that signs its deliveries.
func (db *DB) ActivateStripeWebhook(ctx context.Context, id int64, endpointID, secret string) error {
	sealed, err := db.seal(secret, "stripe_webhooks", strconv.FormatInt(id, 10))
	if err != nil {
		return err
	}
	_, err = db.exec(ctx, `UPDATE stripe_webhooks SET state = 'active', endpoint_id = ?, secret = ? WHERE id = ?`,
		endpointID, sealed, id)
	if err != nil {
		return fmt.Errorf("store: activate webhook %d: %w", id, err)
	}
	return nil
}

// FailStripeWebhook marks webhook id failed with reason.
func (db *DB) FailStripeWebhook(ctx context.Context, id int64, reason string) error {
	_, err := db.exec(ctx, `UPDATE stripe_webhooks SET state = 'failed', failure = ? WHERE id = ?`, reason, id)
	if err != nil {
		return fmt.Errorf("store: fail webhook %d: %w", id, err)
	}
	return nil
}

// StripeWebhooks returns the active endpoints of company, or of every
// company when company is nil, newest first.
func (db *DB) StripeWebhooks(ctx context.Context, company *uuid.UUID) ([]StripeWebhook, error) {
	q := `SELECT id, public_id, company_id, url, events, connect, stripe_account, endpoint_id, secret
		FROM stripe_webhooks WHERE state = 'active'`
	var args []any
	if company != nil {
		q += ` AND company_id = ?`
		args = append(args, company.String())
	}
	rows, err := db.conn.QueryContext(ctx, q+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: webhooks: %w", err)
	}
	defer rows.Close()
	var out []StripeWebhook
	for rows.Next() {
		var w StripeWebhook
		var public, comp, events string
		if err := rows.Scan(&w.ID, &public, &comp, &w.URL, &events, &w.Connect, &w.StripeAccount, &w.EndpointID, &w.Secret); err != nil {
			return nil, fmt.Errorf("store: webhooks: %w", err)
		}
		if w.PublicID, err = uuid.Parse(public); err != nil {
			return nil, fmt.Errorf("store: webhook %d: %w", w.ID, err)
		}
		if w.CompanyID, err = uuid.Parse(comp); err != nil {
			return nil, fmt.Errorf("store: webhook %d: %w", w.ID, err)
		}
		if events != "" {
			w.Events = strings.Split(events, ",")
		}
		if w.Secret, err = db.open(w.Secret, "stripe_webhooks", strconv.FormatInt(w.ID, 10)); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
