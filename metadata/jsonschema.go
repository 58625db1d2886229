package metadata

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"

	"paygate/formats"
	"paygate/server"
)

// schema is a JSON Schema (2020-12, as OpenAPI 3.1 uses it). Fields are in
// the order a reader expects them; absent keywords are omitted.
type schema struct {
	Ref                  string      `json:"$ref,omitempty"`
	Type                 any         `json:"type,omitempty"` // a name, or [name, "null"]
	Format               string      `json:"format,omitempty"`
	ContentEncoding      string      `json:"contentEncoding,omitempty"`
	Description          string      `json:"description,omitempty"`
	Enum                 []any       `json:"enum,omitempty"`
	Items                *schema     `json:"items,omitempty"`
	Properties           *properties `json:"properties,omitempty"`
	Required             []string    `json:"required,omitempty"`
	AdditionalProperties *schema     `json:"additionalProperties,omitempty"`
	AnyOf                []*schema   `json:"anyOf,omitempty"`
	MinLength            *int        `json:"minLength,omitempty"`
	MaxLength            *int        `json:"maxLength,omitempty"`
	MinItems             *int        `json:"minItems,omitempty"`
	MaxItems             *int        `json:"maxItems,omitempty"`
	MinProperties        *int        `json:"minProperties,omitempty"`
	MaxProperties        *int        `json:"maxProperties,omitempty"`
	Minimum              *float64    `json:"minimum,omitempty"`
	ExclusiveMinimum     *float64    `json:"exclusiveMinimum,omitempty"`
	Maximum              *float64    `json:"maximum,omitempty"`
	ExclusiveMaximum     *float64    `json:"exclusiveMaximum,omitempty"`
	Default              any         `json:"default,omitempty"`
}

// properties keeps members in declaration order, which encoding/json's
// maps would sort.
type properties []property

type property struct {
	name   string
	schema *schema
}

