package paysonv2

import (
	"strconv"

	"paygate/dto"
	"paygate/providers/payson"
	"paygate/store"
)

// statuses places each Payson status along Payson's machine and names it in
// BokaMera's enum. Every legal transition raises the rank, so that storing
// only higher ranks keeps a stale or repeated read from moving a checkout
// backwards. The endings share the top rank because none of them follows
// another; a status missing here ranks 0 and is never stored over a known
// one.
var statuses = map[payson.Status]struct {
	rank     int
	bokaMera dto.Payson2CheckoutStatus
}{
	payson.StatusCreated:           {1, dto.PaysonStatusCreated},
	payson.StatusFormsFilled:       {2, dto.PaysonStatusFormsFilled},
	payson.StatusReadyToPay:        {3, dto.PaysonStatusReadyToPay},
	payson.StatusProcessingPayment: {4, dto.PaysonStatusProcessingPayment},
	payson.StatusReadyToShip:       {5, dto.PaysonStatusReadyToShip},
	payson.StatusShipped:           {6, dto.PaysonStatusShipped},
	payson.StatusPaidToAccount:     {7, dto.PaysonStatusPaidToAccount},
	payson.StatusCanceled:          {8, dto.PaysonStatusCanceled},
	payson.StatusExpired:           {8, dto.PaysonStatusExpired},
	payson.StatusDenied:            {8, dto.PaysonStatusDenied},
}

// observed is what a checkout read from Payson says about its status.
func observed(co *payson.Checkout) store.PaysonStatus {
	st, _ := payson.ParseStatus(string(co.Status))
	if st == "" {
		st = co.Status
	}
	ps := store.PaysonStatus{Status: string(st), Rank: statuses[st].rank, CreditedAmount: int64(co.Order.TotalCreditedAmount)}
	if st.Paid() {
		ps.Order = paidOrder(co)
	}
	return ps
}

// paidOrder is what the payment log keeps of a paid checkout.
func paidOrder(co *payson.Checkout) *store.PaysonOrder {
	o := &store.PaysonOrder{}
	if co.PurchaseID != nil {
		o.PurchaseID = strconv.FormatInt(*co.PurchaseID, 10)
	}
	for _, it := range co.Order.Items {
		o.Lines = append(o.Lines, store.PaysonLine{Reference: it.Reference, Name: it.Name,
			UnitPrice: int64(it.UnitPrice), Quantity: int64(it.Quantity), VAT: int64(it.TotalTaxAmount)})
	}
	return o
}

// bokaMeraStatus maps Payson's status to BokaMera's enum. None (nothing
// known yet, and the zero value) and Credited (money given back after
// shipping) are BokaMera's own.
func bokaMeraStatus(st store.PaysonStatus) dto.Payson2CheckoutStatus {
	s := payson.Status(st.Status)
	if st.CreditedAmount > 0 && (s == payson.StatusShipped || s == payson.StatusPaidToAccount) {
		return dto.PaysonStatusCredited
	}
	return statuses[s].bokaMera
}

// describe names a status for messages the way BokaMera's enum documents
// it: "ReadyToShip (5)".
func describe(s dto.Payson2CheckoutStatus) string {
	return s.String() + " (" + strconv.Itoa(int(s)) + ")"
}
