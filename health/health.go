// Package health answers GET /readyz, whether this process can do its work
// now: the database answers and has exactly the schema this binary was
// built for. Load balancers and orchestrators route by it; /healthz (the
// server's own) only says the process is alive.
package health

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"paygate/store"
)

// Database is what readiness asks of the store.
type Database interface {
	Ping(ctx context.Context) error
	Schema(ctx context.Context) (store.Schema, error)
}

// Timeout bounds a probe's questions to the database, so a database that
// hangs makes the probe fail rather than pile up.
const Timeout = 2 * time.Second

// Readiness is the /readyz handler.
type Readiness struct {
	DB     Database
	Logger *slog.Logger
}

type answer struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

func (h Readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), Timeout)
	defer cancel()
	status, body := http.StatusOK, answer{Status: "ready"}
	if reason := h.unready(ctx); reason != "" {
		status, body = http.StatusServiceUnavailable, answer{Status: "unavailable", Reason: reason}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// unready says why the process cannot serve, or "" when it can. The
// database's own error goes to the log only: the probe is answered on the
// public address.
func (h Readiness) unready(ctx context.Context) string {
	if err := h.DB.Ping(ctx); err != nil {
		h.Logger.Warn("not ready", "reason", "database unreachable", "err", err)
		return "database unreachable"
	}
	s, err := h.DB.Schema(ctx)
	if err != nil {
		h.Logger.Warn("not ready", "reason", "database schema unreadable", "err", err)
		return "database schema unreadable"
	}
	switch {
	case len(s.Unknown) > 0:
		return "database schema is newer than this binary (migrations " + versions(s.Unknown) + ")"
	case len(s.Pending) > 0:
		return "migrations pending (" + versions(s.Pending) + "; run paygate migrate)"
	}
	return ""
}

func versions(vs []int64) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%05d", v)
	}
	return strings.Join(out, ", ")
}
