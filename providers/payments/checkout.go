package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/dto"
	"paygate/store"
)

// createCheckout runs POST /v1/checkout. Order matters for money: the
// request is checked first, then the Idempotency-Key is reserved, then
// Stripe creates the object, and only then is the payment written, in the
// transaction that completes the key.
func (s *service) createCheckout(ctx context.Context, req *dto.CreateCheckout) (*dto.Payment, error) {
	who, err := callerOf(auth.FromContext(ctx))
	if err != nil {
		return nil, err
	}
	ch, err := planCharge(req)
	if err != nil {
		return nil, err
	}
	key, err := idempotencyKeyOf(req.IdempotencyKeys)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC().Truncate(time.Millisecond)
	paymentID := uuid.NewString()
	var lease *store.IdempotencyLease
	// fresh: no earlier attempt holds the key, so nothing can have reached
	// Stripe under its payment id yet.
	fresh := true
	att := attemptRequest{Caller: who.id, Key: key}
	if key != "" {
		fp, err := fingerprint(req)
		if err != nil {
			return nil, err
		}
		att.Fingerprint = fp
		res, err := s.DB.ReserveIdempotencyKey(ctx, who.id, key, fp, paymentID, now, s.keyLease(), idempotencyTTL)
		if err != nil {
			return nil, err
		}
		switch res.State {
		case store.Mismatch:
			return nil, apierr.New(http.StatusUnprocessableEntity, codeIdempotencyKeyReused,
				"Idempotency-Key: the key was used with another request body; use a new key for a new request")
		case store.InFlight:
			return nil, inFlight("Idempotency-Key: a request with this key is still being processed; retry shortly")
		case store.Completed:
			return s.replay(res.Response)
		}
		// A key taken over keeps the payment id of its earlier attempt,
		// which may have reached Stripe.
		fresh = res.PaymentID == paymentID
		lease, paymentID = &res.Lease, res.PaymentID
	}

	// From here on the bookkeeping is finished even if the caller goes
	// away, within the attempt bound.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.AttemptTimeout)
	defer cancel()
	p, err := s.prepare(ctx, who, req, ch, paymentID, now)
	if err != nil {
		// Nothing was created under the key by this attempt: a fresh key
		// is free for any body, one an earlier attempt used stays bound.
		s.release(ctx, lease, fresh)
		return nil, err
	}
	att.Payment = p
	if err := s.beginAttempt(ctx, att); err != nil {
		s.release(ctx, lease, fresh)
		return nil, err
	}
	resp, err := s.complete(ctx, &p, lease)
	if err != nil {
		if errors.Is(err, store.ErrLeaseLost) {
			return nil, inFlight("Idempotency-Key: a retry took this request over; retry to get its result")
		}
		if apierr.Settled(err) {
			s.endAttempt(ctx, p.ID)
		}
		// Otherwise Stripe may hold the object: the recoverer, or a retry
		// under the same Idempotency-Key, asks again under the same key.
		return nil, err
	}
	s.created(resp)
	return resp, nil
}

// complete makes p's Stripe object and records the payment, completing the
// key's reservation lease (nil without a key) with the answer; on failure
// the reservation is released, the key staying bound to its body and
// payment id, since Stripe may hold a result under it.
func (s *service) complete(ctx context.Context, p *store.Payment, lease *store.IdempotencyLease) (*dto.Payment, error) {
	resp, body, err := s.make(ctx, p)
	if err == nil {
		err = s.DB.CreatePayment(ctx, *p, lease, body, store.AttemptDone{Kind: AttemptKind, Ref: p.ID})
	}
	if err != nil {
		if !errors.Is(err, store.ErrLeaseLost) {
			s.release(ctx, lease, false)
		}
		return nil, err
	}
	return resp, nil
}

// make creates p's Stripe object and the answer that reports it.
func (s *service) make(ctx context.Context, p *store.Payment) (*dto.Payment, []byte, error) {
	if err := s.submit(ctx, p); err != nil {
		return nil, nil, err
	}
	resp, err := resource(*p)
	if err != nil {
		return nil, nil, err
	}
	body, err := json.Marshal(resp)
	if err != nil {
		return nil, nil, fmt.Errorf("payments: encode response: %w", err)
	}
	return resp, body, nil
}

