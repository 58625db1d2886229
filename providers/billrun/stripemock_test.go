package billrun

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// recorder keeps the requests paygate makes to Stripe.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []stripeCall
}

type stripeCall struct {
	method, path string
	header       http.Header
	form         url.Values
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	c := stripeCall{method: req.Method, path: req.URL.Path, header: req.Header.Clone(), form: req.URL.Query()}
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
		if len(b) > 0 {
			if c.form, err = url.ParseQuery(string(b)); err != nil {
				return nil, err
			}
		}
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, c)
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

// calls returns the recorded calls of method to path.
func (r *recorder) calls(method, path string) []stripeCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []stripeCall
	for _, c := range r.reqs {
		if c.method == method && c.path == path {
			out = append(out, c)
		}
	}
	return out
}

// fixtures writes the repository's stripe-mock fixtures with patch applied
// to their resources, for a Stripe in another state.
func fixtures(t *testing.T, patch func(res map[string]map[string]any)) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/stripe/fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc struct {
		Resources map[string]map[string]any `json:"resources"`
	}
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	patch(doc.Resources)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// completedCard is the card the completed fixtures save.
const (
	completedLast4 = "4242"
	completedMonth = 4
	completedYear  = 2031
)

// completed makes Ann's customer findable by email and every Checkout
// Session a complete setup session of that customer whose SetupIntent
// succeeded with a card; edit changes it further.
func completed(t *testing.T, edit func(res map[string]map[string]any)) string {
	return fixtures(t, func(res map[string]map[string]any) {
		cus := res["customer"]["id"]
		res["customer"]["email"] = annEmail
		s := res["checkout.session"]
		s["status"], s["mode"], s["customer"] = "complete", "setup", cus
		s["payment_intent"], s["payment_status"] = nil, "no_payment_required"
		s["setup_intent"] = res["setup_intent"]["id"]
		si := res["setup_intent"]
		si["status"], si["customer"], si["payment_method"] = "succeeded", cus, res["payment_method"]["id"]
		card := res["payment_method"]["card"].(map[string]any)
		card["last4"], card["exp_month"], card["exp_year"] = completedLast4, completedMonth, completedYear
		if edit != nil {
			edit(res)
		}
	})
}
