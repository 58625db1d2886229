package widget_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"paygate/internal/servertest"
	"paygate/server"
	"paygate/widget"
)

func newServer(t *testing.T, basePath string) *httptest.Server {
	t.Helper()
	srv := servertest.New(server.Config{
		BasePath: basePath,
		Logger:   servertest.Quiet(),
		Pages:    widget.Pages(basePath),
	}, server.NewRegistry())
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

func fetch(t *testing.T, ts *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	c := ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestFiles(t *testing.T) {
	for _, base := range []string{"", "/pay"} {
		ts := newServer(t, base)
		tests := []struct {
			path, contentType, contains string
			csp                         bool
		}{
			{"/widget/", "text/html; charset=utf-8", `<script src="widget.js" defer></script>`, true},
			{"/widget/widget.js", "text/javascript; charset=utf-8", "/json/reply/StripeV1CreateCheckout?", false},
			{"/widget/widget.css", "text/css; charset=utf-8", "[data-paygate-widget]", false},
		}
		for _, tt := range tests {
			resp, body := fetch(t, ts, base+tt.path)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s%s: status %d", base, tt.path, resp.StatusCode)
				continue
			}
			if got := resp.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("%s%s: Content-Type %q, want %q", base, tt.path, got, tt.contentType)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s%s: X-Content-Type-Options %q", base, tt.path, got)
			}
			// The page runs its own scripts only: the widget, and the
			// JSONP answer from the same origin.
			if csp := resp.Header.Get("Content-Security-Policy"); tt.csp != strings.Contains(csp, "script-src 'self'") {
				t.Errorf("%s%s: Content-Security-Policy %q", base, tt.path, csp)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("%s%s: body lacks %q", base, tt.path, tt.contains)
			}
		}
	}
}

func TestBareWidgetPathRedirects(t *testing.T) {
	for _, base := range []string{"", "/pay"} {
		resp, _ := fetch(t, newServer(t, base), base+"/widget")
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != base+"/widget/" {
			t.Errorf("%s/widget: %d to %q", base, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

func TestUnknownFileIs404(t *testing.T) {
	resp, _ := fetch(t, newServer(t, ""), "/widget/nothing.js")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status %d", resp.StatusCode)
	}
}
