package dto

import "net/http"

// Reply is what an answer tells the transport besides its body: response
// headers, a redirect instead of the body, and an outcome for the server's
// observer. A response DTO carries one as a member tagged `json:"-"`, so no
// wire format ever sees it and a handler stays a plain function of its
// request, callable without a server.
type Reply struct {
	Header http.Header
	// Redirect, when set, answers 302 Found to it instead of the body.
	Redirect string
	// Outcome says what the operation did where its answer does not (a
	// duplicate delivery acknowledged like a new one, a replayed response):
	// one of the server's fixed words, never a request value.
	Outcome string
}

// SetHeader sets response header key to value.
func (r *Reply) SetHeader(key, value string) {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set(key, value)
}
