package payments

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/providers/stripe"
	"paygate/store"
)

// findPromotion looks code up as an active promotion code. The result is
// checked again (code, active, coupon valid) rather than trusting the list
// filter, so a filter Stripe did not apply can never grant another code.
func (s *service) findPromotion(ctx context.Context, code string) (*stripego.PromotionCode, error) {
	p := &stripego.PromotionCodeListParams{
		ListParams: stripego.ListParams{Context: ctx},
		Code:       stripego.String(code),
		Active:     stripego.Bool(true),
	}
	it := s.Stripe.API().PromotionCodes.List(p)
	for it.Next() {
		pc := it.PromotionCode()
		if pc.Active && strings.EqualFold(pc.Code, code) && pc.Coupon != nil && pc.Coupon.Valid {
			return pc, nil
		}
	}
	if err := it.Err(); err != nil {
		return nil, stripeError(err, "look the promotion code up")
	}
	return nil, apierr.BadRequest(codeInvalidPromoCode, fmt.Sprintf("promo_code: %q is not an active promotion code", code))
}

// oneShotDiscount is what promotion pc takes off a one-shot amount.
func oneShotDiscount(pc *stripego.PromotionCode, amount int64, currency string) (int64, error) {
	if r := pc.Restrictions; r != nil && r.MinimumAmount > 0 &&
		strings.EqualFold(string(r.MinimumAmountCurrency), currency) && amount < r.MinimumAmount {
		return 0, apierr.BadRequest(codeInvalidPromoCode, fmt.Sprintf(
			"promo_code: %q needs an amount of at least %d %s", pc.Code, r.MinimumAmount, r.MinimumAmountCurrency))
	}
	return discount(amount, currency, coupon{
		percentOff: pc.Coupon.PercentOff,
		amountOff:  pc.Coupon.AmountOff,
		currency:   string(pc.Coupon.Currency),
	})
}

// checkStripeCustomer refuses a stripe_customer_id that paygate neither
// created nor recorded for tenant: otherwise a tenant could charge, and
// save a payment method on, another tenant's customer.
func (s *service) checkStripeCustomer(ctx context.Context, tenant, given string) error {
	owner, _, err := s.customers.StripeCustomerOwner(ctx, given)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if owner != tenant {
		return apierr.New(http.StatusUnprocessableEntity, codeUnknownStripeCustomer, fmt.Sprintf(
			"stripe_customer_id: %q is not a Stripe customer of this tenant; leave it out, or record it first with paygate customer link", given))
	}
	return nil
}

// stripeCustomer is the caller's stripe_customer_id (checked already), or
// the customer created for the tenant's customer_id the first time it paid.
// The creation key is derived from the pair, so concurrent first checkouts
// of one customer get one Stripe customer.
func (s *service) stripeCustomer(ctx context.Context, tenant, customerID string, given *string) (string, error) {
	if given != nil && *given != "" {
		return *given, nil
	}
	id, err := s.customers.StripeCustomerOf(ctx, tenant, customerID)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	p := &stripego.CustomerParams{Params: stripego.Params{Context: ctx}}
	p.AddMetadata("customer_id", customerID)
	p.AddMetadata("tenant", tenant)
	p.SetIdempotencyKey(stripe.IdempotencyKey("payments-customer", tenant, customerID))
	var c stripe.Created
	if err := s.Stripe.Create("/v1/customers", p, &c); err != nil {
		return "", stripeError(err, "create the customer")
	}
	// Kept even if the caller has gone: Stripe has the customer now.
	return s.customers.SaveStripeCustomer(context.WithoutCancel(ctx), tenant, customerID, c.ID, s.Now())
}

// createPaymentIntent creates p's PaymentIntent (not confirmed: the
// client confirms it with its client secret). The key is derived from the
// payment id, which a retry under the same Idempotency-Key shares.
func (s *service) createPaymentIntent(ctx context.Context, p *store.Payment) error {
	params := &stripego.PaymentIntentParams{
		Params:                  stripego.Params{Context: ctx},
		Amount:                  stripego.Int64(p.AmountCents),
		Currency:                stripego.String(p.Currency),
		Customer:                stripego.String(p.StripeCustomerID),
		AutomaticPaymentMethods: &stripego.PaymentIntentAutomaticPaymentMethodsParams{Enabled: stripego.Bool(true)},
	}
	addMetadata(&params.Params, p)
	params.SetIdempotencyKey(stripe.IdempotencyKey("payments-payment-intent", p.ID))
	var pi createdIntent
	if err := s.Stripe.Create("/v1/payment_intents", params, &pi); err != nil {
		return stripeError(err, "create the payment")
	}
	p.StripePaymentIntentID = &pi.ID
	p.Status = orPending(paymentIntentStatus(&stripego.PaymentIntent{Status: pi.Status, LastPaymentError: pi.LastPaymentError}))
	return nil
}

