package stripev1_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/form"

	"paygate/providers/stripe/stripetest"
	"paygate/providers/stripev1"
	"paygate/store"
)

// The benchmarks put StripeV1CreateCheckout, over loopback HTTP with a
// SQLite file and stripe-mock, beside the one Stripe call it makes, sent raw
// to the same stripe-mock (baseline: stripe-mock's own time plus a bare
// round trip). The ratio is what paygate adds: routing, binding, validation,
// catalog lookups, two write transactions, stripe-go and encoding.
//
//	go test -run '^$' -bench CreateCheckout -benchmem ./providers/stripev1/ | go run ./scripts/benchratio
//
// create_checkout pays for a new entity each time; replace_checkout for the
// same entity, so each create also expires the session before it.

func BenchmarkCreateCheckout(b *testing.B) {
	bench := newBench(b)
	b.Run("baseline", func(b *testing.B) {
		for b.Loop() {
			bench.raw(b)
		}
	})
	b.Run("create_checkout", func(b *testing.B) {
		for b.Loop() {
			bench.create(b, bench.nextRef())
		}
	})
	b.Run("replace_checkout", func(b *testing.B) {
		for b.Loop() {
			bench.create(b, "bench-replace")
		}
	})
}

// BenchmarkCreateCheckoutParallel measures throughput with concurrent
// clients: SQLite serializes the write transactions, stripe-mock does not.
func BenchmarkCreateCheckoutParallel(b *testing.B) {
	bench := newBench(b)
	b.Run("baseline", func(b *testing.B) {
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				bench.raw(b)
			}
		})
	})
	b.Run("create_checkout", func(b *testing.B) {
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				bench.create(b, bench.nextRef())
			}
		})
	})
}

type bench struct {
	e      *env
	client *http.Client
	refs   atomic.Int64

	stripeURL string
	rawBody   string
	rawKey    string
}

func newBench(b *testing.B) *bench {
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	e := newEnv(b, envOptions{transport: tr})
	c := e.massage("bench-raw")
	row := store.StripeCheckout{PublicID: uuid.New(), CompanyID: e.company, InternalReferenceID: c.InternalReferenceId,
		ArticleTypeID: 1, UIMode: "hosted", Currency: "SEK", AmountTotal: 80000, Lines: []store.CheckoutLine{
			{ArticleID: 1, ArticleTypeID: 1, Name: "Massage 60 min", UnitPrice: 50000, VATRateBP: 2500, Quantity: 1},
			{ArticleID: 2, ArticleTypeID: 1, Name: "Hot stones add-on", UnitPrice: 15000, VATRateBP: 2500, Quantity: 2},
		}}
	p := stripev1.SessionParams(context.Background(), row, c.CountryCode, c.ConfirmationUrl, c.CancelUrl)
	values := &form.Values{}
	form.AppendTo(values, p)
	return &bench{e: e, client: &http.Client{Transport: tr}, stripeURL: stripetest.Start(b).URL,
		rawBody: values.Encode(), rawKey: *p.IdempotencyKey}
}

func (bn *bench) nextRef() string { return fmt.Sprintf("bench-%d", bn.refs.Add(1)) }

// raw sends the session create straight to stripe-mock.
func (bn *bench) raw(b *testing.B) {
	req, err := http.NewRequest(http.MethodPost, bn.stripeURL+"/v1/checkout/sessions", strings.NewReader(bn.rawBody))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+stripetest.SecretKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Stripe-Version", stripego.APIVersion)
	req.Header.Set("Idempotency-Key", bn.rawKey)
	bn.send(b, req)
}

// create asks paygate for a checkout for ref.
func (bn *bench) create(b *testing.B, ref string) {
	body, err := json.Marshal(bn.e.massage(ref))
	if err != nil {
		b.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, bn.e.url+"/payment/stripe/v1/checkout", strings.NewReader(string(body)))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	bn.send(b, req)
}

func (bn *bench) send(b *testing.B, req *http.Request) {
	resp, err := bn.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("%s %s: %d %s %v", req.Method, req.URL.Path, resp.StatusCode, body, err)
	}
}
