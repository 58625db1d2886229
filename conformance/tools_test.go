package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// repoRoot is the module root: the directory above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test source")
	}
	return filepath.Dir(filepath.Dir(file))
}

// needTool returns the path of an external program a client needs. When it
// is missing the test skips, or fails when PAYGATE_REQUIRE_TOOLS=1 (CI), so
// that a machine without the tool cannot pass silently where it matters.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missingTool(t, name+" is not installed (make test-deps installs it)")
	}
	return p
}

// needNodeClients returns testdata/clients with its npm packages installed.
func needNodeClients(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Join(root, "testdata", "clients")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@servicestack", "client")); err != nil {
		missingTool(t, "testdata/clients/node_modules is missing (make test-deps runs npm ci)")
	}
	return dir
}

func missingTool(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("PAYGATE_REQUIRE_TOOLS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// outDir is where the suite leaves files for people to look at
// (screenshots, the server log); testdata/out is ignored by git.
func outDir(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Join(root, "testdata", "out", "conformance")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
