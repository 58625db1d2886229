// Command benchratio reads `go test -bench` output and prints, for every
// benchmark with a "baseline" sub-benchmark, how each sibling compares to it
// in the same run: time per op and throughput as ratios.
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

type result struct {
	ns, bytes, allocs float64
}

func main() {
	groups := map[string]map[string]result{}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		line := sc.Text()
		fmt.Println(line)
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // GOMAXPROCS suffix
		}
		slash := strings.LastIndexByte(name, '/')
		if slash < 0 {
			continue
		}
		var r result
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				r.ns = v
			case "B/op":
				r.bytes = v
			case "allocs/op":
				r.allocs = v
			}
		}
		g := name[:slash]
		if groups[g] == nil {
			groups[g] = map[string]result{}
		}
		groups[g][name[slash+1:]] = r
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		if _, ok := groups[g]["baseline"]; ok {
			names = append(names, g)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return
	}
	fmt.Println("\nratios against the baseline of the same run (throughput: >1 is faster than the baseline)")
	for _, g := range names {
		base := groups[g]["baseline"]
		subs := make([]string, 0, len(groups[g]))
		for s := range groups[g] {
			if s != "baseline" {
				subs = append(subs, s)
			}
		}
		sort.Strings(subs)
		for _, s := range subs {
			r := groups[g][s]
			if r.ns == 0 || base.ns == 0 {
				continue
			}
			fmt.Printf("%-50s time %.2fx  throughput %.2fx  allocs %v vs %v\n", g+"/"+s, r.ns/base.ns, base.ns/r.ns, r.allocs, base.allocs)
		}
	}
}
