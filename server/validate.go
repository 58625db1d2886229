package server

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"

	"paygate/apierr"
	"paygate/formats"
)

// Validator checks request DTOs against their `validate` tags and reports
// failures the way ServiceStack's validation feature does: error codes such
// as NotEmpty and messages such as 'Company Id' must not be empty., with
// FieldName the DTO property.
type Validator struct {
	v *validator.Validate
	// names caches each field's display name ("CompanyId" becomes
	// "Company Id"): a DTO has few fields, and bad input repeats them.
	names sync.Map
}

// NewValidator returns a validator reading wire names from `json` tags.
func NewValidator() *Validator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	return &Validator{v: v}
}

// Validate returns nil or an *apierr.Error listing every failed rule.
func (val *Validator) Validate(req any) error {
	err := val.v.Struct(req)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		var inv *validator.InvalidValidationError
		if errors.As(err, &inv) {
			return nil // not a struct: nothing to validate
		}
		return fmt.Errorf("validate: %w", err)
	}
	fields := make([]apierr.FieldError, 0, len(verrs))
	for _, fe := range verrs {
		fields = append(fields, fieldError(fe, val.display(fe.Field())))
	}
	return apierr.Validation(fields...)
}

// display is the name a message shows for field: its words, without an
// index.
func (val *Validator) display(field string) string {
	if d, ok := val.names.Load(field); ok {
		return d.(string)
	}
	d := formats.Words(field)
	if i := strings.IndexByte(d, '['); i > 0 {
		d = d[:i]
	}
	val.names.Store(field, d)
	return d
}

func fieldError(fe validator.FieldError, display string) apierr.FieldError {
	path := fe.Namespace()
	if _, rest, ok := strings.Cut(path, "."); ok {
		path = rest // drop the request type name
	}
	param := fe.Param()
	kind := fe.Kind()
	isLen := kind == reflect.String || kind == reflect.Slice || kind == reflect.Map || kind == reflect.Array
	entered := "" // the length rules' "You entered {TotalLength} characters."
	if kind == reflect.String {
		v := reflect.ValueOf(fe.Value())
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if v.Kind() == reflect.String {
			entered = fmt.Sprintf(" You entered %d characters.", utf8.RuneCountInString(v.String()))
		}
	}
	var code, msg string
	switch fe.Tag() {
	case "required", "required_if", "required_unless", "required_with", "required_without":
		code, msg = "NotEmpty", "'"+display+"' must not be empty."
	case "min", "gte":
		if isLen {
			code, msg = "MinimumLength", fmt.Sprintf("The length of '%s' must be at least %s characters.%s", display, param, entered)
			if kind != reflect.String {
				msg = fmt.Sprintf("'%s' must contain at least %s items.", display, param)
			}
		} else {
			code, msg = "GreaterThanOrEqual", fmt.Sprintf("'%s' must be greater than or equal to '%s'.", display, param)
		}
	case "max", "lte":
		if isLen {
			code, msg = "MaximumLength", fmt.Sprintf("The length of '%s' must be %s characters or fewer.%s", display, param, entered)
			if kind != reflect.String {
				msg = fmt.Sprintf("'%s' must contain at most %s items.", display, param)
			}
		} else {
			code, msg = "LessThanOrEqual", fmt.Sprintf("'%s' must be less than or equal to '%s'.", display, param)
		}
	case "len":
		code, msg = "Length", fmt.Sprintf("'%s' must be %s characters in length.%s", display, param, entered)
	case "gt":
		code, msg = "GreaterThan", fmt.Sprintf("'%s' must be greater than '%s'.", display, param)
	case "lt":
		code, msg = "LessThan", fmt.Sprintf("'%s' must be less than '%s'.", display, param)
	case "email":
		code, msg = "Email", fmt.Sprintf("'%s' is not a valid email address.", display)
	case "oneof":
		code, msg = "Enum", fmt.Sprintf("'%s' has a range of values which does not include '%v'. Allowed: %s.", display, fe.Value(), strings.ReplaceAll(param, " ", ", "))
	case "url", "http_url", "uri", "iso3166_1_alpha2", "alpha", "alphanum", "uppercase", "lowercase":
		code, msg = "RegularExpression", fmt.Sprintf("'%s' is not in the correct format.", display)
	default:
		code, msg = "Predicate", "The specified condition was not met for '"+display+"'."
	}
	meta := map[string]string{"PropertyName": display}
	if param != "" {
		meta["ComparisonValue"] = param
	}
	return apierr.FieldError{Code: code, Field: path, Message: msg, Meta: meta}
}
