package stripev1_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// recorder passes requests to Stripe and keeps a copy of each.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []stripeRequest
}

type stripeRequest struct {
	method, path string
	header       http.Header
	form         url.Values
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	form, _ := url.ParseQuery(string(body))
	r.mu.Lock()
	r.reqs = append(r.reqs, stripeRequest{method: req.Method, path: req.URL.Path, header: req.Header.Clone(), form: form})
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

// calls returns the recorded requests to path (a prefix with a trailing
// slash matches every path below it).
func (r *recorder) calls(method, path string) []stripeRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []stripeRequest
	for _, q := range r.reqs {
		if q.method == method && (q.path == path || strings.HasSuffix(path, "/") && strings.HasPrefix(q.path, path)) {
			out = append(out, q)
		}
	}
	return out
}
