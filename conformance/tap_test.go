package conformance

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// clientWithin bounds one client run, so that a hung client (a page that
// never answers) ends the test with a message instead of holding it.
const clientWithin = 3 * time.Minute

// runClient runs one client program and follows its TAP output: every line
// goes to the test log as it arrives, every "not ok" line fails the test,
// and so do a non-zero exit and a run that stops before its plan line.
func runClient(t *testing.T, name string, args []string, dir string, env []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), clientWithin)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	setProcessGroup(cmd)
	cmd.Cancel = func() error { return signalGroup(cmd, kill) }
	cmd.WaitDelay = 10 * time.Second
	out := &tapWriter{t: t, plan: -1}
	cmd.Stdout, cmd.Stderr = out, out
	err := cmd.Run()
	out.flush()
	switch {
	case ctx.Err() != nil:
		t.Errorf("%s did not finish within %v", name, clientWithin)
	case err != nil:
		t.Errorf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	switch {
	case out.plan < 0:
		t.Errorf("%s printed no plan line: it stopped before its end", name)
	case out.plan != out.passed+out.failed:
		t.Errorf("%s planned %d checks and ran %d", name, out.plan, out.passed+out.failed)
	case out.plan == 0:
		t.Errorf("%s ran no checks", name)
	default:
		t.Logf("%d checks, %d failed", out.plan, out.failed)
	}
}

// testLog is where a tapWriter reports: a *testing.T.
type testLog interface {
	Log(args ...any)
	Error(args ...any)
}

// tapWriter reads TAP lines from a client's stdout and stderr.
type tapWriter struct {
	t  testLog
	mu sync.Mutex
	// buf holds a line not yet ended.
	buf    bytes.Buffer
	passed int
	failed int
	plan   int // -1 until the "1..N" line
}

func (w *tapWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err == nil {
			w.line(strings.TrimRight(line, "\r\n"))
			continue
		}
		// An unfinished line waits for the rest.
		w.buf.Reset()
		w.buf.WriteString(line)
		return len(p), nil
	}
}

// flush takes a last line that did not end in a newline.
func (w *tapWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.buf.Len() > 0 {
		w.line(w.buf.String())
		w.buf.Reset()
	}
}

func (w *tapWriter) line(l string) {
	switch {
	case strings.HasPrefix(l, "not ok "):
		w.failed++
		w.t.Error(l)
		return
	case strings.HasPrefix(l, "ok "):
		w.passed++
	case strings.HasPrefix(l, "1.."):
		if n, err := strconv.Atoi(l[3:]); err == nil {
			w.plan = n
		}
	}
	w.t.Log(l)
}
