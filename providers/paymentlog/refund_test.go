package paymentlog_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/internal/servertest"
	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
	"paygate/recovery"
	"paygate/recovery/recoverytest"
	"paygate/store"
)

func TestStripePartialRefundsAddUpToThePayment(t *testing.T) {
	e := newEnv(t, envOptions{})
	session, pi := e.stripePaid(e.companyA, 1001)
	p := e.entry(e.companyA, session)
	if p.Amount != 800 || p.VatAmount != 160 || p.Status != "Paid" || p.PaymentProvider != "Stripe" ||
		p.PaymentReferenceId != pi || p.RefundableAmount != 800 || p.InternalReferenceId != "1001" {
		t.Fatalf("logged payment %+v", p)
	}
	for _, amount := range []string{"300", "200.5", "299.50"} {
		if r := e.refund(e.companyA, 1001, p.Id, amount); r.Status != http.StatusOK || string(r.Body) != "{}" {
			t.Fatalf("refund %s: %s", amount, r)
		}
	}
	calls := e.stripe.Calls(http.MethodPost, "/v1/refunds")
	if len(calls) != 3 {
		t.Fatalf("%d refunds at Stripe", len(calls))
	}
	keys := map[string]bool{}
	for i, c := range calls {
		keys[c.Header.Get("Idempotency-Key")] = true
		if c.Form.Get("payment_intent") != pi || c.Form.Get("amount") != []string{"30000", "20050", "29950"}[i] ||
			c.Form.Get("metadata[PaymentLogId]") == "" || c.Form.Get("metadata[RefundId]") == "" {
			t.Errorf("refund %d sent %v", i, c.Form)
		}
	}
	if len(keys) != 3 || keys[""] {
		t.Errorf("idempotency keys %v", keys)
	}
	p = e.entry(e.companyA, session)
	if p.RefundedAmount != 800 || p.RefundableAmount != 0 || p.Status != "Refunded" || len(p.Refunds) != 3 {
		t.Fatalf("after refunds %+v", p)
	}
	for _, r := range p.Refunds {
		if r.Status != "Succeeded" || r.Origin != "Paygate" || !strings.HasPrefix(r.ProviderRefundId, "re_") || r.Comments != "Avbokad" {
			t.Errorf("refund %+v", r)
		}
	}
	// Nothing is left: a cent more is refused before Stripe is asked.
	servertest.WantError(t, e.refund(e.companyA, 1001, p.Id, "0.01"), http.StatusConflict, "RefundExceedsPayment", "Amount")
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/refunds")); n != 3 {
		t.Errorf("%d refunds at Stripe", n)
	}
}

func TestRefundOnTheConnectedAccount(t *testing.T) {
	e := newEnv(t, envOptions{})
	if _, err := e.db.UpdatePaymentSettings(t.Context(), e.companyA, func(s *store.PaymentSettings) error {
		s.StripeAccount = "acct_1Salong"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// The webhook registered now lives on the connected account.
	session, _ := e.stripePaid(e.companyA, 1001)
	p := e.entry(e.companyA, session)
	if r := e.refund(e.companyA, 1001, p.Id, "100"); r.Status != http.StatusOK {
		t.Fatalf("refund: %s", r)
	}
	calls := e.stripe.Calls(http.MethodPost, "/v1/refunds")
	if len(calls) != 1 || calls[0].Header.Get("Stripe-Account") != "acct_1Salong" {
		t.Fatalf("refund calls %+v", calls)
	}
}

func TestRefundBadInput(t *testing.T) {
	e := newEnv(t, envOptions{})
	session, _ := e.stripePaid(e.companyA, 1001)
	p := e.entry(e.companyA, session)
	for name, amount := range map[string]string{"too many decimals": "1.005", "negative": "-5", "zero": "0"} {
		t.Run(name, func(t *testing.T) {
			r := e.refund(e.companyA, 1001, p.Id, amount)
			if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `"FieldName":"Amount"`) {
				t.Errorf("%s: %s", amount, r)
			}
		})
	}
	servertest.WantError(t, e.do("PUT", "/bookings/1001/refund/1", "application/json", `{"Comments":"x"}`, e.admin(e.companyA)...),
		http.StatusBadRequest, "NotEmpty", "Amount")
	servertest.WantError(t, e.do("PUT", "/bookings/1001/refund/1", "application/json", `{"Amount":"lots"}`, e.admin(e.companyA)...),
		http.StatusBadRequest, "SerializationException", "Amount")
	// XML clients get their error in XML, naming the member.
	r := e.do("PUT", "/bookings/1001/refund/"+itoa(p.Id), "application/xml",
		`<RefundBookingPayment xmlns="http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos"><Amount>1.001</Amount></RefundBookingPayment>`,
		append(e.admin(e.companyA), "Accept", "application/xml")...)
	if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "FieldName>Amount</") ||
		!strings.Contains(string(r.Body), "<ResponseStatus") {
		t.Errorf("xml: %s", r)
	}
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/refunds")); n != 0 {
		t.Errorf("%d refunds reached Stripe", n)
	}
}

