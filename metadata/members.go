package metadata

import (
	"reflect"
	"slices"
	"strings"

	"paygate/formats"
	"paygate/server"
)

// member is one DTO member with what its declaration says beyond the wire
// name and type.
type member struct {
	field       *formats.Field
	name        string
	typ         *formats.TypeInfo
	desc        string
	apiRequired bool   // api:"required": documented so, not validated so
	paramType   string // api:"path|query|body|form|header"; empty: by placement
	validate    string // validate:"..."
	def         string // default:"..."
	hasDefault  bool
	omitEmpty   bool // json:",omitempty"
}

func newMember(owner reflect.Type, f *formats.Field) *member {
	sf := owner.FieldByIndex(f.Index)
	m := &member{field: f, name: f.Name, typ: f.Type, desc: f.Desc, validate: sf.Tag.Get("validate")}
	m.def, m.hasDefault = sf.Tag.Lookup("default")
	for _, opt := range strings.Split(sf.Tag.Get("api"), ",") {
		switch opt = strings.TrimSpace(opt); opt {
		case "required":
			m.apiRequired = true
		case "path", "query", "body", "form", "header":
			m.paramType = opt
		}
	}
	if _, opts, ok := strings.Cut(sf.Tag.Get("json"), ","); ok {
		for _, o := range strings.Split(opts, ",") {
			m.omitEmpty = m.omitEmpty || o == "omitempty"
		}
	}
	return m
}

// validateRequired reports whether the validator rejects the member when it
// is missing: a "required" rule before any "dive".
func (m *member) validateRequired() bool {
	own, _, _ := server.SplitDive(m.validate)
	return slices.Contains(own, "required")
}

// required is what generated code and OpenAPI call required: enforced by
// the validator, or documented so (ApiMember IsRequired) where a published
// contract marks a member required that the service does not check.
func (m *member) required() bool { return m.apiRequired || m.validateRequired() }

// goPointer reports whether the member is declared as a Go pointer: the
// DTOs' way of writing a C# Nullable<T> or a nullable reference.
func (m *member) goPointer() bool { return m.typ.Go.Kind() == reflect.Pointer }

// valueType reports whether the member's C# type is a value type (struct):
// numbers, bool, Guid, DateTime and enums. Strings, lists, maps and DTOs are
// reference types.
func valueType(ti *formats.TypeInfo) bool {
	switch ti.Kind {
	case formats.KindBool, formats.KindInt, formats.KindUint, formats.KindFloat,
		formats.KindGuid, formats.KindTime, formats.KindEnum:
		return true
	}
	return false
}

// requiredOnPage is the Required column of an operation page. ServiceStack
// shows ApiMember(IsRequired) there and, for a contract compiled with C#
// nullable reference types, also every reference-type member not declared
// nullable, since the compiler treats those as required. The BokaMera hosts
// show both behaviours: the Stripe Checkout DTOs are compiled with nullable
// reference types (every string member, even the optional ConfirmationUrl,
// reads "Yes"; int members read "No"), the Payson DTOs are not (a plain
// string reads "No"). A DTO opts in with NullableReferenceTypes() true.
// Members the validator requires are always "Yes".
func requiredOnPage(owner *typeInfo, m *member) bool {
	if m.required() {
		return true
	}
	return owner.nullableRefs && !m.goPointer() && !valueType(m.typ)
}

// paramType is the Parameter column: where a member of a request travels.
// Route variables are "path"; for operations whose routes only take
// bodyless verbs (GET, DELETE) the rest is "query", otherwise "body".
// Members of every other type (responses, nested types) are "form", as
// ServiceStack labels them.
func (o *opInfo) paramType(owner *typeInfo, m *member) string {
	if owner != o.req {
		return "form"
	}
	switch {
	case m.paramType != "":
		return m.paramType
	case o.pathVars[strings.ToLower(m.name)]:
		return "path"
	case o.bodyless():
		return "query"
	}
	return "body"
}
