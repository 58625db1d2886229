package auth

import (
	"net/http"
	"net/url"
	"strings"
)

// changesState reports whether verb may change state; the safe verbs of
// RFC 9110 do not.
func changesState(verb string) bool {
	switch verb {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return false
	}
	return true
}

// sameSite reports whether r was sent by a page of this server or of an
// allowed origin, going by Origin, else Referer. Without either nothing
// vouches for it, so it is not.
func (a *RequestAuthenticator) sameSite(r *http.Request) bool {
	o := requestOrigin(r)
	if o == "" {
		return false
	}
	if a.origins[o] {
		return true
	}
	// The server's own origin as this request reached it.
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return o == scheme+"://"+strings.ToLower(r.Host)
}

// requestOrigin is the origin of the page that sent r: Origin, else the
// origin of Referer; empty when neither names one ("null" names none).
func requestOrigin(r *http.Request) string {
	if o := r.Header.Get("Origin"); o != "" {
		return originOf(o)
	}
	return originOf(r.Header.Get("Referer"))
}

// originOf is the scheme://host[:port] of an absolute http(s) URL,
// lower-cased; empty for anything else.
func originOf(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}
