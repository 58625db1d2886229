package server

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"paygate/apierr"
	"paygate/auth"
	"paygate/formats"
)

// handle runs one request through the pipeline: dispatch, negotiate, read,
// authenticate, bind, authorize, validate, invoke, render.
func (s *Server) handle(c echo.Context) error {
	// A request runs to its end even when the client goes away meanwhile:
	// a create cut short by the client's cancellation would answer an
	// internal error for what is the client's doing, and could stop
	// between its steps. Handlers bound their own provider calls.
	r := c.Request().WithContext(context.WithoutCancel(c.Request().Context()))
	c.SetRequest(r)
	w := c.Response()
	path := r.URL.Path
	if s.cfg.BasePath != "" {
		path = path[len(s.cfg.BasePath):]
	}
	query := r.URL.Query()
	// A form may carry the verb, so its body is read before dispatch.
	x := &Exchange{Request: r, Query: query, writer: w}
	var bodyErr error
	if overrideNeedsBody(r) {
		x.Body, bodyErr = readBody(w, r, s.cfg.MaxBodyBytes)
		x.bodyRead = true
	}
	if verb := verbInEffect(r, query, x.formForVerb); verb != r.Method {
		r = r.WithContext(r.Context())
		r.Method = verb
		x.Request = r
		c.SetRequest(r)
	}
	t, found := s.reg.dispatch(r.Method, path)
	choice := s.neg.Decide(r, query, path, t.ext, t.handlerFmt)
	opts := s.writeOptions(query.Get("jsconfig"))
	rs := &rescue{choice: choice, opts: opts}
	c.Set(rescueKey, rs)
	var obs *Observation
	if s.cfg.Observe != nil {
		obs = &Observation{Operation: opName(t.op), Predefined: t.predefined, Format: choice.Format, JSONP: choice.Callback != ""}
		start := time.Now()
		defer func() {
			obs.Status, obs.Duration = w.Status, time.Since(start)
			if !w.Committed {
				// A panic unwinds through here before recoverPanics
				// answers it with a 500.
				obs.Status = http.StatusInternalServerError
				obs.failed(errPanicked)
			}
			s.cfg.Observe(*obs)
		}()
	}
	fail := func(op *Operation, err error) error {
		obs.failed(err)
		s.writeError(w, r, choice, opts, op, err, true)
		return nil
	}
	switch {
	case !found:
		return fail(nil, apierr.NotFound("Handler for Request not found: "+r.Method+" "+r.URL.Path))
	case t.unknownOp != "":
		return fail(nil, apierr.New(http.StatusMethodNotAllowed, "NotImplementedException",
			fmt.Sprintf("The operation '%s' does not exist for this service", t.unknownOp)))
	}
	op := t.op
	rs.op = op
	if !x.bodyRead {
		x.Body, bodyErr = readBody(w, r, s.cfg.MaxBodyBytes)
	}
	if bodyErr != nil {
		return fail(op, bodyErr)
	}
	x.Op, x.Vars, x.Choice, x.obs = op, t.vars, choice, obs
	ctx := r.Context()

	p, err := s.authenticate(r, op, auth.Facts{JSONP: choice.Callback != "", Client: s.clientAddr(r)})
	if err != nil {
		if apierr.From(err).Status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", Challenge)
		}
		return fail(op, err)
	}
	if p != nil {
		ctx = auth.WithPrincipal(ctx, p)
	}

	if t.batch {
		if op.bind != nil {
			// The op's own binder reads one request from the raw body; a
			// batch would bypass it and its stricter rules.
			return fail(op, apierr.New(http.StatusMethodNotAllowed, "NotImplementedException",
				fmt.Sprintf("The operation '%s' does not accept batch requests", op.Name)))
		}
		return s.runBatch(ctx, x, t, opts)
	}
	req := op.NewRequest()
	if err := s.bind(x, t, req); err != nil {
		return fail(op, err)
	}
	resp, err := s.run(ctx, x, req)
	if err != nil {
		obs.failed(err)
		s.writeError(w, r, choice, opts, op, err, false)
		return nil
	}
	s.writeResult(w, r, x, opts, resp)
	return nil
}

// Challenge is the WWW-Authenticate value of a 401.
const Challenge = `Bearer realm="paygate"`

// run fills the transport members of one bound request, then authorizes,
// validates and invokes it.
func (s *Server) run(ctx context.Context, x *Exchange, req any) (any, error) {
	op := x.Op
	fill(x, op.inputs, req)
	if at := s.codecs.Plans().InvalidUTF8(req); at != "" {
		return nil, apierr.Invalid(at, "SerializationException", "'"+at+"' is not valid UTF-8 text.")
	}
	if s.cfg.Authorize != nil {
		if err := s.cfg.Authorize(ctx, op, req); err != nil {
			return nil, err
		}
	}
	if !op.bindValidates {
		if err := s.val.Validate(req); err != nil {
			return nil, err
		}
	}
	return op.invoke(ctx, req)
}

