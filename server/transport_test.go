package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"paygate/formats"
	"paygate/internal/servertest"
	"paygate/server"
)

// Signed carries the transport members a webhook-like handler needs.
type Signed struct {
	Name      string
	Payload   []byte         `json:"-" from:"body"`
	Signature string         `json:"-" from:"header=X-Signature"`
	Keys      []string       `json:"-" from:"header=Idempotency-Key"`
	Format    formats.Format `json:"-" from:"format"`
}

// TestTransportMembers: the server fills a request's from members after
// binding, never from the wire formats, and answers a response's Reply
// headers and redirect; the handler itself sees only its request.
func TestTransportMembers(t *testing.T) {
	var got Signed
	reg := server.NewRegistry()
	server.Register(reg, server.Op[Signed, HelloResponse]{
		Routes: []server.Route{{Path: "/signed"}},
		Handler: func(ctx context.Context, r *Signed) (*HelloResponse, error) {
			got = *r
			resp := &HelloResponse{Result: r.Name}
			resp.Reply.SetHeader("Location", "/things/1")
			if r.Name == "away" {
				resp.Reply.Redirect = "https://example.com/done"
			}
			return resp, nil
		},
	})
	srv := servertest.New(server.Config{Logger: servertest.Quiet()}, reg)

	body := `{"Name":"ann","Payload":"eA==","Signature":"forged","Format":3}`
	req := httptest.NewRequest(http.MethodPost, "/signed.xml", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature", "t=1,v1=abc")
	req.Header.Add("Idempotency-Key", "k1")
	req.Header.Add("Idempotency-Key", "k2")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if got.Name != "ann" || string(got.Payload) != body || got.Signature != "t=1,v1=abc" ||
		strings.Join(got.Keys, ",") != "k1,k2" || got.Format != formats.XML {
		t.Errorf("handler saw %+v", got)
	}
	if loc := rec.Header().Get("Location"); loc != "/things/1" {
		t.Errorf("Location %q", loc)
	}
	if strings.Contains(rec.Body.String(), "Reply") || strings.Contains(rec.Body.String(), "Location") {
		t.Errorf("the reply leaked into the body: %s", rec.Body)
	}

	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/signed?Name=away", nil))
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != "https://example.com/done" {
		t.Errorf("redirect: %d %v", rec.Code, rec.Header())
	}
}

// TestTransportMemberTagsChecked: a from member a wire format could fill is
// a programming error found at registration.
func TestTransportMemberTagsChecked(t *testing.T) {
	type Leaky struct {
		Payload []byte `from:"body"`
	}
	defer func() {
		if recover() == nil {
			t.Error("a from member without json:\"-\" was registered")
		}
	}()
	server.Register(server.NewRegistry(), server.Op[Leaky, HelloResponse]{
		Handler: func(context.Context, *Leaky) (*HelloResponse, error) { return nil, nil },
	})
}
