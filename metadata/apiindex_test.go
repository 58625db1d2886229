package metadata_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"paygate/server"
)

// GET /api is the JSON index ApiHandlers.Json serves for the bare /api
// path (ServiceStack/src/ServiceStack/ApiHandlers.cs and
// PredefinedRoutesFeature.DefaultApiIndex, v8.0, commit
// 3525189ec19c6db890ee980712a6ee8e654965de): tag to operations, sorted by
// name, untagged ones under "other" renamed "apis" when custom tags exist.
func TestAPIIndex(t *testing.T) {
	ts := newServer(t, kitchenSinkRegistry(), server.Config{})
	body, hdr := get(t, ts, "/api", "h.example", 200)
	if ct := hdr.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	want := `{"sinks":[{"Name":"KitchenSink","Returns":"KitchenSinkResponse","Links":{"api":"http://h.example/api/KitchenSink","ui":"http://h.example/json/metadata?op=KitchenSink"}}],` +
		`"apis":[{"Name":"Ping","Links":{"api":"http://h.example/api/Ping","ui":"http://h.example/json/metadata?op=Ping"}},` +
		`{"Name":"SinkQuery","Returns":"QueryResponse<SinkChild>","Links":{"api":"http://h.example/api/SinkQuery","ui":"http://h.example/json/metadata?op=SinkQuery"}}]}`
	if body != want {
		t.Errorf("GET /api:\n got %s\nwant %s", body, want)
	}
	if slash, _ := get(t, ts, "/api/", "h.example", 200); slash != want {
		t.Errorf("GET /api/ differs: %s", slash)
	}
	if camel, _ := get(t, newServer(t, kitchenSinkRegistry(), server.Config{CamelCase: true}), "/api", "h.example", 200); !strings.Contains(camel, `"sinks":[{"name":"KitchenSink","returns":`) {
		t.Errorf("camelCase host: %s", camel)
	}
}

// /api and /metadata list the same operations.
func TestAPIIndexAgreesWithMetadata(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	body, _ := get(t, ts, "/api", "", 200)
	var index map[string][]struct{ Name string }
	if err := json.Unmarshal([]byte(body), &index); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	var fromAPI []string
	for _, ops := range index {
		for _, o := range ops {
			if !slices.Contains(fromAPI, o.Name) {
				fromAPI = append(fromAPI, o.Name)
			}
		}
	}
	page, _ := get(t, ts, "/metadata", "", 200)
	var fromPage []string
	for _, m := range regexp.MustCompile(`/json/metadata\?op=(\w+)`).FindAllStringSubmatch(page, -1) {
		fromPage = append(fromPage, m[1])
	}
	slices.Sort(fromAPI)
	slices.Sort(fromPage)
	if len(fromPage) == 0 || !slices.Equal(fromAPI, fromPage) {
		t.Errorf("/api lists %v, /metadata %v", fromAPI, fromPage)
	}
	if !strings.HasPrefix(body, `{"Stripe Checkout 1.0":[{"Name":"CreateStripeWebhook","Returns":"StripeWebhookResponse",`) ||
		!strings.Contains(body, `"Payson Checkout 2.0":[{"Name":"PaysonCheckout2IPNCallBack",`) ||
		strings.Contains(body, `"apis"`) || strings.Contains(body, `"other"`) {
		t.Errorf("GET /api: %s", body)
	}
}
