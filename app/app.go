// Package app wires paygate together from its configuration: the store, the
// providers, every surface's operations and the HTTP server.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"paygate/auth"
	"paygate/auth/authsvc"
	"paygate/config"
	"paygate/formats"
	"paygate/health"
	"paygate/metadata"
	"paygate/metrics"
	"paygate/providers/billrun"
	"paygate/providers/bokamera"
	"paygate/providers/paymentlog"
	"paygate/providers/payments"
	"paygate/providers/paysonv2"
	"paygate/providers/stripe"
	"paygate/providers/stripev1"
	"paygate/recovery"
	"paygate/server"
	"paygate/store"
	"paygate/widget"
)

// App is a configured paygate instance.
type App struct {
	Config  *config.Config
	DB      *store.DB
	Server  *server.Server
	Stripe  *stripe.Client
	Metrics *metrics.Metrics
	Log     *slog.Logger
	// Refunds settles refunds a crash or a time-out left in flight.
	Refunds *paymentlog.Settler
	// Recoverer settles provider attempts left in flight; Serve runs it.
	Recoverer *recovery.Recoverer
}

// New checks the settings config cannot check alone, opens and migrates
// the database and builds the server.
func New(ctx context.Context, cfg *config.Config, log *slog.Logger) (*App, error) {
	jwts, err := newJWTVerifier(cfg)
	if err != nil {
		return nil, err
	}
	db, err := store.OpenMigrated(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	if _, err := UseKeys(ctx, cfg, db, log, true); err != nil {
		db.Close()
		return nil, err
	}
	if n, err := db.SealSecrets(ctx, false); err != nil {
		db.Close()
		return nil, err
	} else if n > 0 {
		log.Info("sealed provider credentials stored in plain text by an earlier paygate", "count", n)
	}
	m := newMetrics(db)
	sc := stripe.New(stripe.Config{
		SecretKey:  cfg.StripeSecretKey,
		APIBase:    cfg.StripeAPIBase,
		HTTPClient: stripeHTTPClient(m),
		Logger:     log,
	})
	// Pages of the public URL and of the allowed CORS origins may change
	// state with the ss-tok cookie.
	origins := append([]string{cfg.PublicURL}, config.List(cfg.CORSOrigins)...)
	authn := auth.NewAuthenticator(auth.Config{Keys: db, JWT: jwts, Logger: log, Origins: origins})
	reg := server.NewRegistry()
	authsvc.Register(reg)
	// Each surface registers its operations here.
	bound := cfg.AttemptTimeout
	stripeV1 := stripev1.Deps{DB: db, Stripe: sc, PublicURL: cfg.PublicURL, BasePath: cfg.BasePath, Logger: log, AttemptTimeout: bound}
	billRun := billrun.Deps{DB: db, Stripe: sc, SharedSecret: cfg.BillRunSharedSecret,
		PublicURL: cfg.PublicURL, BasePath: cfg.BasePath, ReturnURL: cfg.BillRunReturnURL,
		SignatureMaxAge: cfg.BillRunSignatureMaxAge, Logger: log, AttemptTimeout: bound}
	pay := payments.Deps{
		DB:             db,
		Stripe:         sc,
		WebhookSecret:  cfg.StripeWebhookSecret,
		BasePath:       cfg.BasePath,
		Logger:         log,
		AttemptTimeout: bound,
	}
	payson := paysonv2.Deps{DB: db, APIBase: cfg.PaysonAPIBase, TestAPIBase: cfg.PaysonTestAPIBase,
		PublicURL: cfg.PublicURL, BasePath: cfg.BasePath, TermsURL: cfg.PaysonTermsURL, Logger: log, AttemptTimeout: bound,
		HTTPClient: paysonHTTPClient(m)}
	stripev1.Register(reg, stripeV1)
	billrun.Register(reg, billRun)
	payments.Register(reg, pay)
	paysonv2.Register(reg, payson)
	v1 := stripev1.NewSettler(stripeV1)
	rec := &recovery.Recoverer{
		Store: db,
		Settlers: map[string]recovery.Settler{
			stripev1.AttemptKind:        v1,
			stripev1.WebhookAttemptKind: v1,
			billrun.AttemptKind:         billrun.NewSettler(billRun),
			payments.AttemptKind:        payments.NewSettler(pay),
			paysonv2.AttemptKind:        paysonv2.NewSettler(payson),
			paysonv2.ShipAttemptKind:    paysonv2.NewSettler(payson),
		},
		Bound:  bound,
		Owner:  owner(),
		Logger: log,
	}
	refunds := paymentlog.Register(reg, paymentlog.Deps{DB: db, Logger: log, Refunders: map[string]paymentlog.Refunder{
		store.ProviderStripe: stripev1.NewRefunder(stripeV1),
		store.ProviderPayson: paysonv2.NewRefunder(payson),
	}})
	// Refunds are attempts too, begun and ended with their rows.
	rec.Settlers[store.RefundAttemptKind] = refunds
	// Notifications that came before their row are applied by the create
	// that records the provider's id; the sweep applies those it missed.
	rec.Sweepers = []recovery.Sweeper{stripev1.NewEarlySweeper(stripeV1), paysonv2.NewEarlySweeper(payson)}
	codecs := formats.NewCodecs(&formats.Plans{})
	srv := server.New(server.Config{
		Pages:          pages(cfg, reg, codecs, db, m, log),
		BasePath:       cfg.BasePath,
		DefaultFormat:  formats.ParseFormat(cfg.DefaultFormat),
		CamelCase:      cfg.JSONCase == "camel",
		MaxBodyBytes:   cfg.MaxBodyBytes,
		Debug:          cfg.Debug,
		CORSOrigins:    config.List(cfg.CORSOrigins),
		TrustedProxies: cfg.TrustedProxyRanges,
		Logger:         log,
		Authenticator:  authn,
		Authorize:      bokamera.Authorize,
		Observe:        m.Observe,
	}, reg, codecs)
	return &App{Config: cfg, DB: db, Server: srv, Stripe: sc, Metrics: m, Log: log, Recoverer: rec, Refunds: refunds}, nil
}

// pages are every route beside the operations: the probes at the root,
// metrics unless they have an address of their own, and the metadata
// documents and the widget under the base path.
func pages(cfg *config.Config, reg *server.Registry, codecs *formats.Codecs, db *store.DB, m *metrics.Metrics, log *slog.Logger) []server.Page {
	ps := []server.Page{
		{Path: "/healthz", Handler: func(c echo.Context) error {
			return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
		}},
		{Path: "/readyz", Handler: echo.WrapHandler(health.Readiness{DB: db, Logger: log})},
	}
	if cfg.MetricsAddr == "" {
		ps = append(ps, server.Page{Path: "/metrics", Handler: echo.WrapHandler(m.Handler())})
	}
	ps = append(ps, metadata.Pages(reg, codecs, metadata.Options{ServiceName: "paygate", Version: "1.0",
		BasePath: cfg.BasePath, CamelCase: cfg.JSONCase == "camel"})...)
	return append(ps, widget.Pages(cfg.BasePath)...)
}

// owner names this process in the recoverer's leases.
func owner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), uuid.NewString()[:8])
}

