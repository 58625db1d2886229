package payson_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
)

// merchant records the notifications Payson sends it.
type merchant struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []string // the checkout query parameter of each notification
}

func newMerchant(t *testing.T) *merchant {
	m := &merchant{}
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.got = append(m.got, r.Method+" "+r.URL.Query().Get("checkout"))
		m.mu.Unlock()
	}))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *merchant) notifications() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.got...)
}

// newSandbox serves a sandbox whose notifications retry fast.
func newSandbox(t *testing.T) (*sandbox.Sandbox, *httptest.Server) {
	sb := sandbox.New(sandbox.Options{NotifyAttempts: 3, NotifyBaseDelay: 1})
	srv := httptest.NewServer(sb)
	t.Cleanup(func() {
		srv.Close()
		sb.Close()
	})
	return sb, srv
}

func demoClient(srv *httptest.Server) *payson.Client {
	return payson.New(srv.URL, sandbox.DemoAgentID, sandbox.DemoAPIKey, srv.Client())
}

func request(merchantURL string) payson.CreateCheckoutRequest {
	return payson.CreateCheckoutRequest{
		Merchant: payson.Merchant{
			CheckoutURI:     merchantURL + "/checkout",
			ConfirmationURI: merchantURL + "/confirmation",
			NotificationURI: merchantURL + "/notification",
			TermsURI:        merchantURL + "/terms",
			Reference:       "booking-17",
		},
		Order: payson.Order{
			Currency: "sek",
			Items: []payson.OrderItem{
				{Name: "Haircut", UnitPrice: 50000, Quantity: 1, TaxRate: 0.25, Reference: "service-1", Type: payson.ItemService},
				{Name: "Booking fee", UnitPrice: 2000, Quantity: 2, TaxRate: 0.25, DiscountRate: 0.5, Type: payson.ItemFee},
			},
		},
	}
}

// control plays the customer through the sandbox's control API.
func control(t *testing.T, srv *httptest.Server, id uuid.UUID, action string) {
	t.Helper()
	resp, err := srv.Client().Post(srv.URL+"/sandbox/checkouts/"+id.String()+"/"+action, "application/json", nil)
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", action, resp.StatusCode)
	}
}

