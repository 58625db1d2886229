package metrics

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"paygate/internal/outbound"
)

// Transport counts and times every request through next as a call to
// provider. A nil next is outbound's transport, never Go's default: that
// keeps two idle connections per host, so most calls under load would dial
// the provider anew.
func (m *Metrics) Transport(provider string, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = outbound.Transport()
	}
	return &transport{m: m, provider: provider, next: next}
}

type transport struct {
	m        *Metrics
	provider string
	next     http.RoundTripper
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	call := CallName(r.Method, r.URL.Path)
	outcome := "ok"
	switch {
	case err != nil && r.Context().Err() != nil:
		outcome = "canceled"
	case err != nil:
		outcome = "unreachable"
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		outcome = "failed"
	case resp.StatusCode >= 400:
		outcome = "refused"
	}
	t.m.providerCalls.WithLabelValues(t.provider, call, outcome).Inc()
	t.m.providerDuration.WithLabelValues(t.provider, call).Observe(time.Since(start).Seconds())
	return resp, err
}

// Path segments that name a kind of thing rather than one thing: Stripe's
// resources and actions (payment_intents, expire), Payson's (Checkouts),
// API versions (v1, 2.0). Anything else (cs_test_a1B2…, a Guid, a number)
// is an id.
var (
	resourceName = regexp.MustCompile(`^(?:[a-z_]+|[A-Z][a-z]+|v?[0-9]+(?:\.[0-9]+)?)$`)
	numeric      = regexp.MustCompile(`^[0-9]+$`)
)

// CallName is the call label of a request: its method and path with every
// id replaced by {id}, so a label never names a session, a customer or a
// checkout.
func CallName(method, path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		// A bare number is an API version only as the first segment.
		if !resourceName.MatchString(s) || (i > 0 && numeric.MatchString(s)) {
			segs[i] = "{id}"
		}
	}
	return method + " /" + strings.Join(segs, "/")
}
