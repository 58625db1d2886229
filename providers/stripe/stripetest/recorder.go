package stripetest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Recorder is an http.RoundTripper that keeps a copy of every request it
// passes on, so that tests can check what was sent to Stripe: headers
// stripe-mock does not reflect, and parameters it ignores.
type Recorder struct {
	// Next carries the requests on; nil means http.DefaultTransport.
	Next http.RoundTripper

	mu        sync.Mutex
	reqs      []Request
	intercept func(*http.Request) (*http.Response, error)
}

// Request is a request as it left for Stripe.
type Request struct {
	Method, Path string
	Header       http.Header
	Form         url.Values // the body's parameters, or the query's when there is no body
}

// RoundTrip records req and sends it on.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	s := Request{Method: req.Method, Path: req.URL.Path, Header: req.Header.Clone(), Form: req.URL.Query()}
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		if len(body) > 0 {
			if s.Form, err = url.ParseQuery(string(body)); err != nil {
				return nil, err
			}
		}
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, s)
	hook := r.intercept
	r.mu.Unlock()
	if hook != nil {
		if resp, err := hook(req); resp != nil || err != nil {
			return resp, err
		}
	}
	next := r.Next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(req)
}

// Intercept has f see every request after it is recorded, before it is
// sent on; a response or error f returns is the answer instead of
// Stripe's. A nil f sends every request on again.
func (r *Recorder) Intercept(f func(*http.Request) (*http.Response, error)) {
	r.mu.Lock()
	r.intercept = f
	r.mu.Unlock()
}

// Requests returns the recorded requests in the order they were sent.
func (r *Recorder) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

// Calls returns the recorded requests of method to path.
func (r *Recorder) Calls(method, path string) []Request {
	return r.match(method, func(p string) bool { return p == path })
}

// Count is how many requests of method to path were recorded.
func (r *Recorder) Count(method, path string) int { return len(r.Calls(method, path)) }

// CallsBelow returns the recorded requests of method to a path that starts
// with prefix, such as every session's "/v1/checkout/sessions/".
func (r *Recorder) CallsBelow(method, prefix string) []Request {
	return r.match(method, func(p string) bool { return strings.HasPrefix(p, prefix) })
}

func (r *Recorder) match(method string, path func(string) bool) []Request {
	var out []Request
	for _, q := range r.Requests() {
		if q.Method == method && path(q.Path) {
			out = append(out, q)
		}
	}
	return out
}
