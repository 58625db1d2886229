package payments

import (
	"fmt"
	"strings"

	"paygate/dto"
	"paygate/money"
)

// checkCheckout applies the request schema's value rules that decoding does
// not (lengths, ranges), naming the first offending member, and normalises
// the currency to lower case as Stripe writes it. Afterwards a zero
// amount_cents or subscription_plan_id means the member was not sent.
func checkCheckout(r *dto.CreateCheckout, sent present) error {
	if r.CustomerID == "" {
		return invalid("customer_id", "must not be empty")
	}
	if err := money.CheckCurrency(r.Currency); err != nil {
		return invalid("currency", err.Error())
	}
	r.Currency = strings.ToLower(r.Currency)
	if r.PromoCode != nil && *r.PromoCode == "" {
		return invalid("promo_code", "must not be empty; leave it out or send null for no code")
	}
	if sent["amount_cents"] && r.AmountCents <= 0 {
		return invalid("amount_cents", fmt.Sprintf("must be greater than 0, got %d", r.AmountCents))
	}
	if sent["subscription_plan_id"] && r.SubscriptionPlanID == "" {
		return invalid("subscription_plan_id", "must not be empty")
	}
	if r.LineItems != nil && len(r.LineItems) == 0 {
		return invalid("line_items", "must contain at least 1 item")
	}
	for i, li := range r.LineItems {
		at := fmt.Sprintf("line_items[%d].", i)
		switch {
		case li.ProductID == "":
			return invalid(at+"product_id", "must not be empty")
		case li.VariantID == "":
			return invalid(at+"variant_id", "must not be empty")
		case li.Qty <= 0:
			return invalid(at+"qty", fmt.Sprintf("must be greater than 0, got %d", li.Qty))
		case li.UnitAmountCents < 0:
			return invalid(at+"unit_amount_cents", fmt.Sprintf("must be 0 or more, got %d", li.UnitAmountCents))
		}
	}
	return nil
}
