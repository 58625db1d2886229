package recovery_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"paygate/internal/logtest"
	"paygate/recovery"
	"paygate/store"
	"paygate/store/storetest"
)

// counter is a settler that counts its calls per attempt and fails those
// whose ref starts with "bad".
type counter struct {
	mu    sync.Mutex
	calls map[string]int
}

func (c *counter) Settle(ctx context.Context, a store.Attempt) error {
	c.mu.Lock()
	c.calls[a.Ref]++
	c.mu.Unlock()
	time.Sleep(time.Millisecond) // widen the window for a second claimer
	if strings.HasPrefix(a.Ref, "bad") {
		return errors.New("provider says no")
	}
	return nil
}

func begin(t *testing.T, db *store.DB, refs ...string) {
	t.Helper()
	for _, ref := range refs {
		if err := db.BeginAttempt(t.Context(), "k", ref, struct{}{}, time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConcurrentRecoverersSettleOnce runs three recoverers, each on a
// connection pool of its own to one database as replicas would, over the
// same attempts at once, on both engines: each attempt is settled exactly
// once.
func TestConcurrentRecoverersSettleOnce(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			var refs []string
			for i := range 60 {
				refs = append(refs, fmt.Sprintf("a%02d", i))
			}
			begin(t, db, refs...)
			c := &counter{calls: map[string]int{}}
			var wg sync.WaitGroup
			total := make([]int, 3)
			for i := range total {
				replica, err := store.Open(t.Context(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { replica.Close() })
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := &recovery.Recoverer{Store: replica, Settlers: map[string]recovery.Settler{"k": c}, Bound: time.Second, Owner: fmt.Sprint("replica-", i)}
					n, err := r.Sweep(context.Background())
					if err != nil {
						t.Error(err)
					}
					total[i] = n
				}()
			}
			wg.Wait()
			sum := 0
			for _, n := range total {
				sum += n
			}
			if sum != len(refs) {
				t.Errorf("settled %d of %d (%v)", sum, len(refs), total)
			}
			for _, ref := range refs {
				if c.calls[ref] != 1 {
					t.Errorf("%s settled %d times", ref, c.calls[ref])
				}
			}
			if list, err := db.Attempts(t.Context()); err != nil || len(list) != 0 {
				t.Errorf("attempts left: %d %v", len(list), err)
			}
			t.Logf("%s: settled per replica %v", engine, total)
		})
	}
}

// TestUnsettleableMarkedForReview: an attempt the provider keeps refusing to
// settle is tried MaxTries times, with a pause between tries, then marked
// for review and logged once, and never tried again. An attempt too young
// is left alone.
func TestUnsettleableMarkedForReview(t *testing.T) {
	storetest.Each(t, testUnsettleable)
}

func testUnsettleable(t *testing.T, db *store.DB) {
	begin(t, db, "bad-1")
	if err := db.BeginAttempt(t.Context(), "k", "young", nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	logs := &logtest.Buffer{}
	c := &counter{calls: map[string]int{}}
	now := time.Now()
	r := &recovery.Recoverer{Store: db, Settlers: map[string]recovery.Settler{"k": c}, Bound: time.Second, MaxTries: 3,
		Owner: "r", Logger: slog.New(slog.NewTextHandler(logs, nil)), Now: func() time.Time { return now }}
	for i := range 10 {
		if _, err := r.Sweep(t.Context()); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			// Straight after a failure it is not due.
			if _, err := r.Sweep(t.Context()); err != nil || c.calls["bad-1"] != 1 {
				t.Fatalf("retried without a pause: %d calls, %v", c.calls["bad-1"], err)
			}
		}
		now = now.Add(time.Minute)
	}
	if c.calls["bad-1"] != 3 || c.calls["young"] != 1 {
		t.Errorf("calls %v", c.calls)
	}
	list, err := db.Attempts(t.Context())
	if err != nil || len(list) != 1 || list[0].Ref != "bad-1" || list[0].ReviewAt.IsZero() || list[0].Tries != 3 ||
		list[0].LastError != "provider says no" {
		t.Fatalf("attempts %+v %v", list, err)
	}
	if n := strings.Count(logs.String(), "marked for review"); n != 1 {
		t.Errorf("logged for review %d times:\n%s", n, logs)
	}
	if inFlight, review, err := db.CountAttempts(t.Context()); err != nil || inFlight != 0 || review != 1 {
		t.Errorf("counts %d %d %v", inFlight, review, err)
	}
	// A retry of the attempt's own request starts it over.
	begin(t, db, "bad-1")
	if list, _ := db.Attempts(t.Context()); !list[0].ReviewAt.IsZero() || list[0].Tries != 0 {
		t.Errorf("restarted attempt %+v", list[0])
	}
}

// TestRunStopsWithContext: Run returns once its context ends.
func TestRunStopsWithContext(t *testing.T) {
	db := storetest.Open(t)
	begin(t, db, "a")
	c := &counter{calls: map[string]int{}}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	r := &recovery.Recoverer{Store: db, Settlers: map[string]recovery.Settler{"k": c}, Bound: time.Second, Owner: "r"}
	go func() { r.Run(ctx); close(done) }()
	deadline := time.After(10 * time.Second)
	for {
		if list, _ := db.Attempts(t.Context()); len(list) == 0 {
			break
		}
		select {
		case <-deadline:
			t.Fatal("Run settled nothing")
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// sweeper records the bounds it was asked to sweep with.
type sweeper struct{ asked chan time.Duration }

func (s sweeper) SettleInFlight(_ context.Context, olderThan time.Duration) (int, error) {
	select {
	case s.asked <- olderThan:
	default:
	}
	return 0, nil
}

// TestRunSweepsOwnRows: Run also runs the sweepers of rows that keep their
// own state (refunds), leaving alone what is younger than the bound.
func TestRunSweepsOwnRows(t *testing.T) {
	db := storetest.Open(t)
	s := sweeper{asked: make(chan time.Duration, 1)}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r := &recovery.Recoverer{Store: db, Bound: time.Second, Owner: "r", Sweepers: []recovery.Sweeper{s}}
	go r.Run(ctx)
	select {
	case olderThan := <-s.asked:
		if olderThan < time.Second {
			t.Errorf("swept rows younger than the bound: %v", olderThan)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run never swept")
	}
}
