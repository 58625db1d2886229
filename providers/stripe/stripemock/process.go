// Package stripemock runs stripe-mock, Stripe's API emulator, as a child
// process on loopback ports of its own: for tests and for the demo.
package stripemock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"time"
)

const (
	// DefaultStartTimeout bounds Launch, port retries included.
	DefaultStartTimeout = 20 * time.Second
	// portAttempts: another process may take a port between our probe and
	// stripe-mock's listen.
	portAttempts = 5
	// probeKey authenticates the readiness probe; stripe-mock accepts any
	// sk_test_ key.
	probeKey = "sk_test_probe"
)

// Options configure Launch.
type Options struct {
	Binary   string // the stripe-mock executable
	Fixtures string // a fixtures file; empty means stripe-mock's own
	// StartTimeout bounds the start; DefaultStartTimeout when zero.
	StartTimeout time.Duration
}

// Process is one running stripe-mock.
type Process struct {
	cmd       *exec.Cmd
	httpAddr  string
	httpsAddr string
	done      chan struct{} // closed when the process has exited
	out       *startupLog
}

// URL is the plain HTTP base URL, e.g. http://127.0.0.1:41234.
func (p *Process) URL() string { return "http://" + p.httpAddr }

// HTTPSURL serves the same over TLS with stripe-mock's self-signed
// certificate.
func (p *Process) HTTPSURL() string { return "https://" + p.httpsAddr }

// PID is the process id, for reading the process's CPU time and memory.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Exited reports whether the process has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Stop kills the process and waits for it to end.
func (p *Process) Stop() {
	if !p.Exited() {
		_ = p.cmd.Process.Kill()
	}
	<-p.done
}

// Launch starts stripe-mock and waits until it answers, retrying with fresh
// ports.
func Launch(opts Options) (*Process, error) {
	timeout := opts.StartTimeout
	if timeout <= 0 {
		timeout = DefaultStartTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var errs []error
	for range portAttempts {
		p, err := startProcess(ctx, opts)
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
func startProcess(ctx context.Context, opts Options) (*Process, error) {
	httpAddr, httpsAddr, err := freeAddrs()
	if err != nil {
		return nil, err
	}
	args := []string{"-http-addr", httpAddr, "-https-addr", httpsAddr, "-strict-version-check"}
	if opts.Fixtures != "" {
		args = append(args, "-fixtures", opts.Fixtures)
	}
	p := &Process{
		cmd:       exec.Command(opts.Binary, args...),
		httpAddr:  httpAddr,
		httpsAddr: httpsAddr,
		done:      make(chan struct{}),
		out:       &startupLog{},
	}
	p.cmd.Stdout = p.out
	p.cmd.Stderr = p.out
	setParentDeathSignal(p.cmd)
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", opts.Binary, err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.done)
	}()
	if err := p.waitReady(ctx); err != nil {
		p.Stop()
		return nil, fmt.Errorf("%w; output:\n%s", err, p.out.String())
	}
	p.out.stopKeeping()
	return p, nil
}

// waitReady waits for stripe-mock to report both listeners bound (so the
// ports are ours, not another process's) and to answer a request.
func (p *Process) waitReady(ctx context.Context) error {
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
			return fmt.Errorf("stripe-mock on %s not ready: %w", p.httpAddr, ctx.Err())
		case <-tick.C:
		}
	}
}

func (p *Process) answers(ctx context.Context, c *http.Client) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.httpAddr+"/v1/balance", nil)
	if err != nil {
		return false
	}
	req.SetBasicAuth(probeKey, "")
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
