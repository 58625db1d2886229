package paysonv2_test

import (
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
	"paygate/store"
	"paygate/store/storetest"
)

func TestCreateRefusals(t *testing.T) {
	e := newEnv(t, envOptions{})
	body := func(company uuid.UUID, extra, articles string) string {
		return `{"CompanyId":"` + company.String() + `","InternalReferenceId":"r1","PaymentOrigin":"Embedded","CountryCode":"SE",` +
			extra + `"Articles":` + articles + `}`
	}
	haircut := `[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}]`
	for _, c := range []struct {
		name   string
		body   string
		status int
		code   string
		field  string
	}{
		{"no company", `{"InternalReferenceId":"r1","CountryCode":"SE","Articles":` + haircut + `}`, 400, "NotEmpty", "CompanyId"},
		{"no reference", `{"CompanyId":"` + companyA.String() + `","CountryCode":"SE","Articles":` + haircut + `}`, 400, "NotEmpty", "InternalReferenceId"},
		{"no articles", body(companyA, "", `[]`), 400, "MinimumLength", "Articles"},
		{"zero quantity", body(companyA, "", `[{"ArticleId":1,"ArticleTypeId":1,"Quantity":0}]`), 400, "GreaterThan", "Articles[0].Quantity"},
		{"quantity not a number", body(companyA, "", `[{"ArticleId":1,"ArticleTypeId":1,"Quantity":"two"}]`), 400, "SerializationException", "Articles[0].Quantity"},
		{"unknown company", body(uuid.MustParse("dddddddd-0000-4000-8000-000000000004"), "", haircut), 404, "NotFound", "CompanyId"},
		{"no payson settings", body(companyC, "", haircut), 400, "PaysonNotConfigured", "CompanyId"},
		{"unknown article", body(companyA, "", `[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1},{"ArticleId":9,"ArticleTypeId":1,"Quantity":1}]`), 400, "ArticleNotFound", "Articles[1].ArticleId"},
		{"another company's article", body(companyB, "", `[{"ArticleId":2,"ArticleTypeId":1,"Quantity":1}]`), 400, "ArticleNotFound", "Articles[0].ArticleId"},
		{"mixed currencies", body(companyA, "", `[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1},{"ArticleId":3,"ArticleTypeId":1,"Quantity":1}]`), 400, "CurrencyMismatch", "Articles[1].ArticleId"},
		{"currency Payson lacks", body(companyA, "", `[{"ArticleId":4,"ArticleTypeId":1,"Quantity":1}]`), 400, "PaysonCurrency", "Articles[0].ArticleId"},
		{"bad country", strings.Replace(body(companyA, "", haircut), `"SE"`, `"Sweden"`, 1), 400, "RegularExpression", "CountryCode"},
		{"bad language", body(companyA, `"Language":"de",`, haircut), 400, "Enum", "Language"},
		{"bad payment origin", body(companyA, `"PaymentOrigin":"Moon",`, haircut), 400, "SerializationException", "PaymentOrigin"},
		{"bad url", body(companyA, `"ConfirmationUrl":"not a url",`, haircut), 400, "RegularExpression", "ConfirmationUrl"},
		{"url Payson refuses", body(companyA, `"CheckoutUrl":"ftp://shop.example/back",`, haircut), 400, "PaysonError", "CheckoutUrl"},
		{"malformed json", `{"CompanyId":`, 400, "SerializationException", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.call("POST", "/payment/payson/v2/checkout", "", "", c.body)
			if r.Status != c.status {
				t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Body)
			}
			eb := errOf(t, r)
			if eb.ResponseStatus.ErrorCode != c.code {
				t.Errorf("code %q, want %q: %s", eb.ResponseStatus.ErrorCode, c.code, r.Body)
			}
			if c.field != "" && !slices.Contains(eb.Fields(), c.field) {
				t.Errorf("fields %v, want %s: %s", eb.Fields(), c.field, r.Body)
			}
		})
	}
	// Payson's refusals left failed attempts behind, never a half-made one.
	st := e.states()
	if st[store.PaysonCreating] != 0 || st[store.PaysonActive] != 0 || st[store.PaysonFailed] != 1 {
		t.Errorf("attempts by state: %v", st)
	}
}

