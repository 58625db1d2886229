package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stripe/stripe-go/v76/webhook"

	"paygate/store"
)

// TestReplicas runs three paygate serve processes on one PostgreSQL
// database and shows that what one process guaranteed holds across them.
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three paygate processes")
	}
	f := newFleet(t, "postgres", 3)
	ctx := t.Context()

	t.Run("StripeCreatesForOneEntity", func(t *testing.T) {
		const n = 60
		answers := f.spread(n, func(_ int, base string) answer {
			return f.do(base, http.MethodPost, "/payment/stripe/v1/checkout", f.stripeCheckout("booking-r1"))
		})
		list, err := f.db.StripeCheckouts(ctx, f.company, "booking-r1")
		if err != nil {
			t.Fatal(err)
		}
		// A create that a newer one overtook before Stripe answered is a
		// 409 CheckoutSuperseded; the newest is the one payable session.
		answered := map[string]bool{}
		for _, a := range answers {
			var r struct{ SessionId string }
			if a.Status == http.StatusOK && json.Unmarshal(a.Body, &r) == nil {
				answered[r.SessionId] = true
			}
		}
		var payable []store.StripeCheckout
		for _, c := range list {
			if c.State == store.CheckoutCreating || c.State == store.CheckoutOpen {
				payable = append(payable, c)
			}
		}
		byStatus := statuses(answers)
		t.Logf("%d creates over 3 replicas: answers %v; %d rows, %d payable", n, byStatus, len(list), len(payable))
		if len(payable) != 1 || !answered[payable[0].SessionID] || byStatus[http.StatusOK]+byStatus[http.StatusConflict] != n || len(list) != n {
			t.Errorf("answers %v, %d rows, %d payable; want every answer 200 or 409, %d rows, 1 payable answered to a caller",
				byStatus, len(list), len(payable), n)
		}
	})

	t.Run("PaysonCreatesForOneEntity", func(t *testing.T) {
		const n = 60
		answers := f.spread(n, func(_ int, base string) answer {
			return f.do(base, http.MethodPost, "/payment/payson/v2/checkout", f.paysonCheckout("booking-r2"))
		})
		st, err := f.db.PaysonCheckoutStates(ctx, f.company)
		if err != nil {
			t.Fatal(err)
		}
		byStatus := statuses(answers)
		t.Logf("%d creates over 3 replicas: answers %v; rows by state %v", n, byStatus, st)
		if st[store.PaysonActive] != 1 || st[store.PaysonCreating] != 0 || byStatus[http.StatusOK] < 1 ||
			byStatus[http.StatusOK]+byStatus[http.StatusConflict] != n {
			t.Errorf("answers %v, rows %v; want one active checkout and every answer 200 or 409", byStatus, st)
		}
	})

	var paymentID string
	t.Run("OneIdempotencyKeyOnAllReplicas", func(t *testing.T) {
		const n = 30
		key := uuid.NewString()
		before := len(f.stripe.Calls(http.MethodPost, "/v1/payment_intents"))
		answers := f.spread(n, func(_ int, base string) answer {
			return f.do(base, http.MethodPost, "/v1/checkout", []byte(`{"customer_id":"c-r3","amount_cents":4999}`),
				"Authorization", f.bearer(), "Idempotency-Key", key)
		})
		ids := map[string]int{}
		for _, a := range answers {
			if a.Status == http.StatusCreated {
				var p struct{ ID string }
				if err := json.Unmarshal(a.Body, &p); err != nil {
					t.Fatal(err)
				}
				ids[p.ID]++
			}
		}
		calls := f.stripe.Calls(http.MethodPost, "/v1/payment_intents")[before:]
		keys := map[string]bool{}
		for _, c := range calls {
			keys[c.Header.Get("Idempotency-Key")] = true
		}
		rows, err := f.db.Count(ctx, "payments")
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("one key sent %d times: answers %v; 201s name %v; %d PaymentIntent creates under %d Stripe keys; %d payment rows",
			n, statuses(answers), ids, len(calls), len(keys), rows)
		if len(ids) != 1 || len(keys) != 1 || rows != 1 {
			t.Fatalf("201s name %v, Stripe keys %v, %d rows; want one payment", ids, keys, rows)
		}
		for id := range ids {
			paymentID = id
		}
		for _, a := range answers {
			if a.Status != http.StatusCreated && a.Status != http.StatusConflict {
				t.Errorf("answer %d %s", a.Status, a.Body)
			}
		}
	})

	t.Run("WebhookOnTwoReplicas", func(t *testing.T) {
		if paymentID == "" {
			t.Skip("no payment")
		}
		p, err := f.db.PaymentOf(ctx, "company:"+f.company.String(), paymentID)
		if err != nil || p.StripePaymentIntentID == nil {
			t.Fatalf("payment %+v, %v", p, err)
		}
		payload := fmt.Appendf(nil, `{"id":"evt_replicas","object":"event","api_version":"2023-10-16",`+
			`"type":"payment_intent.succeeded","created":%d,"livemode":false,"data":{"object":`+
			`{"id":%q,"object":"payment_intent","status":"succeeded","amount":4999,"currency":"sek"}}}`,
			time.Now().Unix(), *p.StripePaymentIntentID)
		sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: fleetWebhookSecret, Timestamp: time.Now()})
		answers := f.spread(2, func(_ int, base string) answer {
			return f.do(base, http.MethodPost, "/v1/webhooks/stripe", payload, "Stripe-Signature", sig.Header)
		})
		events, err := f.db.Count(ctx, "payment_stripe_events")
		if err != nil {
			t.Fatal(err)
		}
		after, err := f.db.PaymentOf(ctx, "company:"+f.company.String(), paymentID)
		t.Logf("one event to two replicas: answers %v; %d event rows; payment %s", statuses(answers), events, after.Status)
		if err != nil || events != 1 || after.Status != "succeeded" || statuses(answers)[http.StatusOK] != 2 {
			t.Errorf("answers %v (%s | %s), %d events, payment %s %v", statuses(answers), answers[0].Body, answers[1].Body, events, after.Status, err)
		}
	})

	t.Run("ShipOnTwoReplicas", func(t *testing.T) {
		created := f.do(f.replicas[0].url, http.MethodPost, "/payment/payson/v2/checkout", f.paysonCheckout("booking-r5"))
		var co struct{ Id uuid.UUID }
		if created.Status != http.StatusOK || json.Unmarshal(created.Body, &co) != nil {
			t.Fatalf("create: %d %s", created.Status, created.Body)
		}
		if _, err := f.payson.Act(ctx, co.Id, "pay", nil); err != nil {
			t.Fatal(err)
		}
		wait, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := f.payson.WaitIdle(wait); err != nil {
			t.Fatal(err)
		}
		puts := f.paysonPU.Load()
		answers := f.spread(2, func(_ int, base string) answer {
			return f.do(base, http.MethodPut, "/payment/payson/v2/checkout/"+co.Id.String()+"/sendpaymentrequest",
				[]byte(`{}`), "Authorization", "Bearer "+f.adminKey)
		})
		sent := f.paysonPU.Load() - puts
		t.Logf("one payment request to two replicas: answers %v; %d sent to Payson", statuses(answers), sent)
		if sent != 1 || statuses(answers)[http.StatusOK] < 1 {
			t.Errorf("answers %v (%s | %s); %d payment requests sent", statuses(answers), answers[0].Body, answers[1].Body, sent)
		}
	})

	t.Run("ReplicaKilledUnderLoad", func(t *testing.T) {
		var (
			mu       sync.Mutex
			acked    []string // payment ids answered 201
			byStatus = map[string]map[int]int{}
			stop     atomic.Bool
			wg       sync.WaitGroup
			killed   atomic.Bool
			after    atomic.Int64 // 201s from the survivors after the kill
		)
		for w := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; !stop.Load(); i++ {
					r := (w + i) % 3
					wasKilled := killed.Load()
					a := f.do(f.replicas[r].url, http.MethodPost, "/v1/checkout",
						fmt.Appendf(nil, `{"customer_id":"c-load-%d","amount_cents":100}`, w),
						"Authorization", f.bearer(), "Idempotency-Key", uuid.NewString())
					mu.Lock()
					name := fmt.Sprint("replica ", r)
					if byStatus[name] == nil {
						byStatus[name] = map[int]int{}
					}
					if a.err != nil {
						byStatus[name][0]++
					} else {
						byStatus[name][a.Status]++
					}
					if a.Status == http.StatusCreated {
						var p struct{ ID string }
						if json.Unmarshal(a.Body, &p) == nil {
							acked = append(acked, p.ID)
						}
						if wasKilled && r != 2 {
							after.Add(1)
						}
					} else if r != 2 {
						t.Errorf("survivor replica %d answered %d %s (%v)", r, a.Status, a.Body, a.err)
					}
					mu.Unlock()
				}
			}()
		}
		time.Sleep(1500 * time.Millisecond)
		f.kill(2)
		killed.Store(true)
		time.Sleep(2500 * time.Millisecond)
		stop.Store(true)
		wg.Wait()
		missing := 0
		for _, id := range acked {
			if _, err := f.db.PaymentOf(ctx, "company:"+f.company.String(), id); err != nil {
				missing++
			}
		}
		t.Logf("load over 3 replicas, replica 2 killed with SIGKILL: answers %v; %d acknowledged, %d of them missing; %d served by the survivors after the kill",
			byStatus, len(acked), missing, after.Load())
		if missing != 0 || after.Load() == 0 {
			t.Errorf("%d acknowledged payments missing, %d created after the kill", missing, after.Load())
		}
	})
}
