package paysonv2

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/payson"
	"paygate/store"
)

// Refunder gives money back from Payson Checkout 2.0 payments by crediting
// their order items, for RefundBookingPayment.
//
// Payson has no refund object and no idempotency key: a credit is the
// absolute creditedAmount of each item, sent with a PUT of the whole
// checkout. The targets are computed once, kept on the refund row before
// the PUT, and sent again as they are on a retry, so asking twice credits
// once. The store lets one credit per payment be under way at a time,
// since a second one computed meanwhile would overwrite the first's.
type Refunder struct{ s *service }

// NewRefunder returns the refunder of the surface d configures.
func NewRefunder(d Deps) *Refunder { return &Refunder{s: newService(d)} }

// creditPlan is what a refund sets each item's creditedAmount to.
type creditPlan struct {
	Items []creditTarget `json:"items"`
}

type creditTarget struct {
	ItemID   uuid.UUID `json:"itemId"`
	Credited int64     `json:"creditedAmount"` // minor units, absolute
}

// spread credits amount over items in order: each item takes what is left
// of its total, until the amount is used up. It fails when the items have
// less left than amount.
func spread(items []payson.OrderItem, amount int64) (creditPlan, error) {
	var plan creditPlan
	left := amount
	for _, it := range items {
		room := int64(it.TotalPriceIncludingTax - it.CreditedAmount)
		if left == 0 || room <= 0 {
			continue
		}
		take := min(room, left)
		left -= take
		plan.Items = append(plan.Items, creditTarget{ItemID: it.ItemID, Credited: int64(it.CreditedAmount) + take})
	}
	if left > 0 {
		return creditPlan{}, fmt.Errorf("the checkout's items have %s less left to credit than the refund",
			payson.Amount(left))
	}
	return plan, nil
}

// Refund credits r.Amount of payment p at Payson.
func (rf *Refunder) Refund(ctx context.Context, p store.LoggedPayment, r store.Refund) (store.RefundOutcome, error) {
	failed := func(e *apierr.Error) (store.RefundOutcome, error) {
		return store.RefundOutcome{State: store.RefundFailed, Failure: e.Message}, e
	}
	row, err := rf.s.db.PaysonCheckout(ctx, p.CheckoutRow)
	if err != nil {
		return store.RefundOutcome{}, err
	}
	client, err := rf.s.clientFor(ctx, row.CompanyID, row.TestMode)
	if err != nil {
		return failed(apierr.From(err))
	}
	co, err := client.GetCheckout(ctx, row.CheckoutID)
	if err != nil {
		return rf.refused("read the checkout", err)
	}
	if co.Status != payson.StatusShipped && co.Status != payson.StatusPaidToAccount {
		status := bokaMeraStatus(observed(co))
		return failed(&apierr.Error{Status: http.StatusConflict, Code: "PaymentNotSettled",
			Message: fmt.Sprintf("Checkout %s is %s; Payson credits only checkouts that are %s or %s.", row.CheckoutID,
				describe(status), describe(dto.PaysonStatusShipped), describe(dto.PaysonStatusPaidToAccount))})
	}
	var plan creditPlan
	if r.Plan != "" {
		if err := json.Unmarshal([]byte(r.Plan), &plan); err != nil {
			return store.RefundOutcome{}, fmt.Errorf("paysonv2: plan of refund %d: %w", r.ID, err)
		}
	} else {
		if plan, err = spread(co.Order.Items, r.Amount); err != nil {
			return failed(apierr.Conflict("RefundExceedsPayment", fmt.Sprintf("Checkout %s: %v.", row.CheckoutID, err)))
		}
		b, err := json.Marshal(plan)
		if err != nil {
			return store.RefundOutcome{}, err
		}
		if err := rf.s.db.SetRefundPlan(ctx, r.ID, string(b)); err != nil {
			return store.RefundOutcome{}, err
		}
	}
	if !apply(co, plan) {
		// Asked again after the credit went through.
		return store.RefundOutcome{State: store.RefundSucceeded}, nil
	}
	updated, err := client.UpdateCheckout(ctx, co)
	if err != nil {
		return rf.refused("credit the checkout", err)
	}
	if _, err := rf.s.db.RecordPaysonStatus(ctx, row.ID, observed(updated)); err != nil {
		rf.s.log.ErrorContext(ctx, "payson: record credited checkout", "checkout", row.CheckoutID, "error", err)
	}
	return store.RefundOutcome{State: store.RefundSucceeded}, nil
}

// apply raises co's items to plan's targets and reports whether any was
// below them.
func apply(co *payson.Checkout, plan creditPlan) bool {
	changed := false
	for _, t := range plan.Items {
		for i := range co.Order.Items {
			if it := &co.Order.Items[i]; it.ItemID == t.ItemID && int64(it.CreditedAmount) < t.Credited {
				it.CreditedAmount, changed = payson.Amount(t.Credited), true
			}
		}
	}
	return changed
}

// refused maps a failed Payson call: Payson answering with a refusal is a
// failed refund; no answer, a failure or a time-out (a 502 or a 504) leaves
// the outcome unknown, since Payson may have credited all the same.
func (rf *Refunder) refused(doing string, err error) (store.RefundOutcome, error) {
	e := paysonError(doing, err, nil)
	if !apierr.Settled(e) {
		return store.RefundOutcome{}, e
	}
	return store.RefundOutcome{State: store.RefundFailed, Failure: e.Message}, e
}
