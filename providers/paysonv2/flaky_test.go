package paysonv2_test

import (
	"encoding/json"
	"net/http"
	"net/http/httputil"
	"sync"
	"testing"

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
	down := f.down
	stale, isStale := f.stale[r.URL.Path]
	if isStale && r.Method == http.MethodGet {
		delete(f.stale, r.URL.Path)
	}
	f.mu.Unlock()
	switch {
	case down:
		http.Error(w, "upstream connect error", http.StatusServiceUnavailable)
	case isStale && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		w.Write(stale)
	default:
		f.proxy.ServeHTTP(w, r)
	}
}
