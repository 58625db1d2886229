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
	"time"

	"github.com/labstack/echo/v4"

	"paygate/auth"
	"paygate/auth/authsvc"
	"paygate/config"
	"paygate/formats"
	"paygate/health"
	"paygate/metadata"
	"paygate/metrics"
	"paygate/providers/billrun"
	"paygate/providers/paymentlog"
	"paygate/providers/payments"
	"paygate/providers/paysonv2"
	"paygate/providers/stripe"
	"paygate/providers/stripev1"
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
	stripeDeps := stripev1.Deps{DB: db, Stripe: sc, PublicURL: cfg.PublicURL, BasePath: cfg.BasePath, Log: log}
	stripev1.Register(reg, stripeDeps)
	billrun.Register(reg, billrun.Deps{DB: db, Stripe: sc, SharedSecret: cfg.BillRunSharedSecret,
		PublicURL: cfg.PublicURL, BasePath: cfg.BasePath, ReturnURL: cfg.BillRunReturnURL,
		SignatureMaxAge: cfg.BillRunSignatureMaxAge, Log: log})
	payments.Register(reg, payments.Deps{
		DB:            db,
		Stripe:        sc,
		WebhookSecret: cfg.StripeWebhookSecret,
		BasePath:      cfg.BasePath,
		Log:           log,
	})
	paysonDeps := paysonv2.Deps{DB: db, APIBase: cfg.PaysonAPIBase, TestAPIBase: cfg.PaysonTestAPIBase,
		PublicURL: cfg.PublicURL, BasePath: cfg.BasePath, TermsURL: cfg.PaysonTermsURL, Logger: log,
		HTTPClient: &http.Client{Timeout: 30 * time.Second, Transport: m.Transport("payson", nil)}}
	paysonv2.Register(reg, paysonDeps)
	refunds := paymentlog.Register(reg, paymentlog.Deps{DB: db, Log: log, Refunders: map[string]paymentlog.Refunder{
		store.ProviderStripe: stripev1.NewRefunder(stripeDeps),
		store.ProviderPayson: paysonv2.NewRefunder(paysonDeps),
	}})
	codecs := formats.NewCodecs(&formats.Plans{})
	srv := server.New(server.Config{
		BasePath:       cfg.BasePath,
		DefaultFormat:  formats.ParseFormat(cfg.DefaultFormat),
		CamelCase:      cfg.JSONCase == "camel",
		MaxBodyBytes:   cfg.MaxBodyBytes,
		Debug:          cfg.Debug,
		CORSOrigins:    config.List(cfg.CORSOrigins),
		TrustedProxies: cfg.TrustedProxyRanges,
		Logger:         log,
		Authenticator:  authn,
		Authorize:      authsvc.Authorize,
		Observe:        m.Observe,
	}, reg, codecs)
	srv.Echo().GET("/readyz", echo.WrapHandler(health.Readiness{DB: db, Log: log}))
	if cfg.MetricsAddr == "" {
		srv.Echo().GET("/metrics", echo.WrapHandler(m.Handler()))
	}
	metadata.Mount(srv, metadata.Options{ServiceName: "paygate", Version: "1.0"})
	widget.Mount(srv)
	return &App{Config: cfg, DB: db, Server: srv, Stripe: sc, Metrics: m, Log: log, Refunds: refunds}, nil
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

// ServeListener serves on ln, and metrics on their own address when one is
// configured, until ctx ends.
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
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	a.Log.Info("paygate listening", "addr", ln.Addr().String(), "public_url", a.Config.PublicURL)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
