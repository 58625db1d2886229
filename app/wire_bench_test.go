package app_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"paygate/internal/plainecho"
)

// BenchmarkWirePath serves a create that fails validation through the
// whole app, in process, beside the plain echo handler (the baseline) the
// load benchmark measures it against: what paygate's request path costs
// over echo's, without the network or the scheduler in the figure.
func BenchmarkWirePath(b *testing.B) {
	a := newApp(b, nil)
	bare := plainecho.Handler()
	for _, f := range []struct{ name, ctype, path string }{
		{"JSON", "application/json", plainecho.Path},
		{"XML", "application/xml", plainecho.XMLPath},
	} {
		run := func(b *testing.B, h http.Handler, path string) {
			b.ReportAllocs()
			for b.Loop() {
				r := plainecho.Request(path, f.ctype)
				r.RemoteAddr = "192.0.2.1:1234"
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusBadRequest {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		}
		b.Run(f.name+"/baseline", func(b *testing.B) { run(b, bare, plainecho.Path) })
		b.Run(f.name+"/paygate", func(b *testing.B) { run(b, a.Server, f.path) })
	}
}
