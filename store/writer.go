package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
)

// writer runs the store's writes on its one connection and commits the
// writes that are waiting together (group commit).
//
// With synchronous=FULL every commit waits for the disk (an fsync), and
// SQLite commits one transaction at a time, so concurrent creates queued
// behind each other's fsyncs. The writer takes every write that is
// waiting when it begins, runs each in a savepoint of one transaction in
// the order they came, and commits them with one fsync. A write that
// fails rolls back to its savepoint and leaves the others be; a caller
// learns of its write only once the commit holding it has returned, so
// every acknowledged write is on disk. Running the writes one after
// another in one transaction is what running them in separate
// transactions one after another would do: each sees the ones before it,
// and the schema's constraints hold for each.
type writer struct {
	db *sql.DB // exactly one connection

	mu      sync.Mutex
	pending []*write // queued, not yet taken into a group
	leading bool     // a caller is committing a group (see lead)
	closed  bool
	idle    sync.Cond // on mu: leading became false
}

// write is one caller's transaction.
type write struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan error    // its outcome, once the commit holding it returned
	lead chan struct{} // closed when its caller is to commit the next group
}

// maxGroup bounds the writes of one commit, so a commit's holders are not
// kept waiting on an ever longer transaction.
const maxGroup = 64

var errClosed = errors.New("store: closed")

func newWriter(db *sql.DB) *writer {
	w := &writer{db: db}
	w.idle.L = &w.mu
	return w
}

// run queues fn and waits for the commit that holds it.
//
// The callers commit the groups themselves, one leader at a time, rather
// than a goroutine of the writer's: a write that finds no commit under way
// runs at once on its caller's goroutine, with no hand-over to another
// goroutine and back, which is what every write of a lone client did. A
// write queued behind a commit waits; the leader, once its group is
// committed, hands the lead to the first write still queued.
func (w *writer) run(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	wr := &write{ctx: ctx, fn: fn, done: make(chan error, 1), lead: make(chan struct{})}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return errClosed
	}
	w.pending = append(w.pending, wr)
	if !w.leading {
		w.leading = true
		w.mu.Unlock()
		w.lead()
		return <-wr.done
	}
	w.mu.Unlock()
	// Once queued, the write is waited for even if ctx ends: it may be in
	// a commit already, and the caller must know whether it is.
	select {
	case err := <-wr.done:
		return err
	case <-wr.lead:
		w.lead()
		return <-wr.done
	}
}

// queued is how many writes wait for a group.
func (w *writer) queued() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.pending)
}

// lead commits one group, the queued writes up to maxGroup in the order
// they came (the leader's own first), then hands the lead on.
func (w *writer) lead() {
	w.mu.Lock()
	n := min(len(w.pending), maxGroup)
	group := make([]*write, n)
	copy(group, w.pending)
	w.pending = append(w.pending[:0], w.pending[n:]...)
	w.mu.Unlock()

	func() {
		// A commit that panics (a write's own panic fails alone, see
		// runOn) would leave the one connection in a transaction nobody
		// ends, and every later write waiting on it. As when the writer
		// had a goroutine of its own, the process stops instead, and the
		// next start settles what was in flight.
		defer func() {
			if r := recover(); r != nil {
				stack := debug.Stack()
				go func() { panic(fmt.Sprintf("store: commit of a write group panicked: %v\n%s", r, stack)) }()
				select {}
			}
		}()
		w.commit(group)
	}()

	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) > 0 {
		close(w.pending[0].lead)
		return
	}
	w.leading = false
	w.idle.Broadcast()
}

// close refuses new writes and returns once the queued ones are answered;
// closing again does nothing.
func (w *writer) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	for w.leading {
		w.idle.Wait()
	}
}

// commit runs group in one transaction and tells each write how it ended.
func (w *writer) commit(group []*write) {
	errs := make([]error, len(group))
	finish := func(commitErr error) {
		for i, wr := range group {
			if errs[i] == nil {
				errs[i] = commitErr
			}
			wr.done <- errs[i]
		}
	}
	// The transaction is no caller's: one caller's deadline must not end
	// the others' writes.
	tx, err := w.db.BeginTx(context.Background(), nil)
	if err != nil {
		finish(fmt.Errorf("store: begin: %w", err))
		return
	}
	if len(group) == 1 {
		// Alone, a write needs no savepoint: its failure is the
		// transaction's.
		if errs[0] = group[0].runOn(tx); errs[0] != nil {
			_ = tx.Rollback()
			finish(nil)
			return
		}
		finish(commitErr(tx.Commit()))
		return
	}
	ok := 0
	for i, wr := range group {
		if _, err := tx.Exec(`SAVEPOINT w`); err != nil {
			_ = tx.Rollback()
			finish(fmt.Errorf("store: savepoint: %w", err))
			return
		}
		errs[i] = wr.runOn(tx)
		if errs[i] == nil {
			ok++
		}
		// SQLite rolls a whole transaction back on some failures of a
		// write in it (an I/O error, a full disk, an interrupt; a caller's
		// deadline is none, see detached); then the savepoint is gone, and
		// so are the writes before this one.
		if err := endSavepoint(tx, errs[i] != nil); err != nil {
			_ = tx.Rollback()
			for j := range group {
				if j <= i && errs[j] == nil || j > i {
					errs[j] = fmt.Errorf("store: the write group was rolled back: %w", err)
				}
			}
			finish(nil)
			return
		}
	}
	if ok == 0 {
		_ = tx.Rollback()
		finish(nil)
		return
	}
	finish(commitErr(tx.Commit()))
}

func commitErr(err error) error {
	if err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

func endSavepoint(tx *sql.Tx, undo bool) error {
	if undo {
		if _, err := tx.Exec(`ROLLBACK TO w`); err != nil {
			return err
		}
	}
	_, err := tx.Exec(`RELEASE w`)
	return err
}

// runOn runs the write in tx unless its caller has given up. A write that
// panics fails alone: the leader running it may be another caller, whose
// own write and group must still end.
func (wr *write) runOn(tx *sql.Tx) (err error) {
	if err := wr.ctx.Err(); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: write panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return wr.fn(tx)
}
