package app

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus/collectors"

	"paygate/internal/outbound"
	"paygate/metrics"
	"paygate/store"
)

// newMetrics is the app's registry, with the database pool in it and the
// operations that feed the checkout and notification counters named.
func newMetrics(db *store.DB) *metrics.Metrics {
	m := metrics.New(map[string]metrics.Kind{
		"StripeV1CreateCheckout":           metrics.CheckoutCreate,
		"PaysonV2CreateCheckout":           metrics.CheckoutCreate,
		"BillRunGetRequest":                metrics.CheckoutCreate,
		"CreateCheckout":                   metrics.CheckoutCreate,
		"StripeCheckoutIpnCallBackRequest": metrics.NotificationReceiver,
		"StripePaymentsWebhook":            metrics.NotificationReceiver,
		"PaysonCheckout2IPNCallBack":       metrics.NotificationReceiver,
	})
	m.Registry().MustRegister(collectors.NewDBStatsCollector(db.Pool(), "paygate"), metrics.Attempts(db.CountAttempts))
	return m
}

// stripeHTTPClient is stripe-go's own default client (80 s, HTTP/1.1 only,
// since Go's HTTP/2 can lose a body on GOAWAY, golang/go#32441) over a
// transport that keeps a connection per concurrent call, with every request
// counted.
func stripeHTTPClient(m *metrics.Metrics) *http.Client {
	t := outbound.Transport()
	t.Protocols = new(http.Protocols)
	t.Protocols.SetHTTP1(true)
	return &http.Client{Timeout: 80 * time.Second, Transport: m.Transport("stripe", t)}
}

// serveMetrics serves /metrics on the metrics address, a private one, and
// the runtime profiles there when they are asked for, until stop is called.
// A profile takes its seconds to answer, hence no write timeout of its own
// below a minute.
func (a *App) serveMetrics() (stop func(), err error) {
	ln, err := net.Listen("tcp", a.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", a.Config.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	if a.Config.Pprof {
		mux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 90 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	a.Log.Info("metrics listening", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}, nil
}

// paysonHTTPClient calls Payson over a transport that keeps a connection per
// concurrent call, with every request counted; the attempt bound limits each
// call through its context.
func paysonHTTPClient(m *metrics.Metrics) *http.Client {
	return &http.Client{Transport: m.Transport("payson", outbound.Transport())}
}
