package server

import (
	"context"
	"net/http"
	"net/url"

	"paygate/auth"
	"paygate/formats"
)

// Exchange is the HTTP side of one operation call, for the handlers that
// need more than their DTO: raw bodies for signatures, headers such as
// Idempotency-Key, and response headers or a redirect.
type Exchange struct {
	Request   *http.Request
	Query     url.Values
	Body      []byte // the raw request body, already size-limited
	Op        *Operation
	Vars      map[string]string // path variables of a custom route
	Choice    formats.Choice    // the negotiated response format
	Principal *auth.Principal

	header   http.Header
	redirect string
	writer   http.ResponseWriter
	bodyRead bool       // Body was read before dispatch, for the verb
	form     url.Values // the parsed form body, once parsed
	formErr  error
	formDone bool
	obs      *Observation // nil unless the server is observed
}

type exchangeKey struct{}

// ExchangeFrom returns the exchange of the operation call ctx belongs to.
func ExchangeFrom(ctx context.Context) *Exchange {
	x, _ := ctx.Value(exchangeKey{}).(*Exchange)
	return x
}

// Response returns the writer of the exchange's request.
func (x *Exchange) Response() http.ResponseWriter { return x.writer }

// Header is added to the response.
func (x *Exchange) Header() http.Header {
	if x.header == nil {
		x.header = http.Header{}
	}
	return x.header
}

// Redirect answers with 302 Found to url instead of a body.
func (x *Exchange) Redirect(url string) { x.redirect = url }

// Form returns the fields of an urlencoded or multipart body, nil when the
// body is not a form: for an Op.Bind that reads form fields its own way.
func (x *Exchange) Form() (url.Values, error) { return parseForm(x) }

// formForVerb is the form body as the method override reads it: a body
// that does not parse says nothing (binding reports it later).
func (x *Exchange) formForVerb() url.Values {
	f, _ := parseForm(x)
	return f
}
