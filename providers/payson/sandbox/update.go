package sandbox

import (
	"strings"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// update applies a merchant's PUT of the whole checkout in to rec. What may
// change depends on where the checkout is:
//
//   - before payment (created, formsFilled, readyToPay) the merchant may
//     change the order, merchant, gui, description and expiry, and the
//     customer prefill while the customer has not filled the form yet;
//   - from processingPayment on the order is what the customer pays for:
//     only items' creditedAmount may rise, and only once shipped; the
//     merchant addresses may still change (a shop updating its reference);
//   - an ended checkout (canceled, expired, denied) takes no changes.
//
// Fields Payson owns are ignored. Everything is checked before anything is
// applied, and all problems are reported together.
func (s *Sandbox) update(rec *record, in *payson.Checkout, ch *changes) error {
	cur := rec.co.Status
	next := clone(rec.co)
	var p problems

	if in.ID != uuid.Nil && in.ID != rec.co.ID {
		p.add("id", "The id in the body does not match the checkout in the URL.")
	}
	target := cur
	if in.Status != "" {
		st, ok := payson.ParseStatus(string(in.Status))
		switch {
		case !ok:
			p.add("status", "%q is not a checkout status.", in.Status)
		case st != cur && !legal(cur, st, byMerchant):
			p.add("status", "%s", illegalMove(cur, st, byMerchant))
		default:
			target = st
		}
	}

	switch {
	case ended(cur):
		if in.Merchant != rec.co.Merchant {
			p.add("merchant", "The checkout is %s and can no longer be changed.", cur)
		}
	case cur == payson.StatusCreated || cur == payson.StatusFormsFilled || cur == payson.StatusReadyToPay:
		s.updateUnpaid(&next, in, &p)
	default:
		checkMerchant(&in.Merchant, &p)
		next.Merchant = in.Merchant
		if in.Order.Currency != "" && !strings.EqualFold(string(in.Order.Currency), string(next.Order.Currency)) {
			p.add("order.currency", "The currency can not change once the checkout is %s.", cur)
		}
		next.Order.Items = creditItems(cur, rec.co.Order.Items, in.Order.Items, &p)
		computeTotals(&next.Order)
	}
	if len(p) > 0 {
		return invalid(p)
	}

	rec.co = next
	if target != cur {
		// Checked above; move only stamps and notifies.
		return s.move(rec, target, byMerchant, ch)
	}
	return nil
}

// updateUnpaid applies the parts of in a merchant may change before payment.
func (s *Sandbox) updateUnpaid(next *payson.Checkout, in *payson.Checkout, p *problems) {
	checkMerchant(&in.Merchant, p)
	next.Merchant = in.Merchant

	prepareOrder(&in.Order, next.Order.Items, p)
	next.Order = in.Order

	gui := payson.GUI{}
	if in.GUI != nil {
		gui = *in.GUI
	}
	checkGUI(&gui, p)
	next.GUI = &gui

	checkExpiration(in.ExpirationTime, s.opts.Now(), p)
	next.ExpirationTime = in.ExpirationTime
	next.Description = in.Description

	// Once the customer has filled the form, the customer is theirs.
	if next.Status == payson.StatusCreated && in.Customer != nil {
		checkCustomer(in.Customer, p)
		next.Customer = in.Customer
	}
}
