package conformance

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// demo is a running `paygate demo` as its --ready-file describes it.
type demo struct {
	URL           string `json:"url"`
	Company       string `json:"company"`
	AdminKey      string `json:"adminKey"`
	AppKey        string `json:"appKey"`
	StripeMock    string `json:"stripeMock"`
	PaysonSandbox string `json:"paysonSandbox"`
}

// env is how the clients learn about the demo.
func (d *demo) env() []string {
	return []string{
		"PAYGATE_URL=" + d.URL,
		"PAYGATE_COMPANY=" + d.Company,
		"PAYGATE_ADMIN_KEY=" + d.AdminKey,
		"PAYGATE_APP_KEY=" + d.AppKey,
		"PAYSON_SANDBOX_URL=" + d.PaysonSandbox,
	}
}

const (
	// readyWithin bounds the demo's start: building nothing, it starts
	// stripe-mock (which retries ports for up to 20 s) and migrates a
	// fresh database.
	readyWithin = 60 * time.Second
	// stopWithin is how long the demo may take to shut down gracefully
	// before its process group is killed.
	stopWithin = 15 * time.Second
	// raceExitCode is what a binary built with -race exits with when it
	// found a data race.
	raceExitCode = 66
)

// buildPaygate compiles the paygate command, with the race detector when
// the suite runs with it, so that the clients' traffic is raced too.
func buildPaygate(t *testing.T, root string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not in PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "paygate")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command(goTool, append(args, ".")...)
	cmd.Dir = root
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("built paygate (race detector %v) in %v", raceEnabled, time.Since(start).Round(time.Millisecond))
	return bin
}

// installStripeMock makes sure the pinned stripe-mock is in .bin, as make
// deps does, and returns its path.
func installStripeMock(t *testing.T, root string) string {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "stripe-mock.sh"), "install")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("install stripe-mock: %v\n%s", err, out)
	}
	return filepath.Join(root, ".bin", "stripe-mock")
}

// startDemo runs `paygate demo` on free loopback ports with a fresh
// database, allowing corsOrigins, and waits until it is ready. Its output
// goes to logPath. The demo and everything it started are stopped when the
// test ends; a data race it reported fails the test.
func startDemo(t *testing.T, root, corsOrigins, logPath string) *demo {
	t.Helper()
	bin := buildPaygate(t, root)
	mock := installStripeMock(t, root)
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready.json")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logFile.Close() })

	cmd := exec.Command(bin, "demo",
		"--addr", "127.0.0.1:0",
		"--db", filepath.Join(dir, "paygate.db"),
		"--payson-sandbox-addr", "127.0.0.1:0",
		"--stripe-mock", mock,
		"--stripe-fixtures", filepath.Join(root, "testdata", "stripe", "fixtures.json"),
		"--cors-origins", corsOrigins,
		"--ready-file", ready,
	)
	cmd.Dir = dir
	cmd.Env = append(withoutPaygateVars(os.Environ()), "GORACE=halt_on_error=1")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	setProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start paygate demo: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { stopDemo(t, cmd, exited, logPath) })

	d, err := waitReady(ready, exited)
	if err != nil {
		t.Fatalf("paygate demo: %v\nits log (%s):\n%s", err, logPath, tail(logPath))
	}
	t.Logf("paygate demo ready at %s (stripe-mock %s, Payson sandbox %s); log: %s",
		d.URL, d.StripeMock, d.PaysonSandbox, logPath)
	return d
}

// waitReady polls for the ready file, which the demo writes once it
// accepts connections, until readyWithin has passed or the demo exits.
func waitReady(path string, exited <-chan error) (*demo, error) {
	deadline := time.NewTimer(readyWithin)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil {
			d := new(demo)
			if err := json.Unmarshal(b, d); err != nil {
				return nil, err
			}
			if d.URL == "" || d.Company == "" || d.AdminKey == "" || d.AppKey == "" {
				return nil, errors.New("the ready file lacks the URL, the company or the keys")
			}
			return d, nil
		}
		select {
		case err := <-exited:
			return nil, errors.Join(errors.New("exited before it was ready"), err)
		case <-deadline.C:
			return nil, errors.New("not ready within " + readyWithin.String())
		case <-tick.C:
		}
	}
}

// stopDemo asks the demo to shut down, kills its process group if it does
// not, and fails the test if the race detector spoke.
func stopDemo(t *testing.T, cmd *exec.Cmd, exited <-chan error, logPath string) {
	_ = signalGroup(cmd, terminate)
	var err error
	select {
	case err = <-exited:
	case <-time.After(stopWithin):
		t.Errorf("paygate demo did not stop within %v of SIGTERM; killed", stopWithin)
		_ = signalGroup(cmd, kill)
		err = <-exited
	}
	// Whatever the demo started and did not stop goes with its group.
	_ = signalGroup(cmd, kill)
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == raceExitCode {
		t.Errorf("paygate reported a data race; see %s:\n%s", logPath, tail(logPath))
	} else if err != nil {
		t.Errorf("paygate demo exited with %v; see %s", err, logPath)
	}
}

// withoutPaygateVars drops PAYGATE_* settings from env: the suite chooses
// the demo's providers and ports, not the developer's shell.
func withoutPaygateVars(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "PAYGATE_") {
			out = append(out, kv)
		}
	}
	return out
}

// tail returns the end of the file at path, for failure messages.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	const max = 8 << 10
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return string(b)
}
