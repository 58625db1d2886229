package main

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"paygate/internal/pgtest"
)

// BenchmarkReplicaCreate measures /v1/checkout creates (a Stripe customer
// and PaymentIntent through stripe-mock, an Idempotency-Key, a payment
// row) by 24 concurrent clients: one replica on SQLite as the baseline,
// one replica on PostgreSQL, and three replicas on one PostgreSQL
// database with the clients spread over them. Both engines sync every
// commit to disk. An op is one round of 24 creates.
func BenchmarkReplicaCreate(b *testing.B) {
	for _, c := range []struct {
		name, engine string
		replicas     int
	}{{"baseline", "sqlite", 1}, {"postgres-1", "postgres", 1}, {"postgres-3", "postgres", 3}} {
		b.Run(c.name, func(b *testing.B) {
			if c.engine == "postgres" {
				pgtest.Durable(b) // commits reach the disk, as SQLite's do
			}
			f := newFleet(b, c.engine, c.replicas)
			const clients = 24
			bearer := f.bearer()
			round := func() {
				for _, a := range f.spread(clients, func(i int, base string) answer {
					return f.do(base, http.MethodPost, "/v1/checkout",
						fmt.Appendf(nil, `{"customer_id":"c-bench-%d","amount_cents":100}`, i),
						"Authorization", bearer, "Idempotency-Key", uuid.NewString())
				}) {
					if a.Status != http.StatusCreated {
						b.Fatalf("create: %d %s %v", a.Status, a.Body, a.err)
					}
				}
			}
			round() // every client's Stripe customer exists before timing
			for b.Loop() {
				round()
			}
			b.ReportMetric(float64(clients*b.N)/b.Elapsed().Seconds(), "creates/s")
		})
	}
}
