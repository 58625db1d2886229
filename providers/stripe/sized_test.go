package stripe_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/providers/stripe"
)

// TestRequestBodiesAreSized: every body stripe-go sends arrives with its
// Content-Length, in one piece, not chunked. The server sees the request as
// it crossed the wire, so this holds for the resources' calls and for
// Create alike.
func TestRequestBodiesAreSized(t *testing.T) {
	type seen struct {
		length   int64
		encoding []string
		form     url.Values
	}
	var (
		mu  sync.Mutex
		got []seen
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read body: %v", err)
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			t.Errorf("parse body %q: %v", body, err)
		}
		mu.Lock()
		got = append(got, seen{r.ContentLength, r.TransferEncoding, form})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"cus_sized","object":"customer"}`)
	}))
	defer srv.Close()
	sc := stripe.New(stripe.Config{SecretKey: "sk_test_sized", APIBase: srv.URL, MaxNetworkRetries: -1})

	if _, err := sc.API().Customers.New(&stripego.CustomerParams{Email: stripego.String("a@example.org")}); err != nil {
		t.Fatal(err)
	}
	var created stripe.Created
	if err := sc.Create("/v1/customers", &stripego.CustomerParams{Email: stripego.String("b@example.org")}, &created); err != nil {
		t.Fatal(err)
	}
	if created.ID != "cus_sized" {
		t.Errorf("created %q", created.ID)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 {
		t.Fatalf("%d requests, want 2", len(got))
	}
	for i, want := range []string{"a@example.org", "b@example.org"} {
		s := got[i]
		if len(s.encoding) != 0 || s.length <= 0 {
			t.Errorf("request %d: Content-Length %d, Transfer-Encoding %v: want a sized body", i, s.length, s.encoding)
		}
		if s.form.Get("email") != want {
			t.Errorf("request %d: email %q, want %q", i, s.form.Get("email"), want)
		}
	}
}
