package billrun

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"paygate/internal/faultproxy"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"paygate/auth"
	"paygate/providers/stripe"
	"paygate/store"
)

var txIDPattern = regexp.MustCompile(`^[1-9][0-9]{18}$`)

// iframeData is the documented iframe request for Ann, before signing.
const iframeData = `{"iframe":true,"aid":7,"name":"StripeCheckout","type":"account","_t_":"1700000000",` +
	`"ok_page":"https://tenant.example/billing/ok?lang=sv&txId=stale#top","fail_page":"http://failpage","amount":10.5}`

func TestGetRequestIframe(t *testing.T) {
	e := newEnv(t, envOptions{})
	r := e.getRequest(t, sign(t, iframeData))
	body := r.json(t)
	details, _ := body["details"].(map[string]any)
	checkoutURL, _ := details["url"].(string)
	if r.Status != http.StatusOK || body["status"] != 1.0 || body["desc"] != "success" ||
		!strings.HasPrefix(checkoutURL, "https://checkout.stripe.com/") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if want := `{"status":1,"desc":"success","details":{"url":` + jsonString(checkoutURL) + `}}`; string(r.Body) != want {
		t.Errorf("body %s, want %s", r.Body, want)
	}

	// Stripe saw a setup session for a customer found or created by Ann's
	// email, with the pages carrying the new txId.
	sessions := e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")
	if len(sessions) != 1 {
		t.Fatalf("%d session creates", len(sessions))
	}
	f := sessions[0].Form
	success, err := url.Parse(f.Get("success_url"))
	if err != nil {
		t.Fatal(err)
	}
	txID := success.Query().Get("txId")
	if !txIDPattern.MatchString(txID) {
		t.Fatalf("success_url %s: txId %q is not 19 digits", success, txID)
	}
	if f.Get("mode") != "setup" || f.Get("payment_method_types[0]") != "card" || f.Get("customer") == "" ||
		f.Get("line_items[0][quantity]") != "" || f.Get("currency") != "" {
		t.Errorf("session params %v", f)
	}
	if want := "https://tenant.example/billing/ok?lang=sv&txId=" + txID + "#top"; success.String() != want {
		t.Errorf("success_url %s, want %s (stale txId replaced, fragment kept)", success, want)
	}
	if want := "http://failpage?txId=" + txID; f.Get("cancel_url") != want {
		t.Errorf("cancel_url %s, want %s", f.Get("cancel_url"), want)
	}
	if got, want := sessions[0].Header.Get("Idempotency-Key"), stripe.IdempotencyKey("billrun-setup-session", txID); got != want {
		t.Errorf("session Idempotency-Key %q, want %q", got, want)
	}
	lists := e.stripe.Calls(http.MethodGet, "/v1/customers")
	if len(lists) != 1 || lists[0].Form.Get("email") != annEmail {
		t.Fatalf("customer lookups %+v", lists)
	}
	// stripe-mock ignores the email filter and answers a customer without
	// one: not Ann's, so a customer is created for her.
	creates := e.stripe.Calls(http.MethodPost, "/v1/customers")
	if len(creates) != 1 || creates[0].Form.Get("email") != annEmail || creates[0].Form.Get("name") != "Ann Andersson" ||
		creates[0].Header.Get("Idempotency-Key") != stripe.IdempotencyKey("billrun-customer", "7", annEmail, "Ann Andersson") {
		t.Fatalf("customer creates %+v", creates)
	}

	tx := e.tx(t, txID)
	if tx.Status != store.BillRunTxOpen || tx.AID != annAID || tx.Name != "StripeCheckout" || tx.T != "1700000000" ||
		!strings.HasPrefix(tx.SessionID, "cs_") || tx.CustomerID != f.Get("customer") || tx.ExpiresAt.Sub(tx.CreatedAt) != sessionLifetime+okPageGrace {
		t.Errorf("transaction %+v", tx)
	}
}

