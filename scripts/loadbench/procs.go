package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"paygate/providers/stripe/stripemock"
)

// proc is a server process the benchmark started and measures.
type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

func (p *proc) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// start runs bin with args and env added to ours; its output is dropped
// (paygate writes a log line per request, and that cost is part of what is
// measured). The kernel kills it if the benchmark dies.
func start(name, bin string, args, env []string) (*proc, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// waitFor polls check until it succeeds, p exits or 30 s pass.
func waitFor(p *proc, check func() error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		err := check()
		if err == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited: %v", p.name, p.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("%s not ready: %w", p.name, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func answers(url string) func() error {
	return func() error {
		resp, err := http.Get(url)
		if err != nil {
			return err
		}
		resp.Body.Close()
		return nil
	}
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// stripeMock starts stripe-mock as the demo does.
func stripeMock(bin, fixtures string) (*stripemock.Process, error) {
	if _, err := os.Stat(fixtures); err != nil {
		fixtures = ""
	}
	return stripemock.Launch(stripemock.Options{Binary: bin, Fixtures: fixtures})
}

// sandbox starts `paygate payson-sandbox` on a free port.
func sandbox(paygate string) (*proc, string, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, "", err
	}
	p, err := start("payson-sandbox", paygate, []string{"payson-sandbox", "--addr", addr}, nil)
	if err != nil {
		return nil, "", err
	}
	url := "http://" + addr
	if err := waitFor(p, answers(url+"/checkout/payson.js")); err != nil {
		p.stop()
		return nil, "", err
	}
	return p, url, nil
}

// demoInfo is the part of `paygate demo --ready-file` the benchmark reads.
type demoInfo struct {
	URL      string `json:"url"`
	Company  string `json:"company"`
	AdminKey string `json:"adminKey"`
}

// demo starts `paygate demo` on a fresh database in dir, against the given
// Stripe and Payson base URLs, and waits for its ready file.
func demo(paygate, dir, stripeURL, paysonURL string, extraEnv []string) (*proc, demoInfo, error) {
	var info demoInfo
	ready := filepath.Join(dir, "ready.json")
	env := append([]string{
		"PAYGATE_DB=" + filepath.Join(dir, "paygate.db"),
		"PAYGATE_STRIPE_API_BASE=" + stripeURL,
		"PAYGATE_STRIPE_SECRET_KEY=sk_test_loadbench",
		"PAYGATE_PAYSON_API_BASE=" + paysonURL,
		"PAYGATE_PAYSON_TEST_API_BASE=" + paysonURL,
	}, extraEnv...)
	p, err := start("paygate", paygate, []string{"demo", "--addr", "127.0.0.1:0", "--ready-file", ready}, env)
	if err != nil {
		return nil, info, err
	}
	err = waitFor(p, func() error {
		b, err := os.ReadFile(ready)
		if err != nil {
			return err
		}
		return json.Unmarshal(b, &info)
	})
	if err == nil && info.URL == "" {
		err = errors.New("paygate demo: ready file without url")
	}
	if err != nil {
		p.stop()
		return nil, info, err
	}
	return p, info, nil
}
