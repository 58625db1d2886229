// Package dto holds the wire types of every surface paygate serves. The
// structs and their tags are the single source of truth for binding, codecs,
// validation, metadata pages, native types and OpenAPI; nothing here has
// behaviour.
//
// A rule is written once, in the validate tag, and published from there
// (see server.RuleFor): a member validate:"required" is shown required
// everywhere. api:"required" is a separate mark, ServiceStack's unenforced
// ApiMember(IsRequired): it says a published contract documents a member as
// required that validation leaves optional, and goes on no other member.
package dto

import "paygate/formats"

// servicestack marks ServiceStack's own types, which live in the
// http://schemas.servicestack.net/types DataContract namespace.
type servicestack struct{}

func (servicestack) XMLNamespace() string { return formats.NamespaceServiceStck }

// ResponseStatus is ServiceStack's error envelope. Errors is always non-nil
// on generated statuses so JSON carries "Errors":[].
type ResponseStatus struct {
	servicestack
	ErrorCode  string            `order:"1"`
	Message    string            `order:"2"`
	StackTrace string            `order:"3"`
	Errors     []ResponseError   `order:"4"`
	Meta       map[string]string `order:"5"`
}

// ResponseError is one field error of a ResponseStatus.
type ResponseError struct {
	servicestack
	ErrorCode string            `order:"1"`
	FieldName string            `order:"2"`
	Message   string            `order:"3"`
	Meta      map[string]string `order:"4"`
}

// ErrorResponse carries errors raised before a service runs, and errors of
// operations whose response type has no ResponseStatus.
type ErrorResponse struct {
	servicestack
	ResponseStatus *ResponseStatus `order:"1"`
}
