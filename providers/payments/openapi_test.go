package payments_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"paygate/internal/servertest"
	"paygate/metadata"
	"paygate/providers/payments"
	"paygate/server"
)

// openAPIJSON serves /openapi.json for the payments operations and returns
// it.
func openAPIJSON(t *testing.T) []byte {
	t.Helper()
	reg := server.NewRegistry()
	payments.Register(reg, payments.Deps{})
	url := servertest.Start(t, server.Config{Logger: servertest.Quiet(),
		Pages: metadata.Pages(reg, servertest.Codecs(), metadata.Options{})}, reg)
	r := servertest.Do(t, http.MethodGet, url+"/openapi.json", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("/openapi.json: %d", r.Status)
	}
	return r.Body
}

// openAPIDoc decodes openAPIJSON.
func openAPIDoc(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPIJSON(t), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIEqualsSeed: for POST /v1/checkout the request, 201 and 400
// schemas of /openapi.json are the seed's, member for member, once $refs are
// resolved and the descriptions paygate adds as annotations are set aside.
func TestOpenAPIEqualsSeed(t *testing.T) {
	doc := openAPIDoc(t)
	components := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var resolve func(v any) any
	resolve = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				return resolve(components[path.Base(ref)])
			}
			out := map[string]any{}
			for k, x := range v {
				if k != "description" {
					out[k] = resolve(x)
				}
			}
			return out
		case []any:
			out := make([]any, len(v))
			for i, x := range v {
				out[i] = resolve(x)
			}
			return out
		}
		return v
	}
	post := doc["paths"].(map[string]any)["/v1/checkout"].(map[string]any)["post"].(map[string]any)
	jsonSchema := func(content any) any {
		return resolve(content.(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"])
	}
	responses := post["responses"].(map[string]any)
	if d := responses["201"].(map[string]any)["description"]; d != "Payment created" {
		t.Errorf("201 description %q", d)
	}
	for _, c := range []struct {
		seed string
		got  any
	}{
		{"checkout_request", jsonSchema(post["requestBody"])},
		{"payment", jsonSchema(responses["201"])},
		{"error", jsonSchema(responses["400"])},
	} {
		raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "payments", c.seed+".schema.json"))
		if err != nil {
			t.Fatal(err)
		}
		var want any
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c.got, want) {
			got, _ := json.MarshalIndent(c.got, "", "  ")
			t.Errorf("%s schema differs from the seed:\n%s", c.seed, got)
		}
	}
}

// TestOpenAPIAgreesWithSeed: the schemas /openapi.json derives from the
// DTOs accept and refuse what the seed's schemas do, for every body of the
// schema tests and for sample resources.
func TestOpenAPIAgreesWithSeed(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPIJSON(t)))
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
