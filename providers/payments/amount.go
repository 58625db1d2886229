package payments

import (
	"fmt"
	"math"
	"math/big"
	"net/http"
	"strings"

	"paygate/apierr"
	"paygate/dto"
	"paygate/money"
	"paygate/store"
)

// charge is what a checkout asks for once the surface's rules are applied.
type charge struct {
	mode dto.PaymentMode
	// amount is before any discount. In subscription mode it is zero when
	// neither amount_cents nor line_items says, and the plan's price is
	// used once Stripe has named it.
	amount    int64
	lineItems []store.PaymentLineItem
}

// planCharge derives the mode and the amount of a checked request: a
// subscription when a plan is named, else a one-shot payment, which needs
// amount_cents or line_items; when both are given they must agree.
func planCharge(r *dto.CreateCheckout) (charge, error) {
	c := charge{mode: dto.PaymentModeOneShot}
	if r.SubscriptionPlanID != "" {
		c.mode = dto.PaymentModeSubscription
	}
	var total int64
	for i, li := range r.LineItems {
		t, err := money.AddMul(total, li.UnitAmountCents, li.Qty)
		if err != nil {
			return charge{}, invalid(fmt.Sprintf("line_items[%d]", i),
				fmt.Sprintf("the line_items total exceeds the largest amount, %d", int64(math.MaxInt64)))
		}
		total = t
		c.lineItems = append(c.lineItems, store.PaymentLineItem{
			ProductID: li.ProductID, VariantID: li.VariantID, Qty: li.Qty, UnitAmountCents: li.UnitAmountCents,
		})
	}
	switch {
	case r.AmountCents != 0 && r.LineItems != nil && r.AmountCents != total:
		return charge{}, apierr.BadRequest(codeAmountMismatch,
			fmt.Sprintf("amount_cents: %d does not equal the line_items total, %d", r.AmountCents, total))
	case r.AmountCents != 0:
		c.amount = r.AmountCents
	case r.LineItems != nil:
		c.amount = total
	case c.mode == dto.PaymentModeOneShot:
		return charge{}, invalid("amount_cents", "a one-shot payment needs amount_cents or line_items")
	}
	if c.mode == dto.PaymentModeOneShot && c.amount <= 0 {
		return charge{}, invalid("line_items", "the line_items total must be greater than 0")
	}
	return c, nil
}

// coupon is the part of a Stripe coupon a one-shot discount needs.
type coupon struct {
	percentOff float64 // e.g. 25.5
	amountOff  int64   // minor units of currency
	currency   string
}

// discount returns how much c takes off amount (in currency), never more
// than amount. PaymentIntents take no coupons, so the surface applies
// them: percentages to the nearest minor unit, halves up.
func discount(amount int64, currency string, c coupon) (int64, error) {
	switch {
	case c.amountOff > 0:
		if !strings.EqualFold(c.currency, currency) {
			return 0, apierr.New(http.StatusBadRequest, codeInvalidPromoCode,
				fmt.Sprintf("promo_code: the code takes %d %s off and does not apply to %s", c.amountOff, c.currency, currency))
		}
		return min(c.amountOff, amount), nil
	case c.percentOff > 0:
		// Hundredths of a percent are Stripe's precision; big.Int keeps
		// amount × rate from overflowing.
		rate := int64(math.Round(c.percentOff * 100))
		d := new(big.Int).Mul(big.NewInt(amount), big.NewInt(rate))
		d.Add(d, big.NewInt(5000))
		d.Quo(d, big.NewInt(10000))
		return min(d.Int64(), amount), nil
	}
	return 0, nil
}
