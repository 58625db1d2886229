package payments_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"paygate/formats"
	"paygate/internal/servertest"
)

// item is a valid line item with one member replaced (or, with a value of
// "-", removed).
func item(member, value string) string {
	m := map[string]string{"product_id": `"p"`, "variant_id": `"v"`, "qty": `1`, "unit_amount_cents": `100`}
	order := []string{"product_id", "variant_id", "qty", "unit_amount_cents"}
	var parts []string
	for _, k := range order {
		v := m[k]
		if k == member {
			v = value
		}
		if v != "-" {
			parts = append(parts, `"`+k+`":`+v)
		}
	}
	return `{` + strings.Join(parts, ",") + `}`
}

// The request bodies of the schema tests: one per rule of the seed's
// request schema, plus nulls and wrong types for every member (refused,
// with what the message names), and edge cases the schema allows.
const base = `"customer_id":"c","amount_cents":100`

// beyondSchema are refused by the surface's own rule (amounts are 64-bit)
// though the schema, which has no maximum, allows them.
var beyondSchema = map[string]bool{"amount_cents beyond int64": true, "amount_cents huge exponent": true}

var refusedBodies = []struct {
	name, body, mentions string
}{
	// customer_id: required, string, minLength 1
	{"customer_id missing", `{"amount_cents":100}`, "customer_id: is required"},
	{"customer_id empty", `{"customer_id":"","amount_cents":100}`, "customer_id: must not be empty"},
	{"customer_id null", `{"customer_id":null,"amount_cents":100}`, "customer_id: must not be null"},
	{"customer_id number", `{"customer_id":7,"amount_cents":100}`, "customer_id: must be a string, got a number"},
	{"customer_id object", `{"customer_id":{},"amount_cents":100}`, "customer_id: must be a string, got an object"},
	// currency: string, length 3
	{"currency short", `{` + base + `,"currency":"us"}`, "currency"},
	{"currency long", `{` + base + `,"currency":"usdx"}`, "currency"},
	{"currency empty", `{` + base + `,"currency":""}`, "currency"},
	{"currency null", `{` + base + `,"currency":null}`, "currency: must not be null"},
	{"currency number", `{` + base + `,"currency":840}`, "currency: must be a string"},
	// order_id, stripe_customer_id: string or null
	{"order_id number", `{` + base + `,"order_id":12}`, "order_id: must be a string, got a number"},
	{"order_id boolean", `{` + base + `,"order_id":true}`, "order_id: must be a string, got a boolean"},
	{"stripe_customer_id array", `{` + base + `,"stripe_customer_id":["cus_1"]}`, "stripe_customer_id: must be a string, got an array"},
	// metadata: object or null
	{"metadata array", `{` + base + `,"metadata":[1]}`, "metadata: must be an object, got an array"},
	{"metadata string", `{` + base + `,"metadata":"x"}`, "metadata: must be an object, got a string"},
	// promo_code: string (minLength 1) or null
	{"promo_code empty", `{` + base + `,"promo_code":""}`, "promo_code: must not be empty"},
	{"promo_code number", `{` + base + `,"promo_code":20}`, "promo_code: must be a string"},
	// amount_cents: integer > 0
	{"amount_cents zero", `{"customer_id":"c","amount_cents":0}`, "amount_cents: must be greater than 0"},
	{"amount_cents negative", `{"customer_id":"c","amount_cents":-5}`, "amount_cents: must be greater than 0"},
	{"amount_cents fraction", `{"customer_id":"c","amount_cents":10.5}`, "amount_cents: must be an integer, got 10.5"},
	{"amount_cents small fraction", `{"customer_id":"c","amount_cents":1e-2}`, "amount_cents: must be an integer"},
	{"amount_cents string", `{"customer_id":"c","amount_cents":"100"}`, "amount_cents: must be an integer, got a string"},
	{"amount_cents boolean", `{"customer_id":"c","amount_cents":true}`, "amount_cents: must be an integer, got a boolean"},
	{"amount_cents null", `{"customer_id":"c","amount_cents":null}`, "amount_cents: must not be null"},
	{"amount_cents beyond int64", `{"customer_id":"c","amount_cents":9223372036854775808}`, "amount_cents: 9223372036854775808 is out of range"},
	{"amount_cents huge exponent", `{"customer_id":"c","amount_cents":1e999999999999}`, "amount_cents: 1e999999999999 is out of range"},
	// subscription_plan_id: string, minLength 1
	{"subscription_plan_id empty", `{"customer_id":"c","subscription_plan_id":""}`, "subscription_plan_id: must not be empty"},
	{"subscription_plan_id null", `{"customer_id":"c","subscription_plan_id":null}`, "subscription_plan_id: must not be null"},
	{"subscription_plan_id number", `{"customer_id":"c","subscription_plan_id":5}`, "subscription_plan_id: must be a string"},
	// line_items: array, minItems 1, items objects
	{"line_items empty", `{"customer_id":"c","line_items":[]}`, "line_items: must contain at least 1 item"},
	{"line_items null", `{"customer_id":"c","line_items":null}`, "line_items: must not be null"},
	{"line_items object", `{"customer_id":"c","line_items":{}}`, "line_items: must be an array, got an object"},
	{"line item not an object", `{"customer_id":"c","line_items":[5]}`, "line_items[0]: must be an object, got a number"},
	{"line item null", `{"customer_id":"c","line_items":[null]}`, "line_items[0]: must not be null"},
	// line item members: all required
	{"product_id missing", `{"customer_id":"c","line_items":[` + item("product_id", "-") + `]}`, "line_items[0].product_id: is required"},
	{"product_id empty", `{"customer_id":"c","line_items":[` + item("product_id", `""`) + `]}`, "line_items[0].product_id: must not be empty"},
	{"product_id null", `{"customer_id":"c","line_items":[` + item("product_id", "null") + `]}`, "line_items[0].product_id: must not be null"},
	{"product_id number", `{"customer_id":"c","line_items":[` + item("product_id", "1") + `]}`, "line_items[0].product_id: must be a string"},
	{"variant_id missing", `{"customer_id":"c","line_items":[` + item("variant_id", "-") + `]}`, "line_items[0].variant_id: is required"},
	{"variant_id empty", `{"customer_id":"c","line_items":[` + item("variant_id", `""`) + `]}`, "line_items[0].variant_id: must not be empty"},
	{"qty missing", `{"customer_id":"c","line_items":[` + item("qty", "-") + `]}`, "line_items[0].qty: is required"},
	{"qty zero", `{"customer_id":"c","line_items":[` + item("qty", "0") + `]}`, "line_items[0].qty: must be greater than 0"},
	{"qty fraction", `{"customer_id":"c","line_items":[` + item("qty", "1.5") + `]}`, "line_items[0].qty: must be an integer"},
	{"qty string", `{"customer_id":"c","line_items":[` + item("qty", `"2"`) + `]}`, "line_items[0].qty: must be an integer, got a string"},
	{"unit_amount_cents missing", `{"customer_id":"c","line_items":[` + item("unit_amount_cents", "-") + `]}`, "line_items[0].unit_amount_cents: is required"},
	{"unit_amount_cents negative", `{"customer_id":"c","line_items":[` + item("unit_amount_cents", "-1") + `]}`, "line_items[0].unit_amount_cents: must be 0 or more"},
	{"unit_amount_cents null", `{"customer_id":"c","line_items":[` + item("unit_amount_cents", "null") + `]}`, "line_items[0].unit_amount_cents: must not be null"},
	{"second item named", `{"customer_id":"c","line_items":[` + item("", "") + `,` + item("qty", "-3") + `]}`, "line_items[1].qty"},
}

