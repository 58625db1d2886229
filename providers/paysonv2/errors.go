package paysonv2

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"paygate/apierr"
	"paygate/providers/payson"
)

// paysonError turns a failed call to Payson into the answer for our caller.
// doing says what was attempted ("create the checkout"). field maps a
// Payson property to the request member it came from ("" when none did).
//
// Payson refusing the request is the caller's to fix (400, with Payson's
// field errors) or a checkout Payson does not know (404). Payson being
// unreachable, failing, or refusing the company's credentials is not
// something the caller can fix: 502, and the credentials case says what the
// company's administrator has to do.
func paysonError(doing string, err error, field func(property string) string) *apierr.Error {
	var perr *payson.Error
	if !errors.As(err, &perr) || errors.Is(err, payson.ErrUnavailable) {
		return apierr.Unavailable("PaysonUnavailable",
			fmt.Sprintf("Payson could not be reached to %s; try again later.", doing), err)
	}
	switch perr.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return apierr.Unavailable("PaysonCredentialsRejected", fmt.Sprintf(
			"Payson refused the company's API credentials when asked to %s; check the Payson API settings.", doing), err)
	case http.StatusNotFound:
		e := apierr.NotFound(fmt.Sprintf("Payson does not know the checkout (%s).", perr.Message))
		e.Err = err
		return e
	}
	e := &apierr.Error{Status: http.StatusBadRequest, Code: "PaysonError",
		Message: fmt.Sprintf("Payson refused to %s: %s", doing, summary(perr)), Err: err}
	for _, fe := range perr.Errors {
		name := fe.Property
		if field != nil {
			if f := field(fe.Property); f != "" {
				name = f
			}
		}
		e.Fields = append(e.Fields, apierr.FieldError{Code: "PaysonError", Field: name, Message: fe.Message,
			Meta: map[string]string{"PaysonProperty": fe.Property}})
	}
	return e
}

// summary is Payson's message, or its first field error when the message
// says nothing more than that the request was invalid.
func summary(perr *payson.Error) string {
	if len(perr.Errors) > 0 {
		return perr.Errors[0].Message
	}
	if perr.Message != "" {
		return perr.Message
	}
	return http.StatusText(perr.Status)
}

var itemProperty = regexp.MustCompile(`^order\.items\[(\d+)\]`)

// createField maps the properties of a created checkout to the members of
// PaysonV2CreateCheckout they were made from.
func createField(property string) string {
	if m := itemProperty.FindStringSubmatch(property); m != nil {
		return "Articles[" + m[1] + "]"
	}
	switch property {
	case "merchant.checkoutUri":
		return "CheckoutUrl"
	case "merchant.confirmationUri":
		return "ConfirmationUrl"
	case "order.currency", "order.items":
		return "Articles"
	case "gui.locale":
		return "Language"
	}
	return ""
}
