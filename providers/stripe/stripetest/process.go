package stripetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"paygate/providers/stripe/stripemock"
)

// installTimeout bounds scripts/stripe-mock.sh install: a cold module cache
// takes a while.
const installTimeout = 5 * time.Minute

// launch installs stripe-mock if needed and starts it with fixtures (empty:
// the repository's).
func launch(fixtures string) (*stripemock.Process, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	bin, err := install(root)
	if err != nil {
		return nil, err
	}
	if fixtures == "" {
		fixtures = filepath.Join(root, "testdata", "stripe", "fixtures.json")
	}
	if _, err := os.Stat(fixtures); err != nil {
		return nil, fmt.Errorf("fixtures: %w", err)
	}
	return stripemock.Launch(stripemock.Options{Binary: bin, Fixtures: fixtures})
}

// installMu serialises installs within the test binary; the script itself
// is safe across binaries.
var installMu sync.Mutex

// install runs scripts/stripe-mock.sh install (a no-op when the pinned
// version is present) and returns the binary's path.
func install(root string) (string, error) {
	installMu.Lock()
	defer installMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), installTimeout)
	defer cancel()
	script := filepath.Join(root, "scripts", "stripe-mock.sh")
	cmd := exec.CommandContext(ctx, "bash", script, "install")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("cannot install stripe-mock (%s install): %v\n%s", script, err, out)
	}
	return filepath.Join(root, ".bin", "stripe-mock"), nil
}

// moduleRoot finds the repository root from the working directory, which
// go test sets to the package under test.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "scripts", "stripe-mock.sh")); err != nil {
				return "", fmt.Errorf("module root %s has no scripts/stripe-mock.sh", dir)
			}
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
