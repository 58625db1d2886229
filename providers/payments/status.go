package payments

import (
	stripego "github.com/stripe/stripe-go/v76"
)

// Statuses of a payment. Stripe's vocabularies (PaymentIntent, invoice,
// subscription) fold into these.
const (
	statusPending        = "pending"
	statusRequiresAction = "requires_action"
	statusProcessing     = "processing"
	statusSucceeded      = "succeeded"
	statusFailed         = "failed"
	statusCanceled       = "canceled"
)

// paymentIntentStatus maps a PaymentIntent; "" for a status it does not
// know, which moves nothing. A PaymentIntent waiting for a payment method
// after an attempt failed is failed until the next attempt.
func paymentIntentStatus(pi *stripego.PaymentIntent) string {
	switch pi.Status {
	case stripego.PaymentIntentStatusRequiresPaymentMethod:
		if pi.LastPaymentError != nil {
			return statusFailed
		}
		return statusPending
	case stripego.PaymentIntentStatusRequiresConfirmation:
		return statusPending
	case stripego.PaymentIntentStatusRequiresAction:
		return statusRequiresAction
	case stripego.PaymentIntentStatusProcessing, stripego.PaymentIntentStatusRequiresCapture:
		return statusProcessing
	case stripego.PaymentIntentStatusSucceeded:
		return statusSucceeded
	case stripego.PaymentIntentStatusCanceled:
		return statusCanceled
	}
	return ""
}

// subscriptionStatus maps a subscription's status; "" moves nothing.
func subscriptionStatus(s stripego.SubscriptionStatus) string {
	switch s {
	case stripego.SubscriptionStatusIncomplete:
		return statusPending
	case stripego.SubscriptionStatusActive, stripego.SubscriptionStatusTrialing:
		return statusSucceeded
	case stripego.SubscriptionStatusIncompleteExpired, stripego.SubscriptionStatusPastDue, stripego.SubscriptionStatusUnpaid:
		return statusFailed
	case stripego.SubscriptionStatusCanceled:
		return statusCanceled
	}
	return ""
}

// invoiceStatus maps an invoice event; "" for events that say nothing
// about payment (created, finalized, upcoming, …).
func invoiceStatus(eventType stripego.EventType) string {
	switch eventType {
	case stripego.EventTypeInvoicePaid, stripego.EventTypeInvoicePaymentSucceeded:
		return statusSucceeded
	case stripego.EventTypeInvoicePaymentFailed, stripego.EventTypeInvoiceMarkedUncollectible:
		return statusFailed
	case stripego.EventTypeInvoicePaymentActionRequired:
		return statusRequiresAction
	case stripego.EventTypeInvoiceVoided:
		return statusCanceled
	}
	return ""
}
