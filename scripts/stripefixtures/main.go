// Command stripefixtures writes testdata/stripe/fixtures.json: the fixtures
// bundled with the pinned stripe-mock, with the few fields patched that our
// tests depend on. stripe-mock answers every call from these fixtures, so a
// field that is null there is null in every response.
//
// Run it from the module root:
//
//	go run ./scripts/stripefixtures          rewrite the file
//	go run ./scripts/stripefixtures -check   fail if the committed file is stale
//
// The source is read from the Go module cache (downloaded if missing), so the
// output is reproducible from the pinned version alone.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// mockModule must name the version scripts/stripe-mock.sh installs.
const mockModule = "github.com/stripe/stripe-mock@v0.183.0"

const defaultOut = "testdata/stripe/fixtures.json"

func main() {
	out := flag.String("o", defaultOut, "output `file`")
	check := flag.Bool("check", false, "compare with the output file instead of writing it")
	flag.Parse()

	if err := run(context.Background(), *out, *check); err != nil {
		fmt.Fprintln(os.Stderr, "stripefixtures:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out string, check bool) error {
	src, err := bundledFixtures(ctx)
	if err != nil {
		return err
	}
	want, err := generate(src)
	if err != nil {
		return err
	}
	if check {
		got, err := os.ReadFile(out)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			return fmt.Errorf("%s is stale: run go run ./scripts/stripefixtures", out)
		}
		return nil
	}
	return os.WriteFile(out, want, 0o644)
}

// bundledFixtures returns stripe-mock's embedded fixtures file from the
// module source.
func bundledFixtures(ctx context.Context) ([]byte, error) {
	// Run outside our module so the download never touches go.mod or go.sum.
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", mockModule)
	cmd.Dir = os.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go mod download %s: %v: %s", mockModule, err, stderr.Bytes())
	}
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal(stdout, &mod); err != nil {
		return nil, fmt.Errorf("go mod download %s: %w", mockModule, err)
	}
	if mod.Error != "" || mod.Dir == "" {
		return nil, fmt.Errorf("go mod download %s: %s", mockModule, mod.Error)
	}
	return os.ReadFile(filepath.Join(mod.Dir, "embedded", "openapi", "fixtures3.json"))
}
