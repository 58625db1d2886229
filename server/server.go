// Package server hosts operations the way ServiceStack does: it routes custom
// and predefined paths to typed handlers, negotiates formats, binds and
// validates requests, authenticates callers and renders errors in each
// operation's dialect. It knows nothing about payment providers.
package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"paygate/apierr"
	"paygate/auth"
	"paygate/formats"
)

// Config holds the server's settings.
type Config struct {
	BasePath      string         // mount prefix, e.g. "/api"; empty for none
	DefaultFormat formats.Format // for Accept: */*; JSON when Unknown
	CamelCase     bool           // camelCase JSON/JSV names instead of PascalCase
	MaxBodyBytes  int64          // request body limit; 1 MiB when zero
	Debug         bool           // stack traces in error bodies
	CORSOrigins   []string
	// TrustedProxies are the proxies whose X-Forwarded-For names the
	// client; the peer address is the client when it is none of them.
	TrustedProxies []netip.Prefix
	Logger         *slog.Logger
	Authenticator  auth.Authenticator
	// Authorize runs after a request is bound and its caller known, before
	// validation: company scoping lives here.
	Authorize func(ctx context.Context, op *Operation, req any) error
	// Observe, when set, is told of every request routed to the
	// operations once it is answered (metrics).
	Observe func(Observation)
	// Pages are the routes beside the operations: documents, files and
	// probes, each answered by its own handler outside the pipeline.
	Pages []Page
}

// Page is a route beside the operations. Its path is absolute (a page under
// the base path names it) and may hold echo's :param and * segments.
type Page struct {
	Methods []string // GET and HEAD when empty
	Path    string
	Handler echo.HandlerFunc
}

// DefaultMaxBodyBytes is the request body limit when none is configured.
const DefaultMaxBodyBytes = 1 << 20

// Server is an http.Handler serving a Registry.
type Server struct {
	cfg    Config
	reg    *Registry
	codecs *formats.Codecs
	neg    formats.Negotiation
	val    *Validator
	log    *slog.Logger
	echo   *echo.Echo
	bufs   sync.Pool
	ids    *requestIDs
}

// CleanBasePath returns a mount prefix as the server uses it: "" for none,
// else "/prefix" without a trailing slash.
func CleanBasePath(p string) string {
	if p = strings.Trim(p, "/"); p == "" {
		return ""
	}
	return "/" + p
}

// RouteURL is the absolute URL of route path on a server mounted at
// basePath and reached at publicURL, for the callbacks third parties make.
func RouteURL(publicURL, basePath, path string) string {
	return strings.TrimRight(publicURL, "/") + CleanBasePath(basePath) + path
}

// New builds a server for the operations in reg.
func New(cfg Config, reg *Registry, codecs *formats.Codecs) *Server {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.DefaultFormat == formats.Unknown {
		cfg.DefaultFormat = formats.JSON
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.BasePath = CleanBasePath(cfg.BasePath)
	s := &Server{
		cfg:    cfg,
		reg:    reg,
		codecs: codecs,
		neg:    formats.Negotiation{Default: cfg.DefaultFormat},
		val:    NewValidator(),
		log:    cfg.Logger,
		bufs:   sync.Pool{New: func() any { return new(bytes.Buffer) }},
		ids:    newRequestIDs(),
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.echoError
	e.Use(s.requestLog)
	e.Use(s.recoverPanics)
	if len(cfg.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins:     cfg.CORSOrigins,
			AllowCredentials: true,
			AllowHeaders:     []string{"Content-Type", "Authorization", "Idempotency-Key"},
			ExposeHeaders:    []string{"X-AutoBatch-Completed", "Location", "Idempotent-Replayed"},
			MaxAge:           600,
		}))
	}
	for _, pg := range cfg.Pages {
		methods := pg.Methods
		if len(methods) == 0 {
			methods = []string{http.MethodGet, http.MethodHead}
		}
		e.Match(methods, pg.Path, pg.Handler)
	}
	e.Any(cfg.BasePath+"/*", s.handle)
	if cfg.BasePath != "" {
		e.Any(cfg.BasePath, s.handle)
	}
	s.echo = e
	return s
}

// Registry returns the operations the server serves.
func (s *Server) Registry() *Registry { return s.reg }

// Codecs returns the codecs the server encodes with.
func (s *Server) Codecs() *formats.Codecs { return s.codecs }

// Config returns the server's settings.
func (s *Server) Config() Config { return s.cfg }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// echoError renders router-level failures (no route, method not allowed on
// a mounted page) as a ServiceStack ErrorResponse.
func (s *Server) echoError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg := http.StatusInternalServerError, "An internal error occurred."
	if he, ok := err.(*echo.HTTPError); ok {
		status = he.Code
		if m, ok := he.Message.(string); ok {
			msg = m
		}
	}
	r := c.Request()
	q := r.URL.Query()
	if status == http.StatusNotFound {
		msg = "Handler for Request not found: " + r.Method + " " + r.URL.Path
	}
	s.writeError(c.Response(), r, s.neg.Decide(r, q, r.URL.Path, formats.Unknown, formats.Unknown),
		s.writeOptions(q.Get("jsconfig")), nil, apierr.New(status, codeFor(status), msg), true)
}
