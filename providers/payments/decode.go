package payments

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"paygate/apierr"
	"paygate/formats"
)

// The surface's binder is JSON Schema strict where ServiceStack's is
// lenient: member names are matched exactly, strings must be strings and
// integers integral numbers, and null is accepted only for pointer and map
// members. Members the DTO does not know are ignored, as the schema allows
// them. The validate rules, presence included, are checked afterwards on the
// typed request with the set of members present (server.ValidateSent),
// since a zero value may be absent or sent.

// present is the set of member paths a body carried, e.g. "amount_cents",
// "line_items[0].qty".
type present map[string]bool

// decodeJSON parses a request body into the struct dst points to.
func decodeJSON(body []byte, plans *formats.Plans, dst any) (present, error) {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil, apierr.BadRequest(codeInvalidJSON, "the request body is empty; expected a JSON object")
	}
	n, err := formats.ReadJSON(body)
	if err != nil {
		return nil, apierr.BadRequest(codeInvalidJSON, "the request body is not valid JSON: "+err.Error())
	}
	if n.Kind != formats.NodeObject {
		return nil, apierr.BadRequest(codeInvalidJSON, "the request body must be a JSON object, got "+describe(n))
	}
	v := reflect.ValueOf(dst).Elem()
	seen := present{}
	return seen, seen.decodeStruct(n, v, plans.PlanOf(v.Type()), "")
}

func (seen present) decodeStruct(n *formats.Node, v reflect.Value, pl *formats.Plan, path string) error {
	if n.Kind != formats.NodeObject {
		return mismatch(path, "an object", n)
	}
	for _, m := range n.Fields {
		f := pl.Lookup(m.Name)
		if f == nil || f.Name != m.Name {
			continue
		}
		name := join(path, f.Name)
		if seen[name] {
			return invalid(name, "appears more than once")
		}
		seen[name] = true
		fv := v.FieldByIndex(f.Index)
		if err := seen.decodeValue(m.Value, fv, f.Type, nilable(fv.Kind()), name); err != nil {
			return err
		}
	}
	for _, f := range pl.Fields {
		if seen[join(path, f.Name)] {
			continue
		}
		tag := v.Type().FieldByIndex(f.Index).Tag
		if def, ok := tag.Lookup("default"); ok && f.Type.Kind == formats.KindString {
			v.FieldByIndex(f.Index).SetString(def)
		}
	}
	return nil
}

func (seen present) decodeValue(n *formats.Node, v reflect.Value, ti *formats.TypeInfo, nullable bool, path string) error {
	if n.Kind == formats.NodeNull {
		if !nullable {
			return invalid(path, "must not be null")
		}
		v.SetZero()
		return nil
	}
	if v.Kind() == reflect.Pointer {
		p := reflect.New(v.Type().Elem())
		if err := seen.decodeValue(n, p.Elem(), ti, false, path); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	switch ti.Kind {
	case formats.KindString:
		if n.Kind != formats.NodeScalar || !n.Quoted {
			return mismatch(path, "a string", n)
		}
		v.SetString(n.Text)
	case formats.KindInt:
		if n.Kind != formats.NodeScalar || n.Quoted || n.Text == "true" || n.Text == "false" {
			return mismatch(path, "an integer", n)
		}
		i, err := jsonInteger(n.Text)
		if err != nil {
			return invalid(path, err.Error())
		}
		if v.OverflowInt(i) {
			return invalid(path, n.Text+" is out of range")
		}
		v.SetInt(i)
	case formats.KindStruct:
		return seen.decodeStruct(n, v, ti.Plan, path)
	case formats.KindList:
		if n.Kind != formats.NodeList {
			return mismatch(path, "an array", n)
		}
		list := reflect.MakeSlice(v.Type(), len(n.Items), len(n.Items))
		for i, item := range n.Items {
			if err := seen.decodeValue(item, list.Index(i), ti.Elem, false, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		v.Set(list)
	case formats.KindMap:
		if n.Kind != formats.NodeObject || ti.Elem.Kind != formats.KindAny {
			return mismatch(path, "an object", n)
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Fields))
		for _, f := range n.Fields {
			m.SetMapIndex(reflect.ValueOf(f.Name), reflect.ValueOf(anyOf(f.Value)))
		}
		v.Set(m)
	default:
		// Only the kinds above appear in the surface's DTOs.
		return fmt.Errorf("payments: cannot decode %s into %v", path, ti.Go)
	}
	return nil
}

// jsonInteger reads a JSON number that is an integer: 10, 10.0 and 1e1
// are, 10.5 is not (JSON Schema's "integer"). Huge exponents are refused
// without expanding them.
func jsonInteger(text string) (int64, error) {
	mant, exp := text, int64(0)
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		mant = text[:i]
		// A range error leaves e clamped to ±2^31, which is as good.
		e, _ := strconv.ParseInt(strings.TrimPrefix(text[i+1:], "+"), 10, 32)
		exp = e
	}
	sign := ""
	if strings.HasPrefix(mant, "-") {
		sign, mant = "-", mant[1:]
	}
	whole, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(whole+frac, "0")
	exp -= int64(len(frac))
	if digits == "" {
		return 0, nil
	}
	for strings.HasSuffix(digits, "0") {
		digits = digits[:len(digits)-1]
		exp++
	}
	if exp < 0 {
		return 0, fmt.Errorf("must be an integer, got %s", text)
	}
	if int64(len(digits))+exp > 19 {
		return 0, fmt.Errorf("%s is out of range", text)
	}
	i, err := strconv.ParseInt(sign+digits+strings.Repeat("0", int(exp)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s is out of range", text)
	}
	return i, nil
}

// anyOf converts free-form JSON (metadata) to plain Go values; numbers keep
// their text.
func anyOf(n *formats.Node) any {
	switch n.Kind {
	case formats.NodeObject:
		m := make(map[string]any, len(n.Fields))
		for _, f := range n.Fields {
			m[f.Name] = anyOf(f.Value)
		}
		return m
	case formats.NodeList:
		l := make([]any, len(n.Items))
		for i, item := range n.Items {
			l[i] = anyOf(item)
		}
		return l
	case formats.NodeScalar:
		switch {
		case n.Quoted:
			return n.Text
		case n.Text == "true" || n.Text == "false":
			return n.Text == "true"
		}
		return json.Number(n.Text)
	}
	return nil
}

// nilable reports whether a member of kind k may be null: pointers and
// maps, the members whose Go zero value is nil.
func nilable(k reflect.Kind) bool {
	return k == reflect.Pointer || k == reflect.Map || k == reflect.Interface
}

func mismatch(path, want string, n *formats.Node) *apierr.Error {
	return invalid(path, "must be "+want+", got "+describe(n))
}

// describe names a JSON value's type the way JSON Schema does.
func describe(n *formats.Node) string {
	switch n.Kind {
	case formats.NodeObject:
		return "an object"
	case formats.NodeList:
		return "an array"
	case formats.NodeNull:
		return "null"
	}
	switch {
	case n.Quoted:
		return "a string"
	case n.Text == "true" || n.Text == "false":
		return "a boolean"
	}
	return "a number (" + n.Text + ")"
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
