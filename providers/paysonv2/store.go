package paysonv2

import (
	"context"
	"time"

	"github.com/google/uuid"

	"paygate/store"
)

// Store is what the surface needs of the database: the Payson checkout
// attempts, the companies' Payson settings and catalogs. Store is one,
// on either engine.
type Store interface {
	ActivatePaysonCheckout(ctx context.Context, id int64, checkoutID uuid.UUID, st store.PaysonStatus, snippet string, done store.AttemptDone) (kept bool, err error)
	Article(ctx context.Context, company uuid.UUID, articleID, typeID int64) (store.Article, error)
	BeginPaysonCheckout(ctx context.Context, c store.PaysonCheckout, att store.AttemptStart) (store.PaysonCheckout, *store.PaysonCheckout, error)
	ClaimPaysonShip(ctx context.Context, id int64, lease time.Duration) (bool, error)
	Company(ctx context.Context, id uuid.UUID) (store.Company, error)
	FailPaysonCheckout(ctx context.Context, id int64, failure string) error
	InvalidatePaysonCheckout(ctx context.Context, id int64) error
	PaysonCheckout(ctx context.Context, id int64) (store.PaysonCheckout, error)
	PaysonCheckoutByCheckoutID(ctx context.Context, checkoutID uuid.UUID) (store.PaysonCheckout, error)
	PaysonSettings(ctx context.Context, company uuid.UUID) (store.PaysonSettings, error)
	PutPaysonSettings(ctx context.Context, s store.PaysonSettings) error
	RecordPaysonStatus(ctx context.Context, id int64, st store.PaysonStatus) (store.PaysonCheckout, error)
	ReleasePaysonShip(ctx context.Context, id int64) error
	ReleaseStalePaysonShip(ctx context.Context, id int64, at time.Time) (bool, error)
	SetRefundPlan(ctx context.Context, id int64, plan string) error
	// Provider attempts in flight (see the recovery package).
	BeginAttempt(ctx context.Context, kind, ref string, request any, now time.Time) error
	EndAttempt(ctx context.Context, kind, ref string) error
	PaysonCheckoutByReference(ctx context.Context, ref uuid.UUID) (store.PaysonCheckout, error)
	ActivePaysonCheckout(ctx context.Context, company uuid.UUID, internalReferenceID string) (store.PaysonCheckout, error)
	// Notifications that came before their checkout was recorded.
	KeepEarlyNotification(ctx context.Context, n store.EarlyNotification) error
	EarlyNotifications(ctx context.Context, provider, ref string) ([]store.EarlyNotification, error)
	DueEarlyNotifications(ctx context.Context, provider string, limit int) ([]store.EarlyNotification, error)
	ForgetEarlyNotification(ctx context.Context, provider, eventID string) error
}
