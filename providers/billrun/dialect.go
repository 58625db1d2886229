package billrun

import (
	"net/http"

	"paygate/apierr"
	"paygate/dto"
	"paygate/server"
)

// Dialect renders failures as BillRun does: HTTP 200 and status 0. desc and
// details.message both carry the reason, because BillRun's documentation
// reads desc and its code writes details.message.
type Dialect struct{}

// Render implements server.Dialect.
func (Dialect) Render(e *apierr.Error, _ *server.Operation, _ bool) (int, any) {
	return http.StatusOK, &dto.BillRunFailure{Desc: e.Message, Details: dto.BillRunFailureDetails{Message: e.Message}}
}

// The statuses below reach logs and metrics only; callers see 200.

// invalid refuses a request for its field.
func invalid(field, message string) *apierr.Error {
	return apierr.Invalid(field, "Invalid", message)
}

// notAuthenticated is BillRun's answer to a missing or wrong signature.
func notAuthenticated() *apierr.Error {
	return apierr.Unauthorized("Failed to authenticate")
}
