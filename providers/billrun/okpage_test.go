package billrun

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"paygate/store"
	"paygate/store/storetest"
)

// start runs an iframe getRequest for Ann and returns its txId.
func (e *env) start(t *testing.T, name string) string {
	t.Helper()
	// Each handshake is signed a second after the one before: a request
	// signed again is a replay, which gets the same transaction.
	t0 := strconv.FormatInt(signedAt.Unix()+e.signings.Add(1), 10)
	data := `{"iframe":true,"aid":7,"name":"` + name + `","type":"account","_t_":"` + t0 + `",` +
		`"ok_page":"https://tenant.example/ok","fail_page":"https://tenant.example/fail",` +
		`"return_url":"https://tenant.example/account?tab=cards","request_parameters":true}`
	r := e.getRequest(t, sign(t, data))
	var body struct {
		Status  int
		Details struct {
			URL struct {
				TxID string `json:"txId"`
			} `json:"url"`
		} `json:"details"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.Status != 1 {
		t.Fatalf("getRequest: %d %s (%v)", r.Status, r.Body, err)
	}
	return body.Details.URL.TxID
}

// cardRows lists the saved cards of Ann, oldest first.
func (e *env) cardRows(t *testing.T) []store.BillRunCard {
	t.Helper()
	accounts, err := e.db.BillRunAccounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.db.BillRunCards(t.Context(), annAID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		if a.AID == annAID && len(out) > 0 && (a.Card == nil || a.Card.Tx != out[len(out)-1].Tx) {
			t.Errorf("active card of Ann %+v, latest saved %+v", a.Card, out[len(out)-1])
		}
	}
	return out
}

const wantCardBody = `{"status":1,"desc":"success","details":{"credit_card":"4242","expiration_date":"42031","params":[]}}`

func TestOkPageSavesCard(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		e := newEnv(t, envOptions{engine: engine, fixtures: completed(t, nil)})
		txID := e.start(t, "StripeCheckout")
		// The completed fixtures' customer has Ann's email: found, not created.
		if n := len(e.stripe.Calls(http.MethodPost, "/v1/customers")); n != 0 {
			t.Errorf("%d customers created for a customer Stripe found", n)
		}

		ok := url.Values{"name": {"StripeCheckout"}, "txId": {txID}, "redirect": {"0"}}
		r := e.okPage(t, ok)
		if r.Status != http.StatusOK || string(r.Body) != wantCardBody {
			t.Fatalf("okPage: %d %s", r.Status, r.Body)
		}
		// The server-to-server check read the session with its SetupIntent and
		// card in one call.
		tx := e.tx(t, txID)
		gets := e.stripe.Calls(http.MethodGet, "/v1/checkout/sessions/"+tx.SessionID)
		if len(gets) != 1 || gets[0].Form.Get("expand[0]") != "setup_intent.payment_method" {
			t.Errorf("session reads %+v", gets)
		}
		cards := e.cardRows(t)
		if tx.Status != store.BillRunTxDone || len(cards) != 1 {
			t.Fatalf("transaction %+v, cards %+v", tx, cards)
		}
		c := cards[0]
		if c.Tx != txID || c.CustomerID != tx.CustomerID || c.PaymentMethodID == "" || c.FourDigits != completedLast4 ||
			c.ExpMonth != completedMonth || c.ExpYear != completedYear || !c.Active || c.Name != "StripeCheckout" {
			t.Errorf("card %+v", c)
		}

		// Repeats answer the same without a second card or a second Stripe
		// read; in redirect mode they go to the tenant.
		if r := e.okPage(t, ok); string(r.Body) != wantCardBody {
			t.Errorf("repeat: %d %s", r.Status, r.Body)
		}
		r = e.okPage(t, url.Values{"name": {"StripeCheckout"}, "txId": {txID}})
		if r.Status != http.StatusFound || r.location() != "https://tenant.example/account?tab=cards" {
			t.Errorf("redirect mode: %d %q %s", r.Status, r.location(), r.Body)
		}
		if n := len(e.stripe.Calls(http.MethodGet, "/v1/checkout/sessions/"+tx.SessionID)); n != 1 || len(e.cardRows(t)) != 1 {
			t.Errorf("%d session reads, %d cards after repeats", n, len(e.cardRows(t)))
		}

		// A second handshake replaces the active card; the first one stays as
		// a former card. This one arrives as POSTed data JSON, txId a number.
		second := e.start(t, "StripeCheckout")
		r = e.do(t, http.MethodPost, okPagePath, url.Values{"data": {`{"name":"StripeCheckout","txId":` + second + `,"redirect":false}`}})
		if string(r.Body) != wantCardBody {
			t.Fatalf("second okPage: %d %s", r.Status, r.Body)
		}
		cards = e.cardRows(t)
		if len(cards) != 2 || cards[0].Active || !cards[1].Active || cards[1].Tx != second {
			t.Errorf("cards %+v", cards)
		}
	})
}

func TestOkPageConcurrentRepeats(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		e := newEnv(t, envOptions{engine: engine, fixtures: completed(t, nil)})
		txID := e.start(t, "StripeCheckout#nordic")
		var wg sync.WaitGroup
		bodies := make([]string, 6)
		for i := range bodies {
			wg.Go(func() {
				bodies[i] = string(e.okPage(t, url.Values{"name": {"StripeCheckout#nordic"}, "txId": {txID}, "redirect": {""}}).Body)
			})
		}
		wg.Wait()
		for i, b := range bodies {
			if b != wantCardBody {
				t.Errorf("call %d: %s", i, b)
			}
		}
		if cards := e.cardRows(t); len(cards) != 1 || !cards[0].Active {
			t.Errorf("cards %+v", cards)
		}
		// BillRun decodes the name once more than the query string does.
		if r := e.okPage(t, url.Values{"name": {"StripeCheckout%23nordic"}, "txId": {txID}, "redirect": {"0"}}); string(r.Body) != wantCardBody {
			t.Errorf("double-encoded name: %s", r.Body)
		}
	})
}

// TestOkPageNotSaved: the repository's fixtures are an open session, as
// when the customer has not finished or has cancelled.
func TestOkPageNotSaved(t *testing.T) {
	e := newEnv(t, envOptions{})
	txID := e.start(t, "StripeCheckout")
	wantFailure(t, e.okPage(t, url.Values{"name": {"StripeCheckout"}, "txId": {txID}, "redirect": {"0"}}),
		"The card was not saved: the Checkout Session is open, not complete")
	// Redirect mode sends the customer to the tenant with the reason.
	r := e.okPage(t, url.Values{"name": {"StripeCheckout"}, "txId": {txID}})
	u, _ := url.Parse(r.location())
	if r.Status != http.StatusFound || u.Path != "/account" || u.Query().Get("tab") != "cards" ||
		u.Query().Get("message") != `{"content":"The card was not saved: the Checkout Session is open, not complete","type":"danger"}` {
		t.Errorf("%d %s", r.Status, r.location())
	}
	if tx := e.tx(t, txID); tx.Status != store.BillRunTxOpen || len(e.cardRows(t)) != 0 {
		t.Errorf("transaction %+v after a failed check", tx)
	}
}

func TestOkPageStripeSaysNo(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(res map[string]map[string]any)
		msg  string
	}{
		{"setup intent not succeeded", func(res map[string]map[string]any) {
			res["setup_intent"]["status"] = "requires_payment_method"
		}, "Setup intent not succeeded (requires_payment_method)"},
		{"another customer", func(res map[string]map[string]any) {
			res["checkout.session"]["customer"] = "cus_SomeoneElse"
		}, "Non valid payment gateway for aid = 7: the session belongs to another customer"},
		{"no card", func(res map[string]map[string]any) {
			res["payment_method"]["card"] = nil
		}, "Non valid payment gateway for aid = 7: no card was saved"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, envOptions{fixtures: completed(t, c.edit)})
			txID := e.start(t, "StripeCheckout")
			wantFailure(t, e.okPage(t, url.Values{"name": {"StripeCheckout"}, "txId": {txID}, "redirect": {"0"}}), c.msg)
			if tx := e.tx(t, txID); tx.Status != store.BillRunTxOpen || len(e.cardRows(t)) != 0 {
				t.Errorf("transaction %+v", tx)
			}
		})
	}
}

func TestOkPageRefusals(t *testing.T) {
	e := newEnv(t, envOptions{fixtures: completed(t, nil)})
	txID := e.start(t, "StripeCheckout")
	for _, c := range []struct {
		name   string
		params url.Values
		msg    string
	}{
		{"no name", url.Values{"txId": {txID}, "redirect": {"0"}}, "Missing payment gateway name"},
		{"unknown gateway", url.Values{"name": {"Paypal"}, "txId": {txID}, "redirect": {"0"}}, `Unknown payment gateway "Paypal": use StripeCheckout or StripeCheckout#instance`},
		{"no txId", url.Values{"name": {"StripeCheckout"}, "redirect": {"0"}}, "Operation Failed. Try Again..."},
		{"unknown txId", url.Values{"name": {"StripeCheckout"}, "txId": {"1234567890123456789"}, "redirect": {"0"}}, "Unknown transaction: getRequest gave no such txId for StripeCheckout"},
		{"another instance", url.Values{"name": {"StripeCheckout#eu"}, "txId": {txID}, "redirect": {"0"}}, "Unknown transaction: getRequest gave no such txId for StripeCheckout#eu"},
		{"bad data", url.Values{"data": {"[1"}, "redirect": {"0"}}, "data is not valid JSON: malformed JSON: unexpected end of input"},
		{"txId of another type", url.Values{"data": {`{"name":"StripeCheckout","txId":{"a":1}}`}, "redirect": {"0"}}, "txId must be a string or a number"},
		// Without a return URL there is nowhere to redirect: an answer.
		{"unknown txId, redirect mode", url.Values{"name": {"StripeCheckout"}, "txId": {"x"}}, "Unknown transaction: getRequest gave no such txId for StripeCheckout"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantFailure(t, e.okPage(t, c.params), c.msg)
		})
	}

	// A day later the transaction has expired.
	e.skew.Store(int64(sessionLifetime + okPageGrace))
	tx := e.tx(t, txID)
	wantFailure(t, e.okPage(t, url.Values{"name": {"StripeCheckout"}, "txId": {txID}, "redirect": {"0"}}),
		"The transaction expired at "+tx.ExpiresAt.UTC().Format(time.DateTime)+" UTC; start again with getRequest")
	if len(e.cardRows(t)) != 0 || e.tx(t, txID).Status != store.BillRunTxOpen {
		t.Error("an expired transaction saved a card")
	}
}

func TestCardExpirationDate(t *testing.T) {
	e := newEnv(t, envOptions{fixtures: completed(t, func(res map[string]map[string]any) {
		card := res["payment_method"]["card"].(map[string]any)
		card["exp_month"], card["exp_year"] = 12, 2030
	})})
	txID := e.start(t, "StripeCheckout")
	r := e.okPage(t, url.Values{"name": {"StripeCheckout"}, "txId": {txID}, "redirect": {"0"}})
	// BillRun's format: month then year, unpadded; stored as numbers.
	if want := `"expiration_date":"122030"`; !json.Valid(r.Body) || !strings.Contains(string(r.Body), want) {
		t.Errorf("%s lacks %s", r.Body, want)
	}
	if c := e.cardRows(t); len(c) != 1 || c[0].ExpMonth != 12 || c[0].ExpYear != 2030 {
		t.Errorf("cards %+v", c)
	}
}
