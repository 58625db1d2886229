package metadata

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed templates/*.html
var templateFiles embed.FS

// parsePages parses the page templates; they are part of the binary, so a
// failure is a build defect and panics at start-up, never per request.
func parsePages() *template.Template {
	return template.Must(template.ParseFS(templateFiles, "templates/*.html"))
}

// pageHead is what every page's header needs.
type pageHead struct {
	Title   string
	Service string
	Base    string
}

// render executes a page template into a buffer first, so a template error
// becomes a clean 500 instead of half a page.
func (h *handler) render(c echo.Context, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := h.pages.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	// The pages are self-contained: inline styles, no scripts, no frames;
	// the empty data: icon spares browsers a request for /favicon.ico.
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	return c.HTMLBlob(status, buf.Bytes())
}

// notFound answers an unknown operation with a page that leads back.
func (h *handler) notFound(c echo.Context, msg string) error {
	return h.render(c, http.StatusNotFound, "notfound.html", struct {
		pageHead
		Message string
	}{pageHead{Title: "Not found", Service: h.opts.ServiceName, Base: h.base()}, msg})
}

// descHTML renders an ApiMember description. Descriptions are C# doc text,
// where <c>x</c> marks code; that one tag becomes <code>, everything else is
// escaped.
func descHTML(s string) template.HTML {
	e := template.HTMLEscapeString(s)
	e = strings.ReplaceAll(e, "&lt;c&gt;", "<code>")
	e = strings.ReplaceAll(e, "&lt;/c&gt;", "</code>")
	return template.HTML(e)
}
