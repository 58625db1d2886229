package server_test

import (
	"net/http"
	"strings"
	"testing"

	"paygate/server"
)

// TestVaryOrigin: a CORS answer depends on Origin, and a shared cache must
// be told, or it serves one origin's Access-Control-Allow-Origin to
// another (issue 12.7). The response keeps the Vary the CORS layer set and
// adds Accept, for results, empty results and errors alike.
func TestVaryOrigin(t *testing.T) {
	ts := newTestServer(t, server.Config{CORSOrigins: []string{"https://shop.example.com"}})
	for _, c := range []struct{ method, path, origin string }{
		{"GET", "/hello/ada", "https://shop.example.com"},
		{"GET", "/hello/ada", "https://evil.example"},
		{"GET", "/nothing", "https://shop.example.com"},
		{"POST", "/create", "https://shop.example.com"},
		{"GET", "/no/such/route", "https://shop.example.com"},
	} {
		req, _ := http.NewRequest(c.method, ts.URL+c.path, nil)
		req.Header.Set("Origin", c.origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		vary := strings.Join(resp.Header.Values("Vary"), ",")
		if !strings.Contains(vary, "Origin") || !strings.Contains(vary, "Accept") {
			t.Errorf("%s %s from %s: %d Vary %q", c.method, c.path, c.origin, resp.StatusCode, vary)
		}
	}
}