var acceptedBodies = []struct {
	name, body string
}{
	{"integral decimal", `{"customer_id":"c","amount_cents":100.0}`},
	{"integral exponent", `{"customer_id":"c","amount_cents":1e2}`},
	{"unknown members ignored", `{"customer_id":"c","amount_cents":100,"Customer_ID":5,"extra":[1]}`},
	{"all nullables null", `{` + base + `,"order_id":null,"stripe_customer_id":null,"metadata":null,"promo_code":null}`},
	{"empty strings where the schema allows them", `{` + base + `,"order_id":"","stripe_customer_id":""}`},
	{"nested metadata", `{` + base + `,"metadata":{"a":{"b":[1,"x",null,true]}}}`},
	{"free item among paid", `{"customer_id":"c","line_items":[` + item("unit_amount_cents", "0") + `,` + item("", "") + `]}`},
}

// TestRequestSchema sends the bodies and checks that the seed's schema
// agrees: every refused body is invalid by the schema, every accepted one
// valid.
func TestRequestSchema(t *testing.T) {
	e := newEnv(t)
	for _, tc := range refusedBodies {
		t.Run(tc.name, func(t *testing.T) {
			if !beyondSchema[tc.name] && schemaErr(t, "checkout_request", []byte(tc.body)) == nil {
				t.Errorf("the seed's schema accepts %s", tc.body)
			}
			failed(t, e.checkout(t, tc.body), http.StatusBadRequest, "validation_error", tc.mentions)
		})
	}

	for _, tc := range acceptedBodies {
		t.Run(tc.name, func(t *testing.T) {
			if err := schemaErr(t, "checkout_request", []byte(tc.body)); err != nil {
				t.Errorf("the seed's schema refuses %s: %v", tc.body, err)
			}
			created(t, e.checkout(t, tc.body))
		})
	}
	if n := e.countRows(t, "payments"); n != len(acceptedBodies) {
		t.Errorf("%d payments stored, want %d", n, len(acceptedBodies))
	}
}

