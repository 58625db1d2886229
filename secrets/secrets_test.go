package secrets

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func keyring(t *testing.T, ids ...string) (*Keyring, string) {
	t.Helper()
	var parts []string
	for _, id := range ids {
		k, err := Generate(id)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, k)
	}
	text := strings.Join(parts, ",")
	k, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return k, text
}

func TestSealOpen(t *testing.T) {
	k, _ := keyring(t, "k1")
	a, err := k.Seal("whsec_abc", "stripe_webhooks/1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := k.Seal("whsec_abc", "stripe_webhooks/1")
	if a == b || strings.Contains(a, "whsec") || !Sealed(a) || KeyOf(a) != "k1" {
		t.Errorf("sealed %q, %q", a, b)
	}
	if got, err := k.Open(a, "stripe_webhooks/1"); err != nil || got != "whsec_abc" {
		t.Errorf("open: %q %v", got, err)
	}
	// Moved to another row: it must not open there.
	if _, err := k.Open(a, "stripe_webhooks/2"); !errors.Is(err, ErrNotOpened) {
		t.Errorf("other row: %v", err)
	}
	tampered := a[:len(a)-4] + "AAA="
	if _, err := k.Open(tampered, "stripe_webhooks/1"); !errors.Is(err, ErrNotOpened) {
		t.Errorf("tampered: %v", err)
	}
	if Sealed("whsec_plain") || KeyOf("whsec_plain") != "" {
		t.Error("a plain value counts as sealed")
	}
}

// TestRotation: the first key seals, every key opens; a keyring that lost
// the old key, or has another key under its id, says so.
func TestRotation(t *testing.T) {
	old, oldText := keyring(t, "k1")
	sealed, _ := old.Seal("payson-key", "payson_settings/c")
	newKey, _ := Generate("k2")
	both, err := Parse(newKey + "," + oldText)
	if err != nil {
		t.Fatal(err)
	}
	if both.Current() != "k2" || fmt.Sprint(both.IDs()) != "[k2 k1]" {
		t.Errorf("%s", both)
	}
	if got, err := both.Open(sealed, "payson_settings/c"); err != nil || got != "payson-key" {
		t.Errorf("old value with both keys: %q %v", got, err)
	}
	resealed, _ := both.Seal("payson-key", "payson_settings/c")
	if KeyOf(resealed) != "k2" {
		t.Errorf("sealed under %s", KeyOf(resealed))
	}
	onlyNew, _ := Parse(newKey)
	if _, err := onlyNew.Open(sealed, "payson_settings/c"); !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), "k1") {
		t.Errorf("old key gone: %v", err)
	}
	wrong, _ := keyring(t, "k1")
	if _, err := wrong.Open(sealed, "payson_settings/c"); !errors.Is(err, ErrNotOpened) {
		t.Errorf("another key named k1: %v", err)
	}
}

func TestParseRefuses(t *testing.T) {
	good, _ := Generate("k1")
	material := strings.SplitN(good, ":", 2)[1]
	for _, s := range []string{
		"", material, "k1:" + material[:20], "k 1:" + material, good + "," + good, "k1:" + material + "!",
		"k1:" + "c2hvcnQ=",
	} {
		_, err := Parse(s)
		if err == nil {
			t.Errorf("%q accepted", s)
			continue
		}
		if strings.Contains(err.Error(), material[:12]) {
			t.Errorf("%q: the error shows key material: %v", s, err)
		}
	}
	k, _ := Parse(good)
	if strings.Contains(fmt.Sprintf("%v %+v %#v", k, k, k), material[:12]) {
		t.Error("printing a keyring shows its key")
	}
}
