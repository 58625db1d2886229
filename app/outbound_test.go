package app

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"paygate/metrics"
)

// TestProviderClientsKeepConnections makes rounds of concurrent calls with
// the Stripe and Payson clients: after the first round, every call finds an
// idle connection, so the provider sees no connection beyond one per
// concurrent call (Go's default transport keeps two idle per host and would
// open most of them anew each round).
func TestProviderClientsKeepConnections(t *testing.T) {
	const concurrent, rounds = 8, 4
	for name, client := range map[string]*http.Client{
		"stripe": stripeHTTPClient(metrics.New(nil)),
		"payson": paysonHTTPClient(metrics.New(nil)),
	} {
		t.Run(name, func(t *testing.T) {
			var opened atomic.Int64
			// Each call waits until all of its round have arrived, so the
			// round really holds concurrent connections.
			var arrived sync.WaitGroup
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				arrived.Done()
				arrived.Wait()
				_, _ = io.WriteString(w, `{}`)
			}))
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					opened.Add(1)
				}
			}
			srv.Start()
			defer srv.Close()
			for range rounds {
				arrived.Add(concurrent)
				var wg sync.WaitGroup
				for range concurrent {
					wg.Add(1)
					go func() {
						defer wg.Done()
						resp, err := client.Post(srv.URL+"/v1/customers", "application/x-www-form-urlencoded", nil)
						if err != nil {
							t.Error(err)
							return
						}
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}()
				}
				wg.Wait()
			}
			if n := opened.Load(); n > concurrent {
				t.Errorf("%d connections opened for %d rounds of %d concurrent calls, want at most %d", n, rounds, concurrent, concurrent)
			}
		})
	}
}
