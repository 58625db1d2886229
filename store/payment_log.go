package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// Providers of a logged payment.
const (
	ProviderStripe = "stripe"
	ProviderPayson = "payson"
)

// LogStatus is where a logged payment stands; see migration 00060.
type LogStatus string

const (
	LogPending LogStatus = "pending"
	LogPaid    LogStatus = "paid"
	LogFailed  LogStatus = "failed"
)

// LoggedPayment is one row of the payment log.
type LoggedPayment struct {
	ID                  int64
	CompanyID           uuid.UUID
	InternalReferenceID string
	ArticleTypeID       int64
	Provider            string
	CheckoutRow         int64  // the stripe_checkouts or payson_checkouts row
	CheckoutRef         string // Stripe session id, Payson checkout id
	PaymentRef          string // Stripe PaymentIntent id, Payson purchase id
	StripeAccount       string
	TestMode            bool
	Currency            string
	Amount              int64 // minor units, VAT included
	VATAmount           int64
	Status              LogStatus
	ProviderStatus      string
	RefundReserved      int64 // refunds not known to have failed
	Refunded            int64 // refunds that succeeded
	CreatedAt           time.Time
	UpdatedAt           time.Time
	Articles            []PaymentArticle // filled on request only
}

// PaymentArticle is one line a payment paid for.
type PaymentArticle struct {
	ArticleID     int64
	ArticleTypeID int64
	Name          string
	UnitPrice     int64
	Quantity      int64
}

// Refundable is what may still be given back.
func (p LoggedPayment) Refundable() int64 { return p.Amount - p.RefundReserved }

func fromMilli(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// vatOf is the VAT inside a VAT-inclusive amount at rate basis points,
// rounded half away from zero to a minor unit.
func vatOf(incl, rateBP int64) int64 {
	excl := int64(math.Round(float64(incl) * 10000 / float64(10000+rateBP)))
	return incl - excl
}

// stripeLogStatus is the log status of a completed Stripe checkout.
func stripeLogStatus(c StripeCheckout) (LogStatus, bool) {
	if c.State != CheckoutComplete {
		return "", false
	}
	switch c.PaymentStatus {
	case PaymentPaid, PaymentNoPaymentRequired:
		return LogPaid, true
	case PaymentFailed:
		return LogFailed, true
	}
	return LogPending, true
}

// logStripePayment writes or moves on the log row of checkout c inside tx,
// the transaction that stored c's new state. A replay finds the row and
// changes nothing; a row moves only from pending.
func logStripePayment(ctx context.Context, tx querier, now int64, c StripeCheckout) error {
	status, ok := stripeLogStatus(c)
	if !ok {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT line, article_id, article_type_id, name, unit_price, vat_rate_bp, quantity
		FROM stripe_checkout_lines WHERE checkout_id = ? ORDER BY line`, c.ID)
	if err != nil {
		return fmt.Errorf("store: log payment of checkout %d: %w", c.ID, err)
	}
	var lines []paymentLine
	for rows.Next() {
		var l paymentLine
		var rate int64
		if err := rows.Scan(&l.line, &l.ArticleID, &l.ArticleTypeID, &l.Name, &l.UnitPrice, &rate, &l.Quantity); err != nil {
			rows.Close()
			return fmt.Errorf("store: log payment of checkout %d: %w", c.ID, err)
		}
		l.vat = vatOf(l.UnitPrice*l.Quantity, rate)
		lines = append(lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: log payment of checkout %d: %w", c.ID, err)
	}
	return upsertPayment(ctx, tx, now, LoggedPayment{
		CompanyID: c.CompanyID, InternalReferenceID: c.InternalReferenceID, ArticleTypeID: c.ArticleTypeID,
		Provider: ProviderStripe, CheckoutRow: c.ID, CheckoutRef: c.SessionID, PaymentRef: c.PaymentIntentID,
		StripeAccount: c.StripeAccount, Currency: c.Currency, Amount: c.AmountTotal,
		Status: status, ProviderStatus: c.PaymentStatus,
	}, lines)
}

type paymentLine struct {
	PaymentArticle
	line int
	vat  int64
}

// upsertPayment inserts p with its lines, or moves an existing pending row
// of the same checkout to p's status.
func upsertPayment(ctx context.Context, tx querier, now int64, p LoggedPayment, lines []paymentLine) error {
	for _, l := range lines {
		p.VATAmount += l.vat
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO payment_log (company_id, internal_reference_id, article_type_id, provider,
			checkout_row, checkout_ref, payment_ref, stripe_account, test_mode, currency, amount, vat_amount, status,
			provider_status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (provider, checkout_row) DO NOTHING RETURNING id`,
		p.CompanyID.String(), p.InternalReferenceID, p.ArticleTypeID, p.Provider, p.CheckoutRow, p.CheckoutRef,
		p.PaymentRef, p.StripeAccount, p.TestMode, p.Currency, p.Amount, p.VATAmount, p.Status, p.ProviderStatus,
		now, now).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// Logged before: a pending payment moves on, a settled one only
		// follows the provider's finer status (Shipped, PaidToAccount).
		_, err := tx.ExecContext(ctx, `UPDATE payment_log SET status = ?, provider_status = ?,
				payment_ref = CASE WHEN ? <> '' THEN ? ELSE payment_ref END, updated_at = ?
			WHERE provider = ? AND checkout_row = ? AND (status = 'pending' OR status = ?)`,
			p.Status, p.ProviderStatus, p.PaymentRef, p.PaymentRef, now, p.Provider, p.CheckoutRow, p.Status)
		if err != nil {
			return fmt.Errorf("store: log payment of %s checkout %d: %w", p.Provider, p.CheckoutRow, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("store: log payment of %s checkout %d: %w", p.Provider, p.CheckoutRow, err)
	}
	for i, l := range lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO payment_log_articles
			(payment_id, line, article_id, article_type_id, name, unit_price, quantity) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, i, l.ArticleID, l.ArticleTypeID, l.Name, l.UnitPrice, l.Quantity); err != nil {
			return fmt.Errorf("store: log articles of payment %d: %w", id, err)
		}
	}
	return nil
}

