package formats

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

type jsonWriter struct{}

var rawJSONType = reflect.TypeOf(json.RawMessage(nil))

func (jsonWriter) write(buf *bytes.Buffer, v reflect.Value, ti *TypeInfo, o Options) error {
	return writeJSON(buf, v, ti, o)
}

func writeJSON(buf *bytes.Buffer, v reflect.Value, ti *TypeInfo, o Options) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		v = v.Elem()
		if ti.Kind == KindAny {
			return writeJSONAny(buf, v.Interface())
		}
	}
	switch ti.Kind {
	case KindString:
		writeJSONString(buf, v.String())
	case KindBool:
		buf.WriteString(strconv.FormatBool(v.Bool()))
	case KindInt:
		buf.WriteString(strconv.FormatInt(v.Int(), 10))
	case KindUint:
		buf.WriteString(strconv.FormatUint(v.Uint(), 10))
	case KindFloat:
		writeFloat(buf, v.Float(), v.Type().Bits())
	case KindGuid:
		g := v.Interface().(uuid.UUID)
		buf.WriteByte('"')
		buf.WriteString(g.String())
		buf.WriteByte('"')
	case KindTime:
		buf.WriteString(`"\/Date(`)
		buf.WriteString(strconv.FormatInt(v.Interface().(time.Time).UnixMilli(), 10))
		buf.WriteString(`)\/"`)
	case KindEnum, KindText:
		t, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return err
		}
		writeJSONString(buf, string(t))
	case KindBytes:
		if v.Type() == rawJSONType {
			if v.Len() == 0 {
				buf.WriteString("null")
			} else {
				buf.Write(v.Bytes())
			}
			return nil
		}
		buf.WriteByte('"')
		buf.WriteString(base64.StdEncoding.EncodeToString(v.Bytes()))
		buf.WriteByte('"')
	case KindList:
		if v.Kind() == reflect.Slice && v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, v.Index(i), ti.Elem, o); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case KindMap:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		if m, ok := v.Interface().(map[string]string); ok && ti.Elem.Kind == KindString {
			writeJSONStringMap(buf, m)
			return nil
		}
		keys := v.MapKeys()
		sortKeys(keys)
		buf.WriteByte('{')
		first := true
		for _, k := range keys {
			e := v.MapIndex(k)
			if isNull(e, ti.Elem) {
				continue // null dictionary values are dropped
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			writeJSONString(buf, k.String())
			buf.WriteByte(':')
			if err := writeJSON(buf, e, ti.Elem, o); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case KindStruct:
		buf.WriteByte('{')
		first := true
		for _, f := range ti.Plan.Fields {
			fv := v.FieldByIndex(f.Index)
			null := isNull(fv, f.Type)
			if null && !f.Null {
				continue
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			writeJSONString(buf, o.name(f))
			buf.WriteByte(':')
			if null {
				buf.WriteString("null")
				continue
			}
			if err := writeJSON(buf, fv, f.Type, o); err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
		}
		buf.WriteByte('}')
	case KindAny:
		return writeJSONAny(buf, v.Interface())
	}
	return nil
}

// writeJSONAny writes a value of no declared type with encoding/json, but
// without its HTML escaping: ServiceStack writes '<', '>' and '&' as they
// are, in these values as everywhere else.
func writeJSONAny(buf *bytes.Buffer, x any) error {
	start := buf.Len()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(x); err != nil {
		buf.Truncate(start)
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode ends the value with a newline
	return nil
}

// isNull reports whether v is a .NET null: a nil pointer, slice, map or
// interface, or an empty string (strings are reference types).
// writeJSONStringMap writes the dictionaries of error metadata without
// reflection: the keys sorted, empty values (nulls) dropped, as the
// general map case does.
func writeJSONStringMap(buf *bytes.Buffer, m map[string]string) {
	var arr [8]string
	keys := arr[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	buf.WriteByte('{')
	first := true
	for _, k := range keys {
		val := m[k]
		if val == "" {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		writeJSONString(buf, k)
		buf.WriteByte(':')
		writeJSONString(buf, val)
	}
	buf.WriteByte('}')
}

func isNull(v reflect.Value, ti *TypeInfo) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return v.IsNil()
	case reflect.String:
		return ti.Kind == KindString && v.Len() == 0
	}
	return false
}

func writeFloat(buf *bytes.Buffer, f float64, bits int) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		buf.WriteString("null")
		return
	}
	buf.Write(appendFloat(buf.AvailableBuffer(), f, bits))
}

// upperHex is the digit set of ServiceStack.Text's JsonUtils.IntToHex.
const upperHex = "0123456789ABCDEF"

// writeJSONString escapes as ServiceStack.Text's JsonUtils.WriteString
// does: quotes, backslashes, the short escapes \n \r \t \b \f, and every
// other char.IsControl character (U+0000-U+001F, DEL, U+0080-U+009F) as
// \uXXXX in upper-case hex. '/', '<', '>', '&' and all other non-ASCII,
// U+2028 and U+2029 included, pass through; JSONP escapes those two after
// the fact (EscapeJSLineTerminators). Invalid UTF-8 becomes U+FFFD, the
// only thing a .NET string could hold in its place.
func writeJSONString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			// U+0080-U+009F are encoded 0xC2 0x80-0x9F; anything else
			// multi-byte passes unless it is not UTF-8 at all.
			if c == 0xc2 && i+1 < len(s) && s[i+1] < 0xa0 && s[i+1] >= 0x80 {
				buf.WriteString(s[start:i])
				writeUnicodeEscape(buf, s[i+1])
				i += 2
				start = i
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				buf.WriteString(s[start:i])
				buf.WriteString("\uFFFD")
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		buf.WriteString(s[start:i])
		switch c {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		default:
			writeUnicodeEscape(buf, c)
		}
		i++
		start = i
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

// writeUnicodeEscape writes \u00XX for a character below U+0100.
func writeUnicodeEscape(buf *bytes.Buffer, c byte) {
	buf.WriteString(`\u00`)
	buf.WriteByte(upperHex[c>>4])
	buf.WriteByte(upperHex[c&0xf])
}

// EscapeJSLineTerminators rewrites U+2028 and U+2029 in buf from offset on
// as \u2028 and \u2029. JSON allows them raw, and ServiceStack writes
// them so, but JavaScript before ES2019 ends a string literal at them: a
// JSONP body, which is a script, must not hold them. In JSON they can only
// occur inside strings, where the escape means the same character.
func EscapeJSLineTerminators(buf *bytes.Buffer, from int) {
	b := buf.Bytes()[from:]
	i := bytes.Index(b, lineSepPrefix)
	if i < 0 {
		return
	}
	out := make([]byte, 0, len(b)+6)
	last := 0
	for i >= 0 {
		i += last
		if i+2 < len(b) && (b[i+2] == 0xa8 || b[i+2] == 0xa9) {
			out = append(out, b[last:i]...)
			out = append(out, '\\', 'u', '2', '0', '2', '8'+b[i+2]-0xa8)
			last = i + 3
		} else {
			out = append(out, b[last:i+2]...)
			last = i + 2
		}
		i = bytes.Index(b[last:], lineSepPrefix)
	}
	out = append(out, b[last:]...)
	buf.Truncate(from)
	buf.Write(out)
}

// lineSepPrefix is the UTF-8 lead of U+2028 and U+2029 (E2 80 A8/A9).
var lineSepPrefix = []byte{0xe2, 0x80}
