package payments_test

import (
	"net/http"
	"sync"
)

// stripeLog records the calls that reach Stripe and can hold or fail them.
type stripeLog struct {
	mu    sync.Mutex
	calls []string // "POST /v1/payment_intents"
	// intercept, when set, runs before a call is forwarded; a non-nil
	// response or error replaces Stripe's answer.
	intercept func(r *http.Request) (*http.Response, error)
}

func (l *stripeLog) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.calls = append(l.calls, r.Method+" "+r.URL.Path)
	hook := l.intercept
	l.mu.Unlock()
	if hook != nil {
		if resp, err := hook(r); resp != nil || err != nil {
			return resp, err
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (l *stripeLog) count(call string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.calls {
		if c == call {
			n++
		}
	}
	return n
}

func (l *stripeLog) setIntercept(f func(r *http.Request) (*http.Response, error)) {
	l.mu.Lock()
	l.intercept = f
	l.mu.Unlock()
}
