package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"paygate/providers/payson/sandbox"
)

// paysonSandbox runs the Payson Checkout 2.0 emulator as its own process.
func paysonSandbox(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("payson-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := getenv("PAYGATE_PAYSON_SANDBOX_ADDR")
	if def == "" {
		def = "127.0.0.1:8181"
	}
	addr := fs.String("addr", def, "listen address (PAYGATE_PAYSON_SANDBOX_ADDR)")
	public := fs.String("public-url", getenv("PAYGATE_PAYSON_SANDBOX_PUBLIC_URL"), "base URL browsers see, for snippets (PAYGATE_PAYSON_SANDBOX_PUBLIC_URL; default: each request's host)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	log.Info("payson sandbox demo account", "agent_id", sandbox.DemoAgentID)
	return sandbox.ListenAndServe(ctx, *addr, sandbox.Options{PublicURL: *public, Logger: log})
}
