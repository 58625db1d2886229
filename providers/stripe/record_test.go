package stripe_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
)

// sent is a request as it left stripe-go.
type sent struct {
	method, path string
	header       http.Header
	form         url.Values // body, or query for GET
}

// recorder keeps what stripe-go sends, so tests can check headers stripe-mock
// does not reflect.
type recorder struct {
	mu   sync.Mutex
	reqs []sent
}

func (rec *recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	s := sent{method: r.Method, path: r.URL.Path, header: r.Header.Clone(), form: r.URL.Query()}
	if r.Body != nil {
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if len(body) > 0 {
			if s.form, err = url.ParseQuery(string(body)); err != nil {
				return nil, err
			}
		}
	}
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, s)
	rec.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (rec *recorder) last(t *testing.T) sent {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) == 0 {
		t.Fatal("no request sent")
	}
	return rec.reqs[len(rec.reqs)-1]
}

// recordingClient is a client for the shared stripe-mock whose requests are
// recorded.
func recordingClient(t *testing.T) (*stripe.Client, *recorder) {
	rec := &recorder{}
	cfg := stripetest.Start(t).Config()
	cfg.HTTPClient = &http.Client{Transport: rec}
	return stripe.New(cfg), rec
}

func wantForm(t *testing.T, s sent, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got := s.form.Get(k); got != v {
			t.Errorf("%s %s: %s = %q, want %q", s.method, s.path, k, got, v)
		}
	}
}