func TestGetRequestRequestParameters(t *testing.T) {
	e := newEnv(t, envOptions{})
	data := sign(t, `{"iframe":true,"aid":"7","name":"StripeCheckout#nordic","type":"account","_t_":"1700000000",`+
		`"ok_page":"http://okpage","fail_page":"http://failpage","request_parameters":true}`)
	// As the documentation has it: a GET with data in the query string.
	r := e.do(t, http.MethodGet, getRequestPath, url.Values{"data": {data}})
	var body struct {
		Status  int    `json:"status"`
		Desc    string `json:"desc"`
		Details struct {
			URL struct {
				URL       string          `json:"url"`
				SessionID string          `json:"session_id"`
				Session   json.RawMessage `json:"session"`
				TxID      string          `json:"txId"`
			} `json:"url"`
		} `json:"details"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.Status != 1 || body.Desc != "success" {
		t.Fatalf("%d %s: %v", r.Status, r.Body, err)
	}
	p := body.Details.URL
	if !txIDPattern.MatchString(p.TxID) || !strings.HasPrefix(p.SessionID, "cs_") || !strings.HasPrefix(p.URL, "https://") {
		t.Fatalf("details.url %+v", p)
	}
	// The session as Stripe returned it, with our parameters reflected.
	var session map[string]any
	if err := json.Unmarshal(p.Session, &session); err != nil {
		t.Fatal(err)
	}
	if session["id"] != p.SessionID || session["object"] != "checkout.session" || session["mode"] != "setup" ||
		session["url"] != p.URL || session["success_url"] != "http://okpage?txId="+p.TxID ||
		session["cancel_url"] != "http://failpage?txId="+p.TxID {
		t.Errorf("session %s", p.Session)
	}
	if keys := strings.Count(string(p.Session), `"payment_method_types"`); keys != 1 {
		t.Errorf("session is not Stripe's object: %s", p.Session)
	}
	tx := e.tx(t, p.TxID)
	if tx.SessionID != p.SessionID || tx.Name != "StripeCheckout#nordic" || tx.Status != store.BillRunTxOpen {
		t.Errorf("transaction %+v", tx)
	}
}

func TestGetRequestRedirectsWithoutIframe(t *testing.T) {
	e := newEnv(t, envOptions{})
	r := e.getRequest(t, sign(t, `{"aid":7,"name":"StripeCheckout#eu","type":"account","_t_":"1700000000","return_url":"https://tenant.example/done"}`))
	if r.Status != http.StatusFound || !strings.HasPrefix(r.location(), "https://checkout.stripe.com/") {
		t.Fatalf("%d Location %q %s", r.Status, r.location(), r.Body)
	}
	sessions := e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")
	if len(sessions) != 1 {
		t.Fatalf("%d session creates", len(sessions))
	}
	f := sessions[0].Form
	// Stripe sends the customer to our okPage, which redirects to the
	// tenant; no cancel URL, as BillRun.
	success, _ := url.Parse(f.Get("success_url"))
	q := success.Query()
	if success.Scheme+"://"+success.Host+success.Path != e.url+okPagePath || q.Get("name") != "StripeCheckout#eu" ||
		!txIDPattern.MatchString(q.Get("txId")) || f.Has("cancel_url") {
		t.Errorf("success_url %s, cancel_url %q", success, f.Get("cancel_url"))
	}
	if tx := e.tx(t, q.Get("txId")); tx.ReturnURL != "https://tenant.example/done" {
		t.Errorf("return URL %q", tx.ReturnURL)
	}
}

// TestGetRequestRefusals covers every check, in BillRun's order where
// BillRun has one, with its messages.
func TestGetRequestRefusals(t *testing.T) {
	e := newEnv(t, envOptions{})
	signed := func(s string) string { return sign(t, s) }
	for _, c := range []struct{ name, data, msg string }{
		{"no data", "", "Failed to authenticate"},
		{"malformed data", `{"aid":`, "data is not valid JSON: malformed JSON: unexpected end of input"},
		{"data not an object", `"aid"`, "data must be a JSON object"},
		{"invalid UTF-8", "{\"aid\":\"\xff\"}", "data is not valid UTF-8"},
		{"no signature", `{"aid":7,"name":"StripeCheckout","_t_":"1"}`, "Failed to authenticate"},
		{"wrong signature", `{"aid":7,"name":"StripeCheckout","_t_":"1","_sig_":"00"}`, "Failed to authenticate"},
		{"signed then changed", strings.Replace(signed(`{"aid":7,"name":"StripeCheckout","_t_":"1"}`), `"aid":7`, `"aid":8`, 1), "Failed to authenticate"},
		{"signature without _t_", signed(`{"aid":7,"name":"StripeCheckout"}`), "Failed to authenticate"},
		{"ok_page not a string", `{"aid":7,"ok_page":["x"]}`, "ok_page must be a string"},
		{"return_url not a string", `{"aid":7,"_t_":"1","return_url":5,"_sig_":"x"}`, "return_url must be a string"},
		{"no aid", signed(`{"name":"StripeCheckout","_t_":"1"}`), "need to pass numeric aid"},
		{"null aid", signed(`{"aid":null,"name":"StripeCheckout","_t_":"1"}`), "need to pass numeric aid"},
		{"aid not numeric", signed(`{"aid":"seven","name":"StripeCheckout","_t_":"1"}`), "need to pass numeric aid"},
		{"aid fraction", signed(`{"aid":7.5,"name":"StripeCheckout","_t_":"1"}`), "need to pass numeric aid"},
		{"aid bool", signed(`{"aid":true,"name":"StripeCheckout","_t_":"1"}`), "need to pass numeric aid"},
		{"_t_ object", signed(`{"aid":7,"name":"StripeCheckout","_t_":{"a":1}}`), "Invalid arguments"},
		{"no name", signed(`{"aid":7,"_t_":"1"}`), "need to pass payment gateway name"},
		{"amount not a number", signed(`{"aid":7,"name":"StripeCheckout","_t_":"1","amount":"ten"}`), "amount must be a number"},
		{"single payment amount", signed(`{"aid":7,"name":"StripeCheckout","_t_":"1","action":"single_payment","amount":0}`), "In single payment mode amount must be positive value"},
		{"installments not an object", signed(`{"aid":7,"name":"StripeCheckout","_t_":"1","installments":3}`), "Installment structure is invalid"},
		{"installments count", signed(`{"aid":7,"name":"StripeCheckout","_t_":"1","installments":{"number_of_payments":0}}`), "Installment structure is invalid"},
		{"installments total", signed(`{"aid":7,"name":"StripeCheckout","_t_":"1","installments":{"number_of_payments":2,"total_amount":-1}}`), "Installment structure is invalid"},
		{"unknown gateway", signed(`{"aid":7,"name":"CreditGuard","_t_":"1"}`), `Unknown payment gateway "CreditGuard": use StripeCheckout or StripeCheckout#instance`},
		{"empty instance", signed(`{"aid":7,"name":"StripeCheckout#","_t_":"1"}`), `Unknown payment gateway "StripeCheckout#": use StripeCheckout or StripeCheckout#instance`},
		{"name not a string", `{"aid":7,"name":1,"_t_":"1"}`, "name must be a string"},
		{"custom flow", signed(`{"aid":7,"name":"StripeCheckout","_t_":"1","custom_flow":true}`), "custom_flow is not supported: this gateway saves cards through Stripe Checkout"},
		{"iframe without pages", signed(`{"iframe":true,"aid":7,"name":"StripeCheckout","_t_":"1","ok_page":"http://ok"}`), "Missing ok/fail pages"},
		{"ok_page not a URL", signed(`{"iframe":true,"aid":7,"name":"StripeCheckout","_t_":"1","ok_page":"/ok","fail_page":"http://fail"}`), "ok_page must be an absolute http or https URL"},
		{"fail_page scheme", signed(`{"iframe":true,"aid":7,"name":"StripeCheckout","_t_":"1","ok_page":"http://ok","fail_page":"javascript:alert(1)"}`), "fail_page must be an absolute http or https URL"},
		{"return_url not a URL", signed(`{"iframe":true,"aid":7,"name":"StripeCheckout","_t_":"1","ok_page":"http://ok","fail_page":"http://fail","return_url":"later"}`), "return_url must be an absolute http or https URL"},
		{"single payment without amount", signed(`{"iframe":true,"aid":7,"name":"StripeCheckout","_t_":"1","ok_page":"http://ok","fail_page":"http://fail","action":"single_payment"}`), "Missing amount when making single payment"},
		{"single payment installments", signed(`{"iframe":true,"aid":7,"name":"StripeCheckout","_t_":"1","ok_page":"http://ok","fail_page":"http://fail","action":"single_payment","amount":10,"installments":{"number_of_payments":2,"total_amount":12}}`), "Single payment amount different from installments amount"},
		{"unknown account", signed(`{"iframe":true,"aid":99,"name":"StripeCheckout","_t_":"1700000000","ok_page":"http://ok","fail_page":"http://fail"}`), "Account 99 not found"},
		{"account without email", signed(`{"iframe":true,"aid":8,"name":"StripeCheckout","_t_":"1700000000","ok_page":"http://ok","fail_page":"http://fail"}`), "Account 8 has no email, so it has no Stripe customer to save a card for"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantFailure(t, e.getRequest(t, c.data), c.msg)
		})
	}
	// Nothing reached Stripe, and no transaction was written.
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")) + len(e.stripe.Calls(http.MethodGet, "/v1/customers")); n != 0 {
		t.Errorf("%d Stripe calls", n)
	}
	if rows, err := e.db.Count(t.Context(), "billrun_transactions"); err != nil || rows != 0 {
		t.Errorf("%d transactions (%v)", rows, err)
	}
}

