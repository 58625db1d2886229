package sandbox

import (
	"net/http"
	"slices"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// errNotFound is the answer for a checkout that does not exist or belongs
// to another agent; the two are not told apart, so ids leak nothing.
func errNotFound(id uuid.UUID) *payson.Error {
	return &payson.Error{Status: http.StatusNotFound, Message: "Checkout " + id.String() + " was not found."}
}

// insert stores a new checkout.
func (s *Sandbox) insert(owner string, co payson.Checkout) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	s.checkouts[co.ID] = &record{seq: s.seq, owner: owner, co: clone(co)}
}

// list returns a page (from 1) of owner's checkouts, newest first, and
// whether more follow; due expiries happen first, as for a read.
func (s *Sandbox) list(owner string, page, size int) ([]payson.Checkout, bool) {
	var ch changes
	defer func() { s.notify.send(ch) }()
	s.mu.Lock()
	defer s.mu.Unlock()
	var mine []*record
	for _, rec := range s.checkouts {
		if rec.owner == owner {
			s.expireIfDue(rec, &ch)
			mine = append(mine, rec)
		}
	}
	slices.SortFunc(mine, func(a, b *record) int { return int(b.seq - a.seq) })
	from := min((page-1)*size, len(mine))
	to := min(from+size, len(mine))
	out := make([]payson.Checkout, 0, to-from)
	for _, rec := range mine[from:to] {
		out = append(out, clone(rec.co))
	}
	return out, to < len(mine)
}

// withCheckout runs fn on checkout id under the store lock and returns a copy
// of the result. owner "" means any agent (the customer's side). Before fn
// runs, a checkout past its expiry is expired, as Payson would have done by
// then. Notifications for the changes are sent after the lock is released,
// and only if fn succeeds, so a refused request changes nothing.
func (s *Sandbox) withCheckout(id uuid.UUID, owner string, fn func(*record, *changes) error) (payson.Checkout, error) {
	var ch changes
	co, err := func() (payson.Checkout, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		rec := s.checkouts[id]
		if rec == nil || (owner != "" && rec.owner != owner) {
			return payson.Checkout{}, errNotFound(id)
		}
		s.expireIfDue(rec, &ch)
		// Expiry stands even if fn refuses: it happened regardless.
		expired := ch
		if fn != nil {
			if err := fn(rec, &ch); err != nil {
				ch = expired
				return payson.Checkout{}, err
			}
		}
		return clone(rec.co), nil
	}()
	s.notify.send(ch)
	return co, err
}

// clone copies co deeply, so a copy handed out shares nothing with the store.
func clone(co payson.Checkout) payson.Checkout {
	co.Order.Items = slices.Clone(co.Order.Items)
	if co.Customer != nil {
		c := *co.Customer
		co.Customer = &c
	}
	if co.GUI != nil {
		g := *co.GUI
		g.Countries = slices.Clone(g.Countries)
		co.GUI = &g
	}
	if co.History != nil {
		var h payson.History
		for _, st := range payson.Statuses() {
			if at := co.History.At(st); at != nil {
				h.Set(st, at.Time)
			}
		}
		co.History = &h
	}
	if co.PurchaseID != nil {
		p := *co.PurchaseID
		co.PurchaseID = &p
	}
	if co.ExpirationTime != nil {
		co.ExpirationTime = payson.NewTime(co.ExpirationTime.Time)
	}
	return co
}
