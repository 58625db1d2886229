package server

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/labstack/echo/v4"

	"paygate/apierr"
	"paygate/formats"
)

// rescue is what the panic recovery needs to answer in the dialect of the
// operation a request reached; the pipeline fills it in as it learns it.
type rescue struct {
	choice formats.Choice
	opts   formats.Options
	op     *Operation // nil before dispatch
}

const rescueKey = "paygate.rescue"

// errPanicked stands for a panic in the observer's record.
var errPanicked = errors.New("server: handler panicked")

// recoverPanics is the server's one panic recovery, for the operations and
// the pages alike: the panic is logged with its stack and answered 500 in
// the operation's dialect (ServiceStack's elsewhere), never as a dropped
// connection. The stack reaches the body only in debug mode.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p) // net/http's own way to abort a response
			}
			r, w := c.Request(), c.Response()
			rs, _ := c.Get(rescueKey).(*rescue)
			if rs == nil {
				q := r.URL.Query()
				rs = &rescue{choice: s.neg.Decide(r, q, r.URL.Path, formats.Unknown, formats.Unknown), opts: s.writeOptions(q.Get("jsconfig"))}
			}
			stack := string(debug.Stack())
			s.log.ErrorContext(r.Context(), "panic", "op", opName(rs.op), "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", stack)
			if w.Committed {
				return // the answer is on its way; nothing sound can follow it
			}
			e := apierr.From(fmt.Errorf("panic in %s: %v", opName(rs.op), p))
			e.Stack = stack
			s.writeError(w, r, rs.choice, rs.opts, rs.op, e, false)
		}()
		return next(c)
	}
}
