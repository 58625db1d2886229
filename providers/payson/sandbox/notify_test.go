package sandbox

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// flakyMerchant answers notifications with 500 until it has failed fails
// times, then 200.
type flakyMerchant struct {
	srv   *httptest.Server
	fails int
	mu    sync.Mutex
	urls  []string
}

func newFlakyMerchant(t *testing.T, fails int) *flakyMerchant {
	m := &flakyMerchant{fails: fails}
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.urls = append(m.urls, r.Method+" "+r.URL.RequestURI())
		if r.ContentLength > 0 {
			t.Errorf("notification has a body of %d bytes", r.ContentLength)
		}
		if len(m.urls) <= m.fails {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *flakyMerchant) requests() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.urls...)
}

func TestNotificationRetriedUntilAnswered(t *testing.T) {
	ctx := context.Background()
	m := newFlakyMerchant(t, 2)
	h := newHarness(t, Options{NotifyAttempts: 5, NotifyBaseDelay: time.Millisecond})
	co := h.create(checkoutRequest(m.srv.URL))

	h.act(co.ID, ActionPay)
	if err := h.sb.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}

	want := "POST /notification?ref=co2&checkout=" + co.ID.String()
	got := m.requests()
	if len(got) != 3 {
		t.Fatalf("merchant got %d requests, want 3: %v", len(got), got)
	}
	for _, r := range got {
		if r != want {
			t.Errorf("request %q, want %q", r, want)
		}
	}
	attempts := h.sb.Notifications(co.ID)
	if len(attempts) != 3 {
		t.Fatalf("recorded %d attempts: %+v", len(attempts), attempts)
	}
	for i, a := range attempts {
		wantCode := http.StatusInternalServerError
		if i == 2 {
			wantCode = http.StatusOK
		}
		if a.Attempt != i+1 || a.StatusCode != wantCode || a.Status != payson.StatusReadyToShip || a.Delivered() != (i == 2) {
			t.Errorf("attempt %d: %+v", i, a)
		}
	}
}

func TestNotificationGivenUpAfterAttempts(t *testing.T) {
	m := newFlakyMerchant(t, 100)
	h := newHarness(t, Options{NotifyAttempts: 3, NotifyBaseDelay: time.Millisecond})
	co := h.create(checkoutRequest(m.srv.URL))
	h.act(co.ID, ActionDeny)
	if err := h.sb.WaitIdle(context.Background()); err != nil {
		t.Fatal(err)
	}
	attempts := h.sb.Notifications(co.ID)
	if len(attempts) != 3 || attempts[2].Delivered() || attempts[2].Status != payson.StatusDenied {
		t.Errorf("attempts: %+v", attempts)
	}
}

func TestNotificationTransportErrorIsRetried(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	h := newHarness(t, Options{NotifyAttempts: 2, NotifyBaseDelay: time.Millisecond})
	co := h.create(checkoutRequest(down.URL))
	h.act(co.ID, ActionCancel)
	if err := h.sb.WaitIdle(context.Background()); err != nil {
		t.Fatal(err)
	}
	attempts := h.sb.Notifications(co.ID)
	if len(attempts) != 2 || attempts[0].Error == "" || attempts[0].StatusCode != 0 {
		t.Errorf("attempts: %+v", attempts)
	}
}

func TestRedirectIsNotAnAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	defer srv.Close()
	h := newHarness(t, Options{NotifyAttempts: 1})
	co := h.create(checkoutRequest(srv.URL))
	h.act(co.ID, ActionExpire)
	if err := h.sb.WaitIdle(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a := h.sb.Notifications(co.ID); len(a) != 1 || a[0].StatusCode != http.StatusFound {
		t.Errorf("attempts: %+v", a)
	}
}

func TestCloseStopsRetries(t *testing.T) {
	reached := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case reached <- struct{}{}:
		default:
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	sb := New(Options{NotifyAttempts: 10, NotifyBaseDelay: time.Hour})
	api := httptest.NewServer(sb)
	defer api.Close()
	c := payson.New(api.URL, DemoAgentID, DemoAPIKey, api.Client())
	co, err := c.CreateCheckout(context.Background(), checkoutRequest(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sb.Act(context.Background(), co.ID, ActionPay, nil); err != nil {
		t.Fatal(err)
	}
	<-reached
	// The delivery now waits an hour for its retry; Close must end it.
	sb.Close()
	if err := sb.WaitIdle(context.Background()); err != nil {
		t.Fatal(err)
	}
	// After Close, changes notify no one.
	if _, err := c.CancelCheckout(context.Background(), co.ID); err != nil {
		t.Fatal(err)
	}
	if err := sb.WaitIdle(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(sb.Notifications(co.ID)); n != 1 {
		t.Errorf("%d attempts after Close, want 1", n)
	}
}

func TestWaitIdleHonoursContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	h := newHarness(t, Options{NotifyAttempts: 2, NotifyBaseDelay: time.Hour})
	co := h.create(checkoutRequest(srv.URL))
	h.act(co.ID, ActionDeny)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.sb.WaitIdle(ctx); err != context.Canceled {
		t.Errorf("WaitIdle = %v, want context.Canceled", err)
	}
}

func TestNotificationURL(t *testing.T) {
	id := uuid.MustParse("6f1c2b7e-2f0a-4a55-9d0e-0b4f5d1f2a3c")
	for in, want := range map[string]string{
		"https://shop.example/n":              "https://shop.example/n?checkout=" + id.String(),
		"https://shop.example/n?ref=co2":      "https://shop.example/n?ref=co2&checkout=" + id.String(),
		"https://shop.example/n?a=1&b=%20x":   "https://shop.example/n?a=1&b=%20x&checkout=" + id.String(),
		"https://shop.example/n?":             "https://shop.example/n?checkout=" + id.String(),
		"https://shop.example/n?x=1#frag":     "https://shop.example/n?x=1&checkout=" + id.String(),
		"https://shop.example/ipn?company=7&": "https://shop.example/ipn?company=7&checkout=" + id.String(),
	} {
		if got := notificationURL(in, id); got != want {
			t.Errorf("notificationURL(%q) = %q, want %q", in, got, want)
		}
	}
}
