package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/secrets"
	"paygate/store"
	"paygate/store/storetest"
)

func column(t *testing.T, db *store.DB, q string, args ...any) string {
	t.Helper()
	var v string
	if err := store.Raw(db).QueryRowContext(context.Background(), q, args...).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCredentialsSealed: the Payson API key and the Stripe signing secret
// are never in the database as given, and read back as given.
func TestCredentialsSealed(t *testing.T) { storetest.Each(t, testCredentialsSealed) }

func testCredentialsSealed(t *testing.T, db *store.DB) {
	ctx := context.Background()
	company := addCompany(t, db)
	const apiKey, whsec = "payson-api-key-4711", "whsec_signing_0815"
	if err := db.PutPaysonSettings(ctx, store.PaysonSettings{CompanyID: company, AgentID: "4", APIKey: apiKey}); err != nil {
		t.Fatal(err)
	}
	w, err := db.BeginStripeWebhook(ctx, store.StripeWebhook{CompanyID: company, URL: "https://x.example/hook", Events: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ActivateStripeWebhook(ctx, w.ID, "we_1", whsec); err != nil {
		t.Fatal(err)
	}
	rawKey := column(t, db, `SELECT api_key FROM payson_settings WHERE company_id = ?`, company.String())
	rawSecret := column(t, db, `SELECT secret FROM stripe_webhooks WHERE id = ?`, w.ID)
	if !secrets.Sealed(rawKey) || !secrets.Sealed(rawSecret) || strings.Contains(rawKey, "4711") || strings.Contains(rawSecret, "0815") {
		t.Fatalf("stored %q, %q", rawKey, rawSecret)
	}
	if s, err := db.PaysonSettings(ctx, company); err != nil || s.APIKey != apiKey {
		t.Errorf("payson settings: %q %v", s.APIKey, err)
	}
	if hooks, err := db.StripeWebhooks(ctx, &company); err != nil || len(hooks) != 1 || hooks[0].Secret != whsec {
		t.Errorf("webhooks: %+v %v", hooks, err)
	}

	// A sealed value copied into another company's row does not open
	// there: nobody with write access to the table swaps credentials.
	other := uuid.New()
	storetest.AddCompany(t, db, store.Company{ID: other, Name: "Other", Currency: "SEK"})
	if err := db.PutPaysonSettings(ctx, store.PaysonSettings{CompanyID: other, AgentID: "5", APIKey: "other-key"}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Raw(db).ExecContext(ctx, `UPDATE payson_settings SET api_key = ? WHERE company_id = ?`, rawKey, other.String()); err != nil {
		t.Fatal(err)
	}
	if s, err := db.PaysonSettings(ctx, other); !errors.Is(err, secrets.ErrNotOpened) || s.APIKey != "" {
		t.Errorf("moved credential: %q %v", s.APIKey, err)
	}
	if _, err := db.CheckSecrets(ctx); !errors.Is(err, secrets.ErrNotOpened) {
		t.Errorf("check: %v", err)
	}
}

// TestSealAndRotate: plain rows of an earlier paygate are sealed, a new
// first key re-seals everything, and a keyring without the old key is
// refused by the check.
func TestSealAndRotate(t *testing.T) { storetest.Each(t, testSealAndRotate) }

func testSealAndRotate(t *testing.T, db *store.DB) {
	ctx := context.Background()
	company := addCompany(t, db)
	// As an earlier paygate stored them.
	if _, err := store.Raw(db).ExecContext(ctx, `INSERT INTO payson_settings (company_id, agent_id, api_key, created_at, updated_at) VALUES (?, '4', 'plain-api-key', 0, 0)`, company.String()); err != nil {
		t.Fatal(err)
	}
	w, _ := db.BeginStripeWebhook(ctx, store.StripeWebhook{CompanyID: company, URL: "https://x.example/hook", Events: []string{"a"}})
	if _, err := store.Raw(db).ExecContext(ctx, `UPDATE stripe_webhooks SET state = 'active', secret = 'whsec_plain' WHERE id = ?`, w.ID); err != nil {
		t.Fatal(err)
	}
	if s, err := db.PaysonSettings(ctx, company); err != nil || s.APIKey != "plain-api-key" {
		t.Fatalf("plain row: %q %v", s.APIKey, err)
	}
	if n, err := db.CheckSecrets(ctx); err != nil || n.Plain != 2 {
		t.Fatalf("check: %+v %v", n, err)
	}
	k1, _ := secrets.Generate("k1")
	ring1, _ := secrets.Parse(k1)
	db.SetSealer(ring1)
	if n, err := db.SealSecrets(ctx, false); err != nil || n != 2 {
		t.Fatalf("sealed %d: %v", n, err)
	}
	if n, err := db.SealSecrets(ctx, false); err != nil || n != 0 {
		t.Errorf("sealed again %d: %v", n, err)
	}
	if raw := column(t, db, `SELECT api_key FROM payson_settings`); secrets.KeyOf(raw) != "k1" {
		t.Errorf("stored %q", raw)
	}

	k2, _ := secrets.Generate("k2")
	ring21, _ := secrets.Parse(k2 + "," + k1)
	db.SetSealer(ring21)
	if n, err := db.SealSecrets(ctx, true); err != nil || n != 2 {
		t.Fatalf("rotated %d: %v", n, err)
	}
	if n, err := db.CheckSecrets(ctx); err != nil || n.Sealed["k2"] != 2 || n.Plain != 0 {
		t.Errorf("after rotation: %+v %v", n, err)
	}
	if s, err := db.PaysonSettings(ctx, company); err != nil || s.APIKey != "plain-api-key" {
		t.Errorf("after rotation: %q %v", s.APIKey, err)
	}
	// A replica started with only the old key cannot open the new values.
	db.SetSealer(ring1)
	if _, err := db.CheckSecrets(ctx); !errors.Is(err, secrets.ErrUnknownKey) {
		t.Errorf("old keyring: %v", err)
	}
	db.SetSealer(nil)
	if err := db.PutPaysonSettings(ctx, store.PaysonSettings{CompanyID: company, AgentID: "4", APIKey: "k"}); !errors.Is(err, store.ErrNoKey) {
		t.Errorf("no key: %v", err)
	}
}
