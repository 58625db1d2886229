package main

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// layers are paygate's packages, lowest first. A package may import only
// packages of its own layer or below, so that data flows one way: the wire
// types know nothing of the store, the store nothing of HTTP, the surfaces
// nothing of each other's wiring, and only app composes them.
var layers = [][]string{
	{"apierr", "money", "secrets", "config", "internal/outbound", "internal/clocktest", "internal/logtest",
		"internal/tooltest", "internal/pgtest", "internal/faultproxy"},
	{"formats"},
	{"dto", "internal/plainecho"},
	{"store", "store/storetest", "providers/stripe", "providers/stripe/stripemock", "providers/stripe/stripetest",
		"providers/payson", "providers/payson/sandbox", "recovery", "recovery/recoverytest", "health"},
	{"auth", "auth/authtest"},
	{"server", "metrics", "internal/servertest"},
	{"providers/bokamera"},
	{"providers/stripev1", "providers/paysonv2", "providers/billrun", "providers/payments", "providers/paymentlog",
		"auth/authsvc"},
	{"metadata", "widget"},
	{"app"},
	{"", "conformance", "resilience"}, // the command, and the suites over real processes
}

// TestLayers: no package imports one above it.
func TestLayers(t *testing.T) {
	layer := map[string]int{}
	for i, l := range layers {
		for _, p := range l {
			layer[p] = i
		}
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	rel := func(p string) (string, bool) {
		if p == "paygate" {
			return "", true
		}
		r, ok := strings.CutPrefix(p, "paygate/")
		return r, ok
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		pkg, _ := rel(f[0])
		if strings.HasPrefix(pkg, "scripts/") {
			continue // tools beside the product, each a command of its own
		}
		at, known := layer[pkg]
		if !known {
			t.Errorf("package %q has no layer: add it to layers", pkg)
			continue
		}
		for _, imp := range f[1:] {
			dep, ours := rel(imp)
			if !ours {
				continue
			}
			if l, ok := layer[dep]; ok && l > at {
				t.Errorf("%s (layer %d) imports %s (layer %d), which is above it", pkg, at, dep, l)
			}
		}
	}
}
