package stripev1

import (
	"context"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/dto"
	"paygate/store"
)

// IPNCallback is the IPN handler of a service on d, to call without a server.
func IPNCallback(d Deps) func(context.Context, *dto.StripeCheckoutIpnCallBackRequest) (*dto.IpnCallBackResponse, error) {
	return newService(d).ipnCallback
}

// SessionParams exposes the session create of checkout c, so that the
// benchmark's baseline sends stripe-mock byte for byte what a create sends.
func SessionParams(ctx context.Context, c store.StripeCheckout, countryCode, confirmationURL, cancelURL string) *stripego.CheckoutSessionParams {
	return sessionParams(ctx, sessionRequest{checkout: c, countryCode: countryCode, confirmationURL: confirmationURL, cancelURL: cancelURL})
}
