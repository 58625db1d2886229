package formats

import (
	"bytes"
	"math"
	"strconv"
)

// appendFloat formats f as .NET's double.ToString() and float.ToString() do,
// since ServiceStack writes numbers with them: the shortest digits that read
// back to f, in plain notation while there are at most max(digits, 15)
// places before the decimal point (7 for float) and at most three zeros
// between it and the first digit, else in E notation with a signed, at least
// two-digit exponent: 0.0001, 1E-05, 100000000000000, 1E+15, 1.5E+20.
func appendFloat(dst []byte, f float64, bits int) []byte {
	precision, plain := 15, 1e15
	if bits == 32 {
		precision, plain = 7, 1e7
	}
	// Between 1E-04 and 10^precision the notation is plain whatever the
	// digits; most numbers are, and need only one formatting pass.
	if a := math.Abs(f); a == 0 || a >= 1e-4 && a < plain {
		return strconv.AppendFloat(dst, f, 'f', -1, bits)
	}
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, bits) // -d.ddde±dd
	at := bytes.IndexByte(e, 'e')
	if at < 0 { // NaN or ±Inf; callers write those as null
		return append(dst, e...)
	}
	exp := 0
	for _, c := range e[at+2:] {
		exp = exp*10 + int(c-'0')
	}
	if e[at+1] == '-' {
		exp = -exp
	}
	digits := 0
	for _, c := range e[:at] {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	scale := exp + 1 // digits before the decimal point
	if scale >= -3 && scale <= max(digits, precision) {
		return strconv.AppendFloat(dst, f, 'f', -1, bits)
	}
	dst = append(dst, e[:at]...)
	dst = append(dst, 'E')
	return append(dst, e[at+1:]...)
}
