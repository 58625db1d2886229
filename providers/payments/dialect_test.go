package payments

import (
	"net/http"
	"testing"

	"paygate/apierr"
	"paygate/dto"
)

func TestDialectNamesServerErrors(t *testing.T) {
	for _, tc := range []struct {
		in   *apierr.Error
		code string
		msg  string
	}{
		{apierr.Unauthorized("Not Authenticated"), "unauthorized", "Not Authenticated"},
		{apierr.New(http.StatusUnauthorized, "TokenException", "Token has expired"), "unauthorized", "Token has expired"},
		{apierr.New(http.StatusForbidden, "Forbidden", "Insufficient scope: payments:write"), "insufficient_scope", "Insufficient scope: payments:write"},
		{apierr.New(http.StatusTooManyRequests, "TooManyRequests", "retry in 3 seconds"), "too_many_requests", "retry in 3 seconds"},
		{apierr.New(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "too large"), "payload_too_large", "too large"},
		{apierr.Validation(apierr.FieldError{Code: "NotEmpty", Field: "customer_id", Message: "'customer_id' must not be empty."}),
			"validation_error", "customer_id: 'customer_id' must not be empty."},
		{apierr.From(http.ErrAbortHandler), "internal_error", "An internal error occurred."},
		{invalid("currency", "must be 3 letters"), "validation_error", "currency: must be 3 letters"},
	} {
		status, body := plain{}.Render(tc.in, nil, true)
		got := body.(*dto.PaymentsError)
		if status != tc.in.Status || got.Error != tc.code || got.Message != tc.msg {
			t.Errorf("%v: %d %+v, want %s %q", tc.in, status, got, tc.code, tc.msg)
		}
	}
}
