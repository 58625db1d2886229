package stripe_test

import (
	"net/http"
	"testing"

	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
)

// recorder keeps what stripe-go sends, so tests can check headers stripe-mock
// does not reflect.
type recorder struct{ stripetest.Recorder }

func (rec *recorder) last(t *testing.T) stripetest.Request {
	t.Helper()
	reqs := rec.Requests()
	if len(reqs) == 0 {
		t.Fatal("no request sent")
	}
	return reqs[len(reqs)-1]
}

// recordingClient is a client for the shared stripe-mock whose requests are
// recorded.
func recordingClient(t *testing.T) (*stripe.Client, *recorder) {
	rec := &recorder{}
	cfg := stripetest.Start(t).Config()
	cfg.HTTPClient = &http.Client{Transport: rec}
	return stripe.New(cfg), rec
}

func wantForm(t *testing.T, s stripetest.Request, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got := s.Form.Get(k); got != v {
			t.Errorf("%s %s: %s = %q, want %q", s.Method, s.Path, k, got, v)
		}
	}
}