func TestGetRequestSecretRequired(t *testing.T) {
	e := newEnv(t, envOptions{secret: "-"})
	// Signed with the test key, and also with the empty key: neither counts
	// when no secret is configured.
	wantFailure(t, e.getRequest(t, sign(t, iframeData)), "Failed to authenticate")
	wantFailure(t, e.getRequest(t, iframeData[:len(iframeData)-1]+`,"_sig_":""}`), "Failed to authenticate")
}

// TestGetRequestPHPClient sends what a PHP client signs: non-ASCII names,
// URLs with slashes and query strings, numbers of every kind.
func TestGetRequestPHPClient(t *testing.T) {
	e := newEnv(t, envOptions{})
	if err := e.db.PutBillRunAccount(t.Context(), store.BillRunAccount{AID: 12, Email: "zoe@example.org", FirstName: "Zoë", LastName: "Ñúñez 日本"}); err != nil {
		t.Fatal(err)
	}
	sent := phpSign(t, testKey,
		`{"iframe":true,"aid":12,"name":"StripeCheckout#nordic","type":"account","_t_":"1700000000",`+
			`"ok_page":"https://tenant.example/billing/ok/?lang=sv&ref=a/b&q=Åsa+Öberg","fail_page":"https://tenant.example/billing/fail?x=%20y",`+
			`"return_url":"https://tenant.example/return?a=1&b=Ärlig väg","amount":19.99,"note":"Zoë — ☃ 😀 </tag>","request_parameters":false}`)
	r := e.getRequest(t, sent[0])
	if body := r.json(t); body["status"] != 1.0 {
		t.Fatalf("PHP-signed request refused: %s\nsent %s", r.Body, sent[0])
	}
	creates := e.stripe.Calls(http.MethodPost, "/v1/customers")
	if len(creates) != 1 || creates[0].Form.Get("name") != "Zoë Ñúñez 日本" {
		t.Errorf("customer creates %+v", creates)
	}
	sessions := e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")
	success, _ := url.Parse(sessions[0].Form.Get("success_url"))
	if success.Path != "/billing/ok/" || success.Query().Get("ref") != "a/b" || success.Query().Get("q") != "Åsa Öberg" {
		t.Errorf("success_url %s", success)
	}
}

