package stripev1

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/stripe"
	"paygate/store"
)

// refundEvents are the events that keep the payment log's refunds in step
// with Stripe, refunds made in Stripe's dashboard included.
var refundEvents = map[stripego.EventType]bool{
	stripego.EventTypeChargeRefunded:      true,
	stripego.EventTypeRefundCreated:       true,
	stripego.EventTypeRefundUpdated:       true,
	stripego.EventTypeChargeRefundUpdated: true,
}

// maxListedRefunds bounds the read-back of a charge's refunds.
const maxListedRefunds = 100

// refundEvent applies a refund event to the payment log. A refund event
// carries the refund; charge.refunded carries the charge, whose refunds
// this API version leaves out, so they are read back from Stripe.
func (s *service) refundEvent(ctx context.Context, ev stripego.Event, hook store.StripeWebhook) (*dto.IpnCallBackResponse, error) {
	account := ev.Account
	if account == "" {
		account = hook.StripeAccount
	}
	var refunds []*stripego.Refund
	var paymentIntent string
	if ev.Type == stripego.EventTypeChargeRefunded {
		var ch stripego.Charge
		if err := json.Unmarshal(ev.Data.Raw, &ch); err != nil || ch.ID == "" {
			return nil, apierr.BadRequest("InvalidEvent", fmt.Sprintf("Event %s does not carry a charge.", ev.ID))
		}
		if ch.PaymentIntent == nil || ch.PaymentIntent.ID == "" {
			return ignored("Event %s is about charge %s, which no PaymentIntent made.", ev.ID, ch.ID), nil
		}
		paymentIntent = ch.PaymentIntent.ID
		if ch.Refunds != nil && len(ch.Refunds.Data) > 0 && !ch.Refunds.HasMore {
			refunds = ch.Refunds.Data
		} else {
			var err error
			if refunds, err = s.listRefunds(ctx, paymentIntent, account); err != nil {
				return nil, err
			}
		}
	} else {
		var re stripego.Refund
		if err := json.Unmarshal(ev.Data.Raw, &re); err != nil || re.ID == "" {
			return nil, apierr.BadRequest("InvalidEvent", fmt.Sprintf("Event %s does not carry a refund.", ev.ID))
		}
		if re.PaymentIntent == nil || re.PaymentIntent.ID == "" {
			return ignored("Event %s is about refund %s, which refunds no PaymentIntent.", ev.ID, re.ID), nil
		}
		paymentIntent = re.PaymentIntent.ID
		refunds = []*stripego.Refund{&re}
	}
	recorded := 0
	for _, re := range refunds {
		o := refundOutcome(re)
		pr := store.ProviderRefund{Provider: store.ProviderStripe, CompanyID: hook.CompanyID, StripeAccount: account,
			PaymentRef: paymentIntent, ProviderRef: re.ID, Amount: re.Amount, State: o.State, Failure: o.Failure}
		if id, err := uuid.Parse(re.Metadata["RefundId"]); err == nil {
			pr.PublicID = id
		}
		_, err := s.db.RecordProviderRefund(ctx, pr)
		switch {
		case errors.Is(err, store.ErrPaymentNotLogged):
			continue
		case err != nil:
			return nil, err
		}
		recorded++
	}
	if recorded == 0 {
		return ignored("Event %s is about PaymentIntent %s, which is not in this company's payment log.", ev.ID, paymentIntent), nil
	}
	s.log.InfoContext(ctx, "stripe refund event applied", "event", ev.ID, "type", ev.Type, "payment_intent", paymentIntent,
		"refunds", recorded)
	return &dto.IpnCallBackResponse{Success: true,
		Message: fmt.Sprintf("%d refund(s) of PaymentIntent %s are in the payment log.", recorded, paymentIntent)}, nil
}

// listRefunds reads the refunds of a PaymentIntent back from Stripe.
func (s *service) listRefunds(ctx context.Context, paymentIntent, account string) ([]*stripego.Refund, error) {
	ctx, cancel := context.WithTimeout(ctx, s.attemptTimeout)
	defer cancel()
	p := &stripego.RefundListParams{PaymentIntent: stripego.String(paymentIntent)}
	p.Context = ctx
	p.Limit = stripego.Int64(maxListedRefunds)
	p.Single = true
	stripe.WithAccount(&p.ListParams, account)
	it := s.stripe.API().Refunds.List(p)
	var out []*stripego.Refund
	for it.Next() && len(out) < maxListedRefunds {
		out = append(out, it.Refund())
	}
	if err := it.Err(); err != nil {
		return nil, stripeError(err, "list the refunds of "+paymentIntent)
	}
	return out, nil
}
