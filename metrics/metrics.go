// Package metrics exposes what paygate does in the Prometheus text format:
// requests by operation, provider calls, notifications, checkouts,
// idempotent replays, the database pool, the Go runtime and the process.
// Every label value is a name from the code (an operation, a route kind, a
// format, a status, an error code, a provider call with its ids taken
// out), so the exposition tells volumes, never who paid or with what key.
package metrics

import (
	"net/http"
	"runtime/debug"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"paygate/server"
)

// Kind says which domain counter an operation feeds besides the request
// counters.
type Kind int

const (
	// CheckoutCreate operations create checkouts: created, superseded by a
	// newer one while being created, or refused for an entity already paid.
	CheckoutCreate Kind = iota + 1
	// NotificationReceiver operations take a provider's webhook or
	// notification: applied, duplicate, ignored or rejected (and why).
	NotificationReceiver
)

// durationBuckets reach past the provider attempt bound, so a slow
// provider shows in the histogram instead of piling into +Inf.
var durationBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120}

// Metrics is one server's registry and its instruments. Each server has
// its own: nothing is registered in the client library's global registry.
type Metrics struct {
	reg              *prometheus.Registry
	kinds            map[string]Kind
	requests         *prometheus.CounterVec
	requestDuration  *prometheus.HistogramVec
	providerCalls    *prometheus.CounterVec
	providerDuration *prometheus.HistogramVec
	notifications    *prometheus.CounterVec
	checkouts        *prometheus.CounterVec
	replays          *prometheus.CounterVec
}

// New returns metrics with the Go runtime, process and build collectors
// registered. kinds names the operations that feed a domain counter.
func New(kinds map[string]Kind) *Metrics {
	m := &Metrics{
		reg:   prometheus.NewRegistry(),
		kinds: kinds,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "paygate_http_requests_total",
			Help: "Requests routed to the operations, by operation, route kind (custom or predefined), response format and status code.",
		}, []string{"operation", "route", "format", "code"}),
		requestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "paygate_http_request_duration_seconds",
			Help:    "Time from routing a request to an operation to its answer being written, by operation.",
			Buckets: durationBuckets,
		}, []string{"operation"}),
		providerCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "paygate_provider_calls_total",
			Help: "HTTP requests to payment providers, by provider, call (method and path, ids replaced by {id}) and outcome (ok, refused, failed, unreachable, canceled).",
		}, []string{"provider", "call", "outcome"}),
		providerDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "paygate_provider_call_duration_seconds",
			Help:    "Duration of HTTP requests to payment providers, by provider and call.",
			Buckets: durationBuckets,
		}, []string{"provider", "call"}),
		notifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "paygate_notifications_total",
			Help: "Provider webhooks and notifications received, by operation, outcome (applied, duplicate, ignored, rejected) and, when rejected, the error code.",
		}, []string{"operation", "outcome", "reason"}),
		checkouts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "paygate_checkouts_total",
			Help: "Checkout creations, by operation and outcome (created, superseded, refused).",
		}, []string{"operation", "outcome"}),
		replays: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "paygate_idempotent_replays_total",
			Help: "Requests answered with the stored response of an earlier request with the same Idempotency-Key, by operation.",
		}, []string{"operation"}),
	}
	m.reg.MustRegister(m.requests, m.requestDuration, m.providerCalls, m.providerDuration,
		m.notifications, m.checkouts, m.replays,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		buildInfo())
	return m
}

// Registry is where further collectors go (the database pool, gauges of
// other components).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the exposition.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, ErrorHandling: promhttp.ContinueOnError})
}

// Observe counts one answered request; it is the server's Config.Observe.
func (m *Metrics) Observe(o server.Observation) {
	op, route := o.Operation, "custom"
	switch {
	case op == "":
		op, route = "none", "none"
	case o.Predefined:
		route = "predefined"
	}
	format := o.Format.String()
	if o.JSONP {
		format = "jsonp"
	}
	m.requests.WithLabelValues(op, route, format, strconv.Itoa(o.Status)).Inc()
	m.requestDuration.WithLabelValues(op).Observe(o.Duration.Seconds())
	if o.Outcome == server.OutcomeReplayed {
		m.replays.WithLabelValues(op).Inc()
	}
	switch m.kinds[o.Operation] {
	case CheckoutCreate:
		// BillRun answers its failures with 200: the error code, not the
		// status, tells success.
		switch {
		case o.Outcome == server.OutcomeReplayed:
		case o.Code == "":
			m.checkouts.WithLabelValues(op, "created").Inc()
		case o.Code == "CheckoutSuperseded":
			m.checkouts.WithLabelValues(op, "superseded").Inc()
		case o.Code == "AlreadyPaid":
			m.checkouts.WithLabelValues(op, "refused").Inc()
		}
	case NotificationReceiver:
		switch {
		case o.Code != "":
			m.notifications.WithLabelValues(op, "rejected", o.Code).Inc()
		case o.Outcome == server.OutcomeDuplicate, o.Outcome == server.OutcomeIgnored:
			m.notifications.WithLabelValues(op, o.Outcome, "").Inc()
		default:
			m.notifications.WithLabelValues(op, "applied", "").Inc()
		}
	}
}

// buildInfo is paygate_build_info: 1, labelled with what was built.
func buildInfo() prometheus.Collector {
	version, revision, goVersion := "unknown", "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = s.Value
			}
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "paygate_build_info",
		Help:        "Always 1; the labels say which paygate build is running.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": goVersion},
	})
	g.Set(1)
	return g
}
