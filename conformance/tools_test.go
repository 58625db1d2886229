package conformance

import (
	"os"
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