func TestCreateReplacesEarlierCheckout(t *testing.T) {
	e := newEnv(t, envOptions{})
	first := e.create(createBody("booking-1"))
	// The customer has started filling in the first checkout's form.
	e.act(e.liveTS, first.Id, sandbox.ActionFill)
	second := e.create(createBody("booking-1"))
	if second.Id == first.Id || second.Status != "Created" {
		t.Fatalf("second: %+v", second)
	}
	if got := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, first.Id).Status; got != payson.StatusCanceled {
		t.Errorf("first checkout is %s at Payson, want canceled", got)
	}
	if r := e.row(first.Id); r.State != store.PaysonInvalidated || r.Status != string(payson.StatusCanceled) {
		t.Errorf("first attempt: %s %s", r.State, r.Status)
	}
	if r := e.row(second.Id); r.State != store.PaysonActive {
		t.Errorf("second attempt: %s", r.State)
	}
	get := e.call("GET", "/payment/payson/v2/checkout/"+first.Id.String()+"?CompanyId="+companyA.String(), "", "", "")
	if got := decode[checkoutResponse](t, get); got.Status != "Canceled" {
		t.Errorf("get first: %s", get.Body)
	}

	// A checkout that ended at Payson is replaced without asking Payson
	// to cancel it.
	e.act(e.liveTS, second.Id, sandbox.ActionExpire)
	e.idle(e.live)
	third := e.create(createBody("booking-1"))
	if r := e.row(second.Id); r.State != store.PaysonInvalidated || r.Status != string(payson.StatusExpired) {
		t.Errorf("second attempt after expiry: %s %s", r.State, r.Status)
	}
	if r := e.row(third.Id); r.State != store.PaysonActive {
		t.Errorf("third attempt: %s", r.State)
	}
	// Another reference is another entity: nothing of booking-1 changes.
	other := e.create(createBody("booking-2"))
	if r := e.row(third.Id); r.State != store.PaysonActive || other.Id == third.Id {
		t.Errorf("third attempt after another booking's checkout: %s", r.State)
	}
}

func TestCreateRefusedOncePaid(t *testing.T) {
	e := newEnv(t, envOptions{})
	first := e.create(createBody("booking-5"))
	// paygate has not heard of the payment yet: the notification is lost.
	e.live.Close()
	e.act(e.liveTS, first.Id, sandbox.ActionPay)
	if got := e.row(first.Id).Status; got != string(payson.StatusCreated) {
		t.Fatalf("row status %s before any notification", got)
	}
	r := e.call("POST", "/payment/payson/v2/checkout", "", "", createBody("booking-5"))
	if r.Status != http.StatusConflict {
		t.Fatalf("create for a paid booking: %d %s", r.Status, r.Body)
	}
	eb := errOf(t, r)
	if eb.ResponseStatus.ErrorCode != "AlreadyPaid" || !strings.Contains(eb.ResponseStatus.Message, "ReadyToShip (5)") ||
		!slices.Contains(eb.Fields(), "InternalReferenceId") {
		t.Errorf("refusal: %s", r.Body)
	}
	if got := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, first.Id).Status; got != payson.StatusReadyToShip {
		t.Errorf("the paid checkout is %s at Payson", got)
	}
	if row := e.row(first.Id); row.State != store.PaysonActive || row.Status != string(payson.StatusReadyToShip) {
		t.Errorf("paid attempt: %s %s", row.State, row.Status)
	}
	if st := e.states(); st[store.PaysonActive] != 1 || st[store.PaysonFailed] != 1 || st[store.PaysonCreating] != 0 {
		t.Errorf("attempts by state: %v", st)
	}
}

