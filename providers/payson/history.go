package payson

import "time"

// At is when the checkout entered status s, or nil if it never did (or h is
// nil).
func (h *History) At(s Status) *Time {
	if h == nil {
		return nil
	}
	if p := h.field(s); p != nil {
		return *p
	}
	return nil
}

// Set records that the checkout entered status s at t.
func (h *History) Set(s Status, t time.Time) {
	if p := h.field(s); p != nil {
		*p = NewTime(t)
	}
}

func (h *History) field(s Status) **Time {
	switch s {
	case StatusCreated:
		return &h.Created
	case StatusFormsFilled:
		return &h.FormsFilled
	case StatusReadyToPay:
		return &h.ReadyToPay
	case StatusProcessingPayment:
		return &h.ProcessingPayment
	case StatusReadyToShip:
		return &h.ReadyToShip
	case StatusShipped:
		return &h.Shipped
	case StatusPaidToAccount:
		return &h.PaidToAccount
	case StatusCanceled:
		return &h.Canceled
	case StatusExpired:
		return &h.Expired
	case StatusDenied:
		return &h.Denied
	}
	return nil
}
