package paysonv2

import (
	"strconv"

	"paygate/dto"
	"paygate/providers/payson"
	"paygate/store"
)

// rank places a Payson status along Payson's machine, so that every legal
// transition raises it: storing only higher ranks keeps a stale or repeated
// read from moving a checkout backwards. The endings share the top rank
// because none of them follows another; an unknown status ranks 0 and is
// never stored over a known one.
func rank(s payson.Status) int {
	switch s {
	case payson.StatusCreated:
		return 1
	case payson.StatusFormsFilled:
		return 2
	case payson.StatusReadyToPay:
		return 3
	case payson.StatusProcessingPayment:
		return 4
	case payson.StatusReadyToShip:
		return 5
	case payson.StatusShipped:
		return 6
	case payson.StatusPaidToAccount:
		return 7
	case payson.StatusCanceled, payson.StatusExpired, payson.StatusDenied:
		return 8
	}
	return 0
}

// observed is what a checkout read from Payson says about its status.
func observed(co *payson.Checkout) store.PaysonStatus {
	st, _ := payson.ParseStatus(string(co.Status))
	if st == "" {
		st = co.Status
	}
	return store.PaysonStatus{Status: string(st), Rank: rank(st), CreditedAmount: int64(co.Order.TotalCreditedAmount)}
}

// bokaMeraStatus maps Payson's status to BokaMera's enum. None (nothing
// known yet) and Credited (money given back after shipping) are BokaMera's
// own.
func bokaMeraStatus(st store.PaysonStatus) dto.Payson2CheckoutStatus {
	s := payson.Status(st.Status)
	if st.CreditedAmount > 0 && (s == payson.StatusShipped || s == payson.StatusPaidToAccount) {
		return dto.PaysonStatusCredited
	}
	switch s {
	case payson.StatusCreated:
		return dto.PaysonStatusCreated
	case payson.StatusFormsFilled:
		return dto.PaysonStatusFormsFilled
	case payson.StatusReadyToPay:
		return dto.PaysonStatusReadyToPay
	case payson.StatusProcessingPayment:
		return dto.PaysonStatusProcessingPayment
	case payson.StatusReadyToShip:
		return dto.PaysonStatusReadyToShip
	case payson.StatusShipped:
		return dto.PaysonStatusShipped
	case payson.StatusPaidToAccount:
		return dto.PaysonStatusPaidToAccount
	case payson.StatusCanceled:
		return dto.PaysonStatusCanceled
	case payson.StatusExpired:
		return dto.PaysonStatusExpired
	case payson.StatusDenied:
		return dto.PaysonStatusDenied
	}
	return dto.PaysonStatusNone
}

// describe names a status for messages the way BokaMera's enum documents
// it: "ReadyToShip (5)".
func describe(s dto.Payson2CheckoutStatus) string {
	return s.String() + " (" + strconv.Itoa(int(s)) + ")"
}
