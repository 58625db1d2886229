package billrun

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// signedData is an iframe getRequest for Ann signed at t (Unix seconds).
func signedData(t *testing.T, at int64) string {
	return sign(t, `{"iframe":true,"aid":7,"name":"StripeCheckout","type":"account","_t_":"`+strconv.FormatInt(at, 10)+`",`+
		`"ok_page":"https://tenant.example/ok","fail_page":"https://tenant.example/fail","request_parameters":true}`)
}

func (e *env) transactions(t *testing.T) int {
	t.Helper()
	n, err := e.db.Count(t.Context(), "billrun_transactions")
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestGetRequestSignatureExpires is the attack of issue 12.6: a signed
// getRequest URL from 2001 was accepted. A signed request is valid for
// five minutes after its _t_, with a minute of clock skew either way.
func TestGetRequestSignatureExpires(t *testing.T) {
	e := newEnv(t, envOptions{})
	now := signedAt.Add(30 * time.Second).Unix() // the gateway's clock, give or take the test's run time
	for _, c := range []struct {
		name string
		at   int64
	}{
		{"signed in 2001", 978307200},
		{"six minutes and more ago", now - 6*60 - 5},
		{"more than a minute ahead", now + 60 + 5},
	} {
		wantFailure(t, e.getRequest(t, signedData(t, c.at)),
			"Failed to authenticate: the signature of _t_ "+strconv.FormatInt(c.at, 10)+" has expired (signatures are valid for 5m0s)")
	}
	wantFailure(t, e.getRequest(t, sign(t, `{"aid":7,"name":"StripeCheckout","_t_":"yesterday"}`)),
		"_t_ must be the Unix time the request was signed at")
	if n := e.transactions(t); n != 0 || len(e.stripe.Requests()) != 0 {
		t.Fatalf("expired requests made %d transactions, %d Stripe calls", n, len(e.stripe.Requests()))
	}
	for _, at := range []int64{now - 6*60 + 5, now + 60 - 5, now} {
		if body := e.getRequest(t, signedData(t, at)).json(t); body["status"] != 1.0 {
			t.Errorf("_t_ %d: %v", at, body)
		}
	}
}

// TestGetRequestReplay: each replay of one signed request used to make a
// new Stripe session and a new transaction. A replay inside the validity
// window, even many at once, gets the one transaction the request made;
// a unique key on the signature decides, not a lock in this process.
func TestGetRequestReplay(t *testing.T) {
	e := newEnv(t, envOptions{})
	data := signedData(t, signedAt.Unix())
	txOf := func(r reply) (string, string) {
		var body struct {
			Status  int
			Desc    string
			Details struct {
				URL struct {
					TxID string `json:"txId"`
				} `json:"url"`
			} `json:"details"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if body.Status != 1 {
			return "", body.Desc
		}
		return body.Details.URL.TxID, ""
	}
	first, _ := txOf(e.getRequest(t, data))
	if first == "" {
		t.Fatal("no transaction")
	}
	// eight sends data at once and lists each answer, "txId|failure".
	eight := func(data string) []string {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var got []string
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tx, failure := txOf(e.getRequest(t, data))
				mu.Lock()
				got = append(got, tx+"|"+failure)
				mu.Unlock()
			}()
		}
		wg.Wait()
		return got
	}
	for _, g := range eight(data) {
		if g != first+"|" {
			t.Errorf("replay answered %q, want transaction %s", g, first)
		}
	}
	if n := e.transactions(t); n != 1 {
		t.Errorf("%d transactions for one signed request", n)
	}
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")); n != 1 {
		t.Errorf("%d sessions for one signed request", n)
	}

	// Replays, concurrent from the start: still one transaction.
	txs := map[string]bool{}
	for _, g := range eight(signedData(t, signedAt.Unix()+1)) {
		tx, failure, _ := strings.Cut(g, "|")
		switch {
		case tx != "":
			txs[tx] = true
		case !strings.Contains(failure, "being processed"):
			t.Errorf("concurrent replay: %q", failure)
		}
	}
	if len(txs) != 1 || e.transactions(t) != 2 {
		t.Errorf("concurrent replays made transactions %v (%d rows)", txs, e.transactions(t))
	}
}
