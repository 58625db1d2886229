package payments

import (
	"net/http"

	"paygate/apierr"
	"paygate/dto"
	"paygate/server"
)

// Error codes of the surface's {error, message} bodies.
const (
	codeInvalidJSON           = "invalid_json"
	codeValidation            = "validation_error"
	codeAmountMismatch        = "amount_mismatch"
	codeUnknownStripeCustomer = "unknown_stripe_customer"
	codeInvalidPromoCode      = "invalid_promo_code"
	codeInvalidRequest        = "invalid_request" // Stripe refused the request for its content
	codeUnsupportedMedia      = "unsupported_media_type"
	codeUnauthorized          = "unauthorized"
	codeInsufficientScope     = "insufficient_scope"
	codeForbidden             = "forbidden"
	codeNotFound              = "not_found"
	codeIdempotencyKey        = "invalid_idempotency_key"
	codeIdempotencyConflict   = "idempotency_conflict"
	codeIdempotencyKeyReused  = "idempotency_key_reused"
	codeInvalidSignature      = "invalid_signature"
	codeWebhookUnconfigured   = "webhook_not_configured"
	codeStripe                = "stripe_error"
	codeInternal              = "internal_error"
)

// ownCodes are the codes this package raises; the dialect passes them
// through and names everything else (raised by the server) by its status.
var ownCodes = map[string]bool{
	codeInvalidJSON: true, codeValidation: true, codeAmountMismatch: true, codeInvalidPromoCode: true,
	codeInvalidRequest: true, codeUnsupportedMedia: true, codeForbidden: true, codeNotFound: true,
	codeIdempotencyKey: true, codeIdempotencyConflict: true, codeIdempotencyKeyReused: true,
	codeInvalidSignature: true, codeWebhookUnconfigured: true, codeStripe: true, codeUnknownStripeCustomer: true,
}

// statusCodes names the failures the server raises before a handler runs.
// The payments operations check scopes only, so a 403 from the server is
// always a missing scope.
var statusCodes = map[int]string{
	http.StatusBadRequest:            codeValidation,
	http.StatusUnauthorized:          codeUnauthorized,
	http.StatusForbidden:             codeInsufficientScope,
	http.StatusNotFound:              codeNotFound,
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusRequestEntityTooLarge: "payload_too_large",
	http.StatusUnsupportedMediaType:  codeUnsupportedMedia,
	http.StatusTooManyRequests:       "too_many_requests",
}

// plain renders errors as the surface's {error, message}.
type plain struct{}

// Render implements server.Dialect.
func (plain) Render(e *apierr.Error, _ *server.Operation, _ bool) (int, any) {
	code, msg := e.Code, e.Message
	if !ownCodes[code] {
		code = statusCodes[e.Status]
		if code == "" {
			code = codeInternal
		}
		// A failed rule is written "field: problem", the way the
		// surface's own binder words its refusals.
		if len(e.Fields) > 0 && e.Fields[0].Field != "" {
			f := e.Fields[0]
			problem := f.Problem
			if problem == "" {
				problem = f.Message
			}
			msg = f.Field + ": " + problem
		}
	}
	return e.Status, &dto.PaymentsError{Error: code, Message: msg}
}

// invalid is a 400 validation_error naming field.
func invalid(field, problem string) *apierr.Error {
	return apierr.BadRequest(codeValidation, field+": "+problem)
}