func TestCheckoutLifecycle(t *testing.T) {
	ctx := context.Background()
	sb, srv := newSandbox(t)
	m := newMerchant(t)
	c := demoClient(srv)

	co, err := c.CreateCheckout(ctx, request(m.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if co.ID == uuid.Nil || co.Status != payson.StatusCreated || co.PurchaseID != nil {
		t.Fatalf("created: id %v status %q purchaseId %v", co.ID, co.Status, co.PurchaseID)
	}
	if want := `src="` + srv.URL + "/checkout/" + co.ID.String() + `"`; !strings.Contains(co.Snippet, want) {
		t.Errorf("snippet %s does not contain %s", co.Snippet, want)
	}
	o := co.Order
	if o.Currency != payson.CurrencySEK || o.TotalPriceIncludingTax != 52000 || o.TotalPriceExcludingTax != 41600 || o.TotalTaxAmount != 10400 {
		t.Errorf("order totals: %+v", o)
	}
	if it := o.Items[1]; it.ItemID == uuid.Nil || it.TotalPriceIncludingTax != 2000 || it.TotalTaxAmount != 400 {
		t.Errorf("fee item: %+v", it)
	}
	if co.GUI == nil || co.GUI.Locale != payson.LocaleEnglish || co.GUI.ColorScheme != payson.ColorBlue {
		t.Errorf("gui defaults: %+v", co.GUI)
	}

	got, err := c.GetCheckout(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != payson.StatusCreated || got.Order.TotalPriceIncludingTax != 52000 || got.History.At(payson.StatusCreated) == nil {
		t.Errorf("get: %+v", got)
	}

	control(t, srv, co.ID, "pay")
	paid, err := c.GetCheckout(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	if paid.Status != payson.StatusReadyToShip || paid.PurchaseID == nil || paid.Customer == nil || paid.Customer.Email == "" {
		t.Fatalf("after pay: status %q purchaseId %v customer %+v", paid.Status, paid.PurchaseID, paid.Customer)
	}
	for _, st := range []payson.Status{payson.StatusFormsFilled, payson.StatusReadyToPay, payson.StatusProcessingPayment, payson.StatusReadyToShip} {
		if paid.History.At(st) == nil {
			t.Errorf("history has no %s", st)
		}
	}

	shipped, err := c.ShipCheckout(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	if shipped.Status != payson.StatusShipped {
		t.Fatalf("after ship: %q", shipped.Status)
	}

	// A refund: credit the first item in full, by PUTting the object back.
	shipped.Order.Items[0].CreditedAmount = shipped.Order.Items[0].TotalPriceIncludingTax
	credited, err := c.UpdateCheckout(ctx, shipped)
	if err != nil {
		t.Fatal(err)
	}
	if credited.Order.TotalCreditedAmount != 50000 || credited.Status != payson.StatusShipped {
		t.Errorf("after credit: status %q credited %s", credited.Status, credited.Order.TotalCreditedAmount)
	}

	control(t, srv, co.ID, "settle")
	if err := sb.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	id := co.ID.String()
	want := []string{"POST " + id, "POST " + id, "POST " + id} // readyToShip, shipped, paidToAccount
	if got := m.notifications(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("notifications = %v, want %v", got, want)
	}
	// Deliveries run side by side, so they may arrive in any order; the
	// merchant reads the status back anyway.
	var statuses []string
	for _, a := range sb.Notifications(co.ID) {
		statuses = append(statuses, string(a.Status))
	}
	slices.Sort(statuses)
	if fmt.Sprint(statuses) != "[paidToAccount readyToShip shipped]" {
		t.Errorf("notified statuses = %v", statuses)
	}
}

func TestIllegalTransitionsAreFieldErrors(t *testing.T) {
	ctx := context.Background()
	_, srv := newSandbox(t)
	c := demoClient(srv)
	co, err := c.CreateCheckout(ctx, request(newMerchant(t).srv.URL))
	if err != nil {
		t.Fatal(err)
	}

	_, err = c.ShipCheckout(ctx, co.ID)
	var perr *payson.Error
	if !errors.As(err, &perr) || perr.Status != http.StatusBadRequest {
		t.Fatalf("ship a created checkout: %v", err)
	}
	fe, ok := perr.Property("status")
	if !ok || !strings.Contains(fe.Message, "created to shipped") || !strings.Contains(fe.Message, "canceled") {
		t.Errorf("ship a created checkout: %+v", perr.Errors)
	}
	if errors.Is(err, payson.ErrUnavailable) {
		t.Error("a refusal matches ErrUnavailable")
	}

	control(t, srv, co.ID, "pay")
	if _, err := c.ShipCheckout(ctx, co.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.CancelCheckout(ctx, co.ID)
	if !errors.As(err, &perr) || perr.Status != http.StatusBadRequest {
		t.Fatalf("cancel a shipped checkout: %v", err)
	}
	if _, ok := perr.Property("status"); !ok {
		t.Errorf("cancel a shipped checkout: %+v", perr.Errors)
	}

	got, err := c.GetCheckout(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.Status = "bogus"
	if _, err := c.UpdateCheckout(ctx, got); !errors.As(err, &perr) || perr.Status != http.StatusBadRequest {
		t.Fatalf("unknown status: %v", err)
	}
}

func TestCancelBeforeShipping(t *testing.T) {
	ctx := context.Background()
	_, srv := newSandbox(t)
	c := demoClient(srv)
	m := newMerchant(t)
	for _, pay := range []bool{false, true} {
		co, err := c.CreateCheckout(ctx, request(m.srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		if pay {
			control(t, srv, co.ID, "pay")
		}
		got, err := c.CancelCheckout(ctx, co.ID)
		if err != nil {
			t.Fatalf("cancel (paid %v): %v", pay, err)
		}
		if got.Status != payson.StatusCanceled {
			t.Errorf("cancel (paid %v): status %q", pay, got.Status)
		}
	}
}

func TestValidationErrorsNameProperties(t *testing.T) {
	_, srv := newSandbox(t)
	req := request("https://shop.example")
	req.Merchant.TermsURI = ""
	req.Merchant.NotificationURI = "/relative"
	req.Order.Currency = "NOK"
	req.Order.Items[1].Quantity = 0

	_, err := demoClient(srv).CreateCheckout(context.Background(), req)
	var perr *payson.Error
	if !errors.As(err, &perr) || perr.Status != http.StatusBadRequest {
		t.Fatalf("got %v, want a 400 *payson.Error", err)
	}
	for _, p := range []string{"merchant.termsUri", "merchant.notificationUri", "order.currency", "order.items[1].quantity"} {
		if _, ok := perr.Property(p); !ok {
			t.Errorf("no error for %s in %+v", p, perr.Errors)
		}
	}
	if !strings.Contains(err.Error(), "payson: create checkout: 400") || !strings.Contains(err.Error(), "merchant.termsUri") {
		t.Errorf("message %q", err)
	}
}

func TestWrongCredentials(t *testing.T) {
	_, srv := newSandbox(t)
	c := payson.New(srv.URL, sandbox.DemoAgentID, "not-the-key", srv.Client())
	_, err := c.GetAccount(context.Background())
	var perr *payson.Error
	if !errors.As(err, &perr) || perr.Status != http.StatusUnauthorized {
		t.Fatalf("got %v, want 401", err)
	}
	if errors.Is(err, payson.ErrUnavailable) {
		t.Error("401 matches ErrUnavailable")
	}
}

func TestUnknownAndForeignCheckoutsAreNotFound(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{Accounts: []sandbox.Account{{AgentID: "77", APIKey: "other-key"}}})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	defer sb.Close()
	co, err := demoClient(srv).CreateCheckout(ctx, request("https://shop.example"))
	if err != nil {
		t.Fatal(err)
	}
	other := payson.New(srv.URL, "77", "other-key", srv.Client())
	for _, id := range []uuid.UUID{co.ID, uuid.New()} {
		_, err := other.GetCheckout(ctx, id)
		var perr *payson.Error
		if !errors.As(err, &perr) || perr.Status != http.StatusNotFound {
			t.Errorf("get %s as another agent: %v", id, err)
		}
	}
}

func TestGetAccount(t *testing.T) {
	_, srv := newSandbox(t)
	a, err := demoClient(srv).GetAccount(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if a.MerchantID == 0 || a.AccountEmail == "" || a.Status == "" {
		t.Errorf("account %+v", a)
	}
}

func TestUnavailable(t *testing.T) {
	ctx := context.Background()
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()

	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"message":"maintenance"}`, http.StatusServiceUnavailable)
	}))
	defer failing.Close()
	garbled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html>proxy error</html>")
	}))
	defer garbled.Close()

	for name, url := range map[string]string{"down": down.URL, "503": failing.URL, "not JSON": garbled.URL} {
		c := payson.New(url, "4", "key", nil)
		_, err := c.GetCheckout(ctx, uuid.New())
		if !errors.Is(err, payson.ErrUnavailable) {
			t.Errorf("%s: %v does not match ErrUnavailable", name, err)
		}
	}

	_, err := payson.New(failing.URL, "4", "key", nil).GetAccount(ctx)
	var perr *payson.Error
	if !errors.As(err, &perr) || perr.Status != http.StatusServiceUnavailable || perr.Message != "maintenance" {
		t.Errorf("503 is not also a *payson.Error: %v", err)
	}
}

func TestCanceledContextIsNotUnavailable(t *testing.T) {
	_, srv := newSandbox(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := demoClient(srv).GetAccount(ctx)
	if !errors.Is(err, context.Canceled) || errors.Is(err, payson.ErrUnavailable) {
		t.Errorf("got %v, want context.Canceled only", err)
	}
}

func TestRequestsCarryBasicAuthAndJSON(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		fmt.Fprint(w, `{"accountEmail":"a@example.com","status":"Approved","merchantId":1}`)
	}))
	defer srv.Close()
	// A base URL as Payson's documentation writes it, with /2.0/.
	if _, err := payson.New(srv.URL+"/2.0/", "4", "secret", nil).GetAccount(context.Background()); err != nil {
		t.Fatal(err)
	}
	user, pass, ok := got.BasicAuth()
	if !ok || user != "4" || pass != "secret" || got.URL.Path != "/2.0/Accounts" || got.Header.Get("Accept") != "application/json" {
		t.Errorf("request: auth %q:%q %v, path %s, accept %q", user, pass, ok, got.URL.Path, got.Header.Get("Accept"))
	}
}

func TestCreateFallsBackToLocation(t *testing.T) {
	id := uuid.New()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			w.Header().Set("Location", "https://test-api.payson.se/2.0/Checkouts/"+id.String())
			w.WriteHeader(http.StatusCreated)
			fmt.Fprint(w, `{}`)
			return
		}
		fmt.Fprintf(w, `{"id":%q,"status":"created"}`, id)
	}))
	defer srv.Close()
	co, err := payson.New(srv.URL, "4", "key", nil).CreateCheckout(context.Background(), request("https://shop.example"))
	if err != nil || co.ID != id {
		t.Fatalf("got %v, %v; want checkout %s", co, err, id)
	}
}

func TestClientDoesNotPrintItsKey(t *testing.T) {
	c := payson.New(payson.TestBaseURL, "4", "very-secret-key", nil)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", *c)} {
		if strings.Contains(s, "very-secret-key") {
			t.Errorf("printed key: %s", s)
		}
	}
}
