package resilience_test

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"paygate/internal/faultproxy"
	"paygate/providers/payson"
	"paygate/store"
)

// sqlView reads the test's database on either engine, with queries
// written with ? placeholders as the store writes them.
type sqlView struct {
	pool *sql.DB
	pg   bool
}

func view(db *store.DB) sqlView { return sqlView{pool: db.Pool(), pg: db.Engine() == "postgres"} }

func (v sqlView) QueryRow(query string, args ...any) *sql.Row {
	if v.pg {
		n := 0
		query = placeholder.ReplaceAllStringFunc(query, func(string) string {
			n++
			return "$" + strconv.Itoa(n)
		})
	}
	return v.pool.QueryRow(query, args...)
}

var placeholder = regexp.MustCompile(`\?`)

// count runs a COUNT(*) query.
func count(t *testing.T, db sqlView, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// inFlight counts what is still in flight in the database: attempt rows
// and rows in their creating states.
func inFlight(t *testing.T, db sqlView) map[string]int {
	t.Helper()
	return map[string]int{
		"attempts":                  count(t, db, `SELECT COUNT(*) FROM provider_attempts`),
		"stripe_checkouts creating": count(t, db, `SELECT COUNT(*) FROM stripe_checkouts WHERE state = 'creating'`),
		"payson_checkouts creating": count(t, db, `SELECT COUNT(*) FROM payson_checkouts WHERE state = 'creating'`),
		"billrun pending":           count(t, db, `SELECT COUNT(*) FROM billrun_transactions WHERE status = 'pending'`),
		"stripe_webhooks creating":  count(t, db, `SELECT COUNT(*) FROM stripe_webhooks WHERE state = 'creating'`),
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// verifySettled checks what must hold once recovery is done: nothing in
// flight, every replaced Stripe checkout's session closed, and, as the
// providers see it, no entity with two payable checkouts.
func verifySettled(t *testing.T, db sqlView, stripe *faultproxy.Proxy, checkouts []payson.Checkout) {
	t.Helper()
	if m := inFlight(t, db); total(m) != 0 {
		t.Errorf("in flight after recovery: %v", m)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM stripe_checkouts WHERE state = 'invalidated' AND session_closed = 0`); n != 0 {
		t.Errorf("%d replaced Stripe checkouts whose sessions were never closed", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM provider_attempts WHERE review_at IS NOT NULL`); n != 0 {
		t.Errorf("%d attempts marked for review", n)
	}

	// Stripe, through the proxy: sessions made per entity, less those
	// expired.
	entity := map[string]string{} // session → InternalReferenceId
	for _, x := range stripe.Exchanges(http.MethodPost, "/v1/checkout/sessions") {
		if x.Path != "/v1/checkout/sessions" || x.Status != http.StatusOK || x.Form.Get("mode") != "payment" {
			continue
		}
		var s struct{ ID string }
		if json.Unmarshal(x.Response, &s) == nil && s.ID != "" {
			entity[s.ID] = x.Form.Get("metadata[InternalReferenceId]")
		}
	}
	for _, x := range stripe.Exchanges(http.MethodPost, "/v1/checkout/sessions/") {
		if id, ok := strings.CutSuffix(strings.TrimPrefix(x.Path, "/v1/checkout/sessions/"), "/expire"); ok && x.Status == http.StatusOK {
			delete(entity, id)
		}
	}
	payable := map[string][]string{}
	for id, ref := range entity {
		payable[ref] = append(payable[ref], id)
	}
	for ref, ids := range payable {
		if len(ids) > 1 {
			t.Errorf("Stripe holds %d payable sessions for %s: %v", len(ids), ref, ids)
		}
		var open int
		if err := db.QueryRow(`SELECT COUNT(*) FROM stripe_checkouts WHERE internal_reference_id = ? AND state = 'open' AND session_id = ?`, ref, ids[0]).Scan(&open); err != nil || open != 1 {
			t.Errorf("Stripe's payable session %s of %s is not the entity's open checkout (%v)", ids[0], ref, err)
		}
	}

	// Payson, as the sandbox holds it.
	live := map[string][]string{}
	for _, co := range checkouts {
		if co.Status == payson.StatusCanceled || co.Status == payson.StatusExpired {
			continue
		}
		u, err := url.Parse(co.Merchant.NotificationURI)
		if err != nil {
			t.Fatal(err)
		}
		ref := u.Query().Get("BookingId")
		live[ref] = append(live[ref], co.ID.String())
	}
	for ref, ids := range live {
		if len(ids) > 1 {
			t.Errorf("Payson holds %d payable checkouts for %s: %v", len(ids), ref, ids)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM payson_checkouts WHERE internal_reference_id = ? AND state = 'active' AND checkout_id = ?`, ref, ids[0]); n != 1 {
			t.Errorf("Payson's payable checkout %s of %s is not the entity's active one", ids[0], ref)
		}
	}
}
