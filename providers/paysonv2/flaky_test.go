package paysonv2_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"sync"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// flakyPayson is Payson as paygate may meet it: down for a while, or
// answering one read with an older version of a checkout, as a lagging
// replica would.
type flakyPayson struct {
	proxy *httputil.ReverseProxy

	mu    sync.Mutex
	down  bool
	stale map[string][]byte // by request path; served once
	// onCreated runs when Payson has made a checkout, before paygate has
	// Payson's answer.
	onCreated func(id uuid.UUID)
}

// setOnCreated sets f.onCreated.
func (f *flakyPayson) setOnCreated(fn func(id uuid.UUID)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onCreated = fn
}

// created passes a checkout create on to Payson and runs onCreated before
// it answers.
func (f *flakyPayson) created(w http.ResponseWriter, r *http.Request, onCreated func(uuid.UUID)) {
	rec := httptest.NewRecorder()
	f.proxy.ServeHTTP(rec, r)
	var co struct {
		ID uuid.UUID `json:"id"`
	}
	if rec.Code/100 == 2 && json.Unmarshal(rec.Body.Bytes(), &co) == nil {
		onCreated(co.ID)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

func (f *flakyPayson) setDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

// serveStaleOnce makes the next read of co answer with co as it is now.
func (f *flakyPayson) serveStaleOnce(t *testing.T, co *payson.Checkout) {
	b, err := json.Marshal(co)
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stale == nil {
		f.stale = map[string][]byte{}
	}
	f.stale["/2.0/Checkouts/"+co.ID.String()] = b
}

func (f *flakyPayson) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	down, onCreated := f.down, f.onCreated
	stale, isStale := f.stale[r.URL.Path]
	if isStale && r.Method == http.MethodGet {
		delete(f.stale, r.URL.Path)
	}
	f.mu.Unlock()
	switch {
	case down:
		http.Error(w, "upstream connect error", http.StatusServiceUnavailable)
	case onCreated != nil && r.Method == http.MethodPost && r.URL.Path == "/2.0/Checkouts":
		f.created(w, r, onCreated)
	case isStale && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		w.Write(stale)
	default:
		f.proxy.ServeHTTP(w, r)
	}
}
