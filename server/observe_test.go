package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"paygate/apierr"
	"paygate/formats"
	"paygate/internal/servertest"
	"paygate/server"
)

// TestObserve: the observer learns each routed request's operation, route
// kind, format, status, error code and the handler's own outcome.
func TestObserve(t *testing.T) {
	reg := server.NewRegistry()
	server.Register(reg, server.Op[Hello, HelloResponse]{
		Routes: []server.Route{{Path: "/hello/{Name}"}},
		Handler: func(ctx context.Context, r *Hello) (*HelloResponse, error) {
			resp := &HelloResponse{Result: "Hello, " + r.Name}
			switch r.Name {
			case "dup":
				resp.Reply.Outcome = server.OutcomeDuplicate
			case "bad":
				return nil, apierr.Invalid("Name", "NotBad", "'Name' must not be bad.")
			}
			return resp, nil
		},
	})
	server.Register(reg, server.Op[Boom, HelloResponse]{
		Routes:  []server.Route{{Path: "/boom"}},
		Handler: func(context.Context, *Boom) (*HelloResponse, error) { panic("handler bug") },
	})
	var seen []server.Observation
	srv := servertest.New(server.Config{Logger: servertest.Quiet(),
		Observe: func(o server.Observation) { seen = append(seen, o) }, Pages: []server.Page{healthz}}, reg)
	for _, c := range []struct {
		method, path, body string
		want               server.Observation
	}{
		{"GET", "/hello/World", "", server.Observation{Operation: "Hello", Format: formats.JSON, Status: 200}},
		{"GET", "/hello/dup.xml", "", server.Observation{Operation: "Hello", Format: formats.XML, Status: 200, Outcome: server.OutcomeDuplicate}},
		{"GET", "/hello/bad?callback=cb", "", server.Observation{Operation: "Hello", Format: formats.JSON, JSONP: true, Status: 400, Code: "NotBad"}},
		{"POST", "/json/reply/Hello", `{"Name":"bad"}`, server.Observation{Operation: "Hello", Predefined: true, Format: formats.JSON, Status: 400, Code: "NotBad"}},
		{"POST", "/api/Hello[]", `[{"Name":"a"},{"Name":"bad"}]`, server.Observation{Operation: "Hello", Predefined: true, Format: formats.JSON, Status: 400, Code: "NotBad"}},
		{"GET", "/boom", "", server.Observation{Operation: "Boom", Format: formats.JSON, Status: 500, Code: "Exception"}},
		{"GET", "/nowhere", "", server.Observation{Format: formats.JSON, Status: 404, Code: "NotFound"}},
	} {
		seen = nil
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/json")
		srv.ServeHTTP(httptest.NewRecorder(), req)
		if len(seen) != 1 {
			t.Errorf("%s %s: %d observations", c.method, c.path, len(seen))
			continue
		}
		got := seen[0]
		if got.Duration <= 0 {
			t.Errorf("%s %s: no duration", c.method, c.path)
		}
		got.Duration = 0
		if got != c.want {
			t.Errorf("%s %s: %+v, want %+v", c.method, c.path, got, c.want)
		}
	}
	// Pages beside the operations are not observed.
	seen = nil
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if len(seen) != 0 {
		t.Errorf("/healthz observed: %+v", seen)
	}
}
