package outbound_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"paygate/internal/outbound"
)

// Rounds of concurrent calls reuse the connections of the first round: a
// transport that kept only two idle would open most of them again.
func TestTransportReusesConnectionsUnderConcurrency(t *testing.T) {
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	tr := outbound.Transport()
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}

	const clients, rounds = 32, 5
	for range rounds {
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range clients {
			wg.Go(func() {
				<-start
				resp, err := c.Get(srv.URL)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			})
		}
		close(start)
		wg.Wait()
	}
	// A call may start before the one ahead of it has put its connection
	// back, so a round can open a few more; keeping two would open some
	// thirty per round.
	if n := opened.Load(); n > 2*clients {
		t.Fatalf("%d rounds of %d concurrent calls opened %d connections, want at most %d", rounds, clients, n, 2*clients)
	}
}
