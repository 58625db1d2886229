// Package recovery settles provider attempts that a crash or a time-out left
// in flight. Every attempt that may create or move money has a row written
// before its provider call (store.BeginAttempt) and ended when its outcome is
// recorded; a row older than the attempt bound is one nobody is waiting for
// any more. The recoverer runs in every serve process; rows are claimed with
// a lease, so replicas sharing a database never settle one at the same time.
//
// How an attempt is settled depends on its kind: each surface provides a
// Settler (Stripe re-issues the identical request under the row's
// idempotency key; Payson, which has none, is asked for the checkout carrying
// the row's reference). An attempt that cannot be settled after MaxTries is
// marked for review, logged once, and left to a person (paygate attempts
// list), never retried forever.
package recovery

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"paygate/store"
)

// Settler drives attempts of one kind to an outcome with the provider and
// records it on the attempt's own row. A nil error means the attempt is
// settled; any other is retried later. Settling must be safe to repeat and
// to race with the attempt's own request finishing late: both converge on
// the same outcome.
type Settler interface {
	Settle(ctx context.Context, a store.Attempt) error
}

// SettlerFunc adapts a function to Settler.
type SettlerFunc func(ctx context.Context, a store.Attempt) error

// Settle calls f.
func (f SettlerFunc) Settle(ctx context.Context, a store.Attempt) error { return f(ctx, a) }

// Store is what the recoverer needs of the database.
type Store interface {
	ClaimAttempts(ctx context.Context, owner string, startedBefore, now time.Time, lease time.Duration, limit int) ([]store.Attempt, error)
	RetryAttempt(ctx context.Context, kind, ref, owner, why string, maxTries int, backoff time.Duration, now time.Time) (bool, error)
	EndAttempt(ctx context.Context, kind, ref string) error
}

// Recoverer settles attempts in flight for longer than Bound.
type Recoverer struct {
	Store    Store
	Settlers map[string]Settler // by attempt kind
	// Bound is the attempt time bound: an attempt older than Bound plus
	// Grace has no request waiting on it, and one settlement gets Bound.
	Bound time.Duration
	// Grace is how long after its bound an attempt waits before it is
	// settled, for what its own request may overrun the bound by
	// (stripe-go's sleep before a retry does not watch the context). Both
	// converge on the same outcome anyway; zero means a quarter of Bound,
	// at most 5 s.
	Grace time.Duration
	// Interval is the pause between sweeps; zero means Bound/2, at least
	// 250 ms.
	Interval time.Duration
	// MaxTries bounds the settlements of one attempt; zero means 5.
	MaxTries int
	// Sweepers settle what keeps its state in rows of its own rather
	// than as attempts (notifications kept for a row that did not exist
	// yet); each sweep runs them too.
	Sweepers []Sweeper
	// Owner names this process in the leases it takes.
	Owner  string
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Sweeper settles its own rows left in flight for at least olderThan and
// reports how many it settled. Several processes may sweep at once, so a
// settlement must converge on one outcome however often it runs.
type Sweeper interface {
	SettleInFlight(ctx context.Context, olderThan time.Duration) (int, error)
}

// batch is how many attempts one sweep claims.
const batch = 32

// Run sweeps until ctx ends; a settlement under way when it ends is
// abandoned and taken up again by the next sweep of any process.
func (r *Recoverer) Run(ctx context.Context) {
	t := time.NewTicker(r.interval())
	defer t.Stop()
	for {
		if _, err := r.Sweep(ctx); err != nil && ctx.Err() == nil {
			r.log().ErrorContext(ctx, "recovery: sweep", "error", err)
		}
		for _, s := range r.Sweepers {
			if _, err := s.SettleInFlight(ctx, r.Bound+r.grace()); err != nil && ctx.Err() == nil {
				r.log().ErrorContext(ctx, "recovery: sweep", "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Sweep settles the attempts due now and reports how many it settled.
func (r *Recoverer) Sweep(ctx context.Context) (int, error) {
	settled := 0
	for {
		now := r.now()
		due, err := r.Store.ClaimAttempts(ctx, r.Owner, now.Add(-r.Bound-r.grace()), now, r.Bound+r.grace(), batch)
		if err != nil {
			return settled, err
		}
		for _, a := range due {
			if ctx.Err() != nil {
				return settled, nil
			}
			if r.settle(ctx, a) {
				settled++
			}
		}
		// Until nothing is due: settled attempts are gone, failed ones
		// wait for their next try, and a batch short of its size may
		// only mean that another recoverer claimed the rest.
		if len(due) == 0 {
			return settled, nil
		}
	}
}

// settle runs a's settler within the bound and records the outcome.
func (r *Recoverer) settle(ctx context.Context, a store.Attempt) bool {
	log := r.log().With("kind", a.Kind, "ref", a.Ref, "try", a.Tries)
	var err error
	if s, ok := r.Settlers[a.Kind]; ok {
		sctx, cancel := context.WithTimeout(ctx, r.Bound)
		err = s.Settle(sctx, a)
		cancel()
	} else {
		err = fmt.Errorf("no settler for attempts of kind %q in this version", a.Kind)
	}
	if err == nil {
		if err := r.Store.EndAttempt(context.WithoutCancel(ctx), a.Kind, a.Ref); err != nil {
			log.ErrorContext(ctx, "recovery: end attempt", "error", err)
			return false
		}
		log.InfoContext(ctx, "recovery: attempt settled", "age", r.now().Sub(a.StartedAt).Round(time.Millisecond))
		return true
	}
	if ctx.Err() != nil {
		return false // shutting down: the lease runs out and another sweep takes it
	}
	review, rerr := r.Store.RetryAttempt(context.WithoutCancel(ctx), a.Kind, a.Ref, r.Owner, err.Error(),
		r.maxTries(), r.backoff(a.Tries), r.now())
	switch {
	case rerr != nil:
		log.ErrorContext(ctx, "recovery: record failed settlement", "error", rerr, "cause", err)
	case review:
		log.ErrorContext(ctx, "recovery: attempt marked for review; see paygate attempts list", "error", err)
	default:
		log.WarnContext(ctx, "recovery: attempt not settled yet", "error", err)
	}
	return false
}

// backoff doubles the pause after each failed settlement, from one bound up
// to sixteen.
func (r *Recoverer) backoff(tries int) time.Duration {
	return r.Bound << min(max(tries-1, 0), 4)
}

func (r *Recoverer) grace() time.Duration {
	if r.Grace > 0 {
		return r.Grace
	}
	return min(r.Bound/4, 5*time.Second)
}

func (r *Recoverer) interval() time.Duration {
	if r.Interval > 0 {
		return r.Interval
	}
	return max(r.Bound/2, 250*time.Millisecond)
}

func (r *Recoverer) maxTries() int {
	if r.MaxTries > 0 {
		return r.MaxTries
	}
	return 5
}

func (r *Recoverer) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Recoverer) log() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.New(slog.DiscardHandler)
}
