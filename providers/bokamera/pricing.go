package bokamera

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/money"
	"paygate/store"
)

// Catalog is where a company's articles are looked up.
type Catalog interface {
	Article(ctx context.Context, company uuid.UUID, articleID, typeID int64) (store.Article, error)
}

// Rules are what a provider adds to the catalog's own rules.
type Rules struct {
	// Provider names it in messages ("Stripe").
	Provider string
	// Currencies, when set, are the only ones the provider takes.
	Currencies []string
	// Currency, when set, is the company's currency, which every article
	// must be priced in.
	Currency string
	// MaxAmount, when set, is the most the provider charges in one
	// payment, in minor units.
	MaxAmount int64
}

// Order is a checkout priced from the catalog: the caller names articles
// and quantities, never prices.
type Order struct {
	Lines    []store.CheckoutLine
	Currency string // upper case
	Total    int64  // minor units, VAT included
}

// Price looks every article up in company's catalog and adds them up: all
// lines in one currency, which r allows, and the total within r's limit
// and above zero. Every offending line is reported at once, each naming
// its Articles[i] member: an article missing from the catalog is
// ArticleNotFound, a field error of the 400 (NotFound is a 404's code).
func Price(ctx context.Context, c Catalog, company uuid.UUID, r Rules, articles []dto.ArticleToCreate) (Order, error) {
	var o Order
	var fields []apierr.FieldError
	bad := func(i int, member, code, msg string) {
		fields = append(fields, apierr.FieldError{Code: code, Field: fmt.Sprintf("Articles[%d].%s", i, member), Message: msg})
	}
	first := -1 // the line that set o.Currency
	for i, line := range articles {
		a, err := c.Article(ctx, company, int64(line.ArticleId), int64(line.ArticleTypeId))
		if errors.Is(err, store.ErrNotFound) {
			bad(i, "ArticleId", "ArticleNotFound", fmt.Sprintf("Article %d of article type %d is not in the company's catalog.", line.ArticleId, line.ArticleTypeId))
			continue
		}
		if err != nil {
			return Order{}, fmt.Errorf("price article %d/%d: %w", line.ArticleId, line.ArticleTypeId, err)
		}
		cur := strings.ToUpper(a.Currency)
		switch {
		case len(r.Currencies) > 0 && !slices.Contains(r.Currencies, cur):
			bad(i, "ArticleId", r.Provider+"Currency", fmt.Sprintf("Article %d is priced in %s; %s takes %s only.",
				line.ArticleId, cur, r.Provider, strings.Join(r.Currencies, " and ")))
			continue
		case r.Currency != "" && cur != strings.ToUpper(r.Currency):
			bad(i, "ArticleId", "CurrencyMismatch", fmt.Sprintf("Article %d is priced in %s, but the company takes payments in %s.",
				line.ArticleId, cur, strings.ToUpper(r.Currency)))
			continue
		case o.Currency == "":
			o.Currency, first = cur, i
		case cur != o.Currency:
			bad(i, "ArticleId", "CurrencyMismatch", fmt.Sprintf("Article %d is priced in %s, but Articles[%d] is in %s; a checkout has one currency.",
				line.ArticleId, cur, first, o.Currency))
			continue
		}
		total, err := money.AddMul(o.Total, a.UnitPrice, int64(line.Quantity))
		switch {
		case r.MaxAmount > 0 && (err != nil || total > r.MaxAmount):
			bad(i, "Quantity", "LessThanOrEqual", fmt.Sprintf("The checkout would exceed %s %s, the most %s charges in one payment.",
				money.Format(r.MaxAmount, cur), cur, r.Provider))
			continue
		case err != nil:
			bad(i, "Quantity", "LessThanOrEqual", fmt.Sprintf("The quantity of article %d makes the total too large.", line.ArticleId))
			continue
		}
		o.Total = total
		o.Lines = append(o.Lines, store.CheckoutLine{ArticleID: a.ArticleID, ArticleTypeID: a.ArticleTypeID,
			Name: a.Name, UnitPrice: a.UnitPrice, VATRateBP: a.VATRateBP, Quantity: int64(line.Quantity)})
	}
	if len(fields) > 0 {
		return Order{}, apierr.Validation(fields...)
	}
	if o.Total <= 0 {
		return Order{}, apierr.Invalid("Articles", "GreaterThan", "The articles add up to nothing to pay.")
	}
	return o, nil
}
