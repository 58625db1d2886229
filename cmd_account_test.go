package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestAccountCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "paygate.db")
	getenv := func(k string) string {
		if k == "PAYGATE_DB" {
			return db
		}
		return ""
	}
	paygate := func(args ...string) (string, string, error) {
		var out, errs bytes.Buffer
		err := run(t.Context(), args, getenv, &out, &errs)
		return out.String(), errs.String(), err
	}

	if out, _, err := paygate("account", "add", "--aid", "7", "--email", "ann@example.org", "--firstname", "Ann", "--lastname", "Andersson"); err != nil || out != "account 7 saved\n" {
		t.Fatalf("add: %q %v", out, err)
	}
	if _, warn, err := paygate("account", "add", "--aid", "8", "--firstname", "Nils"); err != nil || !strings.Contains(warn, "account 8 has no email") {
		t.Errorf("add without email: %q %v", warn, err)
	}
	for _, bad := range [][]string{
		{"account", "add", "--email", "x@example.org"},
		{"account", "add", "--aid", "9", "--email", "not an address"},
		{"account", "add", "--aid", "9", "--email", "Ann <ann@example.org>"},
		{"account", "remove"},
		{"account", "list", "extra"},
	} {
		if _, _, err := paygate(bad...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	out, _, err := paygate("account", "list")
	if want := "7\tann@example.org\tAnn\tAndersson\tno card\n8\t-\tNils\t-\tno card\n"; err != nil || out != want {
		t.Errorf("list: %q %v, want %q", out, err, want)
	}
}
