// Package paymentlog serves BokaMera's provider-neutral payment operations:
// PaymentLogQuery, the company's payments as the Stripe Checkout 1.0 and
// Payson Checkout 2.0 surfaces logged them, and RefundBookingPayment, money
// given back through the provider that took it.
//
// A refund is a row before it is a provider call: the row reserves its
// amount on the payment in one conditional update (so refunds never add up
// to more than was paid, whatever runs at once), and its id derives the
// provider's idempotency key. The call runs outside any transaction and is
// settled afterwards; one a crash or a time-out left in flight is settled
// by Settler, which asks the provider again with the same key.
package paymentlog

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"paygate/dto"
	"paygate/providers/bokamera"
	"paygate/server"
	"paygate/store"
)

// Store is what the operations need of the database.
type Store interface {
	PaymentLog(ctx context.Context, f store.PaymentFilter) ([]store.LoggedPayment, int, error)
	Payment(ctx context.Context, id int64) (store.LoggedPayment, error)
	Refunds(ctx context.Context, paymentID int64) ([]store.Refund, error)
	RefundByPublicID(ctx context.Context, public uuid.UUID) (store.Refund, error)
	BeginRefund(ctx context.Context, company uuid.UUID, internalReferenceID string, paymentID, amount int64,
		comments string) (store.LoggedPayment, store.Refund, error)
	SettleRefund(ctx context.Context, id int64, o store.RefundOutcome) (store.Refund, error)
}

// Refunder gives money back through one provider. It is called for a
// refund row that exists and reserves its amount; asked again for the same
// row it must not give the money back twice.
//
// A nil error comes with the provider's outcome. An error with a failed
// outcome means the provider refused, and nothing was given back; an error
// with an empty outcome means the outcome is unknown (the provider could
// not be reached or did not answer in time), and the row stays creating
// for Settler.
type Refunder interface {
	Refund(ctx context.Context, p store.LoggedPayment, r store.Refund) (store.RefundOutcome, error)
}

// Deps is what the surface needs.
type Deps struct {
	DB Store
	// Refunders by store.Provider* name.
	Refunders map[string]Refunder
	// AttemptTimeout bounds one provider call once its refund row exists;
	// zero means DefaultAttemptTimeout.
	AttemptTimeout time.Duration
	Logger         *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// DefaultAttemptTimeout bounds a refund's provider call when Deps names
// none.
const DefaultAttemptTimeout = 90 * time.Second

// MaxTake is PaymentLogQuery's page size limit, AutoQuery's MaxLimit: a
// larger Take is cut to it, and it is the page size when Take is absent.
const MaxTake = 100

type service struct {
	db             Store
	refunders      map[string]Refunder
	attemptTimeout time.Duration
	log            *slog.Logger
	now            func() time.Time
}

func newService(d Deps) *service {
	s := &service{db: d.DB, refunders: d.Refunders, attemptTimeout: d.AttemptTimeout, log: d.Logger, now: d.Now}
	if s.attemptTimeout <= 0 {
		s.attemptTimeout = DefaultAttemptTimeout
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Register adds the operations to reg and returns the settler of refunds
// left in flight, for the recoverer.
func Register(reg *server.Registry, d Deps) *Settler {
	s := newService(d)
	// Reading the log and giving money back take the write role.
	auth := bokamera.WriteAccess()
	tags := []string{"Payment"}
	server.Register(reg, server.Op[dto.PaymentLogQuery, dto.QueryResponse[dto.PaymentLogQueryResponse]]{
		Routes:  []server.Route{{Path: "/articles/payments", Verbs: "GET"}},
		Auth:    auth,
		Summary: "Get the payment log: the payments of the company's checkouts, with their refunds",
		Notes: "An AutoQuery-style query. Take is at most 100 (also the default). OrderBy and OrderByDesc take " +
			"comma-separated members of PaymentLogQueryResponse (Id, Created, Updated, Amount, RefundedAmount, Status, " +
			"PaymentProvider, InternalReferenceId, Currency, ArticleTypeId, ProviderStatus); Include=Total counts every " +
			"matching payment; Fields limits the members returned.",
		Tags:    tags,
		Handler: s.query,
	})
	server.Register(reg, server.Op[dto.RefundBookingPayment, dto.RefundBookingPaymentResponse]{
		Routes:  []server.Route{{Path: "/bookings/{Id}/refund/{PaymentLogId}", Verbs: "PUT"}},
		Auth:    auth,
		Summary: "Refund a booking's payment, in full or in part, through the provider that took it",
		Notes: "Amount is in the payment's currency. 404 for a payment log entry of another company or booking; " +
			"409 for more than is left to refund or a payment not yet settled; the provider refusing is a 400 " +
			"with its message, the provider unreachable a 502, out of time a 504.",
		Tags:    tags,
		Handler: s.refund,
	})
	return &Settler{s: s}
}