// prepare builds the payment up to the keyed Stripe create: promotion code,
// discount and Stripe customer.
func (s *service) prepare(ctx context.Context, who caller, req *dto.CreateCheckout, ch charge,
	paymentID string, now time.Time) (store.Payment, error) {
	if given := req.StripeCustomerID; given != nil && *given != "" {
		if err := s.checkStripeCustomer(ctx, who.tenant, *given); err != nil {
			return store.Payment{}, err
		}
	}
	p := store.Payment{
		ID:          paymentID,
		Tenant:      who.tenant,
		CustomerID:  req.CustomerID,
		OrderID:     req.OrderID,
		AmountCents: ch.amount,
		Currency:    req.Currency,
		Mode:        ch.mode.String(),
		PromoCode:   req.PromoCode,
		LineItems:   ch.lineItems,
		CreatedAt:   now,
		UpdatedAt:   now,
	}
	if req.SubscriptionPlanID != "" {
		p.SubscriptionPlanID = &req.SubscriptionPlanID
		// The plan's price is what Stripe charges, so it is what is
		// stored; a caller stating another amount is told so.
		price, err := s.planPrice(ctx, req.SubscriptionPlanID)
		if err != nil {
			return store.Payment{}, err
		}
		if ch.amount != 0 && ch.amount != price {
			return store.Payment{}, apierr.New(http.StatusUnprocessableEntity, codeAmountMismatch,
				fmt.Sprintf("amount_cents: %d does not equal the price of plan %q, %d", ch.amount, req.SubscriptionPlanID, price))
		}
		p.AmountCents = price
	}
	if req.Metadata != nil {
		b, err := json.Marshal(req.Metadata)
		if err != nil {
			return store.Payment{}, fmt.Errorf("payments: encode metadata: %w", err)
		}
		p.Metadata = b
	}
	if req.PromoCode != nil {
		pc, err := s.findPromotion(ctx, *req.PromoCode)
		if err != nil {
			return store.Payment{}, err
		}
		p.StripePromotionCodeID = &pc.ID
		if ch.mode == dto.PaymentModeOneShot {
			if p.DiscountCents, err = oneShotDiscount(pc, p.AmountCents, p.Currency); err != nil {
				return store.Payment{}, err
			}
			if p.AmountCents -= p.DiscountCents; p.AmountCents <= 0 {
				return store.Payment{}, apierr.BadRequest(codeInvalidPromoCode,
					fmt.Sprintf("promo_code: %q leaves nothing to pay; a payment needs an amount greater than 0", pc.Code))
			}
		}
	}
	var err error
	p.StripeCustomerID, err = s.stripeCustomer(ctx, who.tenant, req.CustomerID, req.StripeCustomerID)
	return p, err
}

// submit makes Stripe's object: the one create keyed by the payment id.
func (s *service) submit(ctx context.Context, p *store.Payment) error {
	if p.StripePaymentIntentID != nil && p.Mode != dto.PaymentModeSubscription.String() {
		return nil // made before, and found by the recoverer
	}
	if p.Mode == dto.PaymentModeSubscription.String() {
		return s.createSubscription(ctx, p)
	}
	return s.createPaymentIntent(ctx, p)
}

// release ends a reservation that did not complete. It runs even when the
// caller has gone, or the key would stay locked until its lease ran out.
func (s *service) release(ctx context.Context, lease *store.IdempotencyLease, forget bool) {
	if lease == nil {
		return
	}
	if err := s.DB.ReleaseIdempotencyKey(context.WithoutCancel(ctx), *lease, forget); err != nil {
		s.Logger.ErrorContext(ctx, "payments: release idempotency key", "error", err)
	}
}

// created sets the payment's Location; the operation answers 201.
func (s *service) created(p *dto.Payment) {
	p.Reply.SetHeader("Location", s.BasePath+"/v1/payments/"+p.ID)
}
