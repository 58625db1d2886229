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
	// BasePath and CamelCase are the server's (server.Config): every link
	// carries the base path, and samples follow the JSON case.
	BasePath  string
	CamelCase bool
}

// nativeTypesVersion is the ServiceStack version whose native types layout
// the generators follow; "Add ServiceStack Reference" tooling reads it from
// the header.
const nativeTypesVersion = "8.0"

// handler serves every metadata document of one server.
type handler struct {
	codecs *formats.Codecs
	opts   Options
	pages  *template.Template
	model  func() *model
}

// Pages are the metadata pages, native types and OpenAPI document of the
// operations in reg, written with codecs, under the base path:
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
// is requested, so the registry may still grow until the server starts.
func Pages(reg *server.Registry, codecs *formats.Codecs, opts Options) []server.Page {
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
	opts.BasePath = server.CleanBasePath(opts.BasePath)
	h := &handler{codecs: codecs, opts: opts, pages: parsePages()}
	h.model = sync.OnceValue(func() *model {
		return buildModel(reg, codecs.Plans(), opts.Interfaces)
	})
	var pages []server.Page
	get := func(path string, fn echo.HandlerFunc) {
		pages = append(pages, server.Page{Path: opts.BasePath + path, Handler: fn})
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
	return pages
}

// base is the server's mount prefix, which every link carries.
func (h *handler) base() string { return h.opts.BasePath }

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
	return formats.Options{CamelCase: h.opts.CamelCase}
}

// writeText sends a generated document.
func writeText(c echo.Context, contentType, body string) error {
	hd := c.Response().Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, contentType, []byte(body))
}
