package sandbox

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// NotificationAttempt is one POST of a notification to a merchant.
type NotificationAttempt struct {
	CheckoutID uuid.UUID     `json:"checkoutId"`
	Status     payson.Status `json:"status"` // the status the notification is about
	URL        string        `json:"url"`
	Attempt    int           `json:"attempt"` // 1 for the first try
	At         time.Time     `json:"at"`
	StatusCode int           `json:"statusCode,omitempty"` // 0 if no answer came
	Error      string        `json:"error,omitempty"`
}

// Delivered reports whether the merchant accepted the notification. Payson
// counts only 200 as an answer; anything else is tried again.
func (a NotificationAttempt) Delivered() bool { return a.StatusCode == http.StatusOK }

// maxAttemptLog bounds the attempts kept for inspection; a long-running
// sandbox forgets the oldest.
const maxAttemptLog = 10000

// notifier delivers notifications in the background, each in its own
// goroutine with retries, all stopped by close.
type notifier struct {
	opts   Options
	client *http.Client
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	closed   bool
	inflight int
	idle     chan struct{} // closed whenever inflight drops to 0
	log      []NotificationAttempt
}

func newNotifier(opts Options, client *http.Client) *notifier {
	ctx, cancel := context.WithCancel(context.Background())
	idle := make(chan struct{})
	close(idle)
	return &notifier{opts: opts, client: client, ctx: ctx, cancel: cancel, idle: idle}
}

// send starts delivering each notice in ch. After close it drops them.
func (n *notifier) send(ch changes) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return
	}
	for _, nt := range ch {
		if n.inflight == 0 {
			n.idle = make(chan struct{})
		}
		n.inflight++
		n.wg.Add(1)
		go n.deliver(nt)
	}
}

// deliver POSTs nt until the merchant answers 200, the attempts run out or
// the notifier closes, waiting twice as long after each failure.
func (n *notifier) deliver(nt notice) {
	defer n.done()
	url := notificationURL(nt.uri, nt.id)
	delay := n.opts.NotifyBaseDelay
	for attempt := 1; attempt <= n.opts.NotifyAttempts; attempt++ {
		a := n.post(url, nt)
		a.Attempt = attempt
		n.record(a)
		if a.Delivered() || attempt == n.opts.NotifyAttempts {
			return
		}
		t := time.NewTimer(delay)
		select {
		case <-n.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		delay = min(2*delay, n.opts.NotifyMaxDelay)
	}
}

// post makes one attempt: an empty POST, as Payson sends. The merchant is
// expected to read the checkout back rather than trust a body.
func (n *notifier) post(url string, nt notice) NotificationAttempt {
	a := NotificationAttempt{CheckoutID: nt.id, Status: nt.status, URL: url, At: n.opts.Now()}
	ctx, cancel := context.WithTimeout(n.ctx, n.opts.CallTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, http.NoBody)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	resp, err := n.client.Do(req)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	resp.Body.Close()
	a.StatusCode = resp.StatusCode
	return a
}

func (n *notifier) record(a NotificationAttempt) {
	n.opts.Logger.Info("payson sandbox notification",
		slog.String("checkout", a.CheckoutID.String()), slog.String("status", string(a.Status)),
		slog.Int("attempt", a.Attempt), slog.Int("code", a.StatusCode), slog.String("error", a.Error))
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.log) >= maxAttemptLog {
		n.log = append(n.log[:0], n.log[maxAttemptLog/2:]...)
	}
	n.log = append(n.log, a)
}

func (n *notifier) done() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.inflight--
	if n.inflight == 0 {
		close(n.idle)
	}
	n.wg.Done()
}

// attempts returns the recorded attempts for checkout id, or all of them
// for uuid.Nil, oldest first.
func (n *notifier) attempts(id uuid.UUID) []NotificationAttempt {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []NotificationAttempt
	for _, a := range n.log {
		if id == uuid.Nil || a.CheckoutID == id {
			out = append(out, a)
		}
	}
	return out
}

// wait blocks until no notification is being delivered or retried.
func (n *notifier) wait(ctx context.Context) error {
	for {
		n.mu.Lock()
		idle, busy := n.idle, n.inflight > 0
		n.mu.Unlock()
		if !busy {
			return nil
		}
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (n *notifier) close() {
	n.mu.Lock()
	n.closed = true
	n.mu.Unlock()
	n.cancel()
	n.wg.Wait()
}

// notificationURL adds checkout=<id> to the merchant's notificationUri,
// keeping any query it already has exactly as written. A fragment is
// dropped: it would never reach the merchant's server anyway.
func notificationURL(uri string, id uuid.UUID) string {
	base, _, _ := strings.Cut(uri, "#")
	sep := "?"
	switch {
	case strings.HasSuffix(base, "?") || strings.HasSuffix(base, "&"):
		sep = ""
	case strings.Contains(base, "?"):
		sep = "&"
	}
	return base + sep + "checkout=" + id.String()
}
