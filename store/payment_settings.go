package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// PaymentProvider identifies a checkout product a company can choose. The
// numbers are paygate's own: BokaMera does not publish its provider ids.
type PaymentProvider int64

const (
	ProviderStripeCheckoutV1 PaymentProvider = 1
	ProviderPaysonCheckoutV2 PaymentProvider = 2
)

// PaymentProviders lists the products paygate serves, in id order.
var PaymentProviders = []PaymentProviderInfo{
	{ID: ProviderStripeCheckoutV1, Name: "Stripe Checkout 1.0", Description: "Stripe Checkout Sessions, hosted or embedded, optionally on a connected account"},
	{ID: ProviderPaysonCheckoutV2, Name: "Payson Checkout 2.0", Description: "Payson Checkout 2.0 with card, invoice and bank payments"},
}

// PaymentProviderInfo describes a PaymentProvider.
type PaymentProviderInfo struct {
	ID          PaymentProvider
	Name        string
	Description string
}

// Known reports whether p is one of PaymentProviders.
func (p PaymentProvider) Known() bool {
	for _, i := range PaymentProviders {
		if i.ID == p {
			return true
		}
	}
	return false
}

// PaymentSettings is a company's choice of checkout product.
type PaymentSettings struct {
	CompanyID              uuid.UUID
	Enabled                bool
	Provider               PaymentProvider
	StripeAccount          string // connected account (acct_…); empty: the platform account
	Currency               string // ISO 4217, upper case; empty: the articles decide
	DefaultConfirmationURL string
}

// ErrSettingsExist is returned by AddPaymentSettings for a company that has
// settings already.
var ErrSettingsExist = errors.New("payment settings exist")

// PaymentSettings returns a company's settings, or ErrNotFound.
func (db *DB) PaymentSettings(ctx context.Context, company uuid.UUID) (PaymentSettings, error) {
	return paymentSettings(ctx, db.conn, company, "")
}

// paymentSettings reads a company's settings; lock is the engine's
// forUpdate inside a read-change-write, empty otherwise.
func paymentSettings(ctx context.Context, q querier, company uuid.UUID, lock string) (PaymentSettings, error) {
	s := PaymentSettings{CompanyID: company}
	err := q.QueryRowContext(ctx, `SELECT enabled, payment_provider_id, stripe_account, currency, default_confirmation_url
		FROM payment_settings WHERE company_id = ?`+lock, company.String()).
		Scan(&s.Enabled, &s.Provider, &s.StripeAccount, &s.Currency, &s.DefaultConfirmationURL)
	if errors.Is(err, sql.ErrNoRows) {
		return PaymentSettings{}, ErrNotFound
	}
	if err != nil {
		return PaymentSettings{}, fmt.Errorf("store: payment settings of %s: %w", company, err)
	}
	return s, nil
}

// AddPaymentSettings inserts s; ErrSettingsExist when the company has
// settings, ErrNotFound when the company does not exist.
func (db *DB) AddPaymentSettings(ctx context.Context, s PaymentSettings) error {
	now := ms(db.now())
	_, err := db.exec(ctx, `INSERT INTO payment_settings
		(company_id, enabled, payment_provider_id, stripe_account, currency, default_confirmation_url, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.CompanyID.String(), s.Enabled, s.Provider, s.StripeAccount, strings.ToUpper(s.Currency), s.DefaultConfirmationURL, now, now)
	switch {
	case db.isUnique(err):
		return ErrSettingsExist
	case db.isForeignKey(err):
		return ErrNotFound
	case err != nil:
		return fmt.Errorf("store: add payment settings of %s: %w", s.CompanyID, err)
	}
	return nil
}

// PutPaymentSettings inserts or replaces a company's settings.
func (db *DB) PutPaymentSettings(ctx context.Context, s PaymentSettings) error {
	now := ms(db.now())
	_, err := db.exec(ctx, `INSERT INTO payment_settings
		(company_id, enabled, payment_provider_id, stripe_account, currency, default_confirmation_url, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (company_id) DO UPDATE SET
			enabled = excluded.enabled, payment_provider_id = excluded.payment_provider_id,
			stripe_account = excluded.stripe_account, currency = excluded.currency,
			default_confirmation_url = excluded.default_confirmation_url,
			updated_at = excluded.updated_at`,
		s.CompanyID.String(), s.Enabled, s.Provider, s.StripeAccount, strings.ToUpper(s.Currency), s.DefaultConfirmationURL, now, now)
	if err != nil {
		return fmt.Errorf("store: put payment settings of %s: %w", s.CompanyID, err)
	}
	return nil
}

// UpdatePaymentSettings changes a company's settings with change, read and
// written in one transaction so concurrent partial updates do not undo each
// other. ErrNotFound when the company has no settings; an error from change
// is returned as is and nothing is written.
func (db *DB) UpdatePaymentSettings(ctx context.Context, company uuid.UUID, change func(*PaymentSettings) error) (PaymentSettings, error) {
	var s PaymentSettings
	err := db.tx(ctx, func(tx querier) error {
		var err error
		if s, err = paymentSettings(ctx, tx, company, db.eng.forUpdate()); err != nil {
			return err
		}
		if err := change(&s); err != nil {
			return err
		}
		s.CompanyID = company
		_, err = tx.ExecContext(ctx, `UPDATE payment_settings SET enabled = ?, payment_provider_id = ?,
			stripe_account = ?, currency = ?, default_confirmation_url = ?,
			updated_at = ?
			WHERE company_id = ?`,
			s.Enabled, s.Provider, s.StripeAccount, strings.ToUpper(s.Currency), s.DefaultConfirmationURL, ms(db.now()), company.String())
		if err != nil {
			return fmt.Errorf("store: update payment settings of %s: %w", company, err)
		}
		return nil
	})
	if err != nil {
		return PaymentSettings{}, err
	}
	s.Currency = strings.ToUpper(s.Currency)
	return s, nil
}
