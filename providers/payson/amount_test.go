package payson

import (
	"encoding/json"
	"math"
	"testing"
)

func TestAmountJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Amount
		out  string
	}{
		{"125", 12500, "125.00"},
		{"0.29", 29, "0.29"},
		{"99.5", 9950, "99.50"},
		{"-12.34", -1234, "-12.34"},
		{"1.2300", 123, "1.23"},
		{"1e2", 10000, "100.00"},
		{"0", 0, "0.00"},
	} {
		var a Amount
		if err := json.Unmarshal([]byte(tc.in), &a); err != nil {
			t.Errorf("Unmarshal(%s): %v", tc.in, err)
			continue
		}
		if a != tc.want {
			t.Errorf("Unmarshal(%s) = %d, want %d", tc.in, a, tc.want)
		}
		b, err := json.Marshal(a)
		if err != nil || string(b) != tc.out {
			t.Errorf("Marshal(%d) = %s, %v; want %s", a, b, err, tc.out)
		}
	}
}

func TestAmountRejects(t *testing.T) {
	for _, in := range []string{`1.234`, `"12.00"`, `true`, `1e30`, `{}`} {
		var a Amount
		if err := json.Unmarshal([]byte(in), &a); err == nil {
			t.Errorf("Unmarshal(%s) = %d, want an error", in, a)
		}
	}
	var a Amount
	if err := a.UnmarshalJSON([]byte("1/3")); err == nil {
		t.Error("UnmarshalJSON(1/3) accepted a fraction")
	}
}

func TestAmountStringExtremes(t *testing.T) {
	if got := Amount(math.MinInt64).String(); got != "-92233720368547758.08" {
		t.Errorf("MinInt64 = %s", got)
	}
}
