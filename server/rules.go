package server

import (
	"fmt"
	"strings"
)

// Measure is what a rule's limit is compared with, which decides its
// wording: "min=3" is a length on a string, a count on a list and a value
// on a number.
type Measure int

const (
	AnyMeasure Measure = iota // the row reads the same for every kind
	Value                     // a number (and anything not counted)
	Length                    // a string, in characters
	Count                     // a list's items or a map's entries
)

// Bound is the end of a range a rule sets.
type Bound int

const (
	NoBound Bound = iota
	Lower
	Upper
	Exact // both ends: len
)

// Keyword is what a rule publishes in JSON Schema. The keyword's name
// follows from the member's kind: a Lower bound is minLength on a string,
// minItems on a list, minProperties on a map and minimum on a number.
type Keyword struct {
	Bound     Bound
	Exclusive bool   // gt, lt: the limit itself is outside the range
	Enum      bool   // the parameter lists the allowed values
	Format    string // "uri", "email", "uuid"
	NonEmpty  bool   // a string must have at least one character
}

// Rule is what one `validate` tag means to everything that reads it: the
// validator's ServiceStack error, the problem a plain dialect writes after
// the field name, and the schema the metadata pages and OpenAPI publish.
//
// Message is ServiceStack's English template (FluentValidation's), Problem
// the plain one; both may hold {Name} (the member's words), {Param} (the
// tag's parameter), {Allowed} (a oneof list), {Value} (what was sent) and
// {Entered} (" You entered N characters." on strings).
type Rule struct {
	Tags    string // the validate tags of the row, space-separated
	On      Measure
	Code    string
	Message string
	Problem string
	// One is the problem when the limit is 1, where English says it
	// another way ("must not be empty" for a length of at least 1).
	One string
	// Absent is the problem of a required member a body did not carry.
	Absent string
	Schema Keyword
}

// rules is the table. A tag with rows for several measures has them in
// one place; a tag with no row is the Predicate row's.
var rules = []Rule{
	{Tags: "required", Code: "NotEmpty", Message: "'{Name}' must not be empty.",
		Problem: "must not be empty", Absent: "is required", Schema: Keyword{NonEmpty: true}},
	{Tags: "required_if required_unless required_with required_without", Code: "NotEmpty",
		Message: "'{Name}' must not be empty.", Problem: "must not be empty", Absent: "is required"},

	{Tags: "min gte", On: Length, Code: "MinimumLength",
		Message: "The length of '{Name}' must be at least {Param} characters.{Entered}",
		Problem: "must be at least {Param} characters long", One: "must not be empty", Schema: Keyword{Bound: Lower}},
	{Tags: "min gte", On: Count, Code: "MinimumLength", Message: "'{Name}' must contain at least {Param} items.",
		Problem: "must contain at least {Param} items", One: "must contain at least 1 item", Schema: Keyword{Bound: Lower}},
	{Tags: "min gte", On: Value, Code: "GreaterThanOrEqual", Message: "'{Name}' must be greater than or equal to '{Param}'.",
		Problem: "must be {Param} or more, got {Value}", Schema: Keyword{Bound: Lower}},

	{Tags: "max lte", On: Length, Code: "MaximumLength",
		Message: "The length of '{Name}' must be {Param} characters or fewer.{Entered}",
		Problem: "must be at most {Param} characters long", Schema: Keyword{Bound: Upper}},
	{Tags: "max lte", On: Count, Code: "MaximumLength", Message: "'{Name}' must contain at most {Param} items.",
		Problem: "must contain at most {Param} items", Schema: Keyword{Bound: Upper}},
	{Tags: "max lte", On: Value, Code: "LessThanOrEqual", Message: "'{Name}' must be less than or equal to '{Param}'.",
		Problem: "must be {Param} or less, got {Value}", Schema: Keyword{Bound: Upper}},

	{Tags: "len", On: Length, Code: "Length", Message: "'{Name}' must be {Param} characters in length.{Entered}",
		Problem: "must be {Param} characters long", Schema: Keyword{Bound: Exact}},
	{Tags: "len", Code: "Length", Message: "'{Name}' must be {Param} characters in length.",
		Problem: "must contain {Param} items", Schema: Keyword{Bound: Exact}},
	{Tags: "gt", Code: "GreaterThan", Message: "'{Name}' must be greater than '{Param}'.",
		Problem: "must be greater than {Param}, got {Value}", Schema: Keyword{Bound: Lower, Exclusive: true}},
	{Tags: "lt", Code: "LessThan", Message: "'{Name}' must be less than '{Param}'.",
		Problem: "must be less than {Param}, got {Value}", Schema: Keyword{Bound: Upper, Exclusive: true}},

	{Tags: "oneof", Code: "Enum",
		Message: "'{Name}' has a range of values which does not include '{Value}'. Allowed: {Allowed}.",
		Problem: "must be one of {Allowed}, got {Value}", Schema: Keyword{Enum: true}},
	{Tags: "email", Code: "Email", Message: "'{Name}' is not a valid email address.",
		Problem: "is not a valid email address", Schema: Keyword{Format: "email"}},
	{Tags: "url http_url uri", Code: "RegularExpression", Message: "'{Name}' is not in the correct format.",
		Problem: "is not in the correct format", Schema: Keyword{Format: "uri"}},
	{Tags: "iso3166_1_alpha2 alpha alphanum uppercase lowercase", Code: "RegularExpression",
		Message: "'{Name}' is not in the correct format.", Problem: "is not in the correct format"},
	{Tags: "uuid uuid4", Code: "Predicate", Message: predicate.Message, Problem: predicate.Problem,
		Schema: Keyword{Format: "uuid"}},
}

