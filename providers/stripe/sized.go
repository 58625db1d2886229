package stripe

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// sizedBodies sends each request body with its length.
//
// stripe-go puts the form on a request it made without a body, so net/http
// knows neither the body's length nor that it is in memory: it writes the
// headers to the connection first and the body after them, chunked, and
// the provider reads every call in pieces and reassembles its body. The
// form is a few hundred bytes, so reading it first costs less.
type sizedBodies struct{ next http.RoundTripper }

func (t sizedBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength != 0 {
		return t.next.RoundTrip(req)
	}
	var buf bytes.Buffer
	_, err := buf.ReadFrom(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("stripe: read the request body: %w", err)
	}
	// A RoundTripper must leave the caller's request as it was.
	sized := *req
	sized.ContentLength = int64(buf.Len())
	sized.Body = http.NoBody
	if buf.Len() > 0 {
		sized.Body = io.NopCloser(&buf)
	}
	return t.next.RoundTrip(&sized)
}
