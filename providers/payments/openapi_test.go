package payments_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"paygate/formats"
	"paygate/metadata"
	"paygate/providers/payments"
	"paygate/server"
)

// TestOpenAPIAgreesWithSeed: the schemas /openapi.json derives from the
// DTOs accept and refuse what the seed's schemas do, for every body of the
// schema tests and for sample resources.
func TestOpenAPIAgreesWithSeed(t *testing.T) {
	reg := server.NewRegistry()
	payments.Register(reg, payments.Deps{})
	srv := server.New(server.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, reg, formats.NewCodecs(&formats.Plans{}))
	metadata.Mount(srv, metadata.Options{})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	resp, err := ts.Client().Get(ts.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/openapi.json: %d", resp.StatusCode)
	}
	doc, err := jsonschema.UnmarshalJSON(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://paygate.test/openapi.json"
	c := jsonschema.NewCompiler()
	if err := c.AddResource(base, doc); err != nil {
		t.Fatal(err)
	}
	derived := func(name string) *jsonschema.Schema {
		s, err := c.Compile(base + "#/components/schemas/" + name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	agree := func(t *testing.T, seed string, s *jsonschema.Schema, body string) {
		t.Helper()
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(body)))
		if err != nil {
			return // not JSON: neither schema applies
		}
		seedErr, derivedErr := schemaErr(t, seed, []byte(body)), s.Validate(inst)
		if (seedErr == nil) != (derivedErr == nil) {
			t.Errorf("%s\nseed schema: %v\nderived schema: %v", body, seedErr, derivedErr)
		}
	}

	request := derived("CreateCheckout")
	for _, tc := range refusedBodies {
		agree(t, "checkout_request", request, tc.body)
	}
	for _, tc := range acceptedBodies {
		agree(t, "checkout_request", request, tc.body)
	}

	resource := derived("Payment")
	for _, body := range []string{
		`{"id":"p","customer_id":"c","order_id":null,"amount_cents":"100","currency":"usd","status":"pending","stripe_payment_intent_id":null,"mode":"one_shot","subscription_id":null,"created_at":"t","updated_at":"t"}`,
		`{"id":"p","customer_id":"c","order_id":"o","amount_cents":"100","currency":"usd","status":"pending","stripe_payment_intent_id":"pi","mode":"subscription","subscription_id":"sub","created_at":"t","updated_at":"t"}`,
		`{"id":"p","customer_id":"c","order_id":null,"amount_cents":100,"currency":"usd","status":"pending","stripe_payment_intent_id":null,"mode":"one_shot","subscription_id":null,"created_at":"t","updated_at":"t"}`,
		`{"id":"p","customer_id":"c","amount_cents":"100","currency":"usd","status":"pending","stripe_payment_intent_id":null,"mode":"one_shot","subscription_id":null,"created_at":"t","updated_at":"t"}`,
		`{"id":"p","customer_id":"c","order_id":null,"amount_cents":"100","currency":"usd","status":"pending","stripe_payment_intent_id":null,"mode":"monthly","subscription_id":null,"created_at":"t","updated_at":"t"}`,
		`{"id":null,"customer_id":"c","order_id":null,"amount_cents":"100","currency":"usd","status":"pending","stripe_payment_intent_id":null,"mode":"one_shot","subscription_id":null,"created_at":"t","updated_at":"t"}`,
	} {
		agree(t, "payment", resource, body)
	}

	errorBody := derived("PaymentsError")
	for _, body := range []string{`{"error":"e","message":"m"}`, `{"error":"e"}`, `{"error":1,"message":"m"}`} {
		agree(t, "error", errorBody, body)
	}
}
