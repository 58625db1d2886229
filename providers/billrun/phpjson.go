package billrun

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"paygate/formats"
)

// BillRun signs json_encode($data) of the array json_decode($json, true)
// gave it, so the signed bytes are PHP's, not the caller's: keys in their
// first position with their last value, {"0":…,"1":…} turned into a list,
// integers as integers, other numbers as PHP doubles, and strings escaped
// with \/ and \uXXXX. appendPHPJSON writes exactly those bytes.

// errNotEncodable is a value PHP's json_encode refuses (an infinite double),
// so no signature can match it.
var errNotEncodable = errors.New("a number out of the range of a double")

// appendPHPJSON appends n as PHP writes it back after reading it.
func appendPHPJSON(buf []byte, n *formats.Node) ([]byte, error) {
	switch n.Kind {
	case formats.NodeNull:
		return append(buf, "null"...), nil
	case formats.NodeScalar:
		if n.Quoted {
			return appendPHPString(buf, n.Text), nil
		}
		return appendPHPNumber(buf, n.Text)
	case formats.NodeList:
		return appendPHPList(buf, n.Items)
	}
	members := phpMembers(n)
	if isPHPList(members) {
		items := make([]*formats.Node, len(members))
		for i, m := range members {
			items[i] = m.Value
		}
		return appendPHPList(buf, items)
	}
	buf = append(buf, '{')
	for i, m := range members {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendPHPString(buf, m.Name)
		buf = append(buf, ':')
		var err error
		if buf, err = appendPHPJSON(buf, m.Value); err != nil {
			return nil, err
		}
	}
	return append(buf, '}'), nil
}

func appendPHPList(buf []byte, items []*formats.Node) ([]byte, error) {
	buf = append(buf, '[')
	for i, it := range items {
		if i > 0 {
			buf = append(buf, ',')
		}
		var err error
		if buf, err = appendPHPJSON(buf, it); err != nil {
			return nil, err
		}
	}
	return append(buf, ']'), nil
}

// phpMembers returns the members of object n as a PHP array holds them: a
// repeated key keeps its first position and takes its last value.
func phpMembers(n *formats.Node) []formats.Member {
	out := make([]formats.Member, 0, len(n.Fields))
	at := make(map[string]int, len(n.Fields))
	for _, m := range n.Fields {
		if i, ok := at[m.Name]; ok {
			out[i].Value = m.Value
			continue
		}
		at[m.Name] = len(out)
		out = append(out, m)
	}
	return out
}

// isPHPList reports whether keys are "0", "1", … in order: PHP turns such
// keys into integers and json_encode then writes a list. An empty array is a
// list too.
func isPHPList(members []formats.Member) bool {
	for i, m := range members {
		if m.Name != strconv.Itoa(i) {
			return false
		}
	}
	return true
}

// appendPHPNumber writes a JSON number literal (or true/false) as PHP
// re-encodes it: an integer that fits in 64 bits stays an integer, anything
// else becomes a double.
func appendPHPNumber(buf []byte, text string) ([]byte, error) {
	if text == "true" || text == "false" {
		return append(buf, text...), nil
	}
	if !strings.ContainsAny(text, ".eE") {
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return strconv.AppendInt(buf, i, 10), nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if math.IsInf(f, 0) {
		return nil, errNotEncodable
	}
	if err != nil {
		return nil, err
	}
	return appendPHPFloat(buf, f), nil
}

// appendPHPFloat writes f as json_encode does with serialize_precision -1:
// the shortest digits that read back as f, in plain notation while the
// decimal exponent is between -4 and 17, else as d.ddde±x ("1.0e+25").
func appendPHPFloat(buf []byte, f float64) []byte {
	if math.Signbit(f) {
		buf = append(buf, '-')
		f = -f
	}
	if f == 0 {
		return append(buf, '0')
	}
	// Shortest digits d.dddde±x; decpt places the point as PHP's zend_dtoa
	// does: value = 0.digits × 10^decpt.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	decpt := x + 1
	switch {
	case decpt < -3 || decpt > 17:
		buf = append(buf, digits[0], '.')
		if len(digits) == 1 {
			buf = append(buf, '0')
		} else {
			buf = append(buf, digits[1:]...)
		}
		buf = append(buf, 'e')
		if x < 0 {
			buf = append(buf, '-')
			x = -x
		} else {
			buf = append(buf, '+')
		}
		return strconv.AppendInt(buf, int64(x), 10)
	case decpt <= 0:
		buf = append(buf, "0."...)
		for range -decpt {
			buf = append(buf, '0')
		}
		return append(buf, digits...)
	case len(digits) <= decpt:
		buf = append(buf, digits...)
		for range decpt - len(digits) {
			buf = append(buf, '0')
		}
		return buf
	}
	buf = append(buf, digits[:decpt]...)
	buf = append(buf, '.')
	return append(buf, digits[decpt:]...)
}

const hexDigits = "0123456789abcdef"

// appendPHPString writes s as json_encode does by default: '/' escaped,
// control characters and everything beyond ASCII as \uXXXX (lower-case hex,
// surrogate pairs above U+FFFF).
func appendPHPString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for _, r := range s {
		switch {
		case r == '"':
			buf = append(buf, `\"`...)
		case r == '\\':
			buf = append(buf, `\\`...)
		case r == '/':
			buf = append(buf, `\/`...)
		case r == '\b':
			buf = append(buf, `\b`...)
		case r == '\f':
			buf = append(buf, `\f`...)
		case r == '\n':
			buf = append(buf, `\n`...)
		case r == '\r':
			buf = append(buf, `\r`...)
		case r == '\t':
			buf = append(buf, `\t`...)
		case r < 0x20:
			buf = appendUnicodeEscape(buf, r)
		case r < utf8.RuneSelf:
			buf = append(buf, byte(r))
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			buf = appendUnicodeEscape(appendUnicodeEscape(buf, hi), lo)
		default:
			buf = appendUnicodeEscape(buf, r)
		}
	}
	return append(buf, '"')
}

func appendUnicodeEscape(buf []byte, r rune) []byte {
	return append(buf, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

// phpURLEncode is PHP's urlencode: letters, digits and "-_." stay, a space
// becomes '+', every other byte %XX.
func phpURLEncode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			const upper = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(upper[c>>4])
			b.WriteByte(upper[c&0xf])
		}
	}
	return b.String()
}
