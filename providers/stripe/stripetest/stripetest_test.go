package stripetest

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	stripego "github.com/stripe/stripe-go/v76"
)

func TestStartSharesOneProcess(t *testing.T) {
	a, b := Start(t), Start(t)
	if a.URL != b.URL {
		t.Fatalf("two processes: %s and %s", a.URL, b.URL)
	}
	c, err := a.Client().API().Customers.New(&stripego.CustomerParams{
		Params: stripego.Params{Context: context.Background()},
		Email:  stripego.String("ann@example.org"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Email != "ann@example.org" {
		t.Fatalf("email = %q", c.Email)
	}
}

func TestStopsAfterLastUser(t *testing.T) {
	var url string
	t.Run("user", func(t *testing.T) { url = Start(t).URL })
	resp, err := http.Get(url + "/v1/balance")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("stripe-mock at %s still answers after its last test", url)
	}
}

func TestStartWithOwnFixtures(t *testing.T) {
	// A test that needs a paid session writes its own fixtures.
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "testdata", "stripe", "fixtures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Resources map[string]map[string]any `json:"resources"`
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	fx.Resources["checkout.session"]["status"] = "complete"
	fx.Resources["checkout.session"]["payment_status"] = "paid"
	raw, err = json.Marshal(fx)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "complete.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}

	m := StartWith(t, Options{Fixtures: path})
	if m.URL == Start(t).URL {
		t.Fatal("StartWith shared the default process")
	}
	s, err := m.Client().API().CheckoutSessions.Get("cs_test_1", &stripego.CheckoutSessionParams{
		Params: stripego.Params{Context: context.Background()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != stripego.CheckoutSessionStatusComplete || s.PaymentStatus != stripego.CheckoutSessionPaymentStatusPaid {
		t.Fatalf("status %s/%s, want complete/paid", s.Status, s.PaymentStatus)
	}
}