// Close releases the app's resources.
func (a *App) Close() error { return a.DB.Close() }

// Serve listens on the configured address until ctx ends, then shuts down
// gracefully.
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", a.Config.Addr, err)
	}
	return a.ServeListener(ctx, ln)
}

// writeMargin is what the server's write timeout allows beyond one attempt:
// the reading, bookkeeping and writing around the provider call.
const writeMargin = 30 * time.Second

// ServeListener serves on ln, metrics on their own address when one is
// configured, and runs the recoverer, until ctx ends. Then the recoverer
// stops first (a settlement it abandons is taken up by the next sweep of
// any process), and the server stops taking requests and waits for those
// in flight, each within its attempt bound, up to the configured drain,
// before the caller closes the database.
func (a *App) ServeListener(ctx context.Context, ln net.Listener) error {
	if a.Config.MetricsAddr != "" {
		stop, err := a.serveMetrics()
		if err != nil {
			return err
		}
		defer stop()
	}
	hs := &http.Server{
		Handler:           a.Server,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		// Always longer than an attempt, so that a slow provider ends in
		// an answer (504 at worst), never in a closed connection.
		WriteTimeout:   a.Config.AttemptTimeout + writeMargin,
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
	}
	recCtx, stopRecoverer := context.WithCancel(context.WithoutCancel(ctx))
	recDone := make(chan struct{})
	go func() {
		defer close(recDone)
		if a.Recoverer != nil {
			a.Recoverer.Run(recCtx)
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	a.Log.Info("paygate listening", "addr", ln.Addr().String(), "public_url", a.Config.PublicURL,
		"attempt_timeout", a.Config.AttemptTimeout.String())
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
	}
	stopRecoverer()
	<-recDone
	if serveErr != nil {
		return serveErr
	}
	drain := a.Config.Drain()
	a.Log.Info("paygate shutting down", "drain", drain.String())
	shut, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: requests still running after %s: %w", drain, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.Log.Info("paygate stopped")
	return nil
}
