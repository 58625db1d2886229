// Package tooltest finds the external programs some tests drive (php,
// mcs, mono, node, chromium) and the npm packages of testdata/clients.
//
// A missing tool skips the test, or fails it when PAYGATE_REQUIRE_TOOLS=1
// (CI sets it), so that a machine without the tool cannot pass silently
// where the test is the evidence. scripts/test-deps.sh installs them all.
//
// Under -short (make test-go, the fast loop) every test that drives an
// external tool skips, whether or not the tool is installed.
package tooltest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Need returns the path of the program name.
func Need(tb testing.TB, name string) string {
	tb.Helper()
	skipShort(tb)
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(tb, name+" is not installed (scripts/test-deps.sh installs it)")
	}
	return p
}

// NodeClients returns testdata/clients under root, with its npm packages
// installed and node on the PATH.
func NodeClients(tb testing.TB, root string) string {
	tb.Helper()
	skipShort(tb)
	dir, err := filepath.Abs(filepath.Join(root, "testdata", "clients"))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@servicestack", "client")); err != nil {
		Missing(tb, "testdata/clients/node_modules is missing (scripts/test-deps.sh runs npm ci)")
	}
	Need(tb, "node")
	return dir
}

// Missing skips tb with msg, or fails it when tools are required.
func Missing(tb testing.TB, msg string) {
	tb.Helper()
	if os.Getenv("PAYGATE_REQUIRE_TOOLS") == "1" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
}

func skipShort(tb testing.TB) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("drives an external tool: skipped under -short")
	}
}
