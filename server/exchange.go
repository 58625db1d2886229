package server

import (
	"net/http"
	"net/url"

	"paygate/formats"
)

// Exchange is the HTTP side of one operation call, as the pipeline and an
// Op.Bind see it. Handlers never do: what they use of it is filled into
// their request's `from` members, and what they answer besides the body
// goes in their response's dto.Reply.
type Exchange struct {
	Request *http.Request
	Query   url.Values
	Body    []byte // the raw request body, already size-limited
	Op      *Operation
	Vars    map[string]string // path variables of a custom route
	Choice  formats.Choice    // the negotiated response format

	writer   http.ResponseWriter
	bodyRead bool       // Body was read before dispatch, for the verb
	form     url.Values // the parsed form body, once parsed
	formErr  error
	formDone bool
	obs      *Observation // nil unless the server is observed
}

// Response returns the writer of the exchange's request.
func (x *Exchange) Response() http.ResponseWriter { return x.writer }

// Form returns the fields of an urlencoded or multipart body, nil when the
// body is not a form: for an Op.Bind that reads form fields its own way.
func (x *Exchange) Form() (url.Values, error) { return parseForm(x) }

// formForVerb is the form body as the method override reads it: a body
// that does not parse says nothing (binding reports it later).
func (x *Exchange) formForVerb() url.Values {
	f, _ := parseForm(x)
	return f
}