// predicate words every rule the table has no row for.
var predicate = Rule{Code: "Predicate", Message: "The specified condition was not met for '{Name}'.", Problem: "is not valid"}

// rowsByTag indexes the table by tag, each tag's rows in table order, so a
// failing request finds its wording without scanning the table.
var rowsByTag = func() map[string][]Rule {
	m := map[string][]Rule{}
	for _, r := range rules {
		for tag := range strings.FieldsSeq(r.Tags) {
			m[tag] = append(m[tag], r)
		}
	}
	return m
}()

// RuleFor returns the row of tag for a member measured by on; with
// AnyMeasure, the tag's first row (its schema keyword is the same in every
// row). ok is false for a tag the table does not know, such as omitempty
// or dive, whose rule is then the Predicate row's.
func RuleFor(tag string, on Measure) (r Rule, ok bool) {
	for _, r := range rowsByTag[tag] {
		if on == AnyMeasure || r.On == AnyMeasure || r.On == on {
			return r, true
		}
	}
	return predicate, false
}

// failure is one broken rule, the words its templates are filled with.
type failure struct {
	name, param string
	value       any
	entered     string
}

func (r Rule) message(f failure) string { return f.fill(r.Message) }

func (r Rule) problem(f failure) string {
	if r.One != "" && f.param == "1" {
		return r.One
	}
	return f.fill(r.Problem)
}

// fill writes template with f's words in place of its placeholders, in one
// pass: it runs for every failure a request reports.
func (f failure) fill(template string) string {
	i := strings.IndexByte(template, '{')
	if i < 0 {
		return template
	}
	var b strings.Builder
	b.Grow(len(template) + len(f.name) + len(f.param) + len(f.entered))
	for i >= 0 {
		b.WriteString(template[:i])
		template = template[i:]
		end := strings.IndexByte(template, '}')
		if end < 0 {
			break
		}
		switch template[:end+1] {
		case "{Name}":
			b.WriteString(f.name)
		case "{Param}":
			b.WriteString(f.param)
		case "{Value}":
			fmt.Fprint(&b, f.value)
		case "{Allowed}":
			b.WriteString(strings.ReplaceAll(f.param, " ", ", "))
		case "{Entered}":
			b.WriteString(f.entered)
		default:
			b.WriteString(template[:end+1]) // not a placeholder: kept as written
		}
		template = template[end+1:]
		i = strings.IndexByte(template, '{')
	}
	b.WriteString(template)
	return b.String()
}
