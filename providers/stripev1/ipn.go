package stripev1

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

// handledEvents are the events that move a checkout or a refund in the
// payment log, and the default of CreateStripeWebhook.
var handledEvents = []string{
	"checkout.session.completed",
	"checkout.session.async_payment_succeeded",
	"checkout.session.async_payment_failed",
	"checkout.session.expired",
	"charge.refunded",
	"refund.updated",
}

// bindIPN binds only the query string, where the URL we register names the
// company. The body is Stripe's event: it is verified byte for byte as it
// came and must not be read into the flat DTO.
func bindIPN(x *server.Exchange, req *dto.StripeCheckoutIpnCallBackRequest) error {
	for k, v := range x.Query {
		if strings.EqualFold(k, "CompanyId") && len(v) > 0 {
			req.CompanyId = v[0]
		}
	}
	return nil
}

// errIgnored aborts an event's update when the event is not the verifying
// endpoint's to apply.
var errIgnored = errors.New("event ignored")

// ipnCallback verifies a Stripe event and applies it to its checkout. Every
// verified event is answered 200, so Stripe stops delivering it: events that
// change nothing say why in Message.
func (s *service) ipnCallback(ctx context.Context, req *dto.StripeCheckoutIpnCallBackRequest) (*dto.IpnCallBackResponse, error) {
	ev, hook, err := s.verify(ctx, req.CompanyId, req.Payload, req.Signature)
	if err != nil {
		return nil, err
	}
	if refundEvents[ev.Type] {
		return s.refundEvent(ctx, ev, hook)
	}
	resp, err := s.sessionEvent(ctx, ev, hook)
	if errors.Is(err, errNoCheckout) {
		// The create that made the session may not have recorded it yet.
		return s.keepEarly(ctx, ev, hook, req.Payload)
	}
	return resp, err
}

// errNoCheckout is sessionEvent's answer for a session no checkout has.
var errNoCheckout = errors.New("no checkout has the session")

// sessionEvent applies a verified checkout session event to its checkout,
// or answers errNoCheckout.
func (s *service) sessionEvent(ctx context.Context, ev stripego.Event, hook store.StripeWebhook) (*dto.IpnCallBackResponse, error) {
	var obs observation
	switch ev.Type {
	case "checkout.session.completed":
	case "checkout.session.async_payment_succeeded":
		obs.paymentStatus = store.PaymentPaid
	case "checkout.session.async_payment_failed":
		obs.paymentStatus = store.PaymentFailed
	case "checkout.session.expired":
	default:
		return ignored("Event %s of type %s is not one paygate acts on.", ev.ID, ev.Type), nil
	}
	var sess stripego.CheckoutSession
	if err := json.Unmarshal(ev.Data.Raw, &sess); err != nil || sess.ID == "" {
		return nil, apierr.BadRequest("InvalidEvent", fmt.Sprintf("Event %s does not carry a checkout session.", ev.ID))
	}
	seen := observeSession(&sess)
	if obs.paymentStatus == "" {
		obs.paymentStatus = seen.paymentStatus
	}
	obs.status, obs.paymentIntentID, obs.customerID, obs.customerEmail = seen.status, seen.paymentIntentID, seen.customerID, seen.customerEmail
	// The account the event happened on: Connect endpoints are told, an
	// endpoint on a connected account is that account's.
	account := ev.Account
	if account == "" {
		account = hook.StripeAccount
	}
	var replaced bool
	c, err := s.db.UpdateStripeCheckout(ctx, sess.ID, ev.ID, string(ev.Type), func(c *store.StripeCheckout) error {
		if c.CompanyID != hook.CompanyID || c.StripeAccount != account {
			return errIgnored
		}
		replaced = c.State == store.CheckoutInvalidated
		merge(c, obs)
		return nil
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("session %s: %w", sess.ID, errNoCheckout)
	case errors.Is(err, errIgnored):
		return ignored("Event %s is about session %s of another company or account.", ev.ID, sess.ID), nil
	case errors.Is(err, store.ErrDuplicateEvent):
		return duplicate("Event %s was applied before.", ev.ID), nil
	case err != nil:
		return nil, err
	}
	if c.Settled() {
		s.closeOthers(ctx, c)
	}
	if replaced && c.Settled() {
		// The customer paid on a session we had replaced, so the entity
		// may be paid twice: someone must look at it.
		s.log.WarnContext(ctx, "replaced checkout was paid", "company", c.CompanyID, "reference", c.InternalReferenceID,
			"session", sess.ID, "payment_status", c.PaymentStatus)
	}
	s.log.InfoContext(ctx, "stripe event applied", "event", ev.ID, "type", ev.Type, "session", sess.ID,
		"state", c.State, "payment_status", c.PaymentStatus)
	return &dto.IpnCallBackResponse{Success: true,
		Message: fmt.Sprintf("Checkout session %s is %s, payment %s.", sess.ID, c.State, c.PaymentStatus)}, nil
}

// closeOthers expires the other payable sessions of c's entity now that c
// settled it, so that the customer cannot pay twice. Failures are logged,
// not answered: the event is applied, and Stripe must not deliver it again.
func (s *service) closeOthers(ctx context.Context, c store.StripeCheckout) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.attemptTimeout)
	defer cancel()
	stale, err := s.db.InvalidateOtherStripeCheckouts(ctx, c)
	if err != nil {
		s.log.ErrorContext(ctx, "invalidate checkouts of a paid entity", "company", c.CompanyID,
			"reference", c.InternalReferenceID, "error", err)
		return
	}
	for _, o := range stale {
		if err := s.closeSession(ctx, o); err != nil {
			s.log.ErrorContext(ctx, "expire a session of a paid entity", "company", c.CompanyID,
				"reference", c.InternalReferenceID, "session", o.SessionID, "error", err)
		}
	}
}

