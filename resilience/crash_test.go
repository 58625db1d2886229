package resilience_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"paygate/internal/faultproxy"
	"paygate/providers/payson/sandbox"
	"paygate/providers/stripe/stripetest"
	"paygate/secrets"
	"paygate/store"
	"paygate/store/storetest"
)

// providers are stripe-mock and the Payson sandbox, each behind a fault
// proxy, living in the test process so that they outlive paygate's.
type providers struct {
	stripe, payson       *faultproxy.Proxy
	stripeURL, paysonURL string
	sandbox              *sandbox.Sandbox
}

func startProviders(t *testing.T, late time.Duration) providers {
	t.Helper()
	mock := stripetest.Start(t)
	var p providers
	p.stripe, p.stripeURL = faultproxy.Start(t, mock.URL, faultproxy.Options{Idempotent: true, Late: late})
	p.sandbox = sandbox.New(sandbox.Options{})
	t.Cleanup(func() { p.sandbox.Close() })
	ts := httptest.NewServer(p.sandbox)
	t.Cleanup(ts.Close)
	p.payson, p.paysonURL = faultproxy.Start(t, ts.URL, faultproxy.Options{Late: late})
	return p
}

// slowCreates holds every provider create's answer back by the proxies'
// Late, after the provider has acted: what a slow provider looks like.
func (p providers) slowCreates() {
	for _, path := range []string{"/v1/checkout/sessions", "/v1/payment_intents"} {
		p.stripe.Set(http.MethodPost, path, faultproxy.Late)
	}
	p.payson.Set(http.MethodPost, "/2.0/Checkouts", faultproxy.Late)
}

// serveEnv is paygate's configuration over a seeded database at dsn (a
// SQLite file or a PostgreSQL URL).
func serveEnv(t *testing.T, p providers, dsn string, bound time.Duration) (map[string]string, tenant) {
	t.Helper()
	db, err := store.OpenMigrated(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	// The Payson credentials are sealed under the key paygate is given.
	keys, err := secrets.Generate("k1")
	if err != nil {
		t.Fatal(err)
	}
	ring, err := secrets.Parse(keys)
	if err != nil {
		t.Fatal(err)
	}
	db.SetSealer(ring)
	tn := seed(t, db)
	db.Close()
	return map[string]string{
		"PAYGATE_DB":                   dsn,
		"PAYGATE_STRIPE_API_BASE":      p.stripeURL,
		"PAYGATE_STRIPE_SECRET_KEY":    stripetest.SecretKey,
		"PAYGATE_PAYSON_API_BASE":      p.paysonURL,
		"PAYGATE_PAYSON_TEST_API_BASE": p.paysonURL,
		"PAYGATE_ATTEMPT_TIMEOUT":      bound.String(),
		"PAYGATE_ENCRYPTION_KEY":       keys,
	}, tn
}

// outcome is one create the load sent.
type outcome struct {
	op, ref string
	made    string // the provider's id, when acknowledged
	err     error  // no answer
}

// TestCrashRecovery kills paygate serve with SIGKILL in the middle of a
// bounded load of creates on all four surfaces (/v1 with and without an
// Idempotency-Key), every provider answering slowly, and starts it again on
// the same database. Every acknowledged create is then on its row with its
// provider id, the database is intact, and within two attempt bounds of the
// restart no attempt is in flight, every replaced checkout is closed at the
// provider and no entity has two payable checkouts there.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts paygate processes")
	}
	bin := buildPaygate(t)
	storetest.EachEngine(t, func(t *testing.T, engine string) { crashRecovery(t, bin, engine) })
}

