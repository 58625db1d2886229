// Package apierr is the error vocabulary handlers speak. A handler returns an
// *Error; each surface's dialect (ServiceStack ResponseStatus, BillRun,
// plain {error, message}) renders it in its own shape.
package apierr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Error is a failure with an HTTP status, a machine-readable code and a
// message a person can act on.
type Error struct {
	Status  int
	Code    string // ServiceStack ErrorCode / plain "error"
	Message string
	Fields  []FieldError
	Meta    map[string]string
	Err     error  // cause, for logs; never shown to callers
	Stack   string // shown only when the server runs in debug mode
}

// FieldError names one offending member of a request.
type FieldError struct {
	Code    string
	Field   string // wire name or path, e.g. "Articles[0].Quantity"
	Message string
	// Problem is the failure in words that follow the field name ("must
	// be greater than 0, got 0"), for dialects that write the two as one
	// line; empty where Message says it all.
	Problem string
	Meta    map[string]string
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// From returns err as an *Error, treating anything else as an internal
// error, except a cause that says when to retry (a database that kept
// losing to concurrent transactions, say): that is a 503.
func From(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var ra interface{ RetryAfter() time.Duration }
	if errors.As(err, &ra) {
		return &Error{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable",
			Message: "The service is busy; retry shortly.", Err: err}
	}
	return &Error{Status: http.StatusInternalServerError, Code: "Exception", Message: "An internal error occurred.", Err: err}
}

// New returns an error with the given status, code and message.
func New(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// BadRequest is a 400 about the request as a whole.
func BadRequest(code, message string) *Error {
	return New(http.StatusBadRequest, code, message)
}

// Invalid is a 400 about one field; the status takes the field's code and
// message, as ServiceStack validation does.
func Invalid(field, code, message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: code, Message: message,
		Fields: []FieldError{{Code: code, Field: field, Message: message}}}
}

// Validation is a 400 listing several field errors; the first one leads.
func Validation(fields ...FieldError) *Error {
	e := &Error{Status: http.StatusBadRequest, Code: "ValidationException", Message: "Validation failed", Fields: fields}
	if len(fields) > 0 {
		e.Code, e.Message = fields[0].Code, fields[0].Message
	}
	return e
}

// NotFound is a 404.
func NotFound(message string) *Error { return New(http.StatusNotFound, "NotFound", message) }

// Conflict is a 409.
func Conflict(code, message string) *Error { return New(http.StatusConflict, code, message) }

// Unavailable is a 502 for a provider that could not be reached or failed,
// and a 504 when the cause is the attempt running out of time: then the
// provider may still act on the request, and the attempt is left for
// recovery rather than reported as failed.
func Unavailable(code, message string, cause error) *Error {
	status := http.StatusBadGateway
	if TimedOut(cause) {
		status = http.StatusGatewayTimeout
	}
	return &Error{Status: status, Code: code, Message: message, Err: cause}
}

// TimedOut reports whether err is a deadline running out, the attempt
// bound's or a transport's.
func TimedOut(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// Settled reports whether err leaves no doubt about what the provider did:
// it refused the request (a 4xx of ours) rather than failing, timing out or
// not answering, after which it may hold the result all the same.
func Settled(err error) bool {
	if err == nil {
		return true
	}
	var e *Error
	return errors.As(err, &e) && e.Status < http.StatusInternalServerError
}

// Unauthorized is a 401.
func Unauthorized(message string) *Error {
	return New(http.StatusUnauthorized, "Unauthorized", message)
}

// Forbidden is a 403.
func Forbidden(message string) *Error { return New(http.StatusForbidden, "Forbidden", message) }
