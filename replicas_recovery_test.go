package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"paygate/internal/faultproxy"
	"paygate/store"
)

// TestReplicasSettleEachAttemptOnce leaves Stripe checkout creates in flight
// on three paygate serve processes sharing one PostgreSQL database: Stripe
// makes every session, but its answers never come, and all three processes
// are killed with SIGKILL. Three new processes then recover on the same
// database, all at once. Every attempt is settled within two attempt
// bounds, and each exactly once: the fault proxy, which answers a repeated
// Idempotency-Key as Stripe does, sees one re-issue per row's key, and the
// processes log one settlement per attempt between them.
func TestReplicasSettleEachAttemptOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts six paygate processes")
	}
	const (
		bound = 2 * time.Second
		n     = 30
	)
	f := newFleetWith(t, "postgres", 3, fleetOptions{attemptTimeout: bound, faults: true})
	const sessions = "/v1/checkout/sessions"
	f.faults.Set(http.MethodPost, sessions, faultproxy.Hang)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.do(f.replicas[i%len(f.replicas)].url, http.MethodPost, "/payment/stripe/v1/checkout",
				f.stripeCheckout(fmt.Sprintf("booking-rec-%d", i)))
		}()
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(f.faults.Exchanges(http.MethodPost, sessions)) < n {
		if time.Now().After(deadline) {
			t.Fatalf("Stripe saw %d of %d creates", len(f.faults.Exchanges(http.MethodPost, sessions)), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for i := range f.replicas {
		f.kill(i)
	}
	wg.Wait()
	attempts := func() int {
		t.Helper()
		var c int
		if err := f.db.Pool().QueryRow(`SELECT COUNT(*) FROM provider_attempts`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	atKill := attempts()
	if atKill != n {
		t.Fatalf("%d attempts in flight at the kill, want %d", atKill, n)
	}

	f.faults.Clear()
	restart := time.Now()
	f.replicas = make([]*replica, 3)
	var start sync.WaitGroup
	for i := range f.replicas {
		start.Add(1)
		go func() {
			defer start.Done()
			f.replicas[i] = f.start()
		}()
	}
	start.Wait()
	for _, r := range f.replicas {
		f.waitReady(r)
	}
	deadline = restart.Add(2*bound + 10*time.Second)
	for attempts() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d attempts still in flight %s after the restart", attempts(), time.Since(restart))
		}
		time.Sleep(50 * time.Millisecond)
	}
	settledIn := time.Since(restart)

	type calls struct{ forwarded, replayed int }
	byKey := map[string]*calls{}
	for _, x := range f.faults.Exchanges(http.MethodPost, sessions) {
		c := byKey[x.Key]
		if c == nil {
			c = &calls{}
			byKey[x.Key] = c
		}
		if x.Replayed {
			c.replayed++
		} else {
			c.forwarded++
		}
	}
	if len(byKey) != n {
		t.Errorf("%d idempotency keys reached Stripe, want %d", len(byKey), n)
	}
	for k, c := range byKey {
		if c.forwarded != 1 || c.replayed != 1 {
			t.Errorf("key %s: %d creates and %d re-issues, want 1 and 1", k, c.forwarded, c.replayed)
		}
	}
	settled := 0
	for _, r := range f.replicas {
		settled += strings.Count(r.stderr.tail(1<<30), "recovery: attempt settled")
	}
	if settled != n {
		t.Errorf("the replicas logged %d settlements of %d attempts", settled, n)
	}
	for i := range n {
		list, err := f.db.StripeCheckouts(t.Context(), f.company, fmt.Sprintf("booking-rec-%d", i))
		if err != nil || len(list) != 1 || list[0].State != store.CheckoutOpen || list[0].SessionID == "" {
			t.Errorf("booking-rec-%d: %+v %v", i, list, err)
		}
	}
	t.Logf("postgres, 3 replicas: %d creates in flight at the kill of all three; %d settlements logged, "+
		"all settled %s after the restart (attempt bound %s)", atKill, settled, settledIn.Round(10*time.Millisecond), bound)
}