// authenticate finds the caller and enforces op's requirement. Anonymous
// operations still learn who a caller with valid credentials is (company
// defaults depend on it) but ignore invalid ones.
func (s *Server) authenticate(r *http.Request, op *Operation, f auth.Facts) (*auth.Principal, error) {
	need := op.Auth.RequiresCaller()
	var p *auth.Principal
	var err error
	if s.cfg.Authenticator != nil {
		f.Required = need
		p, err = s.cfg.Authenticator.Authenticate(r, f)
	}
	if !need {
		if err != nil {
			return nil, nil
		}
		return p, nil
	}
	if err != nil {
		var e *apierr.Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, apierr.Unauthorized("Not Authenticated")
	}
	if p == nil {
		return nil, apierr.Unauthorized("Not Authenticated")
	}
	if !p.HasAnyRole(op.Auth.AnyRole...) {
		return nil, apierr.New(http.StatusForbidden, "Forbidden", "Invalid Role")
	}
	for _, sc := range op.Auth.Scopes {
		if !p.HasScope(sc) {
			return nil, apierr.New(http.StatusForbidden, "Forbidden", "Insufficient scope: "+sc)
		}
	}
	return p, nil
}

// readBody reads the whole body within limit; a larger body is a 413.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(limit)
		}
		return nil, apierr.BadRequest("SerializationException", "Could not read the request body: "+err.Error())
	}
	return decodeContent(r.Header.Get("Content-Encoding"), b, limit)
}

// decodeContent undoes a gzip or deflate Content-Encoding, as clients that
// compress large requests expect. The limit holds for the decompressed body
// too, so a small bomb cannot become a large allocation.
func decodeContent(encoding string, b []byte, limit int64) ([]byte, error) {
	var zr io.ReadCloser
	var err error
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return b, nil
	case "gzip", "x-gzip":
		zr, err = gzip.NewReader(bytes.NewReader(b))
	case "deflate":
		// HTTP's deflate is zlib-wrapped; some clients send raw deflate.
		if zr, err = zlib.NewReader(bytes.NewReader(b)); err != nil {
			zr, err = flate.NewReader(bytes.NewReader(b)), nil
		}
	default:
		return nil, apierr.New(http.StatusUnsupportedMediaType, "UnsupportedMediaType",
			"Content-Encoding '"+encoding+"' is not supported; use gzip or deflate.")
	}
	if err != nil {
		return nil, apierr.BadRequest("SerializationException", "Could not decompress the request body: "+err.Error())
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, apierr.BadRequest("SerializationException", "Could not decompress the request body: "+err.Error())
	}
	if int64(len(out)) > limit {
		return nil, tooLarge(limit)
	}
	return out, nil
}

func tooLarge(limit int64) *apierr.Error {
	return apierr.New(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge",
		"The request body is larger than the limit of "+strconv.FormatInt(limit, 10)+" bytes.")
}

// runBatch executes Op[]: an array in, an array out, in order; the first
// failure replaces the whole response and says how many completed.
func (s *Server) runBatch(ctx context.Context, x *Exchange, t target, opts formats.Options) error {
	r, w, op := x.Request, x.Response(), x.Op
	list := reflect.New(reflect.SliceOf(op.RequestType))
	if err := s.decodeBody(x, t.handlerFmt, list.Interface()); err != nil {
		x.obs.failed(err)
		s.writeError(w, r, x.Choice, opts, op, err, true)
		return nil
	}
	reqs := list.Elem()
	out := reflect.MakeSlice(reflect.SliceOf(reflect.PointerTo(op.ResponseType)), 0, reqs.Len())
	for i := 0; i < reqs.Len(); i++ {
		resp, err := s.run(ctx, x, reqs.Index(i).Addr().Interface())
		if err != nil {
			e := apierr.From(err)
			meta := map[string]string{"AutoBatchIndex": strconv.Itoa(i)}
			for k, v := range e.Meta {
				meta[k] = v
			}
			batchErr := *e
			batchErr.Meta = meta
			w.Header().Set("X-AutoBatch-Completed", strconv.Itoa(i))
			x.obs.failed(&batchErr)
			s.writeError(w, r, x.Choice, opts, op, &batchErr, false)
			return nil
		}
		applyReply(w, x, replyOf(op, resp)) // a batch answers its array, never a redirect
		rv := reflect.ValueOf(resp)
		if resp == nil {
			rv = reflect.New(op.ResponseType)
		}
		out = reflect.Append(out, rv)
	}
	w.Header().Set("X-AutoBatch-Completed", strconv.Itoa(reqs.Len()))
	s.writeResult(w, r, x, opts, out.Interface())
	return nil
}

// codeFor names a status the way ServiceStack's error codes do.
func codeFor(status int) string {
	return strings.ReplaceAll(http.StatusText(status), " ", "")
}
