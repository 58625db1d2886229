package billrun

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

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
