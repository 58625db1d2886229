package formats

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

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
