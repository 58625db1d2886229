package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"paygate/apierr"
	"paygate/dto"
	"paygate/formats"
)

// writeResult renders a handler's result: a redirect, 204 for no result
// (200 to HEAD and OPTIONS), or the DTO in the negotiated format.
func (s *Server) writeResult(w http.ResponseWriter, r *http.Request, x *Exchange, opts formats.Options, resp any) {
	if to := applyReply(w, x, replyOf(x.Op, resp)); to != "" {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	if resp == nil {
		varyOn(w.Header())
		if r.Method == http.MethodHead || r.Method == http.MethodOptions {
			// ServiceStack keeps 200 for these verbs.
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(http.StatusOK)
			return
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.write(w, r, x.Choice, opts, x.Op, x.Op.Success.Status, resp)
}

// applyReply adds rep's headers to w and its outcome to x's observation,
// and returns the redirect rep asks for.
func applyReply(w http.ResponseWriter, x *Exchange, rep *dto.Reply) (redirect string) {
	if rep == nil {
		return ""
	}
	for k, vs := range rep.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if rep.Outcome != "" && x.obs != nil {
		x.obs.Outcome = rep.Outcome
	}
	return rep.Redirect
}

// writeError renders err in op's dialect (ServiceStack when op is nil);
// an error that is not an *apierr.Error is an internal one.
// JSONP callers get pre-service errors with status 200, as ServiceStack
// does, because a failed <script> load hides the body from the page.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, c formats.Choice, opts formats.Options, op *Operation, err error, preService bool) {
	e := apierr.From(err)
	var d Dialect = ServiceStack{}
	if op != nil {
		d = op.Dialect
	}
	if e.Status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "op", opName(op), "code", e.Code, "error", e.Error())
	}
	var ra retryAfter
	if errors.As(e, &ra) {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(ra.RetryAfter().Seconds()))))
	}
	if !s.cfg.Debug {
		stripped := *e
		stripped.Stack = ""
		e = &stripped
	} else if e.Stack == "" && e.Err != nil {
		dbg := *e
		dbg.Stack = fmt.Sprintf("%+v", e.Err)
		e = &dbg
	}
	status, body := d.Render(e, op, preService)
	if c.Callback != "" && preService {
		status = http.StatusOK
	}
	s.write(w, r, c, opts, op, status, body)
}

// retryAfter is implemented by the cause of an error (a 429 or 503) that
// knows when the caller may try again; it becomes a Retry-After header.
type retryAfter interface{ RetryAfter() time.Duration }

func opName(op *Operation) string {
	if op == nil {
		return ""
	}
	return op.Name
}

// Constant header values, shared because net/http never modifies them.
var (
	varyAccept = []string{"Accept"}
	nosniff    = []string{"nosniff"}
)

// varyOn adds Accept to the Vary header, keeping what is there: the CORS
// middleware's Origin above all, without which a shared cache could serve
// one origin's Access-Control-Allow-Origin to another.
func varyOn(h http.Header) {
	vary := h["Vary"]
	if len(vary) == 0 {
		h["Vary"] = varyAccept
		return
	}
	for _, v := range vary {
		for _, name := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(name), "Accept") {
				return
			}
		}
	}
	h["Vary"] = append(vary[:len(vary):len(vary)], "Accept")
}

// write encodes body and sends it with status.
func (s *Server) write(w http.ResponseWriter, r *http.Request, c formats.Choice, opts formats.Options, op *Operation, status int, body any) {
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.bufs.Put(buf)
	if c.Callback != "" {
		buf.WriteString(c.Callback)
		buf.WriteByte('(')
	}
	start := buf.Len()
	if err := s.codecs.Marshal(buf, c.Format, body, opts); err != nil {
		s.log.ErrorContext(r.Context(), "encode response", "op", opName(op), "format", c.Format.String(), "error", err)
		w.Header().Set("Content-Type", formats.JSON.ContentType())
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"ResponseStatus":{"ErrorCode":"SerializationException","Message":"The response could not be encoded.","Errors":[]}}`)
		return
	}
	if c.Callback != "" {
		if c.Format == formats.JSON {
			formats.EscapeJSLineTerminators(buf, start)
		}
		buf.WriteByte(')')
	}
	h := w.Header()
	h["Content-Type"] = []string{c.ContentType()}
	varyOn(h)
	h["X-Content-Type-Options"] = nosniff
	if c.Format == formats.CSV && c.Callback == "" {
		name := "Response"
		if op != nil {
			name = op.Name
		}
		h.Set("Content-Disposition", `attachment;filename="`+name+`.csv"`)
	}
	h["Content-Length"] = []string{strconv.Itoa(buf.Len())}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}
