package stripev1

import (
	"context"

	"github.com/google/uuid"

	"paygate/dto"
	"paygate/providers/bokamera"
)

// maxAmount is the largest amount Stripe charges in one payment: eight
// digits of minor units, whatever the currency.
const maxAmount = 99_999_999

// price prices articles from company's catalog, in currency when the
// company's settings name one.
func (s *service) price(ctx context.Context, company uuid.UUID, currency string, articles []dto.ArticleToCreate) (bokamera.Order, error) {
	return bokamera.Price(ctx, s.db, company, bokamera.Rules{Provider: "Stripe", Currency: currency, MaxAmount: maxAmount}, articles)
}
