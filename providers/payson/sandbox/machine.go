package sandbox

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// actor is who asks for a status change: Payson (for the customer, the
// payment processor or the clock) or the merchant through PUT.
type actor int

const (
	byPayson actor = iota
	byMerchant
)

// readyToShipLifetime is how long Payson keeps a paid checkout waiting for
// the merchant to ship it before it expires.
const readyToShipLifetime = 59 * 24 * time.Hour

// open reports whether the customer is still in the checkout: not yet paid
// and not ended.
func open(s payson.Status) bool {
	switch s {
	case payson.StatusCreated, payson.StatusFormsFilled, payson.StatusReadyToPay, payson.StatusProcessingPayment:
		return true
	}
	return false
}

// ended reports whether the checkout ended without a purchase.
func ended(s payson.Status) bool {
	switch s {
	case payson.StatusCanceled, payson.StatusExpired, payson.StatusDenied:
		return true
	}
	return false
}

// legal is Payson's status machine: whether by may move a checkout from
// status from to status to.
func legal(from, to payson.Status, by actor) bool {
	if by == byMerchant {
		switch to {
		case payson.StatusShipped:
			return from == payson.StatusReadyToShip
		case payson.StatusCanceled:
			return open(from) || from == payson.StatusReadyToShip
		}
		return false
	}
	switch to {
	case payson.StatusFormsFilled:
		return from == payson.StatusCreated
	case payson.StatusReadyToPay:
		return from == payson.StatusFormsFilled
	case payson.StatusProcessingPayment:
		return from == payson.StatusReadyToPay
	case payson.StatusReadyToShip:
		return from == payson.StatusProcessingPayment
	case payson.StatusPaidToAccount:
		return from == payson.StatusShipped
	case payson.StatusCanceled, payson.StatusDenied:
		// The customer may leave, or be denied, only before paying.
		return open(from)
	case payson.StatusExpired:
		return open(from) || from == payson.StatusReadyToShip
	}
	return false
}

// notifies reports whether Payson tells the merchant about entering s.
func notifies(s payson.Status) bool {
	switch s {
	case payson.StatusReadyToShip, payson.StatusShipped, payson.StatusPaidToAccount,
		payson.StatusCanceled, payson.StatusExpired, payson.StatusDenied:
		return true
	}
	return false
}

// illegalMove explains a refused status change, naming what is allowed.
func illegalMove(from, to payson.Status, by actor) string {
	var next []string
	for _, st := range payson.Statuses() {
		if legal(from, st, by) {
			next = append(next, string(st))
		}
	}
	who := "Payson"
	if by == byMerchant {
		who = "the merchant"
	}
	msg := fmt.Sprintf("The status can not change from %s to %s", from, to)
	if len(next) == 0 {
		return msg + fmt.Sprintf("; %s can not change a checkout that is %s.", who, from)
	}
	return msg + fmt.Sprintf("; from %s %s may only set %s.", from, who, strings.Join(next, " or "))
}

// changes collects the notifications a request causes.
type changes []notice

// notice is one notification to deliver: checkout id reached status.
type notice struct {
	id     uuid.UUID
	status payson.Status
	uri    string // the notificationUri at the time
}

// move changes rec's status to to if by may, stamping the history, giving
// a paid checkout its purchase id, and queueing the notification.
func (s *Sandbox) move(rec *record, to payson.Status, by actor, ch *changes) error {
	from := rec.co.Status
	if !legal(from, to, by) {
		return errors.New(illegalMove(from, to, by))
	}
	rec.co.Status = to
	if rec.co.History == nil {
		rec.co.History = &payson.History{}
	}
	rec.co.History.Set(to, s.opts.Now())
	if to == payson.StatusReadyToShip {
		s.purchaseSeq++
		id := s.purchaseSeq
		rec.co.PurchaseID = &id
	}
	if notifies(to) {
		*ch = append(*ch, notice{id: rec.co.ID, status: to, uri: rec.co.Merchant.NotificationURI})
	}
	return nil
}

// expireIfDue expires rec if its time is up: an unpaid checkout at its
// expirationTime, a paid one left unshipped for readyToShipLifetime.
func (s *Sandbox) expireIfDue(rec *record, ch *changes) {
	now := s.opts.Now()
	var due bool
	switch {
	case open(rec.co.Status):
		due = rec.co.ExpirationTime != nil && !now.Before(rec.co.ExpirationTime.Time)
	case rec.co.Status == payson.StatusReadyToShip:
		paid := rec.co.History.At(payson.StatusReadyToShip)
		due = paid != nil && !now.Before(paid.Add(readyToShipLifetime))
	}
	if due {
		// legal by construction: both cases may expire.
		_ = s.move(rec, payson.StatusExpired, byPayson, ch)
	}
}
