package stripe_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
)

func TestClassifyNil(t *testing.T) {
	if err := stripe.Classify(nil); err != nil {
		t.Fatalf("Classify(nil) = %v", err)
	}
}

func TestClassifyStripeMockRejections(t *testing.T) {
	m := stripetest.Start(t)
	api := m.Client().API()
	ctx := context.Background()

	t.Run("unknown parameter", func(t *testing.T) {
		p := &stripego.CheckoutSessionParams{Params: stripego.Params{Context: ctx}, Mode: stripego.String("payment")}
		p.AddExtra("bogus", "1")
		_, err := api.CheckoutSessions.New(p)
		re := requestError(t, stripe.Classify(err))
		if re.Status != http.StatusBadRequest || re.Type != "invalid_request_error" || !strings.Contains(re.Message, "additional properties") {
			t.Fatalf("got %+v", re)
		}
	})
	t.Run("value not in enum", func(t *testing.T) {
		_, err := api.CheckoutSessions.New(&stripego.CheckoutSessionParams{
			Params: stripego.Params{Context: ctx},
			Mode:   stripego.String("payment"),
			UIMode: stripego.String("embedded_page"), // a later API's name
		})
		re := requestError(t, stripe.Classify(err))
		if re.Status != http.StatusBadRequest || !strings.Contains(re.Message, "ui_mode") {
			t.Fatalf("got %+v", re)
		}
	})
	t.Run("unknown path", func(t *testing.T) {
		err := api.Customers.B.Call(http.MethodGet, "/v1/no_such_thing", stripetest.SecretKey, &stripego.Params{Context: ctx}, &stripego.Customer{})
		if re := requestError(t, stripe.Classify(err)); re.Status != http.StatusNotFound {
			t.Fatalf("got %+v", re)
		}
	})
	t.Run("bad key", func(t *testing.T) {
		cfg := m.Config()
		cfg.SecretKey = "not-a-key-but-secret"
		_, err := stripe.New(cfg).API().Customers.New(&stripego.CustomerParams{Params: stripego.Params{Context: ctx}})
		err = stripe.Classify(err)
		if !errors.Is(err, stripe.ErrUnavailable) {
			t.Fatalf("got %v, want ErrUnavailable: our key is not the caller's fault", err)
		}
		// stripe-mock quotes the Authorization header in its message.
		if strings.Contains(err.Error(), cfg.SecretKey) {
			t.Fatalf("error shows the key: %v", err)
		}
	})
}

func TestClassifyNetworkFailures(t *testing.T) {
	t.Run("closed port", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		base := "http://" + l.Addr().String()
		l.Close()
		sc := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, APIBase: base, MaxNetworkRetries: -1})
		_, err = sc.API().Customers.New(&stripego.CustomerParams{Params: stripego.Params{Context: context.Background()}})
		err = stripe.Classify(err)
		var ue *url.Error
		if !errors.Is(err, stripe.ErrUnavailable) || !errors.As(err, &ue) {
			t.Fatalf("got %v, want ErrUnavailable wrapping *url.Error", err)
		}
	})
	t.Run("canceled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := stripetest.Start(t).Client().API().Customers.New(&stripego.CustomerParams{Params: stripego.Params{Context: ctx}})
		err = stripe.Classify(err)
		if !errors.Is(err, stripe.ErrUnavailable) || !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want ErrUnavailable and context.Canceled", err)
		}
	})
}

