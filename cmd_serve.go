package main

import (
	"context"
	"fmt"
	"io"

	"paygate/app"
	"paygate/config"
	"paygate/store"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := config.Parse("serve", args, getenv, stderr)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx)
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("migrate", args, getenv, stderr)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migration(s) to %s\n", n, db)
	return nil
}
