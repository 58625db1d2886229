package auth_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/store"
	"paygate/store/storetest"
)

func TestAPIKeyFormat(t *testing.T) {
	key, id, err := auth.NewAPIKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key, "ak_") || len(key) != 46 || strings.ContainsAny(key, "+/=.") {
		t.Errorf("key %q: want ak_ + 43 URL-safe characters", key)
	}
	if got, ok := auth.APIKeyID(key); !ok || got != id || id != key[3:11] {
		t.Errorf("APIKeyID(%q) = %q, %v; NewAPIKey said %q", key, got, ok, id)
	}
	other, _, _ := auth.NewAPIKey(nil)
	if other == key {
		t.Error("two keys alike")
	}
	sum := sha256.Sum256([]byte(key))
	if !bytes.Equal(auth.HashAPIKey(key), sum[:]) {
		t.Error("HashAPIKey is not SHA-256 of the key")
	}
	// Deterministic randomness gives a deterministic key.
	fixed, _, err := auth.NewAPIKey(bytes.NewReader(make([]byte, 32)))
	if err != nil || fixed != "ak_"+strings.Repeat("A", 43) {
		t.Errorf("zero bytes: %q, %v", fixed, err)
	}
	if _, _, err := auth.NewAPIKey(bytes.NewReader(make([]byte, 5))); err == nil {
		t.Error("short randomness accepted")
	}
	for _, bad := range []string{"", "ak_", "ak_short", key[:45], key + "A", "xx" + key[2:], key[:20] + "+" + key[21:], key[:20] + "." + key[21:]} {
		if _, ok := auth.APIKeyID(bad); ok {
			t.Errorf("APIKeyID(%q) accepted", bad)
		}
	}
}

func TestIssueListRevoke(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	storetest.AddCompany(t, db, store.Company{ID: testCompany, Name: "Acme", Currency: "SEK"})
	key, rec, err := auth.IssueAPIKey(ctx, db, auth.KeySpec{Company: testCompany, Roles: []string{" r1", "r2", "r1", ""},
		Scopes: []string{"checkout"}, Name: " shop "}, testNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := auth.APIKeyID(key)
	if rec.ID != id || rec.Name != "shop" || !slices.Equal(rec.Roles, []string{"r1", "r2"}) || rec.CompanyID != testCompany {
		t.Errorf("record = %+v", rec)
	}
	stored, err := db.APIKey(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stored.Hash, auth.HashAPIKey(key)) {
		t.Error("stored hash does not match the key")
	}

	// Nothing in the database holds the secret part of the key.
	list, err := db.APIKeys(ctx, uuid.Nil)
	if err != nil || len(list) != 1 {
		t.Fatalf("list = %v, %v", list, err)
	}
	for _, k := range list {
		for _, s := range []string{k.ID, k.Name, strings.Join(k.Roles, ","), strings.Join(k.Scopes, ","), string(k.Hash)} {
			if strings.Contains(s, key[11:]) || strings.Contains(s, key) {
				t.Errorf("listing exposes the key: %q", s)
			}
		}
	}

	if ok, err := db.RevokeAPIKey(ctx, id, testNow.Add(time.Minute)); !ok || err != nil {
		t.Fatalf("revoke: %v %v", ok, err)
	}

	if _, _, err := auth.IssueAPIKey(ctx, db, auth.KeySpec{Roles: []string{"r1"}}, testNow, nil); err == nil {
		t.Error("a key without company and not superadmin was issued")
	}
	if _, rec, err := auth.IssueAPIKey(ctx, db, auth.KeySpec{Roles: []string{"superadmin"}}, testNow, nil); err != nil || rec.CompanyID != uuid.Nil {
		t.Errorf("superadmin key without company: %+v, %v", rec, err)
	}
	if _, _, err := auth.IssueAPIKey(ctx, db, auth.KeySpec{Company: uuid.New(), Roles: []string{"r1"}}, testNow, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown company: err = %v", err)
	}
	if _, _, err := auth.IssueAPIKey(ctx, db, auth.KeySpec{Company: testCompany, Roles: []string{"a,b"}}, testNow, nil); err == nil {
		t.Error("a role with a comma was accepted")
	}
}

// An id clash draws a new key instead of failing.
func TestIssueRetriesOnClash(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	storetest.AddCompany(t, db, store.Company{ID: testCompany, Name: "Acme", Currency: "SEK"})
	rnd := bytes.NewReader(append(make([]byte, 64), bytes.Repeat([]byte{1}, 32)...))
	spec := auth.KeySpec{Company: testCompany, Roles: []string{"r"}}
	first, _, err := auth.IssueAPIKey(ctx, db, spec, testNow, rnd)
	if err != nil {
		t.Fatal(err)
	}
	second, _, err := auth.IssueAPIKey(ctx, db, spec, testNow, rnd)
	if err != nil || second == first {
		t.Fatalf("second key %q, %v", second, err)
	}
}
