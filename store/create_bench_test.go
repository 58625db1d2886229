package store_test

import (
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/store"
)

// BenchmarkStripeCheckoutWrites is the two write transactions of a Stripe
// 1.0 create, one after the other on a SQLite file: the checkout with its
// lines and attempt, then the session with the attempt's end. The baseline
// is two bare transactions of one small insert each on the same file, the
// two durable commits (fsyncs) a create cannot do without. The fsyncs
// dominate the time per op, so each also reports the process's CPU per op
// (cpu-ns/op), which is what the writes themselves cost.
func BenchmarkStripeCheckoutWrites(b *testing.B) {
	db, err := store.OpenMigrated(b.Context(), filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := b.Context()
	company := uuid.New()
	if err := db.AddCompany(ctx, store.Company{ID: company, Name: "Bench", Currency: "SEK"}); err != nil {
		b.Fatal(err)
	}
	raw := store.Raw(db)
	if _, err := raw.ExecContext(ctx, `CREATE TABLE bench_commits (n INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	n := 0
	b.Run("baseline", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			for range 2 {
				n++
				if _, err := raw.ExecContext(ctx, `INSERT INTO bench_commits (n, v) VALUES (?, ?)`, n, "v"); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("create", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			n++
			ref := strconv.Itoa(n)
			c := newCheckout(company, "bench-"+ref)
			c.PublicID = uuid.New()
			att := store.AttemptStart{Kind: "stripev1-checkout", Ref: c.PublicID.String(), Request: map[string]string{"ref": ref}, At: time.Now()}
			row, _, err := db.BeginStripeCheckout(ctx, c, att)
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := db.OpenStripeCheckout(ctx, row.ID, store.SessionResult{SessionID: "cs_" + ref, PaymentIntentID: "pi_" + ref},
				store.AttemptDone{Kind: att.Kind, Ref: att.Ref}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportCPU reports the process's user and system CPU per op from its call
// to the call of the function it returns.
func reportCPU(b *testing.B) func() {
	start := processCPU(b)
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
