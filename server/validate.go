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
	return broken(fe, path, display)
}

// broken words the failure of fe at path by its row of the rule table.
func broken(fe validator.FieldError, path, display string) apierr.FieldError {
	v := reflect.ValueOf(fe.Value())
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	f := failure{name: display, param: fe.Param(), value: fe.Value()}
	if v.IsValid() && v.CanInterface() {
		f.value = v.Interface()
	}
	on := Value
	switch fe.Kind() {
	case reflect.String:
		on = Length
		if v.Kind() == reflect.String {
			f.entered = fmt.Sprintf(" You entered %d characters.", utf8.RuneCountInString(v.String()))
		}
	case reflect.Slice, reflect.Map, reflect.Array:
		on = Count
	}
	r, _ := RuleFor(fe.Tag(), on)
	meta := map[string]string{"PropertyName": display}
	if f.param != "" {
		meta["ComparisonValue"] = f.param
	}
	return apierr.FieldError{Code: r.Code, Field: path, Message: r.message(f), Problem: r.problem(f), Meta: meta}
}