// TestGetRequestBearer authenticates with the auth layer instead of a
// signature: API keys and JWTs carrying scope global, or role billrun.
func TestGetRequestBearer(t *testing.T) {
	jwtSecret := []byte("a-test-secret-of-32-bytes-length")
	keys := map[string]string{}
	e := newEnv(t, envOptions{auth: func(db *store.DB) auth.Authenticator {
		for name, grant := range map[string]store.APIKey{
			"global": {Scopes: []string{"global"}},
			"role":   {Roles: []string{"billrun"}},
			"other":  {Roles: []string{"admin"}, Scopes: []string{"read"}},
		} {
			key, id, err := auth.NewAPIKey(nil)
			if err != nil {
				t.Fatal(err)
			}
			grant.ID, grant.Hash, grant.Name, grant.CreatedAt = id, auth.HashAPIKey(key), name, time.Now()
			if err := db.CreateAPIKey(t.Context(), grant); err != nil {
				t.Fatal(err)
			}
			keys[name] = key
		}
		jv, err := auth.NewJWTVerifier(auth.JWTConfig{Secret: jwtSecret})
		if err != nil {
			t.Fatal(err)
		}
		return auth.NewAuthenticator(auth.Config{Keys: db, JWT: jv, Logger: slog.New(slog.DiscardHandler)})
	}})
	token := func(scope string) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
			"sub": "billrun", "scope": scope, "exp": time.Now().Add(time.Hour).Unix(),
		}).SignedString(jwtSecret)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	unsigned := iframeData
	for name, bearer := range map[string]string{"key with scope global": keys["global"], "key with role billrun": keys["role"], "JWT with scope global": token("global")} {
		if body := e.getRequest(t, unsigned, "Authorization: Bearer "+bearer).json(t); body["status"] != 1.0 {
			t.Errorf("%s refused: %v", name, body)
		}
	}
	// Still BillRun's checks: _t_ is required even with a token.
	wantFailure(t, e.getRequest(t, `{"aid":7,"name":"StripeCheckout"}`, "Authorization: Bearer "+keys["global"]), "Invalid arguments")
	// A credential without the grant, or an invalid one, leaves the
	// signature to decide.
	for name, bearer := range map[string]string{"key without grant": keys["other"], "JWT without scope": token("read"), "forged key": "ak_forged"} {
		wantFailure(t, e.getRequest(t, unsigned, "Authorization: Bearer "+bearer), "Failed to authenticate")
		if body := e.getRequest(t, sign(t, unsigned), "Authorization: Bearer "+bearer).json(t); body["status"] != 1.0 {
			t.Errorf("signed request with %s refused: %v", name, body)
		}
	}
}

