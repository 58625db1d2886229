package paymentlog_test

import (
	"net/http"
	"strings"
	"testing"

	"paygate/internal/servertest"
)

type ipnReply struct {
	Message string
	Success bool
}

// A refund made in Stripe's dashboard reaches the log through refund.updated
// and charge.refunded; replays change nothing; another company's endpoint
// cannot touch the payment.
func TestRefundMadeOutsidePaygate(t *testing.T) {
	e := newEnv(t, envOptions{})
	session, pi := e.stripePaid(e.companyA, 4001)
	e.stripePaid(e.companyB, 4002)
	p := e.entry(e.companyA, session)

	dashboard := e.event("evt_refund_dash", "refund.updated", "", map[string]any{
		"id": "re_Dashboard1", "object": "refund", "amount": 5000, "currency": "sek", "status": "succeeded",
		"payment_intent": pi, "metadata": map[string]any{}})
	for range 2 {
		got := servertest.Decode[ipnReply](t, e.deliver(e.companyA, dashboard), http.StatusOK)
		if !got.Success {
			t.Fatalf("%+v", got)
		}
	}
	p = e.entry(e.companyA, session)
	if len(p.Refunds) != 1 || p.Refunds[0].Origin != "Provider" || p.Refunds[0].ProviderRefundId != "re_Dashboard1" ||
		p.RefundedAmount != 50 || p.RefundableAmount != 750 || p.Status != "PartiallyRefunded" {
		t.Fatalf("after the dashboard refund %+v", p)
	}

	// charge.refunded leaves its refunds out in this API version: they are
	// read back from Stripe (stripe-mock lists its fixture refund, 1.00).
	charge := e.event("evt_charge_refunded", "charge.refunded", "", map[string]any{
		"id": "ch_Paid1", "object": "charge", "amount": 80000, "amount_refunded": 5100, "refunded": false,
		"payment_intent": pi})
	servertest.Decode[ipnReply](t, e.deliver(e.companyA, charge), http.StatusOK)
	servertest.Decode[ipnReply](t, e.deliver(e.companyA, charge), http.StatusOK)
	if calls := e.stripe.Calls(http.MethodGet, "/v1/refunds"); len(calls) != 2 || calls[0].Form.Get("payment_intent") != pi {
		t.Fatalf("read-back %+v", calls)
	}
	p = e.entry(e.companyA, session)
	if len(p.Refunds) != 2 || p.RefundedAmount != 51 {
		t.Fatalf("after charge.refunded %+v", p)
	}

	// Company B's endpoint says nothing about A's payment.
	other := e.event("evt_refund_other", "refund.updated", "", map[string]any{
		"id": "re_Other", "object": "refund", "amount": 100, "status": "succeeded", "payment_intent": pi})
	got := servertest.Decode[ipnReply](t, e.deliver(e.companyB, other), http.StatusOK)
	if !strings.Contains(got.Message, "not in this company's payment log") {
		t.Errorf("B's endpoint: %+v", got)
	}
	if p := e.entry(e.companyA, session); len(p.Refunds) != 2 {
		t.Fatalf("B's event changed A's log %+v", p)
	}
}

// A refund paygate made and Stripe later reports failed gives its amount
// back to the payment.
func TestOwnRefundFailingLater(t *testing.T) {
	e := newEnv(t, envOptions{})
	session, pi := e.stripePaid(e.companyA, 4003)
	p := e.entry(e.companyA, session)
	if r := e.refund(e.companyA, 4003, p.Id, "800"); r.Status != http.StatusOK {
		t.Fatalf("refund: %s", r)
	}
	p = e.entry(e.companyA, session)
	re := p.Refunds[0]
	failed := e.event("evt_refund_failed", "refund.updated", "", map[string]any{
		"id": re.ProviderRefundId, "object": "refund", "amount": 80000, "status": "failed",
		"failure_reason": "expired_or_canceled_card", "payment_intent": pi})
	servertest.Decode[ipnReply](t, e.deliver(e.companyA, failed), http.StatusOK)
	p = e.entry(e.companyA, session)
	if p.Refunds[0].Status != "Failed" || p.RefundedAmount != 0 || p.RefundableAmount != 800 || p.Status != "Paid" ||
		!strings.Contains(p.Refunds[0].FailureReason, "expired_or_canceled_card") {
		t.Fatalf("%+v", p)
	}
	// The money can be given back another way now.
	if r := e.refund(e.companyA, 4003, p.Id, "800"); r.Status != http.StatusOK {
		t.Fatalf("second refund: %s", r)
	}
}
