package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	db     *sql.DB // exactly one connection
	queue  chan *write
	stop   chan struct{}
	exited chan struct{} // closed when loop has returned
	once   sync.Once
}

// write is one caller's transaction.
type write struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan error
}

// maxGroup bounds the writes of one commit, so a commit's holders are not
// kept waiting on an ever longer transaction.
const maxGroup = 64

var errClosed = errors.New("store: closed")

func newWriter(db *sql.DB) *writer {
	w := &writer{db: db, queue: make(chan *write, maxGroup), stop: make(chan struct{}), exited: make(chan struct{})}
	go w.loop()
	return w
}

// run queues fn and waits for the commit that holds it.
func (w *writer) run(ctx context.Context, fn func(*sql.Tx) error) error {
	wr := &write{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case w.queue <- wr:
	case <-w.stop:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, the write is waited for even if ctx ends: it may be in
	// a commit already, and the caller must know whether it is.
	select {
	case err := <-wr.done:
		return err
	case <-w.exited:
		// Queued as the writer stopped: answered, or never taken.
		select {
		case err := <-wr.done:
			return err
		default:
			return errClosed
		}
	}
}

// close stops the writer once its queued writes are answered; closing again
// does nothing.
func (w *writer) close() {
	w.once.Do(func() { close(w.stop) })
	<-w.exited
}

func (w *writer) loop() {
	defer close(w.exited)
	group := make([]*write, 0, maxGroup)
	for {
		select {
		case wr := <-w.queue:
			group = append(group[:0], wr)
		case <-w.stop:
			for {
				select {
				case wr := <-w.queue:
					wr.done <- errClosed
				default:
					return
				}
			}
		}
	more:
		for len(group) < maxGroup {
			select {
			case wr := <-w.queue:
				group = append(group, wr)
			default:
				break more
			}
		}
		w.commit(group)
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

// runOn runs the write in tx unless its caller has given up.
func (wr *write) runOn(tx *sql.Tx) error {
	if err := wr.ctx.Err(); err != nil {
		return err
	}
	return wr.fn(tx)
}
