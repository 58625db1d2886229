package paysonv2_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/internal/servertest"
	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
	"paygate/store"
)

type reply = servertest.Reply

// errOf reads r as a ServiceStack error response.
func errOf(t *testing.T, r reply) servertest.ResponseStatus {
	t.Helper()
	var e servertest.ResponseStatus
	if err := json.Unmarshal(r.Body, &e); err != nil {
		t.Fatalf("error body %s: %v", r.Body, err)
	}
	return e
}

// call sends a request to paygate. A caller's name sends that caller's API
// key, anything else is sent as it is; contentType defaults to JSON when
// there is a body.
func (e *env) call(method, path, token, contentType, body string, header ...string) reply {
	e.t.Helper()
	if key, ok := e.keys[token]; ok {
		token = key
	}
	var defaults []string
	if token != "" {
		defaults = append(defaults, "Authorization", "Bearer "+token)
	}
	if contentType == "" && body != "" {
		contentType = "application/json"
	}
	if contentType != "" {
		defaults = append(defaults, "Content-Type", contentType)
	}
	return servertest.Do(e.t, method, e.url+path, []byte(body), servertest.Override(defaults, header...)...)
}

// checkoutResponse is PaysonCheckoutV2Response as JSON.
type checkoutResponse struct {
	Id      uuid.UUID
	Snippet string
	Status  string
}

func decode[T any](t *testing.T, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("body %s: %v", r.Body, err)
	}
	return v
}

// createBody is a PaysonV2CreateCheckout for company A's haircut.
func createBody(reference string) string {
	return `{"CompanyId":"` + companyA.String() + `","InternalReferenceId":"` + reference + `",` +
		`"PaymentOrigin":"HomePage","Language":"sv","CountryCode":"SE",` +
		`"Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":2},{"ArticleId":2,"ArticleTypeId":1,"Quantity":1}]}`
}

// create makes a checkout through paygate and fails the test otherwise.
func (e *env) create(body string) checkoutResponse {
	e.t.Helper()
	r := e.call("POST", "/payment/payson/v2/checkout", "", "", body)
	if r.Status != http.StatusOK {
		e.t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	return decode[checkoutResponse](e.t, r)
}

// pay plays the customer paying in the sandbox, over its control API, and
// waits until the notifications it causes have been delivered.
func (e *env) pay(sb *sandbox.Sandbox, ts *httptest.Server, id uuid.UUID) {
	e.t.Helper()
	e.act(ts, id, sandbox.ActionPay)
	e.idle(sb)
}

func (e *env) act(ts *httptest.Server, id uuid.UUID, a sandbox.Action) {
	e.t.Helper()
	resp, err := ts.Client().Post(ts.URL+"/sandbox/checkouts/"+id.String()+"/"+string(a), "application/json", nil)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("sandbox %s: %d %s", a, resp.StatusCode, b)
	}
}

func (e *env) idle(sb *sandbox.Sandbox) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sb.WaitIdle(ctx); err != nil {
		e.t.Fatal(err)
	}
}

// payson reads a checkout straight from a sandbox, as Payson has it.
func (e *env) payson(ts *httptest.Server, agent, key string, id uuid.UUID) *payson.Checkout {
	e.t.Helper()
	co, err := payson.New(ts.URL, agent, key, ts.Client()).GetCheckout(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return co
}

// row reads paygate's record of Payson checkout id.
func (e *env) row(id uuid.UUID) store.PaysonCheckout {
	e.t.Helper()
	r, err := e.db.PaysonCheckoutByCheckoutID(context.Background(), id)
	if err != nil {
		e.t.Fatalf("row of %s: %v", id, err)
	}
	return r
}

// states counts paygate's checkout attempts by state.
func (e *env) states() map[store.PaysonState]int {
	e.t.Helper()
	out, err := e.db.PaysonCheckoutStates(context.Background(), companyA)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func sendPath(id uuid.UUID) string {
	return "/payment/payson/v2/checkout/" + id.String() + "/sendpaymentrequest"
}
