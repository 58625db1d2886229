package payson

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrUnavailable matches every error that means Payson could not be asked or
// did not answer properly: a transport failure, a 5xx or 429, or a response
// that is not the JSON it should be. The request may succeed if retried; a
// gateway in front of Payson answers these with 502.
var ErrUnavailable = errors.New("service unavailable")

// Error is a request Payson answered with an error status. For 400 Errors
// names the offending fields, e.g. Property "order.items[0].unitPrice".
type Error struct {
	Status  int          `json:"-"` // the HTTP status
	Message string       `json:"message"`
	Errors  []FieldError `json:"errors,omitempty"`
}

// FieldError is one problem with one property of the request.
type FieldError struct {
	Message  string `json:"message"`
	Property string `json:"property,omitempty"`
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for i, fe := range e.Errors {
		sep := "; "
		if i == 0 {
			sep = " ("
		}
		b.WriteString(sep)
		if fe.Property != "" {
			b.WriteString(fe.Property + ": ")
		}
		b.WriteString(fe.Message)
	}
	if len(e.Errors) > 0 {
		b.WriteString(")")
	}
	return b.String()
}

// Property returns the first field error about property p, if any.
func (e *Error) Property(p string) (FieldError, bool) {
	for _, fe := range e.Errors {
		if fe.Property == p {
			return fe, true
		}
	}
	return FieldError{}, false
}
