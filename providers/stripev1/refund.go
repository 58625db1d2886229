package stripev1

import (
	"context"
	"strconv"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/providers/stripe"
	"paygate/store"
)

// Refunder gives money back from Stripe Checkout payments, for
// RefundBookingPayment.
type Refunder struct{ s *service }

// NewRefunder returns the refunder of the surface d configures.
func NewRefunder(d Deps) *Refunder { return &Refunder{s: newService(d)} }

// refundKey is the idempotency key of refund r's create: one row, one
// Stripe refund, however often it is asked again.
func refundKey(r store.Refund) string {
	return stripe.IdempotencyKey("stripev1-refund", r.PublicID.String())
}

// Refund refunds r.Amount of payment p's PaymentIntent, on the connected
// account the checkout was made on. Our ids travel in the refund's
// metadata, so its events find the row even before this call returns.
func (rf *Refunder) Refund(ctx context.Context, p store.LoggedPayment, r store.Refund) (store.RefundOutcome, error) {
	params := &stripego.RefundParams{
		Params:        stripego.Params{Context: ctx},
		PaymentIntent: stripego.String(p.PaymentRef),
		Amount:        stripego.Int64(r.Amount),
	}
	params.AddMetadata("PaymentLogId", strconv.FormatInt(p.ID, 10))
	params.AddMetadata("RefundId", r.PublicID.String())
	params.AddMetadata("InternalReferenceId", p.InternalReferenceID)
	params.SetIdempotencyKey(refundKey(r))
	stripe.WithAccount(&params.Params, p.StripeAccount)
	re, err := rf.s.stripe.API().Refunds.New(params)
	if err != nil {
		e := stripeError(err, "refund the payment")
		if e.Status == 400 {
			return store.RefundOutcome{State: store.RefundFailed, Failure: e.Message}, e
		}
		return store.RefundOutcome{}, e
	}
	return refundOutcome(re), nil
}

// refundOutcome is what a Stripe refund says about itself.
func refundOutcome(re *stripego.Refund) store.RefundOutcome {
	o := store.RefundOutcome{State: store.RefundPending, ProviderRef: re.ID}
	switch re.Status {
	case stripego.RefundStatusSucceeded:
		o.State = store.RefundSucceeded
	case stripego.RefundStatusFailed, stripego.RefundStatusCanceled:
		o.State, o.Failure = store.RefundFailed, "Stripe reports the refund "+string(re.Status)
		if re.FailureReason != "" {
			o.Failure += ": " + string(re.FailureReason)
		}
	}
	return o
}
