package payson

import "strings"

// Status is the state of a checkout. Payson moves most of them; a merchant
// may only set StatusShipped and StatusCanceled (through UpdateCheckout).
type Status string

const (
	StatusCreated           Status = "created"
	StatusFormsFilled       Status = "formsFilled"
	StatusReadyToPay        Status = "readyToPay"
	StatusProcessingPayment Status = "processingPayment"
	StatusReadyToShip       Status = "readyToShip"
	StatusShipped           Status = "shipped"
	StatusPaidToAccount     Status = "paidToAccount"
	StatusCanceled          Status = "canceled"
	StatusExpired           Status = "expired"
	StatusDenied            Status = "denied"
)

// Statuses lists every status in the order a checkout passes through them.
func Statuses() []Status {
	return []Status{
		StatusCreated, StatusFormsFilled, StatusReadyToPay, StatusProcessingPayment,
		StatusReadyToShip, StatusShipped, StatusPaidToAccount,
		StatusCanceled, StatusExpired, StatusDenied,
	}
}

// ParseStatus finds the status named s. Payson's enums are case-insensitive
// on input, so "Shipped" and "shipped" are the same status.
func ParseStatus(s string) (Status, bool) {
	for _, st := range Statuses() {
		if strings.EqualFold(s, string(st)) {
			return st, true
		}
	}
	return "", false
}

// Paid reports whether the customer has completed the purchase, that is
// whether s is readyToShip or a later step of a paid checkout.
func (s Status) Paid() bool {
	switch s {
	case StatusReadyToShip, StatusShipped, StatusPaidToAccount:
		return true
	}
	return false
}