func TestRefundCompanyScoping(t *testing.T) {
	e := newEnv(t, envOptions{})
	session, _ := e.stripePaid(e.companyA, 1001)
	p := e.entry(e.companyA, session)
	// Company B's administrator: A's payment is not B's to see.
	servertest.WantError(t, e.refund(e.companyB, 1001, p.Id, "10"), http.StatusNotFound, "NotFound", "PaymentLogId")
	// Naming A's company does not help.
	r := e.do("PUT", "/bookings/1001/refund/"+itoa(p.Id), "application/json",
		`{"CompanyId":"`+e.companyA.String()+`","Amount":10}`, e.admin(e.companyB)...)
	if r.Status != http.StatusForbidden {
		t.Errorf("another company named: %s", r)
	}
	// Another booking's payment, and no payment at all.
	servertest.WantError(t, e.refund(e.companyA, 1002, p.Id, "10"), http.StatusNotFound, "NotFound", "PaymentLogId")
	servertest.WantError(t, e.refund(e.companyA, 1001, p.Id+1000, "10"), http.StatusNotFound, "NotFound", "PaymentLogId")
	// A reader may not give money back; nobody anonymous may.
	if r := e.do("PUT", "/bookings/1001/refund/"+itoa(p.Id), "application/json", `{"Amount":10}`,
		e.bearer("bookingsupplier-administrator-read", e.companyA)...); r.Status != http.StatusForbidden {
		t.Errorf("reader: %s", r)
	}
	if r := e.do("PUT", "/bookings/1001/refund/"+itoa(p.Id), "application/json", `{"Amount":10}`); r.Status != http.StatusUnauthorized {
		t.Errorf("anonymous: %s", r)
	}
	// A superadmin acts for A by naming it.
	r = e.do("PUT", "/bookings/1001/refund/"+itoa(p.Id), "application/json",
		`{"CompanyId":"`+e.companyA.String()+`","Amount":10}`, e.bearer("superadmin", uuid.Nil)...)
	if r.Status != http.StatusOK {
		t.Errorf("superadmin: %s", r)
	}
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/refunds")); n != 1 {
		t.Errorf("%d refunds at Stripe", n)
	}
}

