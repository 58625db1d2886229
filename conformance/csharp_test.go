package conformance

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// compileCSharp compiles the C# client in dir with Mono's compiler and
// returns the program.
func compileCSharp(t *testing.T, mcs, dir string) string {
	t.Helper()
	sources, err := filepath.Glob(filepath.Join(dir, "*.cs"))
	if err != nil || len(sources) == 0 {
		t.Fatalf("no C# sources in %s: %v", dir, err)
	}
	exe := filepath.Join(t.TempDir(), "conformance.exe")
	args := append([]string{"-nologo", "-warnaserror+", "-out:" + exe,
		"-r:System.Runtime.Serialization.dll", "-r:System.Net.Http.dll", "-r:System.Xml.dll", "-r:System.Xml.Linq.dll",
	}, sources...)
	if out, err := exec.Command(mcs, args...).CombinedOutput(); err != nil {
		t.Fatalf("mcs: %v\n%s", err, out)
	}
	return exe
}