// ignored acknowledges a verified event that changes nothing.
func ignored(format string, args ...any) *dto.IpnCallBackResponse {
	return &dto.IpnCallBackResponse{Success: true, Message: fmt.Sprintf(format, args...),
		Reply: dto.Reply{Outcome: server.OutcomeIgnored}}
}

// duplicate acknowledges an event delivered and applied before.
func duplicate(format string, args ...any) *dto.IpnCallBackResponse {
	return &dto.IpnCallBackResponse{Success: true, Message: fmt.Sprintf(format, args...),
		Reply: dto.Reply{Outcome: server.OutcomeDuplicate}}
}

// verify finds the registered webhook whose secret signed body. With a
// company in the query string only that company's webhooks are tried.
func (s *service) verify(ctx context.Context, companyID string, body []byte, sig string) (stripego.Event, store.StripeWebhook, error) {
	var company *uuid.UUID
	if companyID != "" {
		id, err := uuid.Parse(companyID)
		if err != nil {
			return stripego.Event{}, store.StripeWebhook{}, apierr.Invalid("CompanyId", "SerializationException",
				fmt.Sprintf("'%s' is an Invalid value for 'CompanyId'", companyID))
		}
		company = &id
	}
	hooks, err := s.db.StripeWebhooks(ctx, company)
	if err != nil {
		return stripego.Event{}, store.StripeWebhook{}, err
	}
	if len(hooks) == 0 {
		return stripego.Event{}, store.StripeWebhook{}, apierr.BadRequest("WebhookNotRegistered",
			"No Stripe webhook is registered here to verify the event; register one with CreateStripeWebhook.")
	}
	if sig == "" {
		return stripego.Event{}, store.StripeWebhook{}, apierr.BadRequest("SignatureMissing",
			"The request has no Stripe-Signature header.")
	}
	for _, h := range hooks {
		ev, err := stripe.VerifyWebhook(body, sig, h.Secret, s.tolerance)
		switch {
		case err == nil:
			return ev, h, nil
		case errors.Is(err, stripe.ErrWebhookSignature):
			continue
		default:
			// Signed by this endpoint's secret, but unusable.
			return stripego.Event{}, store.StripeWebhook{}, &apierr.Error{Status: http.StatusBadRequest, Code: "InvalidEvent",
				Message: "The event is signed but cannot be used: " + err.Error(), Err: err}
		}
	}
	return stripego.Event{}, store.StripeWebhook{}, apierr.BadRequest("SignatureVerificationFailed",
		"The Stripe-Signature header does not match the event with any registered webhook's signing secret, or is older than the tolerance.")
}
