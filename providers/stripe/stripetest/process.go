package stripetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

const (
	// startTimeout bounds launching, port retries included (installing is
	// not counted: a cold module cache takes longer).
	startTimeout = 20 * time.Second
	// installTimeout bounds scripts/stripe-mock.sh install.
	installTimeout = 5 * time.Minute
	// portAttempts: another process may take a port between our probe and
	// stripe-mock's listen.
	portAttempts = 5
)

// process is one running stripe-mock.
type process struct {
	cmd       *exec.Cmd
	httpAddr  string
	httpsAddr string
	done      chan struct{} // closed when the process has exited
	out       *startupLog
}

func (p *process) mock() *Mock {
	return &Mock{URL: "http://" + p.httpAddr, HTTPSURL: "https://" + p.httpsAddr}
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *process) stop() {
	if !p.exited() {
		_ = p.cmd.Process.Kill()
	}
	<-p.done
}

// launch installs stripe-mock if needed and starts it with fixtures (empty:
// the repository's), retrying with fresh ports.
func launch(fixtures string) (*process, error) {
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

	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	var errs []error
	for range portAttempts {
		p, err := startProcess(ctx, bin, fixtures)
		if err == nil {
			return p, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, fmt.Errorf("stripe-mock did not start: %w", errors.Join(errs...))
}

// startProcess starts stripe-mock on two free loopback ports and waits until
// it answers.
func startProcess(ctx context.Context, bin, fixtures string) (*process, error) {
	httpAddr, httpsAddr, err := freeAddrs()
	if err != nil {
		return nil, err
	}
	p := &process{
		cmd: exec.Command(bin,
			"-http-addr", httpAddr,
			"-https-addr", httpsAddr,
			"-strict-version-check",
			"-fixtures", fixtures),
		httpAddr:  httpAddr,
		httpsAddr: httpsAddr,
		done:      make(chan struct{}),
		out:       &startupLog{},
	}
	p.cmd.Stdout = p.out
	p.cmd.Stderr = p.out
	setParentDeathSignal(p.cmd)
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.done)
	}()
	if err := p.waitReady(ctx); err != nil {
		p.stop()
		return nil, fmt.Errorf("%w; output:\n%s", err, p.out.String())
	}
	p.out.stopKeeping()
	return p, nil
}

// waitReady waits for stripe-mock to report both listeners bound (so the
// ports are ours, not another process's) and to answer a request.
func (p *process) waitReady(ctx context.Context) error {
	probe := &http.Client{Timeout: time.Second}
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		if strings.Contains(p.out.String(), "Listening for HTTPS at address:") && p.answers(ctx, probe) {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("stripe-mock on %s exited: %v", p.httpAddr, p.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("stripe-mock on %s not ready after %v", p.httpAddr, startTimeout)
		case <-tick.C:
		}
	}
}

func (p *process) answers(ctx context.Context, c *http.Client) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.httpAddr+"/v1/balance", nil)
	if err != nil {
		return false
	}
	req.SetBasicAuth(SecretKey, "")
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.Header.Get("Stripe-Mock-Version") != ""
}

// freeAddrs returns two loopback addresses that were free a moment ago.
func freeAddrs() (string, string, error) {
	a, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", fmt.Errorf("find a free port: %w", err)
	}
	defer a.Close()
	b, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", fmt.Errorf("find a free port: %w", err)
	}
	defer b.Close()
	return a.Addr().String(), b.Addr().String(), nil
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

// startupLog keeps stripe-mock's output until it is ready (for error
// messages), then drops it: stripe-mock logs every request.
type startupLog struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	done bool
}

const startupLogMax = 64 << 10

func (l *startupLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done && l.buf.Len() < startupLogMax {
		l.buf.Write(b)
	}
	return len(b), nil
}

func (l *startupLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *startupLog) stopKeeping() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done = true
	l.buf = bytes.Buffer{}
}
