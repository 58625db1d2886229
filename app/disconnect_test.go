package app_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/internal/logtest"
	"paygate/providers/payson/sandbox"
	"paygate/providers/paysonv2"
	"paygate/providers/stripev1"
	"paygate/store"
	"paygate/store/storetest"
)

// TestClientDisconnectMidCreate sends each create and hangs up before
// paygate handles it: every step of the create then runs after the client
// has gone. A client going away is not an internal error: nothing is
// logged at error level, the request is not logged as a 500, and the
// create ends cleanly, its row open (or failed), never left creating.
func TestClientDisconnectMidCreate(t *testing.T) {
	var logs logtest.Buffer
	a := newAppLog(t, providers(t), &logs)
	company := uuid.New()
	storetest.AddCompany(t, a.DB, store.Company{ID: company, Name: "Acme", Currency: "SEK"})
	if err := stripev1.SeedDemo(t.Context(), a.DB, company); err != nil {
		t.Fatal(err)
	}
	if err := paysonv2.SeedDemo(t.Context(), a.DB, company, sandbox.DemoAgentID, sandbox.DemoAPIKey); err != nil {
		t.Fatal(err)
	}
	key := authtest.Key(t, a.DB, auth.KeySpec{Company: company, Scopes: []string{"payments:write"}})

	// Each request reaches paygate only once its client has hung up.
	handled := make(chan struct{}, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { handled <- struct{}{} }()
		// net/http notices a closed connection once the body is read.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
			t.Error("the client's hang-up never reached the request's context")
			return
		}
		a.Server.ServeHTTP(w, r)
	}))
	defer ts.Close()

	ref := func(kind string) string { return "hangup-" + kind }
	creates := []struct {
		name, path, auth, body, query string
		want                          []string // acceptable final states
	}{
		{"stripe", "/payment/stripe/v1/checkout", "",
			fmt.Sprintf(`{"CompanyId":"%s","CountryCode":"SE","InternalReferenceId":"%s","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}]}`, company, ref("stripe")),
			`SELECT state FROM stripe_checkouts WHERE internal_reference_id = ?`, []string{"open", "failed"}},
		{"payson", "/payment/payson/v2/checkout", "",
			fmt.Sprintf(`{"CompanyId":"%s","CountryCode":"SE","InternalReferenceId":"%s","PaymentOrigin":"Embedded","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}]}`, company, ref("payson")),
			`SELECT state FROM payson_checkouts WHERE internal_reference_id = ?`, []string{"active", "failed"}},
		{"payments", "/v1/checkout", "Bearer " + key,
			fmt.Sprintf(`{"customer_id":"%s","amount_cents":4999}`, ref("payments")),
			`SELECT status FROM payments WHERE customer_id = ?`, []string{"pending", "failed"}},
	}
	for _, c := range creates {
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		req := "POST " + c.path + " HTTP/1.1\r\nHost: paygate\r\nContent-Type: application/json\r\n"
		if c.auth != "" {
			req += "Authorization: " + c.auth + "\r\n"
		}
		req += fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(c.body), c.body)
		if _, err := io.WriteString(conn, req); err != nil {
			t.Fatal(err)
		}
		conn.Close()
		select {
		case <-handled:
		case <-time.After(60 * time.Second):
			t.Fatalf("%s: the create did not end", c.name)
		}
		var states []string
		rows, err := rawDB(t, a.Config.DB).Query(c.query, ref(c.name))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			states = append(states, s)
		}
		rows.Close()
		if len(states) != 1 || !strings.Contains(strings.Join(c.want, " "), states[0]) {
			t.Errorf("%s: rows after the client hung up: %v, want one %s", c.name, states, strings.Join(c.want, " or "))
		}
	}
	out := logs.String()
	if strings.Contains(out, "level=ERROR") {
		t.Errorf("a client hanging up was logged as an error:\n%s", out)
	}
	statuses := regexp.MustCompile(`msg=request .*status=(\d+)`).FindAllStringSubmatch(out, -1)
	if len(statuses) != len(creates) {
		t.Fatalf("%d request lines logged for %d creates:\n%s", len(statuses), len(creates), out)
	}
	for _, m := range statuses {
		if m[1] >= "500" {
			t.Errorf("a create whose client hung up was logged with status %s:\n%s", m[1], out)
		}
	}
}
