// Command paygate serves payment checkout APIs that existing ServiceStack,
// XML, JSONP, BillRun and REST clients call unchanged.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"paygate/config"
)

const usage = `paygate serves payment checkout APIs.

Usage:
  paygate serve [flags]            serve the API
  paygate demo [flags]             serve with stripe-mock, the Payson sandbox and a demo tenant
  paygate migrate [flags]          apply the database migrations
  paygate company add --id GUID --name NAME [--currency SEK]
  paygate article add --company GUID --id N --type N --name S --price 500.00 --currency SEK --vat 0.25
  paygate article list --company GUID
  paygate apikey create --company GUID --roles r1,r2 [--scopes s1,s2] [--name N]   prints the key once
  paygate apikey list [--company GUID] | revoke ID
  paygate customer link --company GUID --customer-id ID --stripe-customer cus_…   a Stripe customer /v1 may charge
  paygate payson-sandbox [--addr HOST:PORT]   run the Payson Checkout 2.0 sandbox
  paygate account add --aid N --email E --firstname F --lastname L   BillRun accounts
  paygate account list
  paygate secrets rotate           re-seal stored provider credentials under the first PAYGATE_ENCRYPTION_KEY
  paygate attempts list [--review]   provider attempts in flight and those marked for review

Flags (each also read from its environment variable):
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if code := exitCode(err); code != 0 {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(os.Stderr, "paygate:", line)
		}
		os.Exit(code)
	}
}

// exitCode is 2 for a usage error (a setting, a flag, a command paygate
// does not accept), which running again will not fix, and 1 for any other
// failure.
func exitCode(err error) int {
	var ce *config.Error
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ce):
		return 2
	}
	return 1
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		config.Usage(stdout)
		if len(args) == 0 {
			return &config.Error{Err: errors.New("no command given")}
		}
		return nil
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stderr)
	case "demo":
		return demo(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "company":
		return companyCmd(ctx, rest, getenv, stdout, stderr)
	case "article":
		return articleCmd(ctx, rest, getenv, stdout, stderr)
	case "payson-sandbox":
		return paysonSandbox(ctx, rest, getenv, stderr)
	case "apikey":
		return apikeyCmd(ctx, rest, getenv, stdout, stderr)
	case "account":
		return accountCmd(ctx, rest, getenv, stdout, stderr)
	case "customer":
		return customerCmd(ctx, rest, getenv, stdout, stderr)
	case "secrets":
		return secretsCmd(ctx, rest, getenv, stdout, stderr)
	case "attempts":
		return attemptsCmd(ctx, rest, getenv, stdout, stderr)
	}
	return &config.Error{Err: fmt.Errorf("unknown command %q (see paygate --help)", cmd)}
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if cfg.Debug {
		opts.Level = slog.LevelDebug
	}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
