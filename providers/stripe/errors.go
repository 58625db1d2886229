package stripe

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	stripego "github.com/stripe/stripe-go/v76"
)

// ErrUnavailable marks a failure that is not the caller's input: the network,
// a timeout, Stripe's 5xx, rate limits, a concurrent use of the same
// idempotency key, or a key or account Stripe does not accept. Callers
// answer 502; the request may succeed if repeated later.
var ErrUnavailable = errors.New("stripe unavailable")

// RequestError is Stripe refusing a request for what it asked: an invalid
// parameter, a declined card, an idempotency key reused with other
// parameters, an unknown object. Callers answer 400 with Message, which
// Stripe writes for people.
type RequestError struct {
	Status      int    // HTTP status from Stripe (400, 402, 404, …)
	Type        string // invalid_request_error, card_error, idempotency_error
	Code        string // e.g. parameter_unknown, card_declined; may be empty
	DeclineCode string // card errors only
	Param       string // the offending parameter, when Stripe names one
	Message     string
	RequestID   string // Stripe's req_… id, for support

	err *stripego.Error
}

func (e *RequestError) Error() string {
	// Built from chosen fields: stripego.Error's own text is its JSON, which
	// for card errors embeds the PaymentIntent and its client_secret.
	var b strings.Builder
	fmt.Fprintf(&b, "stripe: %d %s", e.Status, e.Type)
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Param != "" {
		fmt.Fprintf(&b, " param %s", e.Param)
	}
	fmt.Fprintf(&b, ": %s", e.Message)
	return b.String()
}

// Unwrap gives access to stripe-go's error (and through it *stripego.CardError
// and the others).
func (e *RequestError) Unwrap() error { return e.err }

// unavailableError is ErrUnavailable with its cause.
type unavailableError struct {
	msg   string
	cause error
}

func (e *unavailableError) Error() string        { return "stripe unavailable: " + e.msg }
func (e *unavailableError) Is(target error) bool { return target == ErrUnavailable }
func (e *unavailableError) Unwrap() error        { return e.cause }

// Classify maps an error from a stripe-go call to a *RequestError or an error
// matching ErrUnavailable; nil stays nil and a classified error is returned
// as is. The cause stays reachable with errors.Is and errors.As (for
// instance context.DeadlineExceeded, *url.Error, *stripego.Error).
func Classify(err error) error {
	if err == nil {
		return nil
	}
	var re *RequestError
	if errors.As(err, &re) || errors.Is(err, ErrUnavailable) {
		return err
	}
	var se *stripego.Error
	if !errors.As(err, &se) {
		// No answer from Stripe: connection refused or reset, timeout,
		// canceled context, or a body that is not Stripe's JSON (quoted
		// in part, hence the masking).
		return &unavailableError{msg: maskSecrets(err.Error(), ""), cause: err}
	}
	if isRequestError(se) {
		return &RequestError{
			Status:      se.HTTPStatusCode,
			Type:        string(se.Type),
			Code:        string(se.Code),
			DeclineCode: string(se.DeclineCode),
			Param:       se.Param,
			Message:     se.Msg,
			RequestID:   se.RequestID,
			err:         se,
		}
	}
	msg := fmt.Sprintf("%d %s", se.HTTPStatusCode, se.Type)
	if se.Code != "" {
		msg += " (" + string(se.Code) + ")"
	}
	// Stripe's message for 401 and 403 may quote the key (stripe-mock
	// quotes the whole Authorization header), so it stays out of ours.
	if se.HTTPStatusCode != http.StatusUnauthorized && se.HTTPStatusCode != http.StatusForbidden && se.Msg != "" {
		msg += ": " + se.Msg
	}
	if se.RequestID != "" {
		msg += " [" + se.RequestID + "]"
	}
	return &unavailableError{msg: msg, cause: se}
}

// isRequestError reports whether Stripe refused the request for its content,
// which the end user can change, rather than for our configuration or its
// own state.
func isRequestError(se *stripego.Error) bool {
	switch s := se.HTTPStatusCode; {
	case s == http.StatusUnauthorized, s == http.StatusForbidden:
		// Our secret key or the connected account: configuration.
		return false
	case s == http.StatusConflict, s == http.StatusTooManyRequests:
		// Same idempotency key in flight, rate limit, lock timeout:
		// transient.
		return false
	case s < 400 || s >= 500:
		return false
	}
	return se.Type != stripego.ErrorTypeAPI
}
