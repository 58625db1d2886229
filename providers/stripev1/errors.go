package stripev1

import (
	"errors"
	"net/http"

	"paygate/apierr"
	"paygate/providers/stripe"
)

// stripeError turns a failed Stripe call into our answer: Stripe refusing
// the request is a 400 with Stripe's own message, anything else a 502. what
// completes "Stripe could not be reached to …".
func stripeError(err error, what string) *apierr.Error {
	err = stripe.Classify(err)
	var re *stripe.RequestError
	if errors.As(err, &re) {
		meta := map[string]string{"StripeType": re.Type}
		for k, v := range map[string]string{"StripeCode": re.Code, "StripeParam": re.Param, "StripeRequestId": re.RequestID} {
			if v != "" {
				meta[k] = v
			}
		}
		return &apierr.Error{Status: http.StatusBadRequest, Code: "StripeRequestError",
			Message: "Stripe refused to " + what + ": " + re.Message, Meta: meta, Err: err}
	}
	return apierr.Unavailable("StripeUnavailable", "Stripe could not be reached to "+what+"; please try again.", err)
}
