package payments

import (
	"context"

	"paygate/dto"
)

// Webhook is the Stripe webhook handler of a service on d, to call without
// a server.
func Webhook(d Deps) func(context.Context, *dto.StripePaymentsWebhook) (*dto.StripeWebhookResult, error) {
	return newService(d).stripeWebhook
}
