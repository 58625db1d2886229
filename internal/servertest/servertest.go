// Package servertest is the harness tests reach paygate through: the
// server of a registry, built as app builds it and served over real HTTP,
// and requests whose answers are read whole.
package servertest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"paygate/formats"
	"paygate/server"
)

// Codecs are the codecs of every format, as app builds them.
func Codecs() *formats.Codecs { return formats.NewCodecs(&formats.Plans{}) }

// New builds the server of reg with Codecs.
func New(cfg server.Config, reg *server.Registry) *server.Server {
	return server.New(cfg, reg, Codecs())
}

// Start serves reg over real HTTP until the test ends and returns its
// base URL, cfg.BasePath included.
func Start(tb testing.TB, cfg server.Config, reg *server.Registry) string {
	tb.Helper()
	ts := httptest.NewServer(New(cfg, reg))
	tb.Cleanup(ts.Close)
	return ts.URL + cfg.BasePath
}

// Reserved is a server whose address is taken before what it serves is
// built, for surfaces that must know their own URL (notification and
// return URLs).
type Reserved struct {
	URL string
	ts  *httptest.Server
}

// Reserve takes a loopback address for a server that Serve starts.
func Reserve(tb testing.TB) *Reserved {
	ts := httptest.NewUnstartedServer(nil)
	tb.Cleanup(ts.Close)
	return &Reserved{URL: "http://" + ts.Listener.Addr().String(), ts: ts}
}

// Serve starts serving reg, built as New builds it.
func (r *Reserved) Serve(cfg server.Config, reg *server.Registry) {
	r.ts.Config.Handler = New(cfg, reg)
	r.ts.Start()
}

// Quiet is a logger that writes nothing, for servers whose logs a test
// does not read.
func Quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// Reply is an HTTP answer, read whole.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r Reply) String() string { return string(r.Body) }

// client answers redirects rather than following them, so that tests see
// the Location, and bounds every call.
var client = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// Do sends one request to url; a nil body sends none. header holds name,
// value pairs; a name given twice is sent twice.
func Do(tb testing.TB, method, url string, body []byte, header ...string) Reply {
	tb.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	r, err := Send(nil, req)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// Send sends req with c (nil: the harness's client) and reads the answer.
// It returns the error rather than ending the test, for the goroutines of
// a test that sends from several at once.
func Send(c *http.Client, req *http.Request) (Reply, error) {
	if c == nil {
		c = client
	}
	resp, err := c.Do(req)
	if err != nil {
		return Reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return Reply{Status: resp.StatusCode, Header: resp.Header, Body: b}, err
}

// Decode reads a JSON answer into a T, failing the test on any status
// but want.
func Decode[T any](tb testing.TB, r Reply, want int) T {
	tb.Helper()
	var v T
	if r.Status != want {
		tb.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
	}
	if err := json.Unmarshal(r.Body, &v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
	return v
}

// ResponseStatus is ServiceStack's error envelope as a client reads it.
type ResponseStatus struct {
	ResponseStatus struct {
		ErrorCode string
		Message   string
		Errors    []struct{ ErrorCode, FieldName, Message string }
		Meta      map[string]string
	}
}

// Fields lists the members the error names, in its order.
func (rs ResponseStatus) Fields() []string {
	var out []string
	for _, f := range rs.ResponseStatus.Errors {
		out = append(out, f.FieldName)
	}
	return out
}

// WantError checks a ServiceStack error answer in JSON: its status, its
// code, that it has a message, and that it names every one of fields.
func WantError(tb testing.TB, r Reply, status int, code string, fields ...string) ResponseStatus {
	tb.Helper()
	rs := Decode[ResponseStatus](tb, r, status)
	if rs.ResponseStatus.ErrorCode != code {
		tb.Errorf("ErrorCode %q, want %q: %s", rs.ResponseStatus.ErrorCode, code, r.Body)
	}
	if rs.ResponseStatus.Message == "" {
		tb.Errorf("no message: %s", r.Body)
	}
	named := map[string]bool{}
	for _, f := range rs.ResponseStatus.Errors {
		named[f.FieldName] = true
	}
	for _, f := range fields {
		if !named[f] {
			tb.Errorf("field %s not named: %s", f, r.Body)
		}
	}
	return rs
}

// Override returns the name, value pairs of defaults whose names given
// does not hold, followed by given: a header given replaces its default.
func Override(defaults []string, given ...string) []string {
	out := make([]string, 0, len(defaults)+len(given))
	for i := 0; i+1 < len(defaults); i += 2 {
		if !hasName(given, defaults[i]) {
			out = append(out, defaults[i], defaults[i+1])
		}
	}
	return append(out, given...)
}

func hasName(pairs []string, name string) bool {
	for i := 0; i+1 < len(pairs); i += 2 {
		if http.CanonicalHeaderKey(pairs[i]) == http.CanonicalHeaderKey(name) {
			return true
		}
	}
	return false
}
