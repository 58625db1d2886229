package stripev1

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/store"
)

// Kinds of this surface's attempts in the attempt table: checkout
// creation, and webhook endpoint registration.
const (
	AttemptKind        = "stripev1-checkout"
	WebhookAttemptKind = "stripev1-webhook"
)

// attemptRequest is what a session create is rebuilt from besides its row:
// Stripe answers a repeated idempotency key with its first result only for
// identical parameters.
type attemptRequest struct {
	CountryCode     string `json:"country_code"`
	ConfirmationURL string `json:"confirmation_url"`
	CancelURL       string `json:"cancel_url,omitempty"`
}

// attemptStart is the create of checkout public, recorded with its row so
// that no crash can leave a row in creating that nothing settles.
func (s *service) attemptStart(public uuid.UUID, r sessionRequest) store.AttemptStart {
	return store.AttemptStart{Kind: AttemptKind, Ref: public.String(), At: s.now(),
		Request: attemptRequest{CountryCode: r.countryCode, ConfirmationURL: r.confirmationURL, CancelURL: r.cancelURL}}
}

// attemptDone is checkout public's create, ended when the checkout opens.
func attemptDone(public uuid.UUID) store.AttemptDone {
	return store.AttemptDone{Kind: AttemptKind, Ref: public.String()}
}

// endAttempt records that the attempt's outcome is on its row. A failure
// here only leaves the recoverer a settled row to find.
func (s *service) endAttempt(ctx context.Context, public uuid.UUID) {
	if err := s.db.EndAttempt(context.WithoutCancel(ctx), AttemptKind, public.String()); err != nil {
		s.log.ErrorContext(ctx, "stripev1: end attempt", "checkout", public, "error", err)
	}
}

// settleCheckout settles a checkout create left in flight: a row still creating is
// opened with the session Stripe made (or makes now) under its idempotency
// key, after the entity's earlier sessions are expired; a row replaced
// meanwhile gets its session, if any, expired; a refusal fails the row.
func (s *service) settleCheckout(ctx context.Context, a store.Attempt) error {
	public, err := uuid.Parse(a.Ref)
	if err != nil {
		return fmt.Errorf("stripev1: attempt ref %q: %w", a.Ref, err)
	}
	var req attemptRequest
	if err := json.Unmarshal(a.Request, &req); err != nil {
		return fmt.Errorf("stripev1: attempt %s request: %w", a.Ref, err)
	}
	row, err := s.db.StripeCheckoutByPublicID(ctx, public)
	if errors.Is(err, store.ErrNotFound) {
		return nil // the process ended before the row was written: nothing reached Stripe
	}
	if err != nil {
		return err
	}
	switch {
	case row.State == store.CheckoutInvalidated && row.SessionID != "":
		if row.SessionClosed {
			return nil
		}
		return s.closeSession(ctx, row)
	case row.State != store.CheckoutCreating && row.State != store.CheckoutInvalidated:
		return nil
	}
	stale, err := s.db.UnclosedStripeCheckouts(ctx, row.CompanyID, row.InternalReferenceID, row.ID)
	if err != nil {
		return err
	}
	_, err = s.startSession(ctx, row, stale, sessionRequest{checkout: row, countryCode: req.CountryCode,
		confirmationURL: req.ConfirmationURL, cancelURL: req.CancelURL})
	if err == nil || !apierr.Settled(err) {
		return err
	}
	// Refused, or replaced while it was being made (its session is expired
	// by now): the row is not the entity's checkout.
	return s.db.FailStripeCheckout(ctx, row.ID, err.Error())
}

func (s *service) endWebhookAttempt(ctx context.Context, public uuid.UUID) {
	if err := s.db.EndAttempt(context.WithoutCancel(ctx), WebhookAttemptKind, public.String()); err != nil {
		s.log.ErrorContext(ctx, "stripev1: end webhook attempt", "webhook", public, "error", err)
	}
}

// settleWebhook settles a webhook registration left in flight: the create
// is repeated with the row's parameters under its idempotency key, and
// Stripe answers with the endpoint it made, secret included; a refusal
// fails the row.
func (s *service) settleWebhook(ctx context.Context, a store.Attempt) error {
	public, err := uuid.Parse(a.Ref)
	if err != nil {
		return fmt.Errorf("stripev1: attempt ref %q: %w", a.Ref, err)
	}
	hook, err := s.db.StripeWebhookCreating(ctx, public)
	if errors.Is(err, store.ErrNotFound) {
		return nil // never written, or settled already
	}
	if err != nil {
		return err
	}
	if _, err := s.registerEndpoint(ctx, hook); err != nil {
		if !apierr.Settled(err) {
			return err
		}
		return s.db.FailStripeWebhook(ctx, hook.ID, err.Error())
	}
	return nil
}
