package stripev1

import (
	"errors"

	"paygate/apierr"
	"paygate/providers/stripe"
)

// stripeError words a failed Stripe call for this surface; what completes
// "Stripe refused to …" and "Stripe could not be reached to …".
func stripeError(err error, what string) *apierr.Error {
	e := stripe.APIError(err)
	var re *stripe.RequestError
	if errors.As(e, &re) {
		e.Message = "Stripe refused to " + what + ": " + re.Message
		return e
	}
	e.Message = "Stripe could not be reached to " + what + "; please try again."
	return e
}
