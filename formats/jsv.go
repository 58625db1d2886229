package formats

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

type jsvWriter struct{}

func (jsvWriter) write(buf *bytes.Buffer, v reflect.Value, ti *TypeInfo, o Options) error {
	return writeJSV(buf, v, ti, o)
}

// writeJSV writes v in JSV. JSV has no null literal, so a null value writes
// nothing at all; containers drop members that come out empty.
func writeJSV(buf *bytes.Buffer, v reflect.Value, ti *TypeInfo, o Options) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
		if ti.Kind == KindAny {
			return writeJSVAny(buf, v)
		}
	}
	switch ti.Kind {
	case KindString:
		writeJSVString(buf, v.String())
	case KindEnum, KindText:
		t, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return err
		}
		writeJSVString(buf, string(t))
	case KindBytes:
		if v.Type() == rawJSONType {
			return writeJSVAny(buf, v)
		}
		return writeJSVScalar(buf, v, ti)
	case KindList:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSV(buf, v.Index(i), ti.Elem, o); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case KindMap:
		if v.IsNil() {
			return nil
		}
		keys := v.MapKeys()
		sortKeys(keys)
		buf.WriteByte('{')
		first := true
		for _, k := range keys {
			e := v.MapIndex(k)
			if isNull(e, ti.Elem) {
				continue // null dictionary values are dropped, as in JSON
			}
			wrote, err := writeJSVMember(buf, first, k.String(), e, ti.Elem, o)
			if err != nil {
				return err
			}
			first = first && !wrote
		}
		buf.WriteByte('}')
	case KindStruct:
		buf.WriteByte('{')
		first := true
		for _, f := range ti.Plan.Fields {
			fv := v.FieldByIndex(f.Index)
			if isNull(fv, f.Type) {
				continue
			}
			wrote, err := writeJSVMember(buf, first, o.name(f), fv, f.Type, o)
			if err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
			first = first && !wrote
		}
		buf.WriteByte('}')
	case KindAny:
		return writeJSVAny(buf, v)
	default:
		return writeJSVScalar(buf, v, ti)
	}
	return nil
}

// writeJSVMember writes name:value, preceded by a comma unless first. A
// value that turns out to be null (a NaN, a JSON null inside a raw message)
// is only known once written, so the member is then taken back.
func writeJSVMember(buf *bytes.Buffer, first bool, name string, v reflect.Value, ti *TypeInfo, o Options) (bool, error) {
	start := buf.Len()
	if !first {
		buf.WriteByte(',')
	}
	writeJSVString(buf, name)
	buf.WriteByte(':')
	mark := buf.Len()
	if err := writeJSV(buf, v, ti, o); err != nil {
		return false, err
	}
	if buf.Len() == mark {
		buf.Truncate(start)
		return false, nil
	}
	return true, nil
}

// writeJSVString writes s bare, or quoted with inner quotes doubled when it
// holds a character the JSV reader would take as syntax.
func writeJSVString(buf *bytes.Buffer, s string) {
	if s == "" {
		buf.WriteString(`""`)
		return
	}
	if !jsvNeedsQuotes(s) {
		buf.WriteString(s)
		return
	}
	writeQuoted(buf, s)
}

// jsvNeedsQuotes reports whether s holds one of the characters that make
// ServiceStack quote a JSV string. (A table rather than
// strings.ContainsAny, which builds its character set again on every call.)
func jsvNeedsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		if jsvSyntax[s[i]] {
			return true
		}
	}
	return false
}

var jsvSyntax = [256]bool{'"': true, ':': true, ',': true, '{': true, '}': true, '[': true, ']': true, '\r': true, '\n': true}

// writeQuoted writes s in double quotes, doubling those inside it, as both
// JSV and CSV quote.
func writeQuoted(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		buf.WriteString(s[:i+1])
		buf.WriteByte('"')
		s = s[i+1:]
	}
	buf.WriteString(s)
	buf.WriteByte('"')
}

// writeJSVScalar writes a value whose text never needs quoting: numbers,
// bools, Guids, dates (their ':' is safe in value position) and base64.
func writeJSVScalar(buf *bytes.Buffer, v reflect.Value, ti *TypeInfo) error {
	b, err := appendScalar(buf.AvailableBuffer(), v, ti)
	buf.Write(b)
	return err
}

// appendScalar appends the JSV text of a scalar, unquoted: strings raw,
// bools True/False (.NET's bool.ToString()), Guids dashed as in our JSON,
// dates by ToShortestXsdDateTimeString. A NaN or infinite float appends
// nothing: it is null, as in our JSON.
func appendScalar(dst []byte, v reflect.Value, ti *TypeInfo) ([]byte, error) {
	switch ti.Kind {
	case KindString:
		return append(dst, v.String()...), nil
	case KindBool:
		if v.Bool() {
			return append(dst, "True"...), nil
		}
		return append(dst, "False"...), nil
	case KindInt:
		return strconv.AppendInt(dst, v.Int(), 10), nil
	case KindUint:
		return strconv.AppendUint(dst, v.Uint(), 10), nil
	case KindFloat:
		f := v.Float()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return dst, nil
		}
		return appendFloat(dst, f, v.Type().Bits()), nil
	case KindGuid:
		return append(dst, v.Interface().(uuid.UUID).String()...), nil
	case KindTime:
		return appendShortestXSDTime(dst, v.Interface().(time.Time)), nil
	case KindEnum, KindText:
		t, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		return append(dst, t...), err
	case KindBytes:
		return base64.StdEncoding.AppendEncode(dst, v.Bytes()), nil
	}
	return dst, fmt.Errorf("formats: %s is not a scalar", v.Type())
}

// appendShortestXSDTime writes t in UTC as ServiceStack's
// ToShortestXsdDateTimeString does: the bare date at midnight, else seconds,
// with a fraction (to 100ns, .NET's resolution) only when there is one.
func appendShortestXSDTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0 {
		return t.AppendFormat(dst, "2006-01-02")
	}
	return t.AppendFormat(dst, "2006-01-02T15:04:05.9999999Z07:00")
}

// anyNode turns v, a value of no declared type or a json.RawMessage, into a
// Node by way of JSON, so that it shows the members our JSON writer shows.
func anyNode(v reflect.Value) (*Node, error) {
	raw, ok := v.Interface().(json.RawMessage)
	if !ok {
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return nil, err
		}
		raw = b
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return &Node{Kind: NodeNull}, nil
	}
	return ReadJSON(raw)
}

// nodeText is the JSV text of a scalar read from JSON: JSON's true and false
// become .NET's True and False.
func nodeText(n *Node) string {
	if !n.Quoted {
		switch n.Text {
		case "true":
			return "True"
		case "false":
			return "False"
		}
	}
	return n.Text
}

func writeJSVAny(buf *bytes.Buffer, v reflect.Value) error {
	n, err := anyNode(v)
	if err != nil {
		return err
	}
	writeJSVNode(buf, n)
	return nil
}

func writeJSVNode(buf *bytes.Buffer, n *Node) {
	switch n.Kind {
	case NodeScalar:
		writeJSVString(buf, nodeText(n))
	case NodeList:
		buf.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSVNode(buf, it)
		}
		buf.WriteByte(']')
	case NodeObject:
		buf.WriteByte('{')
		first := true
		for _, m := range n.Fields {
			if m.Value.Kind == NodeNull {
				continue
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			writeJSVString(buf, m.Name)
			buf.WriteByte(':')
			writeJSVNode(buf, m.Value)
		}
		buf.WriteByte('}')
	}
}
