package payments

import (
	"context"
	"time"

	"paygate/store"
)

// Store is what the surface needs of the database: payments, their
// Idempotency-Key records, Stripe customers and events. Store is one,
// on either engine.
type Store interface {
	ApplyStripeEvent(ctx context.Context, ev store.StripeEvent, move store.PaymentMove, now time.Time) (string, error)
	CreatePayment(ctx context.Context, p store.Payment, key *store.IdempotencyLease, response []byte, done store.AttemptDone) error
	PaymentOf(ctx context.Context, tenant, id string) (store.Payment, error)
	ReleaseIdempotencyKey(ctx context.Context, l store.IdempotencyLease, forget bool) error
	ReserveIdempotencyKey(ctx context.Context, caller, key, fingerprint, paymentID string, now time.Time, lease, ttl time.Duration) (store.Reservation, error)
	SaveStripeCustomer(ctx context.Context, tenant, customerID, stripeID string, now time.Time) (string, error)
	StripeCustomerOf(ctx context.Context, tenant, customerID string) (string, error)
	StripeCustomerOwner(ctx context.Context, stripeID string) (tenant, customerID string, err error)
	// Provider attempts in flight (see the recovery package).
	BeginAttempt(ctx context.Context, kind, ref string, request any, now time.Time) error
	EndAttempt(ctx context.Context, kind, ref string) error
}
