package main

import (
	"fmt"
	"strings"
	"time"
)

// report collects the lines of one scenario: measure, paygate's figure,
// the baseline's, their ratio, the goal and whether it is met.
type report struct {
	title string
	lines [][6]string
}

func (r *report) add(measure, ours, base, ratio, goal string, ok bool) {
	r.lines = append(r.lines, [6]string{measure, ours, base, ratio, goal, verdict(ok)})
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond)) }
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// addLevel records the goals of one concurrency level of a create. atRate,
// when given, is the provider answering the same calls sent directly at
// the rate paygate made them: its CPU per call is shown beside the goal's,
// to explain it, as no goal of its own.
func (r *report) addLevel(n int, provider string, b, p measured, atRate *measured) {
	if b.firstErr != "" || p.firstErr != "" {
		r.lines = append(r.lines, [6]string{fmt.Sprintf("first error, %d clients", n), trim(p.firstErr), trim(b.firstErr)})
	}
	switch n {
	case 1:
		d := p.p50 - b.p50
		r.add("p50, 1 client", ms(p.p50), ms(b.p50), fmt.Sprintf("%+.2f ms", float64(d)/1e6), "≤ +0.60 ms", d <= 600*time.Microsecond)
		return
	case 32:
		pc, bc := p.cpu["paygate"], b.cpu[provider]
		x := ratio(float64(pc), float64(bc))
		r.add("paygate CPU per create vs "+provider+"'s per call", us(pc), us(bc), fmt.Sprintf("%.2fx", x), "≤ 0.50x", x <= 0.5)
		mc := p.cpu[provider]
		x = ratio(float64(mc), float64(bc))
		r.add(provider+" CPU per call, via paygate vs direct", us(mc), us(bc), fmt.Sprintf("%.2fx", x), "≤ 1.10x", x <= 1.1)
		if atRate != nil {
			if atRate.firstErr != "" || atRate.errors > 0 {
				r.lines = append(r.lines, [6]string{"errors, direct at paygate's rate", "", fmt.Sprintf("%d: %s", atRate.errors, trim(atRate.firstErr))})
			}
			ac := atRate.cpu[provider]
			r.lines = append(r.lines, [6]string{fmt.Sprintf("  the same, direct at paygate's rate (%.0f/s)", atRate.throughput()),
				us(mc), us(ac), fmt.Sprintf("%.2fx", ratio(float64(mc), float64(ac))), "(explains)"})
		}
	}
	tp := ratio(p.throughput(), b.throughput())
	r.add(fmt.Sprintf("throughput, %d clients", n), fmt.Sprintf("%.0f/s", p.throughput()), fmt.Sprintf("%.0f/s", b.throughput()),
		fmt.Sprintf("%.2fx", tp), "≥ 0.50x", tp >= 0.5)
	x := ratio(float64(p.p99), float64(b.p99))
	r.add(fmt.Sprintf("p99, %d clients", n), ms(p.p99), ms(b.p99), fmt.Sprintf("%.2fx", x), "≤ 2.00x", x <= 2)
	if n == 200 {
		r.add("errors / over 2 s, 200 clients", fmt.Sprintf("%d / %d", p.errors, p.slow), fmt.Sprintf("%d / %d", b.errors, b.slow),
			"", "0 / 0", p.errors == 0 && p.slow == 0)
	}
}

// addWire records the wire-path goal for one format.
func (r *report) addWire(format string, b, p measured) {
	pc, bc := p.cpu["paygate"], b.cpu["echo"]
	x := ratio(float64(pc), float64(bc))
	r.add("server CPU per request, "+format, us(pc), us(bc), fmt.Sprintf("%.2fx", x), "≤ 1.25x", x <= 1.25)
	if b.firstErr != "" || p.firstErr != "" || b.errors+p.errors > 0 {
		r.lines = append(r.lines, [6]string{"errors, " + format, fmt.Sprint(p.errors), fmt.Sprint(b.errors), trim(p.firstErr + b.firstErr)})
	}
}

func trim(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

func (r *report) print() {
	fmt.Println(r.title)
	head := [6]string{"measure", "paygate", "baseline", "ratio", "goal", ""}
	rows := append([][6]string{head}, r.lines...)
	var w [6]int
	for _, l := range rows {
		for i, c := range l {
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	for _, l := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range l {
			b.WriteString(c)
			if i < len(l)-1 {
				b.WriteString(strings.Repeat(" ", w[i]-len([]rune(c))+2))
			}
		}
		fmt.Println(strings.TrimRight(b.String(), " "))
	}
	fmt.Println()
}
