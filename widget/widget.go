// Package widget serves the booking widget: a script any web page can
// include to let a customer start a Stripe checkout, and a demo page that
// uses it (/widget/?company=GUID).
//
// The script calls paygate with JSONP, through the predefined
// /json/reply/StripeV1CreateCheckout route that answers every verb: a
// <script> element can only GET, and it needs no CORS configuration, so the
// widget works from any site, in the oldest browsers too.
package widget

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"paygate/server"
)

//go:embed static
var static embed.FS

// pageCSP lets the demo page run the widget script and nothing else; the
// JSONP answer is a script from the same origin.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Pages serve the widget under basePath (the server's):
//
//	/widget/            the demo page
//	/widget/widget.js   the script to include
//	/widget/widget.css  its default look
func Pages(basePath string) []server.Page {
	root, err := fs.Sub(static, "static")
	if err != nil {
		panic("widget: " + err.Error()) // the embedded tree is fixed at build time
	}
	base := server.CleanBasePath(basePath)
	files := http.StripPrefix(base+"/widget/", http.FileServerFS(root))
	return []server.Page{
		{Path: base + "/widget", Handler: func(c echo.Context) error {
			return c.Redirect(http.StatusMovedPermanently, base+"/widget/")
		}},
		{Path: base + "/widget/*", Handler: func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("X-Content-Type-Options", "nosniff")
			if p := c.Request().URL.Path; strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html") {
				h.Set("Content-Security-Policy", pageCSP)
			}
			files.ServeHTTP(c.Response(), c.Request())
			return nil
		}},
	}
}
