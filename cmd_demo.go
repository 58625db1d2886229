package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"paygate/app"
	"paygate/auth"
	"paygate/config"
	"paygate/providers/billrun"
	"paygate/providers/bokamera"
	"paygate/providers/payson/sandbox"
	"paygate/providers/paysonv2"
	"paygate/providers/stripe/stripemock"
	"paygate/providers/stripev1"
	"paygate/store"
)

// demoCompany is the demo tenant. A fixed id keeps the printed examples
// valid from one run to the next.
var demoCompany = uuid.MustParse("6f1e8a52-3c4d-4b8e-9a7f-2d1c0b9e8a76")

// demoSecretKey is what paygate sends to stripe-mock, which accepts any
// test key.
const demoSecretKey = "sk_test_paygatedemo"

// demo serves paygate with its providers emulated: stripe-mock as a child
// process and the Payson sandbox in-process, and a demo tenant seeded.
// Providers configured explicitly (PAYGATE_STRIPE_API_BASE,
// PAYGATE_PAYSON_API_BASE) are used as they are.
func demo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var mockBin, fixtures, sandboxAddr, readyFile string
	cfg, err := config.ParseWith("demo", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&mockBin, "stripe-mock", ".bin/stripe-mock", "stripe-mock executable (make deps installs it); looked up in PATH when missing")
		fs.StringVar(&fixtures, "stripe-fixtures", "testdata/stripe/fixtures.json", "stripe-mock fixtures; stripe-mock's own when the file is missing")
		fs.StringVar(&sandboxAddr, "payson-sandbox-addr", "127.0.0.1:8181", "listen address of the Payson sandbox")
		fs.StringVar(&readyFile, "ready-file", "", "once the demo accepts requests, write its URLs, company and keys to this file as JSON (for scripts and tests)")
	})
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)

	// Listening before anything starts lets --addr name port 0: the public
	// URL, when derived from the address, follows the port actually bound.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	if cfg.PublicURL == "http://"+cfg.Addr {
		cfg.Addr = ln.Addr().String()
		cfg.PublicURL = "http://" + cfg.Addr
	}
	info := demoInfo{Company: demoCompany.String()}

	if cfg.StripeAPIBase == "" {
		p, err := startStripeMock(mockBin, fixtures)
		if err != nil {
			return err
		}
		defer p.Stop()
		cfg.StripeAPIBase = p.URL()
		info.StripeMock = p.URL()
		if cfg.StripeSecretKey == "" {
			cfg.StripeSecretKey = demoSecretKey
		}
		log.Info("stripe-mock started", "url", p.URL())
	}
	if cfg.PaysonAPIBase == "" {
		sln, err := net.Listen("tcp", sandboxAddr)
		if err != nil {
			return fmt.Errorf("payson sandbox: %w", err)
		}
		sb := sandbox.New(sandbox.Options{Logger: log})
		defer sb.Close()
		hs := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = hs.Serve(sln) }()
		defer hs.Close()
		cfg.PaysonAPIBase = "http://" + sln.Addr().String()
		if cfg.PaysonTestAPIBase == "" {
			cfg.PaysonTestAPIBase = cfg.PaysonAPIBase
		}
		info.PaysonSandbox = cfg.PaysonAPIBase
		log.Info("payson sandbox started", "url", cfg.PaysonAPIBase, "agent_id", sandbox.DemoAgentID)
	}

	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	keys, err := seedDemo(ctx, a.DB)
	if err != nil {
		return fmt.Errorf("seed the demo tenant: %w", err)
	}
	base := cfg.PublicURL + cfg.BasePath
	info.URL, info.AdminKey, info.AppKey = base, keys.admin, keys.app
	fmt.Fprintf(stdout, `
paygate demo
  company   %s
  admin key %s   (roles %s)
  app key   %s   (no roles: refused where an administrator is required)
  metadata  %s/metadata
  widget    %s/widget/?company=%s

Create a Stripe checkout:
  %s

Create a Payson checkout (pay it at the snippet's iframe, then send the
payment request with the admin key):
  curl -sS -X POST %s/payment/payson/v2/checkout -H 'Content-Type: application/json' -d '{"CompanyId":"%s","CountryCode":"SE","InternalReferenceId":"demo-booking-2","PaymentOrigin":"Embedded","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}]}'
  curl -sS -X PUT -H 'Authorization: Bearer %s' %s/payment/payson/v2/checkout/CHECKOUT_ID/sendpaymentrequest.xml

Ctrl-C stops the demo.
`, demoCompany, keys.admin, bokamera.RoleAdminWrite, keys.app, base, base, demoCompany, stripev1.DemoCurl(base, demoCompany),
		base, demoCompany, keys.admin, base)
	if readyFile != "" {
		if err := info.write(readyFile); err != nil {
			return err
		}
		defer os.Remove(readyFile)
	}
	return a.ServeListener(ctx, ln)
}

func startStripeMock(bin, fixtures string) (*stripemock.Process, error) {
	if _, err := os.Stat(bin); err != nil {
		found, lerr := exec.LookPath(filepath.Base(bin))
		if lerr != nil {
			return nil, fmt.Errorf("stripe-mock not found at %s nor in PATH: run make deps", bin)
		}
		bin = found
	}
	if _, err := os.Stat(fixtures); err != nil {
		fixtures = ""
	}
	return stripemock.Launch(stripemock.Options{Binary: bin, Fixtures: fixtures})
}

// demoKeys are the API keys issued for one run of the demo.
type demoKeys struct {
	admin string // an administrator of the demo company
	app   string // a caller of the demo company without any role
}

// seedDemo creates the demo tenant and its catalog and settings, and issues
// fresh keys (keys are stored hashed, so an old one cannot be shown again).
func seedDemo(ctx context.Context, db *store.DB) (demoKeys, error) {
	var keys demoKeys
	if err := db.AddCompany(ctx, store.Company{ID: demoCompany, Name: "Demo Salon", Currency: "SEK"}); err != nil {
		return keys, err
	}
	if err := stripev1.SeedDemo(ctx, db, demoCompany); err != nil {
		return keys, err
	}
	if err := paysonv2.SeedDemo(ctx, db, demoCompany, sandbox.DemoAgentID, sandbox.DemoAPIKey); err != nil {
		return keys, err
	}
	if err := billrun.SeedDemo(ctx, db); err != nil {
		return keys, err
	}
	var err error
	keys.admin, _, err = auth.IssueAPIKey(ctx, db, auth.KeySpec{
		Company: demoCompany,
		Roles:   []string{bokamera.RoleAdminWrite},
		Scopes:  []string{"payments:read", "payments:write"},
		Name:    "demo administrator",
	}, time.Now(), nil)
	if err != nil {
		return keys, errors.Join(errors.New("issue the demo administrator key"), err)
	}
	// The app key lets a caller see what a logged-in user who is not an
	// administrator gets: 403 where a role is required.
	keys.app, _, err = auth.IssueAPIKey(ctx, db, auth.KeySpec{
		Company: demoCompany,
		Scopes:  []string{"payments:read", "payments:write"},
		Name:    "demo app",
	}, time.Now(), nil)
	if err != nil {
		return keys, errors.Join(errors.New("issue the demo app key"), err)
	}
	return keys, nil
}