// TestConcurrentCreates sends many creates for one booking at once: each
// either makes a checkout or is told another is under way, and in the end
// exactly one checkout can be paid.
func TestConcurrentCreates(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		e := newEnv(t, envOptions{engine: engine})
		const n = 8
		var wg sync.WaitGroup
		replies := make([]reply, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				replies[i] = e.call("POST", "/payment/payson/v2/checkout", "", "", createBody("booking-9"))
			}()
		}
		wg.Wait()
		var made []uuid.UUID
		for _, r := range replies {
			switch r.Status {
			case http.StatusOK:
				made = append(made, decode[checkoutResponse](t, r).Id)
			case http.StatusConflict:
				if code := errOf(t, r).ResponseStatus.ErrorCode; code != "CheckoutInProgress" {
					t.Errorf("conflict %s", r.Body)
				}
			default:
				t.Errorf("create: %d %s", r.Status, r.Body)
			}
		}
		if len(made) == 0 {
			t.Fatal("no create succeeded")
		}
		t.Logf("%d of %d creates made a checkout", len(made), n)
		var open []uuid.UUID
		for _, id := range made {
			if e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, id).Status != payson.StatusCanceled {
				open = append(open, id)
			}
		}
		if len(open) != 1 {
			t.Fatalf("%d checkouts made, %d still open at Payson: %v", len(made), len(open), open)
		}
		if r := e.row(open[0]); r.State != store.PaysonActive {
			t.Errorf("the open checkout's attempt is %s", r.State)
		}
		if st := e.states(); st[store.PaysonActive] != 1 || st[store.PaysonCreating] != 0 {
			t.Errorf("attempts by state: %v", st)
		}
	})
}

func TestTestModeUsesTestEnvironment(t *testing.T) {
	e := newEnv(t, envOptions{})
	body := strings.Replace(createBody("booking-t"), `"CountryCode":"SE"`, `"CountryCode":"fi","Language":"","TestMode":true`, 1)
	created := e.create(body)
	if !strings.Contains(created.Snippet, e.testTS.URL) {
		t.Errorf("snippet %s is not the test environment's", created.Snippet)
	}
	if co := e.payson(e.testTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, created.Id); co.GUI.Locale != payson.LocaleFinnish {
		t.Errorf("locale from country FI: %s", co.GUI.Locale)
	}
	_, err := payson.New(e.liveTS.URL, sandbox.DemoAgentID, sandbox.DemoAPIKey, nil).GetCheckout(t.Context(), created.Id)
	if err == nil {
		t.Error("the live environment knows a test checkout")
	}
	e.pay(e.test, e.testTS, created.Id)
	if got := e.row(created.Id).Status; got != string(payson.StatusReadyToShip) {
		t.Fatalf("test checkout after payment: %s", got)
	}
	sent := e.call("PUT", sendPath(created.Id), "admin-a", "", "")
	if got := decode[checkoutResponse](t, sent); got.Status != "Shipped" {
		t.Errorf("send in test mode: %d %s", sent.Status, sent.Body)
	}
}

func TestPaysonUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	e := newEnv(t, envOptions{apiBase: dead})
	r := e.call("POST", "/payment/payson/v2/checkout", "", "", createBody("booking-3"))
	if r.Status != http.StatusBadGateway || errOf(t, r).ResponseStatus.ErrorCode != "PaysonUnavailable" {
		t.Fatalf("create with Payson down: %d %s", r.Status, r.Body)
	}
	// Payson may not have answered after acting: the row waits for the
	// recoverer, which cannot reach Payson either and tries later.
	if st := e.states(); st[store.PaysonCreating] != 1 || len(st) != 1 {
		t.Errorf("attempts by state: %v", st)
	}
	if n := e.recover(); n != 0 {
		t.Fatalf("settled %d against a dead Payson", n)
	}
	if a := e.attempts(); len(a) != 1 || a[0].Tries != 1 || a[0].LastError == "" {
		t.Fatalf("attempts %+v", a)
	}
}

func TestPaysonRejectsCredentials(t *testing.T) {
	e := newEnv(t, envOptions{})
	r := e.call("POST", "/payment/payson/apisettings", "admin-a", "",
		`{"SecurityUserId":"4","SecurityPassword":"wrong-key-0000000000"}`)
	if r.Status != http.StatusOK {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	r = e.call("POST", "/payment/payson/v2/checkout", "", "", createBody("booking-4"))
	eb := errOf(t, r)
	if r.Status != http.StatusBadGateway || eb.ResponseStatus.ErrorCode != "PaysonCredentialsRejected" {
		t.Fatalf("create with a wrong key: %d %s", r.Status, r.Body)
	}
	if strings.Contains(string(r.Body), "wrong-key") || strings.Contains(e.logs.String(), "wrong-key") {
		t.Error("the API key leaked into a response or the log")
	}
}
