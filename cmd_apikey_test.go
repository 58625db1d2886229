package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestAPIKeyCommands(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "p.db")
	getenv := func(k string) string {
		if k == "PAYGATE_DB" {
			return db
		}
		return ""
	}
	paygate := func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := run(ctx, args, getenv, &out, &errOut)
		return out.String(), errOut.String(), err
	}
	const company = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
	if _, _, err := paygate("company", "add", "--id", company, "--name", "Acme"); err != nil {
		t.Fatal(err)
	}
	key, note, err := paygate("apikey", "create", "--company", company, "--roles", "r1,r2", "--name", "shop")
	if err != nil {
		t.Fatal(err)
	}
	key = strings.TrimSpace(key)
	if !strings.HasPrefix(key, "ak_") || strings.Contains(key, "\n") {
		t.Fatalf("stdout %q: want the key alone", key)
	}
	id := key[3:11]
	if !strings.Contains(note, id) || strings.Contains(note, key) {
		t.Errorf("stderr %q: want the id, not the key", note)
	}
	list, _, err := paygate("apikey", "list")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(list, id) || !strings.Contains(list, "r1,r2") || strings.Contains(list, key[11:]) {
		t.Errorf("list:\n%s", list)
	}
	if out, _, err := paygate("apikey", "revoke", id); err != nil || !strings.Contains(out, "revoked") {
		t.Errorf("revoke: %q %v", out, err)
	}
	if _, _, err := paygate("apikey", "revoke", "nope"); err == nil {
		t.Error("revoking an unknown id succeeded")
	}
	if _, _, err := paygate("apikey", "create", "--company", "not-a-guid", "--roles", "r"); err == nil {
		t.Error("a bad company id was accepted")
	}
	list, _, _ = paygate("apikey", "list", "--company", company)
	if !strings.Contains(list, id) || strings.Count(list, "\n") != 2 {
		t.Errorf("list after revoke:\n%s", list)
	}
}
