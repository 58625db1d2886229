package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// PaymentSort names a column the payment log may be ordered by.
type PaymentSort string

const (
	SortID             PaymentSort = "id"
	SortCreated        PaymentSort = "created_at"
	SortUpdated        PaymentSort = "updated_at"
	SortAmount         PaymentSort = "amount"
	SortRefunded       PaymentSort = "refunded"
	SortStatus         PaymentSort = "status"
	SortProvider       PaymentSort = "provider"
	SortReference      PaymentSort = "internal_reference_id"
	SortCurrency       PaymentSort = "currency"
	SortArticleTypeID  PaymentSort = "article_type_id"
	SortProviderStatus PaymentSort = "provider_status"
)

// sortable is every PaymentSort: the only text ever placed in ORDER BY.
var sortable = map[PaymentSort]bool{SortID: true, SortCreated: true, SortUpdated: true, SortAmount: true,
	SortRefunded: true, SortStatus: true, SortProvider: true, SortReference: true, SortCurrency: true,
	SortArticleTypeID: true, SortProviderStatus: true}

// PaymentOrder is one key of an ordering.
type PaymentOrder struct {
	By   PaymentSort
	Desc bool
}

// PaymentFilter selects a page of a company's payment log.
type PaymentFilter struct {
	CompanyID     uuid.UUID
	ArticleTypeID int64
	CreatedFrom   *time.Time // inclusive
	CreatedTo     *time.Time // exclusive
	Order         []PaymentOrder
	Skip, Take    int
	Total         bool // count the matching rows too
	Articles      bool // fill each payment's Articles
}

// PaymentLog returns the page of the log f selects, newest first unless f
// orders otherwise, and the number of matching rows when f.Total asks.
func (db *DB) PaymentLog(ctx context.Context, f PaymentFilter) ([]LoggedPayment, int, error) {
	where := []string{`company_id = ?`, `article_type_id = ?`}
	args := []any{f.CompanyID.String(), f.ArticleTypeID}
	if f.CreatedFrom != nil {
		where, args = append(where, `created_at >= ?`), append(args, ms(*f.CreatedFrom))
	}
	if f.CreatedTo != nil {
		where, args = append(where, `created_at < ?`), append(args, ms(*f.CreatedTo))
	}
	cond := strings.Join(where, ` AND `)
	var order []string
	for _, o := range f.Order {
		if !sortable[o.By] {
			return nil, 0, fmt.Errorf("store: payment log: cannot order by %q", o.By)
		}
		dir := " ASC"
		if o.Desc {
			dir = " DESC"
		}
		order = append(order, string(o.By)+dir)
	}
	// id last, so that pages never overlap or skip rows on equal keys.
	if len(order) == 0 {
		order = append(order, "created_at DESC", "id DESC")
	} else {
		order = append(order, "id ASC")
	}
	list, err := queryPayments(ctx, db.conn, cond+` ORDER BY `+strings.Join(order, ", ")+` LIMIT ? OFFSET ?`,
		append(args, f.Take, f.Skip)...)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	if f.Total {
		if err := db.conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_log WHERE `+cond, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("store: payment log: count: %w", err)
		}
	}
	if f.Articles {
		for i := range list {
			if list[i].Articles, err = paymentArticles(ctx, db.conn, list[i].ID); err != nil {
				return nil, 0, err
			}
		}
	}
	return list, total, nil
}

// Payment returns logged payment id with its articles, or ErrNotFound.
func (db *DB) Payment(ctx context.Context, id int64) (LoggedPayment, error) {
	p, err := paymentIn(ctx, db.conn, id)
	if err != nil {
		return LoggedPayment{}, err
	}
	p.Articles, err = paymentArticles(ctx, db.conn, id)
	return p, err
}

func paymentIn(ctx context.Context, q querier, id int64) (LoggedPayment, error) {
	list, err := queryPayments(ctx, q, `id = ?`, id)
	if err != nil {
		return LoggedPayment{}, err
	}
	if len(list) == 0 {
		return LoggedPayment{}, ErrNotFound
	}
	return list[0], nil
}

const paymentColumns = `id, company_id, internal_reference_id, article_type_id, provider, checkout_row, checkout_ref,
	payment_ref, stripe_account, test_mode, currency, amount, vat_amount, status, provider_status, refund_reserved,
	refunded, created_at, updated_at`

func queryPayments(ctx context.Context, q querier, where string, args ...any) ([]LoggedPayment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+paymentColumns+` FROM payment_log WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: payment log: %w", err)
	}
	defer rows.Close()
	var out []LoggedPayment
	for rows.Next() {
		var p LoggedPayment
		var company string
		var created, updated int64
		if err := rows.Scan(&p.ID, &company, &p.InternalReferenceID, &p.ArticleTypeID, &p.Provider, &p.CheckoutRow,
			&p.CheckoutRef, &p.PaymentRef, &p.StripeAccount, &p.TestMode, &p.Currency, &p.Amount, &p.VATAmount,
			&p.Status, &p.ProviderStatus, &p.RefundReserved, &p.Refunded, &created, &updated); err != nil {
			return nil, fmt.Errorf("store: payment log: %w", err)
		}
		if p.CompanyID, err = uuid.Parse(company); err != nil {
			return nil, fmt.Errorf("store: payment %d: company id: %w", p.ID, err)
		}
		p.CreatedAt, p.UpdatedAt = fromMilli(created), fromMilli(updated)
		out = append(out, p)
	}
	return out, rows.Err()
}

func paymentArticles(ctx context.Context, q querier, id int64) ([]PaymentArticle, error) {
	rows, err := q.QueryContext(ctx, `SELECT article_id, article_type_id, name, unit_price, quantity
		FROM payment_log_articles WHERE payment_id = ? ORDER BY line`, id)
	if err != nil {
		return nil, fmt.Errorf("store: articles of payment %d: %w", id, err)
	}
	defer rows.Close()
	out := []PaymentArticle{}
	for rows.Next() {
		var a PaymentArticle
		if err := rows.Scan(&a.ArticleID, &a.ArticleTypeID, &a.Name, &a.UnitPrice, &a.Quantity); err != nil {
			return nil, fmt.Errorf("store: articles of payment %d: %w", id, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// PaymentOfCheckout returns the log row of a provider's checkout row, or
// ErrNotFound while the checkout has not been paid.
func (db *DB) PaymentOfCheckout(ctx context.Context, provider string, checkoutRow int64) (LoggedPayment, error) {
	list, err := queryPayments(ctx, db.conn, `provider = ? AND checkout_row = ?`, provider, checkoutRow)
	if err != nil {
		return LoggedPayment{}, err
	}
	if len(list) == 0 {
		return LoggedPayment{}, ErrNotFound
	}
	return list[0], nil
}