// PaysonLine is an order item of a Payson checkout, as read back.
type PaysonLine struct {
	Reference string // the article id paygate sent
	Name      string
	UnitPrice int64 // minor units, VAT included
	Quantity  int64
	VAT       int64 // the item's total tax as Payson computed it
}

// paysonLogStatus is the log status of a checkout in Payson status st,
// and whether the log has a row for it at all.
func paysonLogStatus(st string) (LogStatus, bool) {
	switch st {
	case "readyToShip":
		return LogPending, true
	case "shipped", "paidToAccount":
		return LogPaid, true
	case "canceled", "expired", "denied":
		return LogFailed, true
	}
	return "", false
}

// logPaysonPayment writes or moves on the log row of Payson checkout c,
// which tx just moved to Payson status st. A checkout that ended without
// ever being paid gets no row.
func logPaysonPayment(ctx context.Context, tx querier, now int64, c PaysonCheckout, st PaysonStatus) error {
	status, ok := paysonLogStatus(st.Status)
	if !ok {
		return nil
	}
	if status == LogFailed {
		_, err := tx.ExecContext(ctx, `UPDATE payment_log SET status = 'failed', provider_status = ?, updated_at = ?
			WHERE provider = 'payson' AND checkout_row = ? AND status = 'pending'`, st.Status, now, c.ID)
		if err != nil {
			return fmt.Errorf("store: log payment of payson checkout %d: %w", c.ID, err)
		}
		return nil
	}
	order := st.Order
	if order == nil {
		order = &PaysonOrder{}
	}
	lines := make([]paymentLine, len(order.Lines))
	for i, it := range order.Lines {
		id, _ := strconv.ParseInt(it.Reference, 10, 64)
		lines[i] = paymentLine{PaymentArticle: PaymentArticle{ArticleID: id, ArticleTypeID: c.ArticleTypeID,
			Name: it.Name, UnitPrice: it.UnitPrice, Quantity: it.Quantity}, line: i, vat: it.VAT}
	}
	p := LoggedPayment{CompanyID: c.CompanyID, InternalReferenceID: c.InternalReferenceID, ArticleTypeID: c.ArticleTypeID,
		Provider: ProviderPayson, CheckoutRow: c.ID, CheckoutRef: c.CheckoutID.String(), PaymentRef: order.PurchaseID,
		TestMode: c.TestMode, Currency: c.Currency, Amount: c.AmountTotal, Status: status, ProviderStatus: st.Status}
	return upsertPayment(ctx, tx, now, p, lines)
}