// createdIntent is what a create reads of the PaymentIntent Stripe answers
// (see stripe.Client.Create).
type createdIntent struct {
	stripego.APIResource
	ID               string                       `json:"id"`
	Status           stripego.PaymentIntentStatus `json:"status"`
	LastPaymentError *stripego.Error              `json:"last_payment_error"`
}

// createSubscription creates p's Subscription on its plan, incomplete until
// its first invoice's PaymentIntent is paid.
func (s *service) createSubscription(ctx context.Context, p *store.Payment) error {
	params := &stripego.SubscriptionParams{
		Params:          stripego.Params{Context: ctx},
		Customer:        stripego.String(p.StripeCustomerID),
		Currency:        stripego.String(p.Currency),
		Items:           []*stripego.SubscriptionItemsParams{{Price: p.SubscriptionPlanID}},
		PaymentBehavior: stripego.String("default_incomplete"),
		PaymentSettings: &stripego.SubscriptionPaymentSettingsParams{
			SaveDefaultPaymentMethod: stripego.String("on_subscription"),
		},
		PromotionCode: p.StripePromotionCodeID,
	}
	addMetadata(&params.Params, p)
	params.AddExpand("latest_invoice.payment_intent")
	params.SetIdempotencyKey(stripe.IdempotencyKey("payments-subscription", p.ID))
	sub, err := s.Stripe.API().Subscriptions.New(params)
	if err != nil {
		return stripeError(err, "create the subscription")
	}
	p.SubscriptionID = &sub.ID
	p.Status = orPending(subscriptionStatus(sub.Status))
	if inv := sub.LatestInvoice; inv != nil && inv.PaymentIntent != nil && inv.PaymentIntent.ID != "" {
		p.StripePaymentIntentID = &inv.PaymentIntent.ID
		p.Status = orPending(paymentIntentStatus(inv.PaymentIntent))
	}
	return nil
}

// planPrice is what one period of plan (a Stripe Price, which the
// subscription takes once) costs, in minor units.
func (s *service) planPrice(ctx context.Context, plan string) (int64, error) {
	price, err := s.Stripe.API().Prices.Get(plan, &stripego.PriceParams{Params: stripego.Params{Context: ctx}})
	if err != nil {
		e := stripeError(err, "look the plan up")
		var re *stripe.RequestError
		if errors.As(e, &re) {
			e.Message = "subscription_plan_id: " + re.Message
		}
		return 0, e
	}
	if price.BillingScheme == stripego.PriceBillingSchemeTiered || price.UnitAmount <= 0 {
		return 0, invalid("subscription_plan_id", fmt.Sprintf("plan %q has no fixed price per period", plan))
	}
	return price.UnitAmount, nil
}

// addMetadata ties the Stripe object to the payment.
func addMetadata(params *stripego.Params, p *store.Payment) {
	params.AddMetadata("payment_id", p.ID)
	params.AddMetadata("customer_id", p.CustomerID)
	if p.OrderID != nil && *p.OrderID != "" {
		params.AddMetadata("order_id", *p.OrderID)
	}
	if p.PromoCode != nil && p.DiscountCents > 0 {
		params.AddMetadata("promo_code", *p.PromoCode)
		params.AddMetadata("discount_cents", fmt.Sprint(p.DiscountCents))
	}
}

func orPending(status string) string {
	if status == "" {
		return statusPending
	}
	return status
}

// paramFields names our members for the Stripe parameters they become.
var paramFields = map[string]string{
	"customer":              "stripe_customer_id",
	"currency":              "currency",
	"amount":                "amount_cents",
	"items":                 "subscription_plan_id",
	"items[0][price]":       "subscription_plan_id",
	"promotion_code":        "promo_code",
	"metadata[customer_id]": "customer_id",
	"metadata[order_id]":    "order_id",
}

// stripeError words a failed Stripe call in this surface's codes: a
// refusal names the member of ours the Stripe parameter came from.
func stripeError(err error, doing string) *apierr.Error {
	e := stripe.APIError(err)
	var re *stripe.RequestError
	if errors.As(e, &re) {
		e.Code, e.Message = codeInvalidRequest, re.Message
		if f := paramFields[re.Param]; f != "" {
			e.Message = f + ": " + re.Message
		}
		return e
	}
	e.Code, e.Message = codeStripe, "Stripe could not "+doing+"; nothing was charged, try again later"
	e.Err = fmt.Errorf("%s: %w", doing, e.Err)
	return e
}
