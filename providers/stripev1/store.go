package stripev1

import (
	"context"
	"time"

	"github.com/google/uuid"

	"paygate/store"
)

// Store is what the surface needs of the database: the Stripe checkouts and
// their events, the webhook endpoints, the companies' payment settings and
// catalogs. Store is one, on either engine.
type Store interface {
	ActivateStripeWebhook(ctx context.Context, id int64, endpointID, secret string) error
	AddPaymentSettings(ctx context.Context, s store.PaymentSettings) error
	Article(ctx context.Context, company uuid.UUID, articleID, typeID int64) (store.Article, error)
	BeginStripeCheckout(ctx context.Context, c store.StripeCheckout, att store.AttemptStart) (store.StripeCheckout, []store.StripeCheckout, error)
	BeginStripeWebhook(ctx context.Context, w store.StripeWebhook) (store.StripeWebhook, error)
	CloseStripeSession(ctx context.Context, id int64) error
	Company(ctx context.Context, id uuid.UUID) (store.Company, error)
	FailStripeCheckout(ctx context.Context, id int64, reason string) error
	FailStripeWebhook(ctx context.Context, id int64, reason string) error
	InvalidateOtherStripeCheckouts(ctx context.Context, settled store.StripeCheckout) ([]store.StripeCheckout, error)
	OpenStripeCheckout(ctx context.Context, id int64, s store.SessionResult, done store.AttemptDone) (open, kept bool, err error)
	PaymentSettings(ctx context.Context, company uuid.UUID) (store.PaymentSettings, error)
	PutArticle(ctx context.Context, a store.Article) error
	PutPaymentSettings(ctx context.Context, s store.PaymentSettings) error
	RecordProviderRefund(ctx context.Context, pr store.ProviderRefund) (store.Refund, error)
	StripeCheckoutBySession(ctx context.Context, company uuid.UUID, sessionID string) (store.StripeCheckout, error)
	StripeWebhooks(ctx context.Context, company *uuid.UUID) ([]store.StripeWebhook, error)
	UpdatePaymentSettings(ctx context.Context, company uuid.UUID, change func(*store.PaymentSettings) error) (store.PaymentSettings, error)
	UpdateStripeCheckout(ctx context.Context, sessionID, eventID, eventType string, change func(*store.StripeCheckout) error) (store.StripeCheckout, error)
	// Provider attempts in flight (see the recovery package).
	BeginAttempt(ctx context.Context, kind, ref string, request any, now time.Time) error
	EndAttempt(ctx context.Context, kind, ref string) error
	StripeCheckoutByPublicID(ctx context.Context, public uuid.UUID) (store.StripeCheckout, error)
	UnclosedStripeCheckouts(ctx context.Context, company uuid.UUID, ref string, except int64) ([]store.StripeCheckout, error)
	StripeWebhookCreating(ctx context.Context, public uuid.UUID) (store.StripeWebhook, error)
	// Events that came before their session was recorded.
	KeepEarlyNotification(ctx context.Context, n store.EarlyNotification) error
	EarlyNotifications(ctx context.Context, provider, ref string) ([]store.EarlyNotification, error)
	DueEarlyNotifications(ctx context.Context, provider string, limit int) ([]store.EarlyNotification, error)
	ForgetEarlyNotification(ctx context.Context, provider, eventID string) error
}