func TestMalformedBodies(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, body, code, mentions string
	}{
		{"malformed JSON", `{"customer_id":`, "invalid_json", "not valid JSON"},
		{"trailing garbage", `{"customer_id":"c","amount_cents":1} x`, "invalid_json", "not valid JSON"},
		{"array body", `[{"customer_id":"c"}]`, "invalid_json", "must be a JSON object, got an array"},
		{"string body", `"c"`, "invalid_json", "must be a JSON object, got a string"},
		{"null body", `null`, "invalid_json", "must be a JSON object, got null"},
		{"empty body", ``, "invalid_json", "the request body is empty"},
		{"duplicate member", `{"customer_id":"a","customer_id":"b","amount_cents":1}`, "validation_error", "customer_id: appears more than once"},
		{"deep nesting", `{"customer_id":"c","metadata":` + strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat(`}`, 100) + `}`, "invalid_json", "nested too deeply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			failed(t, e.checkout(t, tc.body), http.StatusBadRequest, tc.code, tc.mentions)
		})
	}
	failed(t, e.do(t, http.MethodPost, "/v1/checkout", "writer", []byte("customer_id=c&amount_cents=1"),
		"Content-Type", "application/x-www-form-urlencoded"), http.StatusUnsupportedMediaType, "unsupported_media_type", "JSON")
	// An encoding the server cannot undo is the caller's 415 too, not an
	// internal_error (issue 12.7).
	failed(t, e.do(t, http.MethodPost, "/v1/checkout", "writer", []byte(`{"customer_id":"c","amount_cents":1}`),
		"Content-Encoding", "br"), http.StatusUnsupportedMediaType, "unsupported_media_type", "Content-Encoding 'br'")
	// A batch would bypass the strict binder.
	failed(t, e.do(t, http.MethodPost, "/api/CreateCheckout[]", "writer", []byte(`[{"customer_id":"c","amount_cents":1}]`)),
		http.StatusMethodNotAllowed, "method_not_allowed", "batch")
	if n := e.countRows(t, "payments"); n != 0 {
		t.Errorf("%d payments stored", n)
	}
}

func TestErrorsInOtherFormats(t *testing.T) {
	e := newEnv(t)
	// JSON is the default whatever the Accept header's wildcard.
	r := e.checkout(t, `{"customer_id":""}`, "Accept", "*/*")
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	failed(t, r, 400, "validation_error", "customer_id")
	// JSONP widgets get the same body wrapped.
	r = e.checkout(t, `{"customer_id":""}`)
	jsonp := e.do(t, http.MethodPost, "/v1/checkout?callback=cb", "writer", []byte(`{"customer_id":""}`))
	if jsonp.String() != "cb("+r.String()+")" {
		t.Errorf("JSONP %s", jsonp)
	}
}

func TestOtherFormats(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, http.MethodPost, "/v1/checkout", "writer", []byte(oneShot), "Accept", "application/xml")
	if r.Status != http.StatusCreated || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") ||
		!strings.Contains(r.String(), "<mode>one_shot</mode>") || !strings.Contains(r.String(), `<subscription_id i:nil="true" />`) {
		t.Errorf("XML 201: %d %s", r.Status, r)
	}
	r = e.do(t, http.MethodGet, "/v1/payments/nope.xml", "reader", nil)
	if r.Status != http.StatusNotFound || !strings.Contains(r.String(), "<error>not_found</error><message>Payment not found</message>") {
		t.Errorf("XML 404: %d %s", r.Status, r)
	}
	for _, f := range []struct{ name, ctype, want string }{
		{"jsv", "application/jsv", "not_found"},
		{"csv", "text/csv", "not_found"},
	} {
		t.Run(f.name, func(t *testing.T) {
			if !canWrite(f.name) {
				t.Skip("no " + f.name + " writer")
			}
			r := e.do(t, http.MethodGet, "/v1/payments/nope?format="+f.name, "reader", nil)
			if r.Status != http.StatusNotFound || !strings.HasPrefix(r.Header.Get("Content-Type"), f.ctype) || !strings.Contains(r.String(), f.want) {
				t.Errorf("%s 404: %d %s %s", f.name, r.Status, r.Header.Get("Content-Type"), r)
			}
		})
	}
}

// canWrite reports whether the codecs have a writer for the format.
func canWrite(name string) bool {
	return servertest.Codecs().Marshal(new(bytes.Buffer), formats.ParseFormat(name), &struct{ A string }{"x"}, formats.Options{}) == nil
}
