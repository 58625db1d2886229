package formats

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// scalar writes the text of a value of a simple kind.
func (e *xmlEncoder) scalar(v reflect.Value, ti *TypeInfo) error {
	buf := e.buf
	switch ti.Kind {
	case KindString:
		writeXMLText(buf, v.String())
	case KindBool:
		buf.WriteString(strconv.FormatBool(v.Bool()))
	case KindInt:
		buf.Write(strconv.AppendInt(buf.AvailableBuffer(), v.Int(), 10))
	case KindUint:
		buf.Write(strconv.AppendUint(buf.AvailableBuffer(), v.Uint(), 10))
	case KindFloat:
		buf.Write(appendXMLFloat(buf.AvailableBuffer(), v.Float(), v.Type().Bits()))
	case KindGuid:
		g, _ := reflect.TypeAssert[uuid.UUID](v)
		buf.Write(appendGuid(buf.AvailableBuffer(), g))
	case KindTime:
		t, _ := reflect.TypeAssert[time.Time](v)
		b, err := appendXMLTime(buf.AvailableBuffer(), t)
		if err != nil {
			return err
		}
		buf.Write(b)
	case KindEnum:
		// Names come straight from the enum's table; MarshalText is the
		// fallback for values outside it.
		if i := v.Int(); i >= 0 && i < int64(len(ti.Enum)) {
			writeXMLText(buf, ti.Enum[i])
			return nil
		}
		return e.text(v)
	case KindText:
		return e.text(v)
	case KindBytes:
		b := v.Bytes()
		n := base64.StdEncoding.EncodedLen(len(b))
		buf.Grow(n)
		dst := buf.AvailableBuffer()[:n]
		base64.StdEncoding.Encode(dst, b)
		buf.Write(dst)
	default:
		return cannotWrite(v)
	}
	return nil
}

func (e *xmlEncoder) text(v reflect.Value) error {
	m, ok := reflect.TypeAssert[encoding.TextMarshaler](v)
	if !ok {
		return cannotWrite(v)
	}
	t, err := m.MarshalText()
	if err != nil {
		return err
	}
	writeXMLText(e.buf, string(t))
	return nil
}

// anyContract names the primitive contract of a dynamic value; "" when it
// has none.
func anyContract(v reflect.Value) (name, ns string) {
	if !v.IsValid() || !v.CanInterface() {
		return "", ""
	}
	switch v.Interface().(type) {
	case json.Number:
		return "decimal", namespaceSchema
	case uuid.UUID:
		return "guid", namespaceSerialization
	case time.Time:
		return "dateTime", namespaceSchema
	case string:
		return "string", namespaceSchema
	case bool:
		return "boolean", namespaceSchema
	case int8:
		return "byte", namespaceSchema
	case int16:
		return "short", namespaceSchema
	case int32:
		return "int", namespaceSchema
	case int, int64:
		return "long", namespaceSchema
	case uint8:
		return "unsignedByte", namespaceSchema
	case uint16:
		return "unsignedShort", namespaceSchema
	case uint32:
		return "unsignedInt", namespaceSchema
	case uint, uint64:
		return "unsignedLong", namespaceSchema
	case float32:
		return "float", namespaceSchema
	case float64:
		return "double", namespaceSchema
	}
	return "", ""
}

// anyText writes the text of a dynamic primitive value.
func (e *xmlEncoder) anyText(v reflect.Value) error {
	if _, ns := anyContract(v); ns == "" {
		return cannotWrite(v)
	}
	switch x := v.Interface().(type) {
	case json.Number:
		writeXMLText(e.buf, x.String())
	case uuid.UUID:
		e.buf.Write(appendGuid(e.buf.AvailableBuffer(), x))
	case time.Time:
		b, err := appendXMLTime(e.buf.AvailableBuffer(), x)
		if err != nil {
			return err
		}
		e.buf.Write(b)
	case string:
		writeXMLText(e.buf, x)
	case bool:
		e.buf.WriteString(strconv.FormatBool(x))
	case float32:
		e.buf.Write(appendXMLFloat(e.buf.AvailableBuffer(), float64(x), 32))
	case float64:
		e.buf.Write(appendXMLFloat(e.buf.AvailableBuffer(), x, 64))
	default:
		switch {
		case v.CanInt():
			e.buf.Write(strconv.AppendInt(e.buf.AvailableBuffer(), v.Int(), 10))
		case v.CanUint():
			e.buf.Write(strconv.AppendUint(e.buf.AvailableBuffer(), v.Uint(), 10))
		default:
			return cannotWrite(v)
		}
	}
	return nil
}

