package metadata_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"paygate/apierr"
	"paygate/formats"
	"paygate/server"
)

// The payments surface (POST /v1/checkout) as its DTOs will declare it:
// snake_case json tags, pointers for nullable members, validate tags for
// the rules. These mirror the published schema of seed 004 and show the
// mapping rules of schemaBuilder at work.
type checkoutRequest struct {
	CustomerID         string             `json:"customer_id" validate:"required"`
	Currency           string             `json:"currency" validate:"omitempty,len=3" default:"usd"`
	OrderID            *string            `json:"order_id"`
	StripeCustomerID   *string            `json:"stripe_customer_id"`
	Metadata           map[string]any     `json:"metadata"`
	PromoCode          *string            `json:"promo_code" validate:"omitempty,min=1"`
	AmountCents        int64              `json:"amount_cents" validate:"omitempty,gt=0"`
	SubscriptionPlanID string             `json:"subscription_plan_id" validate:"omitempty,min=1"`
	LineItems          []checkoutLineItem `json:"line_items" validate:"omitempty,min=1,dive"`
}

type checkoutLineItem struct {
	ProductID string `json:"product_id" validate:"required"`
	VariantID string `json:"variant_id" validate:"required"`
	Qty       int    `json:"qty" validate:"required,gt=0"`
	// Zero is a valid amount, so the validator cannot require it; the
	// contract still does.
	UnitAmountCents int64 `json:"unit_amount_cents" validate:"gte=0" api:"required"`
}

type payment struct {
	ID                    string      `json:"id"`
	CustomerID            string      `json:"customer_id"`
	OrderID               *string     `json:"order_id"`
	AmountCents           string      `json:"amount_cents"`
	Currency              string      `json:"currency"`
	Status                string      `json:"status"`
	StripePaymentIntentID *string     `json:"stripe_payment_intent_id"`
	Mode                  paymentMode `json:"mode"`
	SubscriptionID        *string     `json:"subscription_id"`
	CreatedAt             time.Time   `json:"created_at"`
	UpdatedAt             time.Time   `json:"updated_at"`
}

type paymentMode int

var paymentModeNames = []string{"one_shot", "subscription"}

func (paymentMode) EnumNames() []string { return paymentModeNames }
func (m paymentMode) MarshalText() ([]byte, error) {
	return formats.EnumText(paymentModeNames, int(m))
}
func (m *paymentMode) UnmarshalText(b []byte) error {
	v, err := formats.ParseEnum(paymentModeNames, b)
	*m = paymentMode(v)
	return err
}

// plainError is the payments surface's {error, message} error body.
type plainError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

type plainDialect struct{}

func (plainDialect) Render(e *apierr.Error, _ *server.Operation, _ bool) (int, any) {
	return e.Status, &plainError{Error: e.Code, Message: e.Message}
}

func paymentsRegistry() *server.Registry {
	reg := server.NewRegistry()
	server.Register(reg, server.Op[checkoutRequest, payment]{
		Name:    "CreateCheckout",
		Routes:  []server.Route{{Path: "/v1/checkout", Verbs: "POST", Summary: "Create a payment"}},
		Tags:    []string{"payments"},
		Success: server.Success{Status: http.StatusCreated, Description: "Payment created"},
		Dialect: plainDialect{},
		Handler: stub[checkoutRequest, payment],
	})
	return reg
}

// Seed 004 publishes the request and response schemas of POST /v1/checkout.
func TestGoldenOpenAPICheckout(t *testing.T) {
	ts := newServer(t, paymentsRegistry(), server.Config{})
	body, hdr := get(t, ts, "/openapi.json", "", 200)
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", doc["openapi"])
	}
	comps := dig(t, doc, "components", "schemas").(map[string]any)
	op := dig(t, doc, "paths", "/v1/checkout", "post").(map[string]any)
	seed := readSeed(t, "004")
	for _, c := range []struct {
		name       string
		got        any
		seedAfter  string
		seedBefore string
	}{
		{"request body", dig(t, op, "requestBody", "content", "application/json", "schema"), "Request body\n", "\nResponses\n"},
		{"201 response", dig(t, op, "responses", "201", "content", "application/json", "schema"), "201 Payment created\n", "\n400 Validation error\n"},
		{"400 response", dig(t, op, "responses", "400", "content", "application/json", "schema"), "400 Validation error\n", "\nExample\n"},
	} {
		var want any
		if err := json.Unmarshal([]byte(between(t, seed, c.seedAfter, c.seedBefore)), &want); err != nil {
			t.Fatalf("%s: seed: %v", c.name, err)
		}
		got := deref(t, c.got, comps, 0)
		if !reflect.DeepEqual(got, want) {
			g, _ := json.MarshalIndent(got, "", "  ")
			w, _ := json.MarshalIndent(want, "", "  ")
			t.Errorf("%s schema differs from seed 004\n--- got\n%s\n--- want\n%s", c.name, g, w)
		}
	}
	if d := dig(t, op, "responses", "201", "description"); d != "Payment created" {
		t.Errorf("201 description %v", d)
	}
	if d := dig(t, op, "responses", "400", "description"); d != "Validation error" {
		t.Errorf("400 description %v", d)
	}
	if id := op["operationId"]; id != "CreateCheckout" {
		t.Errorf("operationId %v", id)
	}
}

