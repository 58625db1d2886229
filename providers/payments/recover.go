package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/dto"
	"paygate/store"
)

// AttemptKind names the attempts of payment creation in the attempt table.
const AttemptKind = "payments-create"

// attemptRequest is what the recoverer rebuilds a create from: the payment
// as prepared (Stripe answers a repeated idempotency key with its first
// result only for identical parameters) and the caller's Idempotency-Key,
// which the recovered payment completes.
type attemptRequest struct {
	Payment     store.Payment `json:"payment"`
	Caller      string        `json:"caller"`
	Key         string        `json:"key,omitempty"`
	Fingerprint string        `json:"fingerprint,omitempty"`
}

func (s *service) beginAttempt(ctx context.Context, a attemptRequest) error {
	return s.DB.BeginAttempt(ctx, AttemptKind, a.Payment.ID, a, s.Now())
}

func (s *service) endAttempt(ctx context.Context, paymentID string) {
	if err := s.DB.EndAttempt(context.WithoutCancel(ctx), AttemptKind, paymentID); err != nil {
		s.Logger.ErrorContext(ctx, "payments: end attempt", "payment", paymentID, "error", err)
	}
}

// keyWindow is how long after a create its Stripe idempotency key is
// relied on: Stripe keeps keys for at least 24 hours.
const keyWindow = 23 * time.Hour

// findPaymentIntent looks for the PaymentIntent made for p by its
// metadata and, found, puts it on p, so that complete records it rather
// than making another.
func (s *service) findPaymentIntent(ctx context.Context, p *store.Payment) error {
	params := &stripego.PaymentIntentSearchParams{SearchParams: stripego.SearchParams{
		Context: ctx, Query: fmt.Sprintf("metadata['payment_id']:'%s'", p.ID)}}
	it := s.Stripe.API().PaymentIntents.Search(params)
	for it.Next() {
		pi := it.PaymentIntent()
		p.StripePaymentIntentID = &pi.ID
		p.Status = orPending(paymentIntentStatus(pi))
		return nil
	}
	if err := it.Err(); err != nil {
		return stripeError(err, "search the payment")
	}
	return nil
}

// Settler settles payment creates left in flight (see Settle).
type Settler struct{ s *service }

// NewSettler returns the recoverer's settler of AttemptKind.
func NewSettler(d Deps) Settler { return Settler{newService(d)} }

// Settle settles a create whose payment was never recorded, as a retry with
// the same Idempotency-Key would: it takes the key over, makes the Stripe
// object again under the payment's own Stripe key (Stripe answers with the
// object it made, if it made one), and records the payment, completing the
// key with it so that the caller's retry replays it. A create without a key
// is recorded all the same, so that no PaymentIntent exists paygate does
// not know.
func (t Settler) Settle(ctx context.Context, a store.Attempt) error {
	s := t.s
	var req attemptRequest
	if err := json.Unmarshal(a.Request, &req); err != nil {
		return fmt.Errorf("payments: attempt %s request: %w", a.Ref, err)
	}
	p := req.Payment
	if _, err := s.DB.PaymentOf(ctx, p.Tenant, p.ID); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	var lease *store.IdempotencyLease
	if req.Key != "" {
		res, err := s.DB.ReserveIdempotencyKey(ctx, req.Caller, req.Key, req.Fingerprint, p.ID, s.Now(), s.keyLease(), idempotencyTTL)
		if err != nil {
			return err
		}
		switch {
		case res.State == store.Completed:
			return nil
		case res.State == store.InFlight:
			return errors.New("payments: a retry holds the Idempotency-Key")
		case res.State != store.Reserved || res.PaymentID != p.ID:
			return fmt.Errorf("payments: the Idempotency-Key is bound to another request (state %d, payment %s)", res.State, res.PaymentID)
		}
		lease = &res.Lease
	}
	if s.Now().Sub(a.StartedAt) > keyWindow && p.Mode != dto.PaymentModeSubscription.String() {
		// Stripe may have forgotten the key: a re-issue could make a
		// second PaymentIntent. The first is found by its metadata
		// instead, and recorded; with none found, none was made.
		if err := s.findPaymentIntent(ctx, &p); err != nil {
			return err
		}
	}
	if _, err := s.complete(ctx, &p, lease); err != nil && !apierr.Settled(err) {
		return err
	}
	// Made and recorded, or refused by Stripe: nothing is left in flight.
	return nil
}
