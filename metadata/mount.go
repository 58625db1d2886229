package metadata

import (
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"paygate/formats"
	"paygate/server"
)

// Options adjust the generated documents; the zero value is usable.
type Options struct {
	// ServiceName heads the pages and names the OpenAPI document.
	ServiceName string
	// Version is the API version in the OpenAPI document.
	Version string
	// Interfaces are the marker interfaces DTOs implement;
	// DefaultInterfaces() when nil.
	Interfaces []Interface
	// Now stamps the native types headers; time.Now when nil.
	Now func() time.Time
}

// nativeTypesVersion is the ServiceStack version whose native types layout
// the generators follow; "Add ServiceStack Reference" tooling reads it from
// the header.
const nativeTypesVersion = "8.0"

// handler serves every metadata document of one server.
type handler struct {
	srv   *server.Server
	opts  Options
	pages *template.Template
	model func() *model
}

// Mount adds the metadata pages, native types and OpenAPI document to srv,
// under its base path:
//
//	/metadata                          the operations, with links per format
//	/{json|xml|jsv|csv}/metadata?op=X  one operation, in that format
//	/types                             links to the native types
//	/types/{csharp|typescript|python}  generated DTOs
//	/types/metadata.json               the service's types as JSON
//	/openapi.json                      OpenAPI 3.1
//	/api                               ServiceStack's JSON index of the operations
//
// The documents describe the operations registered when the first of them
// is requested, so call Mount once the registry is complete or later.
func Mount(srv *server.Server, opts Options) {
	if opts.ServiceName == "" {
		opts.ServiceName = "paygate"
	}
	if opts.Version == "" {
		opts.Version = "1.0"
	}
	if opts.Interfaces == nil {
		opts.Interfaces = DefaultInterfaces()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	h := &handler{srv: srv, opts: opts, pages: parsePages()}
	h.model = sync.OnceValue(func() *model {
		return buildModel(srv.Registry(), srv.Codecs().Plans(), opts.Interfaces)
	})
	e, base := srv.Echo(), srv.Config().BasePath
	get := func(path string, fn echo.HandlerFunc) {
		e.Match([]string{http.MethodGet, http.MethodHead}, base+path, fn)
	}
	get("/metadata", h.index)
	for _, f := range []formats.Format{formats.JSON, formats.XML, formats.JSV, formats.CSV} {
		get("/"+f.String()+"/metadata", h.operationPage(f))
	}
	get("/types", h.typesIndex)
	get("/types/metadata.json", h.metadataJSON)
	get("/types/:lang", h.nativeTypes)
	get("/openapi.json", h.openAPI)
	get("/api", h.apiIndex)
	get("/api/", h.apiIndex)
}

// base is the server's mount prefix, which every link carries.
func (h *handler) base() string { return h.srv.Config().BasePath }

// baseURL is the absolute URL of the service as the caller reached it.
func (h *handler) baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host + h.base()
}

// codecOptions are the writer settings the operations use, so samples and
// generated names follow the configured JSON case.
func (h *handler) codecOptions() formats.Options {
	return formats.Options{CamelCase: h.srv.Config().CamelCase}
}

// writeText sends a generated document.
func writeText(c echo.Context, contentType, body string) error {
	hd := c.Response().Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, contentType, []byte(body))
}
