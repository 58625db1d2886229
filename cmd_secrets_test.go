package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/app"
	"paygate/config"
	"paygate/secrets"
	"paygate/store"
)

// TestSecretsRotate: paygate secrets rotate re-seals under the first key;
// afterwards the new key alone serves and the old key alone no longer
// does (exit status 2, naming the setting).
func TestSecretsRotate(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "p.db")
	k1, _ := secrets.Generate("k1")
	k2, _ := secrets.Generate("k2")
	env := map[string]string{"PAYGATE_DB": dbPath, "PAYGATE_ENCRYPTION_KEY": k1, "PAYGATE_ADDR": "127.0.0.1:0"}
	getenv := func(k string) string { return env[k] }
	open := func() (*app.App, error) {
		cfg, err := config.Parse("serve", nil, getenv, io.Discard)
		if err != nil {
			return nil, err
		}
		return app.New(ctx, cfg, slog.New(slog.DiscardHandler))
	}
	a, err := open()
	if err != nil {
		t.Fatal(err)
	}
	company := uuid.New()
	if err := a.DB.AddCompany(ctx, store.Company{ID: company, Name: "Acme", Currency: "SEK"}); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.PutPaysonSettings(ctx, store.PaysonSettings{CompanyID: company, AgentID: "4", APIKey: "the-api-key"}); err != nil {
		t.Fatal(err)
	}
	a.Close()

	env["PAYGATE_ENCRYPTION_KEY"] = k2 + "," + k1
	var out bytes.Buffer
	if err := run(ctx, []string{"secrets", "rotate"}, getenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != "1 provider credential(s) sealed under key k2" {
		t.Errorf("rotate said %q", got)
	}
	out.Reset()
	if err := run(ctx, []string{"secrets", "rotate"}, getenv, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "0 ") {
		t.Errorf("second rotate: %q %v", out.String(), err)
	}

	env["PAYGATE_ENCRYPTION_KEY"] = k2
	if a, err = open(); err != nil {
		t.Fatalf("new key alone: %v", err)
	}
	if s, err := a.DB.PaysonSettings(ctx, company); err != nil || s.APIKey != "the-api-key" {
		t.Errorf("after rotation: %q %v", s.APIKey, err)
	}
	a.Close()
	env["PAYGATE_ENCRYPTION_KEY"] = k1
	err = run(ctx, []string{"serve"}, getenv, io.Discard, io.Discard)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "PAYGATE_ENCRYPTION_KEY") || strings.Contains(err.Error(), k1[3:]) {
		t.Errorf("old key alone: exit %d, %v", exitCode(err), err)
	}
	if exitCode(run(ctx, []string{"secrets", "spin"}, getenv, io.Discard, io.Discard)) != 2 {
		t.Error("an unknown secrets command is no usage error")
	}
}
