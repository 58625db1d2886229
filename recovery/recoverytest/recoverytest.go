// Package recoverytest runs the recoverer in tests of the surfaces that
// provide settlers.
package recoverytest

import (
	"context"
	"testing"
	"time"

	"paygate/recovery"
	"paygate/store"
)

// Later is how far ahead of now Sweep pretends to be: far enough for every
// attempt in flight to be due.
const Later = time.Hour

// Sweep runs one sweep of a recoverer with settlers over db, as the clock
// now (nil: time.Now) will read Later from now, and returns how many
// attempts it settled.
func Sweep(tb testing.TB, db *store.DB, settlers map[string]recovery.Settler, now func() time.Time) int {
	tb.Helper()
	if now == nil {
		now = time.Now
	}
	r := &recovery.Recoverer{Store: db, Settlers: settlers, Bound: time.Second, Owner: "test",
		Now: func() time.Time { return now().Add(Later) }}
	n, err := r.Sweep(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// Attempts lists db's attempts in flight or marked for review.
func Attempts(tb testing.TB, db *store.DB) []store.Attempt {
	tb.Helper()
	list, err := db.Attempts(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return list
}
