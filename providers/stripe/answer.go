package stripe

import (
	"errors"
	"net/http"

	"paygate/apierr"
)

// The codes of APIError's answers, as the BokaMera surfaces show them.
const (
	CodeRefused     = "StripeRequestError"
	CodeUnavailable = "StripeUnavailable"
)

// APIError is a failed stripe-go call as paygate answers it, on every
// surface alike (see the package documentation):
//
//   - Stripe refusing the request for what it asked (a *RequestError) is
//     a 400 whose message is Stripe's, written for people, with Stripe's
//     type, code, parameter and request id in Meta;
//   - anything else (ErrUnavailable) is a 502, or a 504 when the call ran
//     out of time and Stripe may still act on it, with a message that
//     quotes nothing of Stripe's.
//
// Err is the classified error, so errors.As finds the *RequestError. A
// surface words Code and Message in its own dialect; it keeps Status.
func APIError(err error) *apierr.Error {
	err = Classify(err)
	var re *RequestError
	if !errors.As(err, &re) {
		return apierr.Unavailable(CodeUnavailable, "Stripe could not be reached; please try again.", err)
	}
	meta := map[string]string{"StripeType": re.Type}
	for k, v := range map[string]string{"StripeCode": re.Code, "StripeParam": re.Param, "StripeRequestId": re.RequestID} {
		if v != "" {
			meta[k] = v
		}
	}
	return &apierr.Error{Status: http.StatusBadRequest, Code: CodeRefused, Message: re.Message, Meta: meta, Err: err}
}
