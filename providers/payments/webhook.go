package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"
	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/stripe"
	"paygate/server"
	"paygate/store"
)

// stripeWebhook runs POST /v1/webhooks/stripe: the signature is checked
// against the raw body, the event is recorded once (a repeat is answered 200 "duplicate" and changes nothing) and
// moves the payments naming its PaymentIntent or Subscription.
func (s *service) stripeWebhook(ctx context.Context, req *dto.StripePaymentsWebhook) (*dto.StripeWebhookResult, error) {
	if s.WebhookSecret == "" {
		return nil, apierr.New(http.StatusServiceUnavailable, codeWebhookUnconfigured,
			"no Stripe webhook signing secret is configured (PAYGATE_STRIPE_WEBHOOK_SECRET)")
	}
	ev, err := stripe.VerifyWebhook(req.Payload, req.Signature, s.WebhookSecret, 0)
	switch {
	case errors.Is(err, stripe.ErrWebhookSignature):
		return nil, &apierr.Error{Status: http.StatusUnauthorized, Code: codeInvalidSignature,
			Message: "the Stripe-Signature header does not verify for this body", Err: err}
	case err != nil:
		return nil, &apierr.Error{Status: http.StatusBadRequest, Code: codeInvalidRequest, Message: err.Error(), Err: err}
	case ev.ID == "" || ev.Type == "":
		return nil, apierr.BadRequest(codeInvalidRequest, "the event has no id or type")
	}
	move, err := moveOf(ev)
	if err != nil {
		return nil, err
	}
	rec := store.StripeEvent{ID: uuid.NewString(), StripeID: ev.ID, Type: string(ev.Type), Created: ev.Created}
	outcome, err := s.DB.ApplyStripeEvent(ctx, rec, move, s.Now().UTC())
	if errors.Is(err, store.ErrDuplicateEvent) {
		// A 2xx: any other answer makes Stripe deliver the duplicate again
		// for days.
		return &dto.StripeWebhookResult{EventID: rec.ID, StripeEventID: ev.ID, EventType: rec.Type, Status: "duplicate",
			Reply: dto.Reply{Outcome: server.OutcomeDuplicate}}, nil
	}
	if err != nil {
		return nil, err
	}
	res := &dto.StripeWebhookResult{EventID: rec.ID, StripeEventID: ev.ID, EventType: rec.Type, Status: outcome}
	if outcome == store.EventIgnored || outcome == store.EventKept {
		// A kept event is applied later, with its payment: it moved
		// nothing now.
		res.Reply.Outcome = server.OutcomeIgnored
	}
	return res, nil
}

// moveOf reads what an event does to payments. An invoice moves the payment
// of its PaymentIntent, or of its subscription when it is that
// subscription's first invoice: later invoices are renewals, not the
// checkout. Other event types move nothing.
func moveOf(ev stripego.Event) (store.PaymentMove, error) {
	var m store.PaymentMove
	if ev.Data == nil {
		return m, apierr.BadRequest(codeInvalidRequest, "the event has no data.object")
	}
	typ := string(ev.Type)
	var err error
	switch {
	case strings.HasPrefix(typ, "payment_intent."):
		var pi stripego.PaymentIntent
		if err = json.Unmarshal(ev.Data.Raw, &pi); err == nil {
			m = store.PaymentMove{PaymentIntentID: pi.ID, Status: paymentIntentStatus(&pi)}
		}
	case strings.HasPrefix(typ, "invoice."):
		var inv stripego.Invoice
		if err = json.Unmarshal(ev.Data.Raw, &inv); err == nil {
			m.Status = invoiceStatus(ev.Type)
			if inv.PaymentIntent != nil {
				m.PaymentIntentID = inv.PaymentIntent.ID
			}
			if inv.Subscription != nil && inv.BillingReason == stripego.InvoiceBillingReasonSubscriptionCreate {
				m.SubscriptionID = inv.Subscription.ID
			}
		}
	case strings.HasPrefix(typ, "customer.subscription."):
		var sub stripego.Subscription
		if err = json.Unmarshal(ev.Data.Raw, &sub); err == nil {
			m = store.PaymentMove{SubscriptionID: sub.ID, Status: subscriptionStatus(sub.Status)}
		}
	}
	if err != nil {
		return m, &apierr.Error{Status: http.StatusBadRequest, Code: codeInvalidRequest,
			Message: fmt.Sprintf("the %s event's object cannot be read: %v", typ, err), Err: err}
	}
	return m, nil
}
