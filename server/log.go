package server

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"regexp"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// requestIDs hands out request ids: a random prefix per server and a
// counter. They need to be unique in the logs, not secret, so one random
// draw per server is enough.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return &requestIDs{prefix: hex.EncodeToString(b[:]) + "-"}
}

func (g *requestIDs) next() string {
	return g.prefix + strconv.FormatUint(g.n.Add(1), 10)
}

// A caller-supplied X-Request-Id is kept only when it is short and plain, so
// it cannot forge log lines.
var safeRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestLog tags each request with an id and writes one structured line
// per request. The query string is not logged: callers put keys in it.
func (s *Server) requestLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		id := r.Header.Get("X-Request-Id")
		if !safeRequestID.MatchString(id) {
			id = s.ids.next()
		}
		c.Response().Header()["X-Request-Id"] = []string{id}
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		attrs := []slog.Attr{
			slog.String("request_id", id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("client", s.clientAddr(r)),
			slog.Int("status", c.Response().Status),
			slog.Int64("bytes", c.Response().Size),
			slog.Duration("duration", time.Since(start)),
		}
		if verb := c.Request().Method; verb != r.Method {
			attrs = append(attrs, slog.String("verb", verb)) // after X-Http-Method-Override
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
		return nil
	}
}
