package resilience_test

import (
	"fmt"
	"net/http"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"paygate/store"
)

// TestShutdownWaitsForAttempts sends SIGTERM to paygate serve while a
// create of every surface waits on a slow provider. Each create still gets
// its answer, its row ends settled (open), never in flight, and the process
// exits 0: the drain outlasts the attempt, and the database is closed only
// after it.
func TestShutdownWaitsForAttempts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts paygate processes")
	}
	const (
		bound = 3 * time.Second
		slow  = 1500 * time.Millisecond
	)
	bin := buildPaygate(t)
	p := startProviders(t, slow)
	p.slowCreates()
	dir := t.TempDir()
	env, tn := serveEnv(t, p, filepath.Join(dir, "paygate.db"), bound)
	log := filepath.Join(dir, "paygate.log")
	srv := startServe(t, bin, freeAddr(t), log, env)

	ops := tn.ops()
	type result struct {
		o    op
		made string
		err  error
	}
	results := make(chan result, len(ops))
	client := &http.Client{Timeout: 2 * bound}
	for _, o := range ops {
		go func() {
			r, err := send(client, o.request(srv.url, "shutdown-"+o.name))
			results <- result{o, o.made(r), err}
		}()
	}
	// Every create is at its provider before the signal.
	deadline := time.Now().Add(10 * time.Second)
	for len(p.stripe.Exchanges(http.MethodPost, "/v1/checkout/sessions"))+len(p.stripe.Exchanges(http.MethodPost, "/v1/payment_intents"))+
		len(p.payson.Exchanges(http.MethodPost, "/2.0/Checkouts")) < len(ops) {
		if time.Now().After(deadline) {
			t.Fatalf("the creates did not reach the providers\n%s", tail(log))
		}
		time.Sleep(10 * time.Millisecond)
	}
	signalled := time.Now()
	code := srv.signal(t, syscall.SIGTERM, bound+15*time.Second)
	took := time.Since(signalled)
	if code != 0 {
		t.Errorf("exit code %d after SIGTERM\n%s", code, tail(log))
	}
	for range ops {
		r := <-results
		if r.err != nil || r.made == "" {
			t.Errorf("%s: no acknowledgement across the shutdown: %v", r.o.name, r.err)
		}
	}
	db, err := store.Open(t.Context(), env["PAYGATE_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if m := inFlight(t, view(db)); total(m) != 0 {
		t.Errorf("left in flight by the shutdown: %v", m)
	}
	for table, where := range map[string]string{
		"stripe_checkouts":     "state = 'open'",
		"payson_checkouts":     "state = 'active'",
		"billrun_transactions": "status = 'open'",
		"payments":             "stripe_payment_intent_id IS NOT NULL",
	} {
		if n := count(t, view(db), fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE %s`, table, where)); n == 0 {
			t.Errorf("no settled row in %s", table)
		}
	}
	t.Logf("SIGTERM with %d creates waiting %s on their providers: exit %d after %s", len(ops), slow, code, took.Round(10*time.Millisecond))
}
