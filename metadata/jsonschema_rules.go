package metadata

import (
	"strconv"
	"strings"

	"paygate/formats"
	"paygate/server"
)

// applyRules adds the keywords of validate rules to s, as the rule table
// (server.RuleFor) publishes them; see schemaBuilder.
func applyRules(s *schema, rules []string, ti *formats.TypeInfo) {
	if s.Ref != "" {
		return
	}
	kind := "number"
	switch ti.Kind {
	case formats.KindString, formats.KindText:
		kind = "string"
	case formats.KindList, formats.KindBytes:
		kind = "list"
	case formats.KindMap:
		kind = "map"
	case formats.KindInt, formats.KindUint, formats.KindFloat:
	default:
		kind = ""
	}
	for _, r := range rules {
		if strings.Contains(r, "|") {
			continue // alternatives have no single keyword
		}
		name, param, _ := strings.Cut(r, "=")
		rule, ok := server.RuleFor(name, server.AnyMeasure)
		if !ok {
			continue
		}
		kw := rule.Schema
		if kw.NonEmpty && kind == "string" && s.MinLength == nil {
			s.MinLength = intp(1)
		}
		if n, err := strconv.ParseFloat(param, 64); err == nil {
			if kw.Bound == server.Lower || kw.Bound == server.Exact {
				s.lower().set(kind, n, kw.Exclusive)
			}
			if kw.Bound == server.Upper || kw.Bound == server.Exact {
				s.upper().set(kind, n, kw.Exclusive)
			}
		}
		if kw.Enum {
			s.Enum = nil
			for _, v := range strings.Fields(param) {
				s.Enum = append(s.Enum, typedValue(v, kind))
			}
		}
		if kw.Format != "" {
			s.Format = kw.Format
		}
	}
}

// bound is one end of a schema's range: the keywords that hold it, by the
// kind of value they bound.
type bound struct {
	length, items, properties **int
	inclusive, exclusive      **float64
	// step moves an exclusive limit on a count inside the range, where
	// the keyword holds an inclusive one.
	step int
}

func (s *schema) lower() bound {
	return bound{&s.MinLength, &s.MinItems, &s.MinProperties, &s.Minimum, &s.ExclusiveMinimum, 1}
}

func (s *schema) upper() bound {
	return bound{&s.MaxLength, &s.MaxItems, &s.MaxProperties, &s.Maximum, &s.ExclusiveMaximum, -1}
}

// set puts the limit n in the keyword for values of kind.
func (b bound) set(kind string, n float64, exclusive bool) {
	switch kind {
	case "string", "list", "map":
		v := int(n)
		if exclusive {
			v += b.step
		}
		switch kind {
		case "string":
			*b.length = intp(v)
		case "list":
			*b.items = intp(v)
		default:
			*b.properties = intp(v)
		}
	case "number":
		if exclusive {
			*b.exclusive = &n
		} else {
			*b.inclusive = &n
		}
	}
}

func intp(v int) *int { return &v }

// typedValue reads an enum value or default the way the member's type
// holds it.
func typedValue(v, kind string) any {
	if kind == "number" {
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return n
		}
	}
	return v
}
