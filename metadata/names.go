package metadata

import (
	"reflect"
	"strings"
	"unicode"

	"paygate/formats"
)

// csType is the C# type of a member, as the metadata pages' Data Type column
// and the C# native types spell it. A Go pointer to a value type is
// Nullable<T> ("Guid?"); Go int is C# int, the width the DTOs were
// written against.
func csType(ti *formats.TypeInfo) string {
	var s string
	switch ti.Kind {
	case formats.KindString, formats.KindText:
		s = "string"
	case formats.KindBool:
		s = "bool"
	case formats.KindInt, formats.KindUint:
		s = csInt(derefType(ti.Go).Kind())
	case formats.KindFloat:
		s = "double"
		if derefType(ti.Go).Kind() == reflect.Float32 {
			s = "float"
		}
	case formats.KindGuid:
		s = "Guid"
	case formats.KindTime:
		s = "DateTime"
	case formats.KindBytes:
		s = "byte[]"
	case formats.KindEnum:
		s = derefType(ti.Go).Name()
	case formats.KindStruct:
		s = structName(ti.Plan, "<", ">", csType)
	case formats.KindList:
		s = csType(ti.Elem) + "[]"
	case formats.KindMap:
		s = "Dictionary<string, " + csType(ti.Elem) + ">"
	default:
		s = "object"
	}
	if ti.Go.Kind() == reflect.Pointer && valueType(ti) {
		s += "?"
	}
	return s
}

// structName is how a language spells a struct type: its contract name,
// or for a closed generic (QueryResponse<T>) its base name with the
// arguments, as arg spells them, between open and close.
func structName(pl *formats.Plan, open, close string, arg func(*formats.TypeInfo) string) string {
	if pl.GenericBase == "" {
		return pl.Name
	}
	args := make([]string, len(pl.GenericArgs))
	for i, a := range pl.GenericArgs {
		args[i] = arg(a)
	}
	return pl.GenericBase + open + strings.Join(args, ",") + close
}

// csInt names the C# integer type of a Go integer kind.
func csInt(k reflect.Kind) string {
	switch k {
	case reflect.Int8:
		return "sbyte"
	case reflect.Int16:
		return "short"
	case reflect.Int64:
		return "long"
	case reflect.Uint, reflect.Uint32:
		return "uint"
	case reflect.Uint8:
		return "byte"
	case reflect.Uint16:
		return "ushort"
	case reflect.Uint64:
		return "ulong"
	}
	return "int"
}

// tsType is the TypeScript type of a member in dtos.ts.
func tsType(ti *formats.TypeInfo) string {
	switch ti.Kind {
	case formats.KindString, formats.KindText, formats.KindGuid, formats.KindTime, formats.KindBytes:
		return "string"
	case formats.KindBool:
		return "boolean"
	case formats.KindInt, formats.KindUint, formats.KindFloat:
		return "number"
	case formats.KindEnum:
		return derefType(ti.Go).Name()
	case formats.KindStruct:
		return structName(ti.Plan, "<", ">", tsType)
	case formats.KindList:
		return tsType(ti.Elem) + "[]"
	case formats.KindMap:
		return "{ [index: string]: " + tsType(ti.Elem) + "; }"
	}
	return "any"
}

// pyType is the Python type of a member, without Optional.
func pyType(ti *formats.TypeInfo) string {
	switch ti.Kind {
	case formats.KindString, formats.KindText, formats.KindGuid:
		return "str"
	case formats.KindBool:
		return "bool"
	case formats.KindInt, formats.KindUint:
		return "int"
	case formats.KindFloat:
		return "float"
	case formats.KindTime:
		return "datetime.datetime"
	case formats.KindBytes:
		return "bytes"
	case formats.KindEnum:
		return derefType(ti.Go).Name()
	case formats.KindStruct:
		return structName(ti.Plan, "[", "]", pyType)
	case formats.KindList:
		return "List[" + pyType(ti.Elem) + "]"
	case formats.KindMap:
		return "Dict[str, " + pyType(ti.Elem) + "]"
	}
	return "object"
}

// snakeCase turns a wire name into the Python field name:
// InternalReferenceId → internal_reference_id, UiMode → ui_mode,
// IPAddress → ip_address.
func snakeCase(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) {
			prevLower := i > 0 && (unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1]))
			acronymEnd := i > 0 && unicode.IsUpper(r[i-1]) && i+1 < len(r) && unicode.IsLower(r[i+1])
			if (prevLower || acronymEnd) && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(c))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// upperSnake names a Python enum member: FormsFilled → FORMS_FILLED.
func upperSnake(s string) string { return strings.ToUpper(snakeCase(s)) }

// pyReserved reports names a field cannot take: keywords, and the type
// names the module uses. Generated code appends "_" and maps the field
// back to its wire name.
func pyReserved(name string) bool {
	switch strings.ToLower(name) {
	case "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
		"else", "except", "false", "finally", "for", "from", "global", "if", "import", "in", "is",
		"lambda", "none", "nonlocal", "not", "or", "pass", "raise", "return", "true", "try", "while",
		"with", "yield", "str", "int", "bool", "float", "list", "dict", "type":
		return true
	}
	return false
}
