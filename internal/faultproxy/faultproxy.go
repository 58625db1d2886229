// Package faultproxy is a test proxy in front of a provider's test double
// (stripe-mock, the Payson sandbox). It does two things the doubles cannot:
//
//   - it answers a repeated Idempotency-Key with the first answer, as Stripe
//     does for identical parameters, and refuses the key with other
//     parameters (stripe-mock is stateless, so without this a re-issued
//     create would make a new object);
//   - it answers a PaymentIntent search by metadata from the PaymentIntents
//     made through it, which stripe-mock cannot;
//   - it injects faults, per method and path: a 500 without asking the
//     double, or the double's work done and then a garbage body, a reset
//     connection, a hang until the client gives up, or an answer held back
//     for a while.
//
// Every exchange is recorded, so tests can count what the provider made.
package faultproxy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Mode is what the proxy does with a request.
type Mode int

const (
	// Pass forwards the request (replaying a repeated idempotency key).
	Pass Mode = iota
	// Status500 answers 500 with a Stripe-shaped error, without asking the
	// double: the provider did nothing.
	Status500
	// Garbage forwards the request, so the provider acts, then answers 200
	// with a body that is not the provider's.
	Garbage
	// Reset forwards the request, then closes the connection unanswered.
	Reset
	// Hang forwards the request, then holds the answer until the client
	// gives up.
	Hang
	// Late forwards the request and answers after Options.Late.
	Late
)

func (m Mode) String() string {
	return [...]string{"pass", "500", "garbage", "reset", "hang", "late"}[m]
}

// Options configures a Proxy.
type Options struct {
	// Idempotent makes the proxy keep Stripe's idempotency promise.
	Idempotent bool
	// Late is how long Late holds an answer back.
	Late time.Duration
}

// Exchange is one request that reached the double, and its answer.
type Exchange struct {
	Method, Path string
	Form         url.Values // the body's parameters (form-encoded bodies only)
	Body         []byte     // the request body
	Status       int
	Response     []byte
	Replayed     bool   // answered from the idempotency cache
	Key          string // the request's Idempotency-Key, if any
}

// Proxy is the proxy; serve it with Start or as an http.Handler.
type Proxy struct {
	opts Options
	rp   *httputil.ReverseProxy

	mu    sync.Mutex
	rules []rule
	cache map[string]answer
	log   []Exchange
}

type rule struct {
	method, prefix string
	mode           Mode
}

type answer struct {
	params [32]byte
	status int
	header http.Header
	body   []byte
}

// New returns a proxy to upstream (e.g. stripe-mock's http://127.0.0.1:PORT).
func New(upstream string, opts Options) (*Proxy, error) {
	u, err := url.Parse(upstream)
	if err != nil {
		return nil, fmt.Errorf("faultproxy: upstream: %w", err)
	}
	return &Proxy{opts: opts, rp: httputil.NewSingleHostReverseProxy(u), cache: map[string]answer{}}, nil
}

// Start serves a new proxy to upstream on loopback until tb ends and returns
// it with its URL.
func Start(tb interface {
	Helper()
	Fatal(...any)
	Cleanup(func())
}, upstream string, opts Options) (*Proxy, string) {
	tb.Helper()
	p, err := New(upstream, opts)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(p)
	tb.Cleanup(srv.Close)
	return p, srv.URL
}

// Set makes requests with method (empty: any) and a path starting with
// prefix get mode; the latest rule that matches wins. Pass removes the
// rule.
func (p *Proxy) Set(method, prefix string, mode Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	kept := p.rules[:0]
	for _, r := range p.rules {
		if r.method != method || r.prefix != prefix {
			kept = append(kept, r)
		}
	}
	p.rules = kept
	if mode != Pass {
		p.rules = append(p.rules, rule{method, prefix, mode})
	}
}

// Clear removes every fault.
func (p *Proxy) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = nil
}

// Exchanges returns the exchanges with method and a path starting with
// prefix (empty: any), in order.
func (p *Proxy) Exchanges(method, prefix string) []Exchange {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Exchange
	for _, x := range p.log {
		if (method == "" || x.Method == method) && strings.HasPrefix(x.Path, prefix) {
			out = append(out, x)
		}
	}
	return out
}

func (p *Proxy) mode(r *http.Request) Mode {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := len(p.rules) - 1; i >= 0; i-- {
		ru := p.rules[i]
		if (ru.method == "" || ru.method == r.Method) && strings.HasPrefix(r.URL.Path, ru.prefix) {
			return ru.mode
		}
	}
	return Pass
}

// ServeHTTP proxies r under the mode its rules give it.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "faultproxy: read body: "+err.Error(), http.StatusBadRequest)
		return
	}
	mode := p.mode(r)
	if mode == Pass && p.search(w, r) {
		return
	}
	if mode == Status500 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"error":{"type":"api_error","message":"faultproxy: injected server error"}}`)
		return
	}
	a, replayed := p.forward(r, body)
	switch mode {
	case Garbage:
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "<html>faultproxy: not the provider's answer</html>")
		return
	case Reset:
		if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
			c.Close()
		}
		return
	case Hang:
		<-r.Context().Done()
		return
	case Late:
		select {
		case <-r.Context().Done():
			return
		case <-time.After(p.opts.Late):
		}
	}
	for k, vs := range a.header {
		w.Header()[k] = vs
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.WriteHeader(a.status)
	w.Write(a.body)
}

// forward asks the double, or answers from the idempotency cache, and
// records the exchange.
func (p *Proxy) forward(r *http.Request, body []byte) (answer, bool) {
	form := formOf(r, body)
	key := ""
	if k := r.Header.Get("Idempotency-Key"); p.opts.Idempotent && k != "" && r.Method == http.MethodPost {
		key = r.Header.Get("Stripe-Account") + "\x00" + k
	}
	params := sha256.Sum256([]byte(r.URL.Path + "?" + form.Encode()))
	if key != "" {
		p.mu.Lock()
		a, ok := p.cache[key]
		p.mu.Unlock()
		if ok {
			if a.params != params {
				a = answer{status: http.StatusBadRequest, header: http.Header{"Content-Type": {"application/json"}},
					body: []byte(`{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters they were first used with."}}`)}
			}
			p.record(r, form, body, a, true)
			return a, true
		}
	}
	rec := httptest.NewRecorder()
	out := r.Clone(context.WithoutCancel(r.Context()))
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.ContentLength = int64(len(body))
	p.rp.ServeHTTP(rec, out)
	a := answer{params: params, status: rec.Code, header: rec.Header().Clone(), body: rec.Body.Bytes()}
	if key != "" && a.status < 500 {
		p.mu.Lock()
		if first, ok := p.cache[key]; ok {
			a = first // a concurrent request with the key got there first
		} else {
			p.cache[key] = a
		}
		p.mu.Unlock()
	}
	p.record(r, form, body, a, false)
	return a, false
}

func (p *Proxy) record(r *http.Request, form url.Values, body []byte, a answer, replayed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.log = append(p.log, Exchange{Method: r.Method, Path: r.URL.Path, Form: form, Body: body,
		Status: a.status, Response: a.body, Replayed: replayed, Key: r.Header.Get("Idempotency-Key")})
}

func formOf(r *http.Request, body []byte) url.Values {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if v, err := url.ParseQuery(string(body)); err == nil {
			return v
		}
	}
	return url.Values{}
}