// The schema's "required" and the validator read the same tags: what the
// document calls required, the service rejects when missing.
func TestOpenAPIRequiredIsEnforced(t *testing.T) {
	ts := newServer(t, paymentsRegistry(), server.Config{})
	resp, err := ts.Client().Post(ts.URL+"/v1/checkout", "application/json",
		strings.NewReader(`{"line_items":[{"product_id":"p","variant_id":"v","qty":0}]}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e plainError
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(e.Message, "customer_id") {
		t.Errorf("missing customer_id: status %d, %+v", resp.StatusCode, e)
	}
}

// Every BokaMera operation: members the validator requires are marked
// required in the metadata the clients generate from.
func TestValidatorRequiredIsDocumented(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	body, _ := get(t, ts, "/types/metadata.json", "", 200)
	var md struct {
		Operations []struct {
			Request struct {
				Name       string
				Properties []struct {
					Name       string
					IsRequired bool
				}
			}
			Routes []struct{ Path, Verbs string }
		}
	}
	if err := json.Unmarshal([]byte(body), &md); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, op := range md.Operations {
		resp, err := ts.Client().Post(ts.URL+"/json/reply/"+op.Request.Name, "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			ResponseStatus struct {
				Errors []struct{ FieldName string }
			}
		}
		_ = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		required := map[string]bool{}
		for _, p := range op.Request.Properties {
			required[p.Name] = p.IsRequired
		}
		for _, fe := range out.ResponseStatus.Errors {
			checked++
			if !required[fe.FieldName] {
				t.Errorf("%s: the validator requires %s, the metadata does not say so", op.Request.Name, fe.FieldName)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no validation error came back; the test checks nothing")
	}
}

func dig(t *testing.T, v any, path ...string) any {
	t.Helper()
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok || m[p] == nil {
			t.Fatalf("no %q in %v", p, v)
		}
		v = m[p]
	}
	return v
}

// deref replaces $ref with the component it names, so schemas compare with
// the seed's inline ones.
func deref(t *testing.T, v any, comps map[string]any, depth int) any {
	t.Helper()
	if depth > 32 {
		t.Fatal("$ref cycle")
	}
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			c, ok := comps[strings.TrimPrefix(ref, "#/components/schemas/")]
			if !ok {
				t.Fatalf("unresolved %s", ref)
			}
			return deref(t, c, comps, depth+1)
		}
		out := map[string]any{}
		for k, e := range x {
			out[k] = deref(t, e, comps, depth+1)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deref(t, e, comps, depth+1)
		}
		return out
	}
	return v
}

func between(t *testing.T, s, after, before string) string {
	t.Helper()
	_, rest, ok := strings.Cut(s, after)
	if !ok {
		t.Fatalf("seed has no %q", after)
	}
	out, _, ok := strings.Cut(rest, before)
	if !ok {
		t.Fatalf("seed has no %q", before)
	}
	return out
}

// Every kind of member, several routes and verbs, scopes and an operation
// without routes: the document stays well-formed.
func TestOpenAPIKitchenSink(t *testing.T) {
	ts := newServer(t, kitchenSinkRegistry(), server.Config{})
	body, _ := get(t, ts, "/openapi.json", "", 200)
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	comps := dig(t, doc, "components", "schemas").(map[string]any)
	checkRefs(t, doc, comps)
	ids := map[string]bool{}
	for path, verbs := range map[string][]string{"/sink/{Id}": {"get", "delete"}, "/sink/{Id}/{Class}": {"patch"}, "/api/Ping": {"post"}} {
		for _, v := range verbs {
			op := dig(t, doc, "paths", path, v).(map[string]any)
			id, _ := op["operationId"].(string)
			if ids[id] {
				t.Errorf("operationId %q twice", id)
			}
			ids[id] = true
		}
	}
	get := dig(t, doc, "paths", "/sink/{Id}", "get").(map[string]any)
	if _, ok := get["requestBody"]; ok {
		t.Error("GET has a request body")
	}
	sec, _ := json.Marshal(get["security"])
	if string(sec) != `[{"bearer":["sinks:read","sinks:write"]}]` {
		t.Errorf("security %s", sec)
	}
	status := dig(t, comps, "KitchenSink", "properties", "Status").(map[string]any)
	if enum := status["enum"].([]any); enum[len(enum)-1] != nil {
		t.Errorf("nullable enum without null: %v", enum)
	}
	req := dig(t, comps, "KitchenSink", "required")
	if b, _ := json.Marshal(req); string(b) != `["Id","Counts","Children","Origin","Ref"]` {
		t.Errorf("required %s", b)
	}
	// ServiceStack responses omit null members: only value types are
	// promised.
	if _, ok := dig(t, comps, "KitchenSinkResponse").(map[string]any)["required"]; ok {
		t.Errorf("KitchenSinkResponse promises members ServiceStack omits when null")
	}
}

// checkRefs fails on any $ref that names no component.
func checkRefs(t *testing.T, v any, comps map[string]any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			if _, ok := comps[strings.TrimPrefix(ref, "#/components/schemas/")]; !ok {
				t.Errorf("unresolved %s", ref)
			}
		}
		for _, e := range x {
			checkRefs(t, e, comps)
		}
	case []any:
		for _, e := range x {
			checkRefs(t, e, comps)
		}
	}
}