// TestGetRequestFailureRedirect: without iframe the customer's browser is
// the caller, so failures after validation go back to the tenant.
func TestGetRequestFailureRedirect(t *testing.T) {
	e := newEnv(t, envOptions{returnURL: "https://tenant.example/default"})
	r := e.getRequest(t, sign(t, `{"aid":99,"name":"StripeCheckout","_t_":"1700000000","return_url":"https://tenant.example/back?x=1"}`))
	u, err := url.Parse(r.location())
	if r.Status != http.StatusFound || err != nil {
		t.Fatalf("%d %q %s", r.Status, r.location(), r.Body)
	}
	if u.Host != "tenant.example" || u.Path != "/back" || u.Query().Get("x") != "1" ||
		u.Query().Get("message") != `{"content":"Account 99 not found","type":"danger"}` {
		t.Errorf("Location %s", r.location())
	}
	// Without return_url, the configured one.
	r = e.getRequest(t, sign(t, `{"aid":8,"name":"StripeCheckout","_t_":"1700000000"}`))
	if u, _ := url.Parse(r.location()); r.Status != http.StatusFound || u.Path != "/default" || !strings.Contains(u.Query().Get("message"), "has no email") {
		t.Errorf("%d Location %s", r.Status, r.location())
	}
	// Validation failures stay answers, as BillRun's.
	wantFailure(t, e.getRequest(t, sign(t, `{"aid":"x","name":"StripeCheckout","_t_":"1"}`)), "need to pass numeric aid")
}

