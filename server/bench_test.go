package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"paygate/internal/servertest"
	"paygate/server"
)

// benchHandlers returns the registry server and the bare echo baseline.
func benchHandlers() (ours, bare http.Handler) {
	quiet := servertest.Quiet()
	reg := server.NewRegistry()
	server.Register(reg, server.Op[Hello, HelloResponse]{
		Routes: []server.Route{{Path: "/hello/{Name}"}},
		Handler: func(ctx context.Context, req *Hello) (*HelloResponse, error) {
			return &HelloResponse{Result: "Hello, " + req.Name + "!"}, nil
		},
	})
	e := echo.New()
	body := []byte(`{"Result":"Hello, World!"}`)
	e.GET("/hello/:name", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/json; charset=utf-8", body)
	})
	return servertest.New(server.Config{Logger: quiet}, reg), e
}

// BenchmarkHTTP is the throughput comparison over real HTTP on loopback,
// keep-alive connections and parallel clients, as a caller sees it.
func BenchmarkHTTP(b *testing.B) {
	ours, bare := benchHandlers()
	run := func(b *testing.B, h http.Handler, path string) {
		ts := httptest.NewServer(h)
		defer ts.Close()
		tr := &http.Transport{MaxIdleConnsPerHost: 64}
		defer tr.CloseIdleConnections()
		client := &http.Client{Transport: tr}
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				resp, err := client.Get(ts.URL + path)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		})
	}
	b.Run("baseline", func(b *testing.B) { run(b, bare, "/hello/World") })
	b.Run("registry_get", func(b *testing.B) { run(b, ours, "/hello/World") })
	b.Run("registry_api_json", func(b *testing.B) { run(b, ours, "/api/Hello?Name=World") })
}

// BenchmarkOperation compares a registry operation end to end (routing,
// negotiation, binding, validation, encoding, request logging) with a bare
// echo handler that writes the same bytes, both served in-process.
func BenchmarkOperation(b *testing.B) {
	ours, bare := benchHandlers()

	run := func(b *testing.B, h http.Handler, method, target, payload string) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var r *http.Request
			if payload == "" {
				r = httptest.NewRequest(method, target, nil)
			} else {
				r = httptest.NewRequest(method, target, strings.NewReader(payload))
				r.Header.Set("Content-Type", "application/json")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d: %s", w.Code, w.Body)
			}
		}
	}
	b.Run("baseline", func(b *testing.B) { run(b, bare, "GET", "/hello/World", "") })
	b.Run("registry_get", func(b *testing.B) { run(b, ours, "GET", "/hello/World", "") })
	b.Run("registry_post_json", func(b *testing.B) {
		run(b, ours, "POST", "/json/reply/Hello", `{"Name":"World"}`)
	})
}

// Refused breaks five rules of the table at once.
type Refused struct {
	Name  string   `validate:"required"`
	Code  string   `validate:"len=3"`
	Items []string `validate:"min=1"`
	N     int      `validate:"gt=0"`
	Mode  string   `validate:"omitempty,oneof=a b"`
}

// BenchmarkValidateRefused puts the server's validation of a refused
// request, worded from the rule table in both dialects, beside the bare
// validator finding the same failures (baseline): the ratio is what the
// wording costs on the path every bad request takes.
func BenchmarkValidateRefused(b *testing.B) {
	req := &Refused{Code: "x", Mode: "c"}
	b.Run("baseline", func(b *testing.B) {
		v := validator.New(validator.WithRequiredStructEnabled())
		b.ReportAllocs()
		for b.Loop() {
			if v.Struct(req) == nil {
				b.Fatal("valid")
			}
		}
	})
	b.Run("worded", func(b *testing.B) {
		v := server.NewValidator()
		b.ReportAllocs()
		for b.Loop() {
			if v.Validate(req) == nil {
				b.Fatal("valid")
			}
		}
	})
}
