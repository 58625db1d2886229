package main

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// A patch sets one top-level field of one fixture resource.
type patch struct {
	resource string // key under "resources", e.g. "checkout.session"
	field    string
	value    any
	// add allows a field the fixture lacks; otherwise a missing field means
	// the fixtures changed shape and the patch needs a fresh look.
	add bool
}

// patches is the whole difference from the bundled fixtures. Keep it short:
// every entry is a way our tests' Stripe differs from stripe-mock's.
var patches = []patch{
	// Embedded Checkout needs the session's client_secret; the bundled
	// fixture has null, so no embedded flow could be tested.
	{resource: "checkout.session", field: "client_secret", value: "cs_test_secret_fixture"},
	// stripe-mock echoes a request parameter only when the fixture has the
	// key. Adding it makes return_url (embedded mode) come back as sent.
	{resource: "checkout.session", field: "return_url", value: nil, add: true},
	// Stripe returns a webhook endpoint's signing secret once, on create; the
	// bundled fixture has none, so no registered endpoint could verify an
	// event.
	{resource: "webhook_endpoint", field: "secret", value: "whsec_test_fixture", add: true},
	// The bundled code is inactive and expired in 2009, so every lookup by
	// code would look unusable and no discount path could be tested.
	{resource: "promotion_code", field: "active", value: true},
	{resource: "promotion_code", field: "expires_at", value: nil},
}

// generate applies patches to the bundled fixtures. The output keeps the
// bundled layout (sorted keys, two-space indent), so a diff against the
// original shows exactly the patched lines.
func generate(src []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber() // keep numbers byte for byte
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode fixtures: %w", err)
	}
	resources, ok := doc["resources"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("fixtures: no resources object")
	}
	for _, p := range patches {
		res, ok := resources[p.resource].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("fixtures: no resource %q", p.resource)
		}
		if _, ok := res[p.field]; !ok && !p.add {
			return nil, fmt.Errorf("fixtures: %s has no field %q", p.resource, p.field)
		}
		res[p.field] = p.value
	}

	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode fixtures: %w", err)
	}
	return out.Bytes(), nil
}
