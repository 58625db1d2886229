package stripev1

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/money"
	"paygate/store"
)

// maxAmount is the largest amount Stripe charges in one payment: eight
// digits of minor units, whatever the currency.
const maxAmount = 99_999_999

// order is a checkout priced from the catalog: the caller names articles and
// quantities, never prices.
type order struct {
	lines    []store.CheckoutLine
	currency string // upper case
	total    int64  // minor units, VAT included
}

// price looks every article up in company's catalog and adds them up. All
// lines must share one currency, and it must be want when want is set.
// Every offending line is reported, each naming its Articles[i] member.
func (s *service) price(ctx context.Context, company uuid.UUID, want string, articles []dto.ArticleToCreate) (order, error) {
	var o order
	var fields []apierr.FieldError
	first := -1 // the line that set o.currency
	for i, a := range articles {
		at := fmt.Sprintf("Articles[%d]", i)
		art, err := s.db.Article(ctx, company, int64(a.ArticleId), int64(a.ArticleTypeId))
		if errors.Is(err, store.ErrNotFound) {
			fields = append(fields, apierr.FieldError{Code: "ArticleNotFound", Field: at + ".ArticleId",
				Message: fmt.Sprintf("Article %d of article type %d is not in the company's catalog.", a.ArticleId, a.ArticleTypeId)})
			continue
		}
		if err != nil {
			return order{}, err
		}
		switch {
		case want != "" && art.Currency != want:
			fields = append(fields, apierr.FieldError{Code: "CurrencyMismatch", Field: at + ".ArticleId",
				Message: fmt.Sprintf("Article %d is priced in %s, but the company takes payments in %s.", a.ArticleId, art.Currency, want)})
			continue
		case o.currency == "":
			o.currency, first = art.Currency, i
		case art.Currency != o.currency:
			fields = append(fields, apierr.FieldError{Code: "CurrencyMismatch", Field: at + ".ArticleId",
				Message: fmt.Sprintf("Article %d is priced in %s, but Articles[%d] is in %s; a checkout has one currency.",
					a.ArticleId, art.Currency, first, o.currency)})
			continue
		}
		total, err := money.AddMul(o.total, art.UnitPrice, int64(a.Quantity))
		if err != nil || total > maxAmount {
			fields = append(fields, apierr.FieldError{Code: "LessThanOrEqual", Field: at + ".Quantity",
				Message: fmt.Sprintf("The checkout would exceed %s %s, the most Stripe charges in one payment.",
					money.Format(maxAmount, art.Currency), art.Currency)})
			continue
		}
		o.total = total
		o.lines = append(o.lines, store.CheckoutLine{ArticleID: art.ArticleID, ArticleTypeID: art.ArticleTypeID,
			Name: art.Name, UnitPrice: art.UnitPrice, VATRateBP: art.VATRateBP, Quantity: int64(a.Quantity)})
	}
	if len(fields) > 0 {
		return order{}, apierr.Validation(fields...)
	}
	if o.total <= 0 {
		return order{}, apierr.Invalid("Articles", "GreaterThan", "The articles add up to nothing to pay.")
	}
	return o, nil
}
