package formats

import (
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// Format is a wire format.
type Format int

const (
	Unknown Format = iota
	JSON
	XML
	JSV
	CSV
)

var formatNames = [...]string{"", "json", "xml", "jsv", "csv"}

func (f Format) String() string { return formatNames[f] }

// ContentType is the Content-Type header value a response in f carries.
func (f Format) ContentType() string {
	switch f {
	case JSON:
		return "application/json; charset=utf-8"
	case XML:
		return "application/xml"
	case JSV:
		return "application/jsv"
	case CSV:
		return "text/csv"
	}
	return ""
}

// JSONPContentType is the type of a JSONP (callback-wrapped) response.
const JSONPContentType = "text/javascript"

// ParseFormat maps a format name ("json", "XML", "json.foo") to a Format.
func ParseFormat(name string) Format {
	name, _, _ = strings.Cut(strings.ToLower(name), ".")
	for i, n := range formatNames {
		if i > 0 && n == name {
			return Format(i)
		}
	}
	return Unknown
}

// FromMediaType maps a media type to the format that reads or writes it.
// Aliases (text/json, text/xml, text/jsv) are understood for request bodies.
func FromMediaType(mt string) Format {
	mt, _, _ = strings.Cut(mt, ";")
	switch strings.ToLower(strings.TrimSpace(mt)) {
	case "application/json", "text/json":
		return JSON
	case "application/xml", "text/xml":
		return XML
	case "application/jsv", "text/jsv":
		return JSV
	case "text/csv":
		return CSV
	}
	return Unknown
}

// SplitExt removes a format extension (".json", ".xml", ".jsv", ".csv") from
// the last path segment and reports which format it selected.
func SplitExt(path string) (string, Format) {
	dot := strings.LastIndexByte(path, '.')
	if dot < 0 || strings.IndexByte(path[dot:], '/') >= 0 {
		return path, Unknown
	}
	f := ParseFormat(path[dot+1:])
	if f == Unknown || strings.Contains(path[dot+1:], ".") {
		return path, Unknown
	}
	return path[:dot], f
}

// Choice is the outcome of negotiation.
type Choice struct {
	Format   Format
	Callback string // non-empty: wrap the body in Callback(...)
}

// ContentType is the response Content-Type for the choice.
func (c Choice) ContentType() string {
	if c.Callback != "" && c.Format == JSON {
		return JSONPContentType
	}
	return c.Format.ContentType()
}

// Negotiation settles the response format. The rules and their order are
// ServiceStack's: route extension > ?callback > ?format > a /json|xml|jsv|csv/
// first path segment > Accept > request Content-Type > default.
type Negotiation struct {
	Default Format // used for */* and when nothing matches; JSON unless configured
}

// preferred is the server's preference order for Accept matching, after the
// default format; the first match in this order wins, not the client's.
var preferred = [...]struct {
	prefix string
	f      Format
}{{"application/json", JSON}, {"application/xml", XML}, {"application/jsv", JSV}}

// Decide picks the response format of r, whose parsed query is q. ext is the format of a route
// extension already stripped from the path; handler is the fixed format of a
// predefined route (/json/reply/..., /api/...), which ignores Accept.
func (n Negotiation) Decide(r *http.Request, q url.Values, path string, ext, handler Format) Choice {
	cb := SanitizeCallback(q.Get("callback"))
	if ext != Unknown {
		return Choice{Format: ext, Callback: cb}
	}
	if cb != "" {
		return Choice{Format: JSON, Callback: cb}
	}
	if f := ParseFormat(q.Get("format")); f != Unknown {
		return Choice{Format: f}
	}
	if f := firstSegmentFormat(path); f != Unknown {
		return Choice{Format: f}
	}
	if handler != Unknown {
		return Choice{Format: handler}
	}
	return Choice{Format: n.fromAccept(r)}
}

func firstSegmentFormat(path string) Format {
	seg := strings.TrimPrefix(path, "/")
	seg, _, _ = strings.Cut(seg, "/")
	if len(seg) < 3 || len(seg) > 4 {
		return Unknown
	}
	return ParseFormat(seg)
}

func (n Negotiation) fromAccept(r *http.Request) Format {
	def := n.Default
	if def == Unknown {
		def = JSON
	}
	reqCT := FromMediaType(r.Header.Get("Content-Type"))
	var matched [len(formatNames)]bool
	any, seen := false, false
	for _, line := range r.Header.Values("Accept") {
		for _, a := range strings.Split(line, ",") {
			t, _, _ := strings.Cut(a, ";")
			t = strings.ToLower(strings.TrimSpace(t))
			if t == "" {
				continue
			}
			seen = true
			if t == "*/*" {
				any = true
				continue
			}
			for _, p := range preferred {
				if strings.HasPrefix(t, p.prefix) {
					if p.f == reqCT {
						return p.f // the caller's own body type wins
					}
					matched[p.f] = true
				}
			}
			if strings.HasPrefix(t, "text/csv") {
				matched[CSV] = true
			}
		}
	}
	// The default leads the server's order (ServiceStack inserts
	// DefaultContentType first in PreferredContentTypes).
	if matched[def] {
		return def
	}
	for _, p := range preferred {
		if matched[p.f] {
			return p.f
		}
	}
	if matched[CSV] {
		return CSV
	}
	if (any || !seen) && reqCT != Unknown && reqCT != CSV {
		return reqCT
	}
	return def
}

// MaxCallbackLen bounds a JSONP callback name; longer names are cut.
const MaxCallbackLen = 128

// SanitizeCallback makes a JSONP callback safe to echo: every character
// outside [A-Za-z0-9._] becomes '_' (ServiceStack's SafeVarRef), and the
// name is length-limited.
func SanitizeCallback(cb string) string {
	if len(cb) > MaxCallbackLen {
		cb = cb[:MaxCallbackLen]
	}
	b := []byte(cb)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

// IsFormBody reports whether a request body is a form rather than a DTO.
func IsFormBody(contentType string) bool {
	if !strings.Contains(contentType, ";") {
		// No parameters to check: spare every request the parse.
		mt := strings.TrimSpace(contentType)
		return strings.EqualFold(mt, "application/x-www-form-urlencoded") || strings.EqualFold(mt, "multipart/form-data")
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data"
}
