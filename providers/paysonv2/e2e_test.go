package paysonv2_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
	"paygate/store/storetest"
)

// TestCheckoutFlow runs a checkout from creation to payout: the customer
// pays in the sandbox, Payson notifies paygate, an administrator sends the
// payment request, Payson pays the merchant out and notifies again.
func TestCheckoutFlow(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		e := newEnv(t, envOptions{engine: engine})
		created := e.create(createBody("booking-17"))
		if created.Status != "Created" || !strings.Contains(created.Snippet, e.liveTS.URL+"/checkout/"+created.Id.String()) {
			t.Fatalf("create: %+v", created)
		}

		// What Payson was asked for: the catalog's prices, our reference, a
		// notification URL back to paygate naming the company and booking.
		co := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, created.Id)
		if co.Order.Currency != payson.CurrencySEK || co.Order.TotalPriceIncludingTax != 2*50000+12550 || len(co.Order.Items) != 2 {
			t.Errorf("order: %+v", co.Order)
		}
		if it := co.Order.Items[1]; it.Name != "Shampoo" || it.UnitPrice != 12550 || it.TaxRate != 0.12 || it.Quantity != 1 {
			t.Errorf("second item: %+v", it)
		}
		row := e.row(created.Id)
		if co.Merchant.Reference != row.Reference.String() || row.AmountTotal != 112550 || row.Currency != "SEK" {
			t.Errorf("reference %q, row %+v", co.Merchant.Reference, row)
		}
		n, err := url.Parse(co.Merchant.NotificationURI)
		if err != nil || n.Path != "/payment/payson/v2/ipncallback" || n.Query().Get("CompanyId") != companyA.String() ||
			n.Query().Get("BookingId") != "booking-17" || n.Query().Get("ArticleTypeId") != "1" || !strings.HasPrefix(co.Merchant.NotificationURI, e.url) {
			t.Errorf("notificationUri %q", co.Merchant.NotificationURI)
		}
		if co.GUI.Locale != payson.LocaleSwedish || co.Merchant.TermsURI != e.url+"/terms" || co.Merchant.CheckoutURI != e.url+"/" {
			t.Errorf("gui %+v merchant %+v", co.GUI, co.Merchant)
		}

		// The customer pays; Payson's notification alone brings the news.
		e.pay(e.live, e.liveTS, created.Id)
		if got := e.row(created.Id).Status; got != string(payson.StatusReadyToShip) {
			t.Fatalf("after the readyToShip notification paygate has %q", got)
		}
		for _, a := range e.live.Notifications(created.Id) {
			if !a.Delivered() {
				t.Errorf("notification not accepted: %+v", a)
			}
		}
		get := e.call("GET", "/payment/payson/v2/checkout/"+created.Id.String()+"?CompanyId="+companyA.String(), "", "", "")
		if got := decode[checkoutResponse](t, get); get.Status != http.StatusOK || got.Status != "ReadyToShip" || got.Snippet != created.Snippet {
			t.Fatalf("get: %d %s", get.Status, get.Body)
		}

		// Only an administrator may send the payment request.
		if r := e.call("PUT", sendPath(created.Id), "", "", "{}"); r.Status != http.StatusUnauthorized {
			t.Errorf("anonymous send: %d %s", r.Status, r.Body)
		}
		if r := e.call("PUT", sendPath(created.Id), "staff-a", "", "{}"); r.Status != http.StatusForbidden {
			t.Errorf("send without the role: %d %s", r.Status, r.Body)
		}
		if got := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, created.Id).Status; got != payson.StatusReadyToShip {
			t.Fatalf("a refused send changed Payson's status to %s", got)
		}
		sent := e.call("PUT", sendPath(created.Id), "admin-a", "", "{}")
		if got := decode[checkoutResponse](t, sent); sent.Status != http.StatusOK || got.Status != "Shipped" || got.Id != created.Id {
			t.Fatalf("send: %d %s", sent.Status, sent.Body)
		}
		if got := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, created.Id).Status; got != payson.StatusShipped {
			t.Fatalf("Payson has %s after the payment request", got)
		}

		// Payson pays out and says so.
		e.act(e.liveTS, created.Id, sandbox.ActionSettle)
		e.idle(e.live)
		if got := e.row(created.Id).Status; got != string(payson.StatusPaidToAccount) {
			t.Fatalf("after the paidToAccount notification paygate has %q", got)
		}
		var notified []string
		for _, a := range e.live.Notifications(created.Id) {
			if !a.Delivered() {
				t.Errorf("notification not accepted: %+v", a)
			}
			notified = append(notified, string(a.Status))
		}
		if len(notified) != 3 {
			t.Errorf("notifications %v, want readyToShip, shipped and paidToAccount", notified)
		}
		get = e.call("GET", "/payment/payson/v2/checkout/"+created.Id.String()+"?CompanyId="+companyA.String(), "", "", "")
		if got := decode[checkoutResponse](t, get); got.Status != "PaidToAccount" {
			t.Errorf("final get: %s", get.Body)
		}
	})
}