// crashRecovery is TestCrashRecovery on the engine named.
func crashRecovery(t *testing.T, bin, engine string) {
	const (
		bound   = 2 * time.Second
		workers = 10
		loadFor = 2 * time.Second
	)
	p := startProviders(t, 300*time.Millisecond)
	p.slowCreates()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "paygate.db")
	if engine == "postgres" {
		dsn = storetest.DSN(t, engine)
	}
	env, tn := serveEnv(t, p, dsn, bound)
	addr := freeAddr(t)
	log := filepath.Join(dir, "paygate.log")
	first := startServe(t, bin, addr, log, env)

	ops := tn.ops()
	var killed atomic.Bool
	var mu sync.Mutex
	var outcomes []outcome
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 2 * bound}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !killed.Load(); i++ {
				o := ops[(w+i)%len(ops)]
				// Entities repeat, so that checkouts replace earlier
				// ones; /v1 payments are one per request.
				ref := fmt.Sprintf("crash-%s-w%d-%d", o.name, w, i%3)
				if strings.HasPrefix(o.name, "v1") {
					ref = fmt.Sprintf("crash-%s-w%d-%d", o.name, w, i)
				}
				r, err := send(client, o.request(first.url, ref))
				out := outcome{op: o.name, ref: ref, err: err}
				if err == nil {
					out.made = o.made(r)
				}
				mu.Lock()
				outcomes = append(outcomes, out)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(loadFor)
	killed.Store(true)
	if code := first.signal(t, syscall.SIGKILL, 10*time.Second); code != -1 {
		t.Fatalf("exit code %d after SIGKILL", code)
	}
	wg.Wait()

	db, err := store.Open(t.Context(), env["PAYGATE_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if engine == "sqlite" {
		var integrity string
		if err := view(db).QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
			t.Fatalf("integrity_check: %q %v", integrity, err)
		}
	}
	atKill := inFlight(t, view(db))
	acked, noAnswer := 0, 0
	for _, o := range outcomes {
		if o.made != "" {
			acked++
		}
		if o.err != nil {
			noAnswer++
		}
	}
	if acked == 0 || atKill["attempts"] == 0 {
		t.Fatalf("the load made %d acknowledged creates and left %v in flight: nothing to recover", acked, atKill)
	}

	p.stripe.Clear()
	p.payson.Clear()
	restart := time.Now()
	second := startServe(t, bin, addr, log, env)
	deadline := restart.Add(2*bound + 5*time.Second)
	var settledIn time.Duration
	for {
		if total(inFlight(t, view(db))) == 0 {
			settledIn = time.Since(restart)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still in flight %s after the restart: %v\n%s", time.Since(restart), inFlight(t, view(db)), tail(log))
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, o := range outcomes {
		if o.made != "" {
			checkAcknowledged(t, view(db), o)
		}
	}
	verifySettled(t, view(db), p.stripe, p.sandbox.Checkouts(sandbox.DemoAgentID))
	if code := second.signal(t, syscall.SIGTERM, 2*bound+15*time.Second); code != 0 {
		t.Errorf("exit code %d after SIGTERM\n%s", code, tail(log))
	}
	t.Logf("crash on %s: %d requests, %d acknowledged, %d unanswered at the kill; in flight at the kill %v; "+
		"all settled %s after the restart (attempt bound %s)",
		engine, len(outcomes), acked, noAnswer, atKill, settledIn.Round(10*time.Millisecond), bound)
}

// checkAcknowledged checks that an acknowledged create is on its row with
// its provider id: open, unless a later create for the same entity
// replaced it.
func checkAcknowledged(t *testing.T, db sqlView, o outcome) {
	t.Helper()
	var state string
	var newer int
	switch o.op {
	case "stripev1":
		err := db.QueryRow(`SELECT state, (SELECT COUNT(*) FROM stripe_checkouts n WHERE n.internal_reference_id = c.internal_reference_id AND n.id > c.id)
			FROM stripe_checkouts c WHERE session_id = ? AND internal_reference_id = ?`, o.made, o.ref).Scan(&state, &newer)
		if err != nil || !(state == "open" || state == "invalidated" && newer > 0) {
			t.Errorf("acknowledged %s %s (session %s): state %q, %d newer, %v", o.op, o.ref, o.made, state, newer, err)
		}
	case "payson":
		err := db.QueryRow(`SELECT state, (SELECT COUNT(*) FROM payson_checkouts n WHERE n.internal_reference_id = c.internal_reference_id AND n.id > c.id)
			FROM payson_checkouts c WHERE checkout_id = ? AND internal_reference_id = ?`, o.made, o.ref).Scan(&state, &newer)
		if err != nil || !(state == "active" || state == "invalidated" && newer > 0) {
			t.Errorf("acknowledged %s %s (checkout %s): state %q, %d newer, %v", o.op, o.ref, o.made, state, newer, err)
		}
	case "billrun":
		tx, session, _ := strings.Cut(o.made, "/")
		err := db.QueryRow(`SELECT status FROM billrun_transactions WHERE tx = ? AND session_id = ?`, tx, session).Scan(&state)
		if err != nil || state != "open" {
			t.Errorf("acknowledged %s (tx %s, session %s): status %q, %v", o.op, tx, session, state, err)
		}
	default:
		id, pi, _ := strings.Cut(o.made, "/")
		err := db.QueryRow(`SELECT status FROM payments WHERE id = ? AND stripe_payment_intent_id = ? AND order_id = ?`, id, pi, o.ref).Scan(&state)
		if err != nil {
			t.Errorf("acknowledged %s %s (payment %s, %s): %v", o.op, o.ref, id, pi, err)
		}
	}
}
