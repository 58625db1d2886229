package server

import (
	"net/http"
	"net/url"
	"strings"

	"paygate/formats"
)

// MethodOverride is the header, form field and query parameter through
// which a client that can only send GET and POST asks for another verb
// (the .NET clients' EmulateHttpViaPost, Backbone's emulateHTTP).
const MethodOverride = "X-Http-Method-Override"

// verbInEffect is the verb a request is served as. As ServiceStack's
// GetHttpMethodOverride does, only a POST is overridden, from the header,
// else a form field, else the query string, and the values GET and POST are
// ignored. A GET is never turned into a verb that changes state, so a link
// or an image cannot do what only a form or a script may. form is read only
// when the header says nothing.
func verbInEffect(r *http.Request, query url.Values, form func() url.Values) string {
	if r.Method != http.MethodPost {
		return r.Method
	}
	v := r.Header.Get(MethodOverride)
	if v == "" {
		v = lookupFold(form(), MethodOverride)
	}
	if v == "" {
		v = lookupFold(query, MethodOverride)
	}
	v = strings.ToUpper(strings.TrimSpace(v))
	if v == "" || v == http.MethodGet || v == http.MethodPost || !isToken(v) {
		return r.Method
	}
	return v
}

// lookupFold is the first value of key, its name compared without case,
// as ASP.NET's collections compare names.
func lookupFold(vals url.Values, key string) string {
	if v := vals.Get(key); v != "" {
		return v
	}
	for k, vs := range vals {
		if len(vs) > 0 && strings.EqualFold(k, key) {
			return vs[0]
		}
	}
	return ""
}

// isToken reports whether v can be an HTTP method (RFC 9110 token).
func isToken(v string) bool {
	if len(v) > 32 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// overrideNeedsBody reports whether finding r's verb may take its form body.
func overrideNeedsBody(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get(MethodOverride) == "" &&
		formats.IsFormBody(r.Header.Get("Content-Type"))
}