func TestGetRequestStripeDown(t *testing.T) {
	e := newEnv(t, envOptions{stripeURL: "http://127.0.0.1:1"})
	wantFailure(t, e.getRequest(t, sign(t, iframeData)), "Could not find the Stripe customer: Stripe is unavailable, try again")
	var tx store.BillRunTx
	txs, err := e.db.BillRunTxsOf(t.Context(), 7)
	if err != nil || len(txs) != 1 {
		t.Fatalf("transactions %+v, %v", txs, err)
	}
	// Stripe may have acted before failing: the transaction waits for the
	// recoverer, which cannot reach Stripe either and tries again later.
	if tx = e.tx(t, txs[0].Tx); tx.Status != store.BillRunTxPending || tx.SessionID != "" {
		t.Errorf("transaction %+v", tx)
	}
	if n := e.recover(t); n != 0 {
		t.Fatalf("settled %d with Stripe down", n)
	}
	if a, err := e.db.Attempts(t.Context()); err != nil || len(a) != 1 || a[0].Tries != 1 || !strings.Contains(a[0].LastError, "Stripe is unavailable") {
		t.Fatalf("attempts %+v %v", a, err)
	}
	// okPage tells the caller the transaction never opened.
	wantFailure(t, e.okPage(t, url.Values{"name": {"StripeCheckout"}, "txId": {txs[0].Tx}, "redirect": {"0"}}),
		"The transaction was never opened")
}

// TestGetRequestRecovery loses Stripe's answer to the session create after
// Stripe made it. The recoverer makes the same request under the same key,
// which the proxy (as Stripe) answers with the first session only if every
// parameter is identical, the clock-computed expiry included.
func TestGetRequestRecovery(t *testing.T) {
	e := newEnv(t, envOptions{faults: true})
	e.faults.Set(http.MethodPost, "/v1/checkout/sessions", faultproxy.Reset)
	wantFailure(t, e.getRequest(t, sign(t, iframeData)), "Could not create the Checkout Session: Stripe is unavailable, try again")
	e.faults.Clear()
	var id string
	if err := e.db.Pool().QueryRow(`SELECT tx FROM billrun_transactions`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if tx := e.tx(t, id); tx.Status != store.BillRunTxPending {
		t.Fatalf("transaction %+v", tx)
	}
	e.skew.Store(int64(time.Minute)) // the recoverer comes later
	if n := e.recover(t); n != 1 {
		t.Fatalf("settled %d", n)
	}
	// net/http itself repeats a request carrying Idempotency-Key once on a
	// reset connection: every create after the first is a replay.
	made := e.faults.Exchanges(http.MethodPost, "/v1/checkout/sessions")
	for i, x := range made {
		if x.Replayed != (i > 0) || x.Status != http.StatusOK {
			t.Fatalf("create %d of %d: replayed %v, status %d", i, len(made), x.Replayed, x.Status)
		}
	}
	var first struct{ ID string }
	if err := json.Unmarshal(made[0].Response, &first); err != nil {
		t.Fatal(err)
	}
	if tx := e.tx(t, id); tx.Status != store.BillRunTxOpen || tx.SessionID != first.ID {
		t.Fatalf("transaction %+v, session made %s", tx, first.ID)
	}
}

func TestGetRequestJSONP(t *testing.T) {
	e := newEnv(t, envOptions{})
	r := e.do(t, http.MethodGet, getRequestPath+"?callback=show", url.Values{"data": {sign(t, iframeData)}})
	if r.Status != http.StatusOK || !strings.HasPrefix(string(r.Body), `show({"status":1,"desc":"success","details":{"url":"https://`) ||
		!strings.HasSuffix(string(r.Body), "})") {
		t.Errorf("%d %s", r.Status, r.Body)
	}
	r = e.do(t, http.MethodGet, getRequestPath+"?callback=show", url.Values{"data": {"{"}})
	if !strings.HasPrefix(string(r.Body), `show({"status":0,"desc":"data is not valid JSON`) {
		t.Errorf("%d %s", r.Status, r.Body)
	}
}