// Two administrators refund the whole payment at the same moment: one
// refund is made, the other refused, and Stripe is asked once.
func TestConcurrentFullRefunds(t *testing.T) {
	e := newEnv(t, envOptions{})
	session, _ := e.stripePaid(e.companyA, 1001)
	p := e.entry(e.companyA, session)
	const n = 4
	var wg sync.WaitGroup
	replies := make([]reply, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			replies[i] = e.refund(e.companyA, 1001, p.Id, "800")
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, r := range replies {
		switch r.Status {
		case http.StatusOK:
			ok++
		case http.StatusConflict:
			servertest.WantError(t, r, http.StatusConflict, "RefundExceedsPayment", "Amount")
		default:
			t.Errorf("unexpected %s", r)
		}
	}
	if ok != 1 {
		t.Fatalf("%d full refunds made", ok)
	}
	if c := len(e.stripe.Calls(http.MethodPost, "/v1/refunds")); c != 1 {
		t.Fatalf("%d refunds at Stripe", c)
	}
	if p := e.entry(e.companyA, session); p.RefundedAmount != 800 {
		t.Fatalf("%+v", p)
	}
}

func TestPaysonRefundCreditsItemsInOrder(t *testing.T) {
	e := newEnv(t, envOptions{})
	id := e.paysonPaid(1002, true)
	p := e.entry(e.companyA, id.String())
	if p.PaymentProvider != "Payson" || p.Status != "Paid" || p.ProviderStatus != "shipped" || p.Amount != 800 || p.VatAmount != 160 {
		t.Fatalf("logged payment %+v", p)
	}
	credited := func() []payson.Amount {
		t.Helper()
		co, err := payson.New(e.sandboxS.URL, sandbox.DemoAgentID, sandbox.DemoAPIKey, nil).GetCheckout(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var out []payson.Amount
		for _, it := range co.Order.Items {
			out = append(out, it.CreditedAmount)
		}
		return out
	}
	// Items: the massage (500.00), then two add-ons (300.00).
	for _, step := range []struct {
		amount string
		want   []payson.Amount
	}{
		{"100", []payson.Amount{10000, 0}},
		{"450.25", []payson.Amount{50000, 5025}},
		{"249.75", []payson.Amount{50000, 30000}},
	} {
		if r := e.refund(e.companyA, 1002, p.Id, step.amount); r.Status != http.StatusOK {
			t.Fatalf("refund %s: %s", step.amount, r)
		}
		if got := credited(); len(got) != 2 || got[0] != step.want[0] || got[1] != step.want[1] {
			t.Fatalf("after %s credited %v, want %v", step.amount, got, step.want)
		}
	}
	p = e.entry(e.companyA, id.String())
	if p.Status != "Refunded" || p.RefundedAmount != 800 || len(p.Refunds) != 3 {
		t.Fatalf("%+v", p)
	}
	servertest.WantError(t, e.refund(e.companyA, 1002, p.Id, "1"), http.StatusConflict, "RefundExceedsPayment", "Amount")
	// GET /payment/payson/v2/checkout/{Id} tells BokaMera's Credited.
	co := servertest.Decode[struct{ Status string }](t, e.do("GET", "/payment/payson/v2/checkout/"+id.String()+"?CompanyId="+e.companyA.String(), "", ""), 200)
	if co.Status != "Credited" {
		t.Errorf("checkout status %s", co.Status)
	}
}

func TestPaysonRefundBeforeShipping(t *testing.T) {
	e := newEnv(t, envOptions{})
	id := e.paysonPaid(1003, false)
	p := e.entry(e.companyA, id.String())
	if p.Status != "Pending" || p.ProviderStatus != "readyToShip" || p.RefundableAmount != 0 {
		t.Fatalf("%+v", p)
	}
	servertest.WantError(t, e.refund(e.companyA, 1003, p.Id, "100"), http.StatusConflict, "PaymentNotSettled", "Amount")
}

// failingTransport answers every Stripe call with a network error.
type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("connection refused")
}

func TestStripeUnreachableIs502(t *testing.T) {
	e := newEnv(t, envOptions{})
	session, _ := e.stripePaid(e.companyA, 1001)
	p := e.entry(e.companyA, session)
	e.stripeNet.set(failingTransport{})
	servertest.WantError(t, e.refund(e.companyA, 1001, p.Id, "100"), http.StatusBadGateway, "StripeUnavailable")
	// The refund's outcome is unknown: it stays reserved, for the settler.
	p = e.entry(e.companyA, session)
	if len(p.Refunds) != 1 || p.Refunds[0].Status != "Creating" || p.RefundableAmount != 700 {
		t.Fatalf("%+v", p)
	}
	e.stripeNet.set(nil)
	if n := e.recover(); n != 1 {
		t.Fatalf("settled %d", n)
	}
	p = e.entry(e.companyA, session)
	if p.Refunds[0].Status != "Succeeded" || p.RefundedAmount != 100 {
		t.Fatalf("%+v", p)
	}
	calls := e.stripe.Calls(http.MethodPost, "/v1/refunds")
	if len(calls) != 2 || calls[0].Header.Get("Idempotency-Key") != calls[1].Header.Get("Idempotency-Key") {
		t.Fatalf("the retry did not reuse the key: %+v", calls)
	}
}

func TestPaysonTimeoutIs504(t *testing.T) {
	e := newEnv(t, envOptions{attemptTimeout: time.Second})
	id := e.paysonPaid(1004, true)
	p := e.entry(e.companyA, id.String())
	e.paysonNet.stall(3 * time.Second)
	servertest.WantError(t, e.refund(e.companyA, 1004, p.Id, "100"), http.StatusGatewayTimeout, "ProviderTimeout")
	p = e.entry(e.companyA, id.String())
	if len(p.Refunds) != 1 || p.Refunds[0].Status != "Creating" {
		t.Fatalf("%+v", p)
	}
	// The refund settles once Payson answers again: once.
	e.paysonNet.stall(0)
	if n := e.recover(); n != 1 {
		t.Fatalf("settled %d", n)
	}
	if n := e.recover(); n != 0 {
		t.Fatalf("settled again %d", n)
	}
	p = e.entry(e.companyA, id.String())
	if p.Refunds[0].Status != "Succeeded" || p.RefundedAmount != 100 {
		t.Fatalf("%+v", p)
	}
}

// A Payson credit in flight holds its payment (one credit at a time), but
// only for the attempt bound: the next refund after it settles it first.
func TestStaleRefundSettledByTheNext(t *testing.T) {
	e := newEnv(t, envOptions{attemptTimeout: time.Second})
	id := e.paysonPaid(1005, true)
	p := e.entry(e.companyA, id.String())
	// A credit under way right now (another request's) is waited for.
	_, inFlight, err := e.db.BeginRefund(t.Context(), e.companyA, "1005", int64(p.Id), 1000, "")
	if err != nil {
		t.Fatal(err)
	}
	servertest.WantError(t, e.refund(e.companyA, 1005, p.Id, "50"), http.StatusConflict, "RefundInProgress", "Amount")
	if _, err := e.db.SettleRefund(t.Context(), inFlight.ID, store.RefundOutcome{State: store.RefundFailed, Failure: "test"}); err != nil {
		t.Fatal(err)
	}

	e.paysonNet.stall(3 * time.Second)
	servertest.WantError(t, e.refund(e.companyA, 1005, p.Id, "100"), http.StatusGatewayTimeout, "ProviderTimeout")
	e.paysonNet.stall(0)
	// The timed-out credit is older than the bound by now.
	if r := e.refund(e.companyA, 1005, p.Id, "50"); r.Status != http.StatusOK {
		t.Fatalf("after the bound: %s", r)
	}
	p = e.entry(e.companyA, id.String())
	if len(p.Refunds) != 3 || p.Refunds[1].Status != "Succeeded" || p.Refunds[2].Status != "Succeeded" || p.RefundedAmount != 150 {
		t.Fatalf("%+v", p)
	}
}

// TestRefundThatNeverSettlesIsMarkedForReview: Stripe stays unreachable, so
// the refund's outcome stays unknown through every settlement. After the
// recoverer's bounded tries it is marked for review, with the last error,
// where paygate attempts list shows it, and no sweep asks Stripe again;
// the amount stays reserved, as no one knows whether it left.
func TestRefundThatNeverSettlesIsMarkedForReview(t *testing.T) {
	e := newEnv(t, envOptions{})
	session, _ := e.stripePaid(e.companyA, 1005)
	p := e.entry(e.companyA, session)
	e.stripeNet.set(failingTransport{})
	servertest.WantError(t, e.refund(e.companyA, 1005, p.Id, "100"), http.StatusBadGateway, "StripeUnavailable")
	const maxTries = 5 // the recoverer's default
	for i := range maxTries + 2 {
		// Each sweep comes a day later, past any backoff.
		later := func() time.Time { return time.Now().Add(time.Duration(i) * 24 * time.Hour) }
		settlers := map[string]recovery.Settler{store.RefundAttemptKind: e.settler}
		if n := recoverytest.Sweep(t, e.db, settlers, later); n != 0 {
			t.Fatalf("settled %d with Stripe unreachable", n)
		}
	}
	list := recoverytest.Attempts(t, e.db)
	if len(list) != 1 || list[0].Kind != store.RefundAttemptKind || list[0].ReviewAt.IsZero() || list[0].Tries != maxTries ||
		!strings.Contains(list[0].LastError, "connection refused") {
		t.Fatalf("attempts %+v", list)
	}
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/refunds")); n != 1+maxTries {
		t.Fatalf("%d refund calls, want the request's and %d settlements'", n, maxTries)
	}
	p = e.entry(e.companyA, session)
	if len(p.Refunds) != 1 || p.Refunds[0].Status != "Creating" || p.RefundableAmount != 700 {
		t.Fatalf("%+v", p)
	}
}
