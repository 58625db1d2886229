package payson

import (
	"fmt"
	"math/big"
	"strings"
)

// Amount is money in hundredths of the currency unit (öre, cent). Payson
// writes money as decimal numbers with two decimals; keeping it as an integer
// makes totals and comparisons exact, which float64 would not.
type Amount int64

// String formats a as a decimal with two decimals, e.g. "125.00".
func (a Amount) String() string {
	sign, v := "", uint64(a)
	if a < 0 {
		// Negating in uint64 keeps the smallest int64 from overflowing.
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalJSON writes a as a JSON number with two decimals.
func (a Amount) MarshalJSON() ([]byte, error) {
	return []byte(a.String()), nil
}

// UnmarshalJSON reads a JSON number. It is exact: 0.29 is 29 hundredths,
// not whatever float64 makes of it. More than two non-zero decimals is an
// error rather than a silent rounding, because Payson documents two.
func (a *Amount) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if !isJSONNumber(s) {
		return fmt.Errorf("payson: amount %.20q is not a number", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return fmt.Errorf("payson: amount %.20q is not a number", s)
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() {
		return fmt.Errorf("payson: amount %.20s has more than two decimals", s)
	}
	if !r.Num().IsInt64() {
		return fmt.Errorf("payson: amount %.20s is out of range", s)
	}
	*a = Amount(r.Num().Int64())
	return nil
}

// isJSONNumber keeps big.Rat's other notations (fractions, hex) out: only
// the characters of a JSON number may reach it.
func isJSONNumber(s string) bool {
	if s == "" || !(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789.-+eE", c) {
			return false
		}
	}
	return true
}
