package money

import (
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in, cur string
		want    int64
		bad     bool
	}{
		{"500.00", "SEK", 50000, false},
		{"500", "SEK", 50000, false},
		{"0.5", "usd", 50, false},
		{"1000", "JPY", 1000, false},
		{"1.5", "JPY", 0, true},
		{"1.234", "SEK", 0, true},
		{"-1", "SEK", 0, true},
		{"abc", "SEK", 0, true},
		{"1.", "SEK", 0, true},
		{"99999999999999999999", "SEK", 0, true},
	} {
		got, err := Parse(c.in, c.cur)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("Parse(%q, %s) = %d, %v; want %d, bad=%v", c.in, c.cur, got, err, c.want, c.bad)
		}
	}
}

func TestFormat(t *testing.T) {
	if got := Format(50000, "SEK"); got != "500.00" {
		t.Errorf("Format = %q", got)
	}
	if got := Format(-5, "usd"); got != "-0.05" {
		t.Errorf("Format = %q", got)
	}
	if got := Format(7, "JPY"); got != "7" {
		t.Errorf("Format = %q", got)
	}
}

func TestRate(t *testing.T) {
	for in, want := range map[string]int64{"0.25": 2500, "0.06": 600, "1": 10000, "0.125": 1250, "0": 0} {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d, %v", in, got, err)
		}
		if back, _ := ParseRate(FormatRate(got)); back != got {
			t.Errorf("FormatRate(%d) = %q does not round-trip", got, FormatRate(got))
		}
	}
	for _, in := range []string{"1.5", "-0.1", "x", "0.12345"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) accepted", in)
		}
	}
}

func TestAddMul(t *testing.T) {
	const max, min = math.MaxInt64, math.MinInt64
	for _, c := range []struct {
		a, b, n int64
		want    int64
		bad     bool
	}{
		{10, 5, 3, 25, false},
		{0, -2, -1, 2, false},
		{0, -2, 3, -6, false},
		{0, 2, -3, -6, false},
		{5, 0, max, 5, false},
		{0, max, 1, max, false},
		{0, min, 1, min, false},
		{0, 1 << 62, 4, 0, true},
		{0, -(1 << 62), 4, 0, true},
		{0, -(1 << 62), -4, 0, true},
		{0, min, -1, 0, true},
		{0, -1, min, 0, true},
		{1 << 62, 1 << 61, 2, 0, true},
		{min, -1, 1, 0, true},
		{max, 1, 1, 0, true},
	} {
		got, err := AddMul(c.a, c.b, c.n)
		if (err != nil) != c.bad || (!c.bad && got != c.want) {
			t.Errorf("AddMul(%d, %d, %d) = %d, %v; want %d, overflow=%v", c.a, c.b, c.n, got, err, c.want, c.bad)
		}
	}
}
