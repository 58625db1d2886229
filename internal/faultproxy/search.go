package faultproxy

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
)

// searchPath is Stripe's PaymentIntent search, which stripe-mock answers
// from fixtures only.
const searchPath = "/v1/payment_intents/search"

// metadataClause is the one search query the proxy understands, a
// metadata match: metadata['key']:'value'.
var metadataClause = regexp.MustCompile(`^metadata\['([^']+)'\]:'([^']*)'$`)

// search answers a PaymentIntent search from the PaymentIntents the double
// made through the proxy, as Stripe answers it from what it holds. It
// reports false for a request that is not a search it can answer.
func (p *Proxy) search(w http.ResponseWriter, r *http.Request) bool {
	if !p.opts.Idempotent || r.Method != http.MethodGet || r.URL.Path != searchPath {
		return false
	}
	m := metadataClause.FindStringSubmatch(r.URL.Query().Get("query"))
	if m == nil {
		return false
	}
	field := "metadata[" + m[1] + "]"
	seen := map[string]bool{}
	data := []json.RawMessage{}
	p.mu.Lock()
	for _, x := range p.log {
		if x.Method != http.MethodPost || x.Path != "/v1/payment_intents" || x.Status != http.StatusOK || x.Form.Get(field) != m[2] {
			continue
		}
		var pi struct{ ID string }
		if json.Unmarshal(x.Response, &pi) != nil || pi.ID == "" || seen[pi.ID] {
			continue
		}
		seen[pi.ID] = true
		data = append(data, x.Response)
	}
	p.mu.Unlock()
	body, err := json.Marshal(map[string]any{"object": "search_result", "url": searchPath, "has_more": false, "data": data})
	if err != nil {
		http.Error(w, "faultproxy: search: "+err.Error(), http.StatusInternalServerError)
		return true
	}
	p.record(r, url.Values{}, nil, answer{status: http.StatusOK, body: body}, false)
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
	return true
}