func (ps properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(p.name)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(p.schema)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// schemaBuilder derives JSON Schemas from DTOs. Named DTOs become
// components referenced with $ref; anonymous structs are inlined.
//
// The mapping, which the DTOs follow to publish a given schema:
//
//   - Wire names and member order are the DTO's (json tags).
//   - string → "string"; Go ints → "integer"; floats → "number"; bool →
//     "boolean"; uuid.UUID → "string" format "uuid"; []byte → "string"
//     contentEncoding base64; an Enum type → "string" with its names;
//     slices → "array"; map[string]T → "object" with additionalProperties
//     T ({} for any); time.Time → "string" without a format, because the
//     surfaces write dates differently (ServiceStack's "\/Date(ms)\/" is no
//     RFC 3339 date-time).
//   - Nullable ("type": [T, "null"]): Go pointers, maps and interfaces —
//     the members whose Go zero value is nil and that a body may carry as
//     null. Strings and slices are not: Go writes them as "" and [].
//   - Keywords from validate tags, applying to the member itself, or to
//     list elements after "dive": min/max/len → minLength/maxLength,
//     minItems/maxItems, minProperties/maxProperties or minimum/maximum;
//     gt/gte/lt/lte → exclusiveMinimum/minimum/exclusiveMaximum/maximum on
//     numbers, and the equivalent lengths on strings and lists;
//     oneof → enum; url/uri → format "uri"; email → "email"; uuid → "uuid".
//     "required" on a string also means minLength 1, as the validator
//     rejects "".
//   - default:"v" → "default" (typed like the member).
//   - "required" of an input object: validate:"required", or api:"required"
//     where a member is documented required but not validated so.
//     Of an output object: members always written — for ServiceStack
//     operations the value types (ServiceStack omits null and empty
//     members), for other surfaces every member whose json tag lacks
//     omitempty.
type schemaBuilder struct {
	m          *model
	components map[string]*schema
	names      map[reflect.Type]string
	order      []string
	// inputs are the types callers send (requests and what they use):
	// their "required" is what the service requires. Every other type is
	// output: its "required" is what a caller can rely on (see present).
	inputs map[*typeInfo]bool
	// serviceStack marks output types written by ServiceStack operations,
	// which omit null and empty members.
	serviceStack map[*typeInfo]bool
}

func newSchemaBuilder(m *model) *schemaBuilder {
	return &schemaBuilder{m: m, components: map[string]*schema{}, names: map[reflect.Type]string{},
		inputs: map[*typeInfo]bool{}, serviceStack: map[*typeInfo]bool{}}
}

// ref returns the schema of a struct type: a $ref to its component, built
// on first use, or the inline schema of an anonymous struct.
func (b *schemaBuilder) ref(t reflect.Type) *schema {
	t = derefType(t)
	ti := b.m.byType[t] // the model is shared and read-only: never typeOf here
	if ti == nil || ti.plan == nil {
		return &schema{}
	}
	if t.Name() == "" {
		return b.object(ti)
	}
	name, ok := b.names[t]
	if !ok {
		name = ti.plan.Name // QueryResponseOf…: component names take no <>
		for i := 2; b.components[name] != nil; i++ {
			name = ti.plan.Name + strconv.Itoa(i)
		}
		b.names[t] = name
		b.components[name] = &schema{} // placeholder: self-references terminate
		b.order = append(b.order, name)
		*b.components[name] = *b.object(ti)
	}
	return &schema{Ref: "#/components/schemas/" + name}
}

func (b *schemaBuilder) object(ti *typeInfo) *schema {
	s := &schema{Type: "object", Properties: &properties{}}
	for _, m := range ti.members {
		*s.Properties = append(*s.Properties, property{m.name, b.member(m)})
		if b.inputs[ti] && m.required() || !b.inputs[ti] && b.present(ti, m) {
			s.Required = append(s.Required, m.name)
		}
	}
	return s
}

// present reports whether an output body always carries m.
func (b *schemaBuilder) present(owner *typeInfo, m *member) bool {
	if b.serviceStack[owner] {
		return !m.goPointer() && (valueType(m.typ) || m.typ.Kind == formats.KindStruct)
	}
	return !m.omitEmpty
}

// member is the schema of one DTO member, with its validation keywords.
func (b *schemaBuilder) member(m *member) *schema {
	own, elem, dive := server.SplitDive(m.validate)
	s := b.typeSchema(m.typ, own)
	if dive && s.Items != nil && s.Items.Ref == "" {
		applyRules(s.Items, elem, m.typ.Elem)
	}
	if m.hasDefault {
		s.Default = typedDefault(m.def, m.typ)
	}
	if nullable(m.typ) {
		switch name, ok := s.Type.(string); {
		case s.Ref != "":
			s = &schema{AnyOf: []*schema{s, {Type: "null"}}}
		case ok:
			s.Type = []string{name, "null"}
			if s.Enum != nil {
				s.Enum = append(s.Enum, nil) // else null fails the enum
			}
		}
	}
	s.Description = m.desc
	return s
}

// nullable: see the mapping on schemaBuilder.
func nullable(ti *formats.TypeInfo) bool {
	switch ti.Go.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

// typeSchema maps a type, applying rules to it.
func (b *schemaBuilder) typeSchema(ti *formats.TypeInfo, rules []string) *schema {
	var s *schema
	switch ti.Kind {
	case formats.KindString, formats.KindText, formats.KindTime:
		s = &schema{Type: "string"}
	case formats.KindGuid:
		s = &schema{Type: "string", Format: "uuid"}
	case formats.KindBytes:
		s = &schema{Type: "string", ContentEncoding: "base64"}
	case formats.KindBool:
		s = &schema{Type: "boolean"}
	case formats.KindInt, formats.KindUint:
		s = &schema{Type: "integer"}
	case formats.KindFloat:
		s = &schema{Type: "number"}
	case formats.KindEnum:
		s = &schema{Type: "string"}
		for _, n := range ti.Enum {
			s.Enum = append(s.Enum, n)
		}
	case formats.KindList:
		s = &schema{Type: "array", Items: b.typeSchema(ti.Elem, nil)}
	case formats.KindMap:
		s = &schema{Type: "object", AdditionalProperties: b.typeSchema(ti.Elem, nil)}
	case formats.KindStruct:
		s = b.ref(ti.Go)
	default:
		s = &schema{}
	}
	applyRules(s, rules, ti)
	return s
}

func typedDefault(v string, ti *formats.TypeInfo) any {
	switch ti.Kind {
	case formats.KindBool:
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	case formats.KindInt, formats.KindUint, formats.KindFloat:
		return typedValue(v, "number")
	}
	return v
}
