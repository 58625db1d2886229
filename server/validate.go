package server

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
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

// ValidateSent checks req the way JSON Schema reads the same rules, for
// binders that know which members a body carried (sent reports it for a
// wire path such as "line_items[0].qty"). A member not sent is held only to
// "required", which then means present; a member sent is held to its other
// rules whatever its value, zero included, and a required string also to
// having a character, as the published schema says (minLength 1). Failures
// come in declaration order; a null pointer is held to nothing, since
// only nullable members may be null.
func (val *Validator) ValidateSent(req any, sent func(path string) bool) error {
	v := reflect.ValueOf(req)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	var fields []apierr.FieldError
	val.sentStruct(v, "", sent, &fields)
	if len(fields) == 0 {
		return nil
	}
	return apierr.Validation(fields...)
}

func (val *Validator) sentStruct(v reflect.Value, prefix string, sent func(string) bool, out *[]apierr.FieldError) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		own, elem, dive := SplitDive(sf.Tag.Get("validate"))
		if !sent(path) {
			if slices.Contains(own, "required") {
				r, _ := RuleFor("required", AnyMeasure)
				*out = append(*out, apierr.FieldError{Code: r.Code, Field: path,
					Message: r.message(failure{name: val.display(name)}), Problem: r.Absent})
			}
			continue
		}
		fv := v.Field(i)
		for fv.Kind() == reflect.Pointer && !fv.IsNil() {
			fv = fv.Elem()
		}
		if fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Map && fv.IsNil() {
			continue // sent as null
		}
		val.sentValue(fv, own, path, name, out)
		switch {
		case fv.Kind() == reflect.Struct:
			val.sentStruct(fv, path, sent, out)
		case fv.Kind() == reflect.Slice && dive:
			for j := 0; j < fv.Len(); j++ {
				at := fmt.Sprintf("%s[%d]", path, j)
				if ev := fv.Index(j); ev.Kind() == reflect.Struct {
					val.sentStruct(ev, at, sent, out)
				} else {
					val.sentValue(ev, elem, at, name, out)
				}
			}
		}
	}
}

// sentValue checks one value sent against rules, read as ValidateSent says.
func (val *Validator) sentValue(v reflect.Value, rules []string, path, name string, out *[]apierr.FieldError) {
	var keep []string
	for _, r := range rules {
		switch {
		case r == "" || r == "omitempty" || r == "omitnil":
		case r == "required" && v.Kind() != reflect.String:
		default:
			keep = append(keep, r)
		}
	}
	if len(keep) == 0 {
		return
	}
	var verrs validator.ValidationErrors
	if errors.As(val.v.Var(v.Interface(), strings.Join(keep, ",")), &verrs) {
		for _, fe := range verrs {
			*out = append(*out, broken(fe, path, val.display(name)))
		}
	}
}

// SplitDive splits a validate tag into the member's own rules and, after
// "dive", its elements'.
func SplitDive(tag string) (own, elem []string, dive bool) {
	rules := strings.Split(tag, ",")
	if i := slices.Index(rules, "dive"); i >= 0 {
		return rules[:i], rules[i+1:], true
	}
	return rules, nil, false
}
