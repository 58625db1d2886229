// Package money parses and formats amounts in minor units without floating
// point, so a price typed as 500.00 is exactly 50000 öre.
package money

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// zeroDecimal lists ISO 4217 currencies without minor units (Stripe's list).
var zeroDecimal = map[string]bool{
	"BIF": true, "CLP": true, "DJF": true, "GNF": true, "JPY": true, "KMF": true, "KRW": true, "MGA": true,
	"PYG": true, "RWF": true, "UGX": true, "VND": true, "VUV": true, "XAF": true, "XOF": true, "XPF": true,
}

// Exponent is the number of minor-unit digits of currency.
func Exponent(currency string) int {
	if zeroDecimal[strings.ToUpper(currency)] {
		return 0
	}
	return 2
}

// CheckCurrency accepts three ASCII letters.
func CheckCurrency(c string) error {
	if len(c) != 3 {
		return fmt.Errorf("%q is not a three-letter currency code", c)
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Errorf("%q is not a three-letter currency code", c)
		}
	}
	return nil
}

// Parse reads a decimal amount ("500", "500.5", "500.00") into minor units
// of currency. More decimals than the currency has are refused, never
// rounded.
func Parse(s, currency string) (int64, error) {
	s = strings.TrimSpace(s)
	exp := Exponent(currency)
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") || strings.HasPrefix(whole, "-") || strings.HasPrefix(whole, "+") {
		return 0, fmt.Errorf("%q is not a positive decimal amount", s)
	}
	if len(frac) > exp {
		return 0, fmt.Errorf("%q has more than %d decimals", s, exp)
	}
	frac += strings.Repeat("0", exp-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a decimal amount", s)
	}
	return n, nil
}

// Format writes minor units as a decimal amount: 50000 SEK → "500.00".
func Format(minor int64, currency string) string {
	exp := Exponent(currency)
	if exp == 0 {
		return strconv.FormatInt(minor, 10)
	}
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	div := int64(math.Pow10(exp))
	return fmt.Sprintf("%s%d.%0*d", sign, minor/div, exp, minor%div)
}

// ParseRate reads a rate such as "0.25" into basis points (2500).
func ParseRate(s string) (int64, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" || len(frac) > 4 || strings.ContainsAny(whole, "+-") {
		return 0, errors.New("a rate needs the form 0.25")
	}
	bp, err := strconv.ParseInt(whole+frac+strings.Repeat("0", 4-len(frac)), 10, 64)
	if err != nil || bp > 10000 {
		return 0, errors.New("a rate must be a number between 0 and 1, such as 0.25")
	}
	return bp, nil
}

// FormatRate writes basis points as a rate: 2500 → "0.25".
func FormatRate(bp int64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%d.%04d", bp/10000, bp%10000), "0"), ".")
}

// AddMul returns a + b*n, refusing to overflow int64.
func AddMul(a, b, n int64) (int64, error) {
	p := b * n
	// Division undoes an exact product; MinInt64 × -1 is the one overflow
	// it cannot see, since MinInt64 / -1 is MinInt64 again.
	if b != 0 && (p/b != n || (b == -1 && n == math.MinInt64) || (n == -1 && b == math.MinInt64)) {
		return 0, errors.New("amount overflows")
	}
	s := a + p
	if (p > 0 && s < a) || (p < 0 && s > a) {
		return 0, errors.New("amount overflows")
	}
	return s, nil
}
