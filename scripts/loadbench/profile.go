package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// profiler takes paygate's CPU profiles from its metrics address, where
// `--pprof` serves them.
type profiler struct {
	dir, addr string
}

func newProfiler(dir string) (*profiler, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	return &profiler{dir: dir, addr: addr}, nil
}

func (p *profiler) env() []string {
	return []string{"PAYGATE_METRICS_ADDR=" + p.addr, "PAYGATE_PPROF=true"}
}

// cpu profiles the next d, all but its last half second, so that the
// profile ends inside the run: CPU into dir/name.cpu.pprof and the
// allocations made meanwhile into dir/name.allocs.pprof. wait returns once
// both are written. A nil profiler profiles nothing.
func (p *profiler) cpu(name string, d time.Duration) (wait func() error) {
	if p == nil {
		return func() error { return nil }
	}
	secs := max(int((d-500*time.Millisecond)/time.Second), 1)
	profiles := []struct{ endpoint, file string }{
		{"profile", name + ".cpu.pprof"},
		{"allocs", name + ".allocs.pprof"},
	}
	done := make(chan error, len(profiles))
	for _, pr := range profiles {
		go func() {
			done <- p.fetch(fmt.Sprintf("http://%s/debug/pprof/%s?seconds=%d", p.addr, pr.endpoint, secs), filepath.Join(p.dir, pr.file))
		}()
	}
	return func() error {
		errs := make([]error, len(profiles))
		for i := range errs {
			errs[i] = <-done
		}
		return errors.Join(errs...)
	}
}

func (p *profiler) fetch(url, file string) error {
	resp, err := http.Get(url)
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("profile: %s answered %s", url, resp.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return fmt.Errorf("profile: %w", err)
	}
	return f.Close()
}