// writeXMLText escapes s as DataContractSerializer's writer does: &, < and >
// only; quotes and line breaks pass through. Characters XML 1.0 cannot carry
// (most control characters, invalid UTF-8, U+FFFE, U+FFFF) become U+FFFD:
// .NET would refuse to write them, and a response that clients cannot parse
// is worse than a replaced character.
func writeXMLText(buf *bytes.Buffer, s string) {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
				esc = "\uFFFD"
			default:
				i++
				continue
			}
			buf.WriteString(s[start:i])
			buf.WriteString(esc)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			buf.WriteString(s[start:i])
			buf.WriteString("\uFFFD")
			i += size
			start = i
			continue
		}
		i += size
	}
	buf.WriteString(s[start:])
}

// appendXMLFloat formats f as .NET Core's round-trip ("R") format, which
// DCS uses: the shortest digits that read back exactly, scientific notation
// (1E+20, 1E-05) only for large or tiny magnitudes, and INF, -INF, NaN.
// (.NET Framework may print 17 digits where fewer suffice; both read back.)
func appendXMLFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "INF"...)
	case math.IsInf(f, -1):
		return append(b, "-INF"...)
	case f == 0:
		// .NET Core writes negative zero as "-0"; Framework as "0". Both read
		// back as zero, so the simpler form is used.
		return append(b, '0')
	}
	// Shortest digits and exponent, from Go's %e form: d.ddde±XX.
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, bits)
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	mark := bytes.IndexByte(e, 'e')
	exp, _ := strconv.Atoi(string(e[mark+1:]))
	var digits [24]byte
	nd := 0
	for _, c := range e[:mark] {
		if c != '.' {
			digits[nd] = c
			nd++
		}
	}
	// .NET Core switches to scientific notation when the integer part would
	// need more than max(digits, 17) places (9 for float), and when the
	// first digit is five or more places after the point.
	limit := 17
	if bits == 32 {
		limit = 9
	}
	limit = max(limit, nd)
	if neg {
		b = append(b, '-')
	}
	if exp >= limit || exp < -4 {
		b = append(b, digits[0])
		if nd > 1 {
			b = append(b, '.')
			b = append(b, digits[1:nd]...)
		}
		b = append(b, 'E')
		if exp < 0 {
			b = append(b, '-')
			exp = -exp
		} else {
			b = append(b, '+')
		}
		if exp < 10 {
			b = append(b, '0')
		}
		return strconv.AppendInt(b, int64(exp), 10)
	}
	if exp < 0 {
		b = append(b, '0', '.')
		for i := -1; i > exp; i-- {
			b = append(b, '0')
		}
		return append(b, digits[:nd]...)
	}
	if nd <= exp+1 {
		b = append(b, digits[:nd]...)
		for i := nd; i <= exp; i++ {
			b = append(b, '0')
		}
		return b
	}
	b = append(b, digits[:exp+1]...)
	b = append(b, '.')
	return append(b, digits[exp+1:nd]...)
}

// appendXMLTime formats t as DCS writes a UTC DateTime: seconds, a fraction
// of up to seven digits (.NET ticks) without trailing zeros, and Z. The zero
// time is .NET's default(DateTime), which has no zone. A time near the ends
// of DateTime's range whose UTC form would leave it keeps its own offset,
// as a Local DateTime is written; one that is outside it is an error.
func appendXMLTime(b []byte, t time.Time) ([]byte, error) {
	const layout = "2006-01-02T15:04:05.9999999Z07:00"
	if t.IsZero() {
		return append(b, "0001-01-01T00:00:00"...), nil
	}
	if u := t.UTC(); inDateTimeRange(u) {
		return u.AppendFormat(b, layout), nil
	}
	if inDateTimeRange(t) {
		return t.AppendFormat(b, layout), nil
	}
	return b, fmt.Errorf("time %s is outside the range of a .NET DateTime", t.Format(time.RFC3339))
}

func inDateTimeRange(t time.Time) bool {
	return t.Year() >= 1 && t.Year() <= 9999
}

// hexDigits are lower-case, as .NET formats a Guid.
const hexDigits = "0123456789abcdef"

// appendGuid writes g in the dashed form DCS uses (JSON uses none).
func appendGuid(b []byte, g uuid.UUID) []byte {
	for i, c := range g {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

func cannotWrite(v reflect.Value) error {
	if !v.IsValid() {
		return errors.New("cannot write an untyped nil as XML")
	}
	return fmt.Errorf("cannot write %s as XML", v.Type())
}
