package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
)

// recorded is one provider call as paygate made it.
type recorded struct {
	method, path string
	header       http.Header
	body         []byte
	status       int
}

// recorder stands between paygate and a provider for one warm-up create
// per scenario, so the baseline replays exactly the calls paygate makes.
type recorder struct {
	target string
	srv    *httptest.Server

	mu    sync.Mutex
	calls []recorded
}

func newRecorder(target string) *recorder {
	r := &recorder{target: target}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	return r
}

func (r *recorder) URL() string { return r.srv.URL }
func (r *recorder) Close()      { r.srv.Close() }

// take returns the calls recorded since the last take.
func (r *recorder) take() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.calls
	r.calls = nil
	return c
}

func (r *recorder) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out, err := http.NewRequestWithContext(req.Context(), req.Method, r.target+req.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = req.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	r.mu.Lock()
	r.calls = append(r.calls, recorded{method: req.Method, path: req.URL.RequestURI(), header: req.Header.Clone(),
		body: body, status: resp.StatusCode})
	r.mu.Unlock()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// replay sends calls to base as one request of the baseline: the same
// method, path, headers and body, with an idempotency key of its own when
// the original had one.
func replay(base string, calls []recorded) call {
	return func(ctx context.Context, c *http.Client, n int64) error {
		for i, rc := range calls {
			req, err := http.NewRequestWithContext(ctx, rc.method, base+rc.path, bytes.NewReader(rc.body))
			if err != nil {
				return err
			}
			req.Header = rc.header.Clone()
			if req.Header.Get("Idempotency-Key") != "" {
				req.Header.Set("Idempotency-Key", "loadbench-"+strconv.FormatInt(n, 10)+"-"+strconv.Itoa(i))
			}
			if err := expect(c, req, rc.status); err != nil {
				return fmt.Errorf("replay: %w", err)
			}
		}
		return nil
	}
}
