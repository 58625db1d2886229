package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paygate/internal/pgtest"
	"paygate/store/storetest"
)

// migrate and the admin commands work on both engines.
func TestCommandsOnEachEngine(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "paygate.db")
			if engine == "postgres" {
				dsn = pgtest.URL(t)
			}
			paygate := func(args ...string) string {
				t.Helper()
				var out, errs bytes.Buffer
				getenv := func(k string) string {
					if k == "PAYGATE_DB" {
						return dsn
					}
					return ""
				}
				if err := run(t.Context(), args, getenv, &out, &errs); err != nil {
					t.Fatalf("%v: %v\n%s", args, err, errs.String())
				}
				return out.String()
			}
			if out := paygate("migrate"); !strings.HasPrefix(out, "applied ") || strings.HasPrefix(out, "applied 0 ") {
				t.Errorf("migrate: %q", out)
			}
			if out := paygate("migrate"); !strings.HasPrefix(out, "applied 0 ") {
				t.Errorf("migrate again: %q", out)
			}
			const company = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
			paygate("company", "add", "--id", company, "--name", "Acme")
			paygate("article", "add", "--company", company, "--id", "1", "--type", "1", "--name", "Hair cut",
				"--price", "500.00", "--currency", "SEK", "--vat", "0.25")
			if out := paygate("article", "list", "--company", company); !strings.Contains(out, "Hair cut") {
				t.Errorf("article list: %q", out)
			}
			paygate("account", "add", "--aid", "7", "--email", "ann@example.org", "--firstname", "Ann", "--lastname", "A")
			if out := paygate("account", "list"); !strings.Contains(out, "ann@example.org") {
				t.Errorf("account list: %q", out)
			}
			key := paygate("apikey", "create", "--company", company, "--roles", "bookingsupplier-administrator-write")
			if !strings.Contains(key, "ak_") {
				t.Fatalf("apikey create: %q", key)
			}
			if out := paygate("apikey", "list", "--company", company); !strings.Contains(out, company) {
				t.Errorf("apikey list: %q", out)
			}
		})
	}
}

// A database URL of another scheme is refused, naming the variable, and
// leaves no file behind.
func TestDatabaseSchemeRefused(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	getenv := func(k string) string {
		if k == "PAYGATE_DB" {
			return "mysql://paygate@db.example/paygate"
		}
		return ""
	}
	for _, cmd := range [][]string{{"serve"}, {"migrate"}, {"account", "list"}} {
		var out, errs bytes.Buffer
		err := run(t.Context(), cmd, getenv, &out, &errs)
		if err == nil || !strings.Contains(err.Error(), "mysql") {
			t.Errorf("%v: %v", cmd, err)
		}
		if cmd[0] != "account" && !strings.Contains(err.Error(), "PAYGATE_DB") {
			t.Errorf("%v: %v does not name PAYGATE_DB", cmd, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v behind", entries)
	}
}
