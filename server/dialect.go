package server

import (
	"reflect"

	"paygate/apierr"
	"paygate/dto"
)

// Dialect renders an operation's errors in its surface's own shape.
type Dialect interface {
	// Render returns the status and body DTO for e. preService is true for
	// failures before the handler ran (binding, auth, unknown operation).
	Render(e *apierr.Error, op *Operation, preService bool) (status int, body any)
}

// ServiceStack renders errors as a ResponseStatus inside the operation's
// response DTO when that type carries one, else inside an ErrorResponse.
type ServiceStack struct{}

var responseStatusType = reflect.TypeFor[*dto.ResponseStatus]()

// Render implements Dialect.
func (ServiceStack) Render(e *apierr.Error, op *Operation, preService bool) (int, any) {
	rs := ResponseStatusOf(e)
	if !preService && op != nil && op.statusIndex != nil {
		body := reflect.New(op.ResponseType)
		body.Elem().FieldByIndex(op.statusIndex).Set(reflect.ValueOf(rs))
		return e.Status, body.Interface()
	}
	return e.Status, &dto.ErrorResponse{ResponseStatus: rs}
}

// statusIndexOf finds the ResponseStatus member of a response type t, nil
// when it has none: found once at registration, not per failed request.
func statusIndexOf(t reflect.Type) []int {
	if t.Kind() != reflect.Struct {
		return nil
	}
	if f, ok := t.FieldByName("ResponseStatus"); ok && f.Type == responseStatusType {
		return f.Index
	}
	return nil
}

// ResponseStatusOf converts e to ServiceStack's envelope. Errors is never
// nil so clients always see "Errors":[].
func ResponseStatusOf(e *apierr.Error) *dto.ResponseStatus {
	rs := &dto.ResponseStatus{ErrorCode: e.Code, Message: e.Message, StackTrace: e.Stack,
		Errors: make([]dto.ResponseError, 0, len(e.Fields)), Meta: e.Meta}
	for _, f := range e.Fields {
		rs.Errors = append(rs.Errors, dto.ResponseError{ErrorCode: f.Code, FieldName: f.Field, Message: f.Message, Meta: f.Meta})
	}
	return rs
}
