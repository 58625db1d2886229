package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"paygate/internal/servertest"
	"paygate/server"
)

type Open struct{ Name string }
type Guarded struct{ Name string }

// TestMethodOverrideAuthorization: the verb in effect decides the
// operation, so its requirement too: an anonymous POST overridden to PUT
// meets the PUT operation's role check, not the POST one's openness.
func TestMethodOverrideAuthorization(t *testing.T) {
	var logs bytes.Buffer
	reg := server.NewRegistry()
	server.Register(reg, server.Op[Open, HelloResponse]{
		Routes: []server.Route{{Path: "/thing", Verbs: "POST"}},
		Handler: func(ctx context.Context, req *Open) (*HelloResponse, error) {
			return &HelloResponse{Result: "open"}, nil
		},
	})
	server.Register(reg, server.Op[Guarded, HelloResponse]{
		Routes: []server.Route{{Path: "/thing", Verbs: "PUT"}},
		Auth:   server.Requirement{AnyRole: []string{"admin"}},
		Handler: func(ctx context.Context, req *Guarded) (*HelloResponse, error) {
			return &HelloResponse{Result: "guarded"}, nil
		},
	})
	ts := httptest.NewServer(servertest.New(server.Config{Authenticator: fakeAuth{},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}, reg))
	defer ts.Close()
	send := func(query, token, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/thing"+query, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if token != "" {
			req.Header.Set("Authorization", token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct {
		query, token, body string
		status             int
		want               string
	}{
		{"", "", "Name=x", 200, "open"},
		{"?X-Http-Method-Override=PUT", "", "Name=x", 401, "Not Authenticated"},
		{"", "", "Name=x&X-Http-Method-Override=PUT", 401, "Not Authenticated"},
		{"", "Bearer user", "X-Http-Method-Override=PUT", 403, "Invalid Role"},
		{"", "Bearer admin", "X-Http-Method-Override=PUT", 200, "guarded"},
	} {
		if status, body := send(tc.query, tc.token, tc.body); status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s %s %s: %d %s", tc.query, tc.token, tc.body, status, body)
		}
	}
	if !strings.Contains(logs.String(), "method=POST path=/thing client=127.0.0.1 status=200") || !strings.Contains(logs.String(), "verb=PUT") {
		t.Errorf("request log does not show the verb in effect:\n%s", logs.String())
	}
}
