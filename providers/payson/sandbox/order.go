package sandbox

import (
	"fmt"
	"math"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// computeTotals fills in the read-only totals of o and its items. Unit
// prices include tax, so tax is taken out of the line total rather than
// added to it; each line is rounded to whole hundredths before summing, so
// the order's totals are the sums of what the lines show.
func computeTotals(o *payson.Order) {
	o.TotalPriceIncludingTax, o.TotalPriceExcludingTax, o.TotalTaxAmount, o.TotalCreditedAmount = 0, 0, 0, 0
	for i := range o.Items {
		it := &o.Items[i]
		incl := payson.Amount(math.Round(float64(it.UnitPrice) * it.Quantity * (1 - it.DiscountRate)))
		excl := payson.Amount(math.Round(float64(incl) / (1 + it.TaxRate)))
		it.TotalPriceIncludingTax, it.TotalPriceExcludingTax, it.TotalTaxAmount = incl, excl, incl-excl
		o.TotalPriceIncludingTax += incl
		o.TotalPriceExcludingTax += excl
		o.TotalTaxAmount += incl - excl
		o.TotalCreditedAmount += it.CreditedAmount
	}
}

// replaceItems gives the items of a changed order (before payment) their
// ids: an item naming an existing itemId keeps it, one without gets a new
// one. An unknown or repeated itemId is refused, since Payson matches rows
// by it.
func replaceItems(old, items []payson.OrderItem, p *problems) {
	known := make(map[uuid.UUID]bool, len(old))
	for _, it := range old {
		known[it.ItemID] = true
	}
	seen := make(map[uuid.UUID]bool, len(items))
	for i := range items {
		it := &items[i]
		prop := fmt.Sprintf("order.items[%d]", i)
		if it.CreditedAmount != 0 {
			p.add(prop+".creditedAmount", "Items can only be credited once the checkout is shipped.")
		}
		switch {
		case it.ItemID == uuid.Nil:
			it.ItemID = uuid.New()
		case !known[it.ItemID]:
			p.add(prop+".itemId", "The order has no item with itemId %s.", it.ItemID)
		case seen[it.ItemID]:
			p.add(prop+".itemId", "itemId %s appears more than once.", it.ItemID)
		}
		seen[it.ItemID] = true
	}
}

// creditItems applies an update to the items of a paid order. The customer
// agreed to pay for exactly these rows, so nothing that affects the price may
// change; the one thing a merchant may do, once the checkout is shipped, is
// raise an item's creditedAmount (refund it, up to its total).
func creditItems(status payson.Status, stored []payson.OrderItem, in []payson.OrderItem, p *problems) []payson.OrderItem {
	if len(in) != len(stored) {
		p.add("order.items", "Items can not be added or removed once the checkout is %s.", status)
		return stored
	}
	byID := make(map[uuid.UUID]int, len(stored))
	for i, it := range stored {
		byID[it.ItemID] = i
	}
	out := make([]payson.OrderItem, len(stored))
	copy(out, stored)
	mayCredit := status == payson.StatusShipped || status == payson.StatusPaidToAccount
	for i, it := range in {
		prop := fmt.Sprintf("order.items[%d]", i)
		if it.ItemID == uuid.Nil {
			p.add(prop+".itemId", "%s.itemId is required on update.", prop)
			continue
		}
		j, ok := byID[it.ItemID]
		if !ok {
			p.add(prop+".itemId", "The order has no item with itemId %s.", it.ItemID)
			continue
		}
		old := stored[j]
		if it.UnitPrice != old.UnitPrice || it.Quantity != old.Quantity ||
			it.TaxRate != old.TaxRate || it.DiscountRate != old.DiscountRate {
			p.add(prop, "The price, quantity, taxRate and discountRate of an item can not change once the checkout is %s.", status)
		}
		if it.CreditedAmount == old.CreditedAmount {
			continue
		}
		switch {
		case !mayCredit:
			p.add(prop+".creditedAmount", "Items can only be credited once the checkout is shipped; it is %s.", status)
		case it.CreditedAmount < old.CreditedAmount:
			p.add(prop+".creditedAmount", "creditedAmount can not be lowered (it is %s).", old.CreditedAmount)
		case it.CreditedAmount > old.TotalPriceIncludingTax:
			p.add(prop+".creditedAmount", "creditedAmount can not exceed the item's total %s.", old.TotalPriceIncludingTax)
		default:
			out[j].CreditedAmount = it.CreditedAmount
		}
	}
	return out
}

// prepareOrder validates a new or changed order and computes its totals.
func prepareOrder(o *payson.Order, old []payson.OrderItem, p *problems) {
	before := len(*p)
	checkOrder(o, p)
	replaceItems(old, o.Items, p)
	if len(*p) > before {
		return // rates out of range would make nonsense totals
	}
	computeTotals(o)
	if len(o.Items) > 0 && o.TotalPriceIncludingTax <= 0 {
		p.add("order.totalPriceIncludingTax", "The order total must be greater than zero.")
	}
}