// TestClassifyStatuses covers answers stripe-mock never gives, from a server
// that answers like Stripe; the errors are still stripe-go's own.
func TestClassifyStatuses(t *testing.T) {
	const cardError = `{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",` +
		`"message":"Your card has insufficient funds.","payment_intent":{"id":"pi_1","client_secret":"pi_1_secret_abc"}}}`
	tests := []struct {
		name        string
		status      int
		body        string
		unavailable bool
	}{
		{"missing param", 400, `{"error":{"type":"invalid_request_error","code":"parameter_missing","param":"line_items","message":"Missing required param: line_items."}}`, false},
		{"idempotency mismatch", 400, `{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters they were first used with."}}`, false},
		{"card declined", 402, cardError, false},
		{"no such object", 404, `{"error":{"type":"invalid_request_error","code":"resource_missing","param":"id","message":"No such checkout.session: 'cs_x'"}}`, false},
		{"bad key", 401, `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: sk_test_****1234"}}`, true},
		{"foreign account", 403, `{"error":{"type":"invalid_request_error","message":"The provided key does not have access to account 'acct_1'."}}`, true},
		{"key in use", 409, `{"error":{"type":"invalid_request_error","code":"idempotency_key_in_use","message":"There is currently another in-progress request using this Idempotent Key."}}`, true},
		{"rate limit", 429, `{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests."}}`, true},
		{"stripe error", 500, `{"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}`, true},
		{"proxy page", 502, `<html>bad gateway</html>`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Request-Id", "req_test")
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			sc := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, APIBase: srv.URL, MaxNetworkRetries: -1})
			_, err := sc.API().CheckoutSessions.New(&stripego.CheckoutSessionParams{Params: stripego.Params{Context: context.Background()}})
			got := stripe.Classify(err)
			answer := stripe.APIError(err)
			if tt.unavailable {
				if !errors.Is(got, stripe.ErrUnavailable) {
					t.Fatalf("got %v, want ErrUnavailable", got)
				}
				if answer.Status != http.StatusBadGateway || answer.Code != stripe.CodeUnavailable || strings.Contains(answer.Message, "sk_test") {
					t.Fatalf("answer %d %s %q, want 502", answer.Status, answer.Code, answer.Message)
				}
				t.Log(got)
				return
			}
			re := requestError(t, got)
			if re.Status != tt.status || re.RequestID != "req_test" || re.Message == "" {
				t.Fatalf("got %+v", re)
			}
			// Whatever Stripe's status (402, 404), a refusal is our 400.
			if answer.Status != http.StatusBadRequest || answer.Code != stripe.CodeRefused || answer.Message != re.Message ||
				answer.Meta["StripeRequestId"] != "req_test" || answer.Meta["StripeType"] != re.Type || !errors.As(answer, new(*stripe.RequestError)) {
				t.Fatalf("answer %+v, want 400 with Stripe's message", answer)
			}
			t.Log(got)
			if stripe.Classify(got) != got {
				t.Fatal("classifying twice changed the error")
			}
		})
	}
}

// A call that runs out of time is a 504: Stripe may still act on it.
func TestAPIErrorTimedOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	sc := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, APIBase: srv.URL, MaxNetworkRetries: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := sc.API().CheckoutSessions.New(&stripego.CheckoutSessionParams{Params: stripego.Params{Context: ctx}})
	if a := stripe.APIError(err); a.Status != http.StatusGatewayTimeout || a.Code != stripe.CodeUnavailable {
		t.Fatalf("answer %d %s (%v), want 504", a.Status, a.Code, err)
	}
}

func TestRequestErrorKeepsSecretsOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusPaymentRequired)
		fmt.Fprint(w, `{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",`+
			`"message":"Your card has insufficient funds.","payment_intent":{"id":"pi_1","client_secret":"pi_1_secret_abc"}}}`)
	}))
	defer srv.Close()
	sc := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, APIBase: srv.URL, MaxNetworkRetries: -1})
	_, err := sc.API().PaymentIntents.New(&stripego.PaymentIntentParams{Params: stripego.Params{Context: context.Background()}})
	got := stripe.Classify(fmt.Errorf("charge booking 7: %w", err))
	re := requestError(t, got)
	if strings.Contains(re.Error(), "secret") {
		t.Fatalf("error text shows the client secret: %s", re.Error())
	}
	var ce *stripego.CardError
	if re.DeclineCode != "insufficient_funds" || !errors.As(got, &ce) {
		t.Fatalf("got %+v; CardError reachable: %v", re, errors.As(got, &ce))
	}
}

func requestError(t *testing.T, err error) *stripe.RequestError {
	t.Helper()
	var re *stripe.RequestError
	if !errors.As(err, &re) {
		t.Fatalf("got %v (%T), want *stripe.RequestError", err, err)
	}
	if errors.Is(err, stripe.ErrUnavailable) {
		t.Fatalf("%v is both a request error and unavailable", err)
	}
	return re
}
