package main

import (
	"context"
	"fmt"
	"io"

	"paygate/app"
	"paygate/config"
	"paygate/store"
)

// secretsCmd runs paygate secrets rotate: every stored provider credential
// re-sealed under the first key. Replicas keep serving meanwhile, as long
// as each holds both the new and the old key.
func secretsCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		return &config.Error{Accepts: "paygate secrets rotate", Err: fmt.Errorf("unknown secrets command %q", args)}
	}
	cfg, err := config.Parse("secrets rotate", args[1:], getenv, stderr)
	if err != nil {
		return err
	}
	db, err := store.OpenMigrated(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := app.UseKeys(ctx, cfg, db, newLogger(cfg, stderr), false)
	if err != nil {
		return err
	}
	n, err := db.SealSecrets(ctx, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d provider credential(s) sealed under key %s\n", n, keys.Current())
	return nil
}
