package metadata

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"github.com/labstack/echo/v4"

	"paygate/formats"
)

type operationData struct {
	pageHead
	Name, Summary, Notes string
	Auth                 bool
	Roles, Scopes        string
	Routes               []routeRow
	Langs                []langTab
	Code                 string
	LangLabel            string
	TypesURL             string
	Tables               []paramTable
	Enums                []enumList
	Format, FormatUpper  string
	JSONP                bool
	RequestSample        string
	ResponseSample       string
	SampleError          string
}

type routeRow struct{ Verbs, Path, Summary, Notes string }

type langTab struct {
	Label, URL string
	Active     bool
}

type paramTable struct {
	Name string
	Rows []paramRow
}

type paramRow struct {
	Name, Param, Type, Required string
	Desc                        template.HTML
}

type enumList struct {
	Name  string
	Names []string
}

// language is a native types generator an operation page can show.
type language struct{ key, label string }

// languages lists them in tab order.
func languages() []language {
	return []language{{"csharp", "C#"}, {"typescript", "TypeScript"}, {"python", "Python"}}
}

// operationPage serves /{fmt}/metadata?op=X: what a client of operation X
// needs to call it in format f.
func (h *handler) operationPage(f formats.Format) echo.HandlerFunc {
	return func(c echo.Context) error {
		name := c.QueryParam("op")
		if name == "" {
			return c.Redirect(http.StatusFound, h.base()+"/metadata")
		}
		m := h.model()
		o := m.byName[strings.ToLower(name)]
		if o == nil {
			return h.notFound(c, fmt.Sprintf("The operation '%s' does not exist for this service.", name))
		}
		return h.render(c, http.StatusOK, "operation.html", h.operationData(c.Request(), m, o, f, c.QueryParam("lang")))
	}
}

func (h *handler) operationData(r *http.Request, m *model, o *opInfo, f formats.Format, lang string) *operationData {
	op := o.op
	d := &operationData{
		pageHead:    pageHead{Title: op.Name + " | " + h.opts.ServiceName, Service: h.opts.ServiceName, Base: h.base()},
		Name:        op.Name,
		Summary:     op.Summary,
		Notes:       op.Notes,
		Auth:        o.requiresAuth(),
		Roles:       strings.Join(op.Auth.AnyRole, ", "),
		Scopes:      strings.Join(op.Auth.Scopes, ", "),
		Format:      f.String(),
		FormatUpper: strings.ToUpper(f.String()),
		JSONP:       f == formats.JSON,
	}
	for _, rt := range op.Routes {
		verbs := strings.Join(routeVerbs(rt), ",")
		if verbs == "" {
			verbs = "All Verbs"
		}
		d.Routes = append(d.Routes, routeRow{Verbs: verbs, Path: rt.Path, Summary: rt.Summary, Notes: rt.Notes})
	}
	pageURL := func(lang string) string {
		q := url.Values{"op": {op.Name}}
		if lang != "" {
			q.Set("lang", lang)
		}
		return h.base() + "/" + f.String() + "/metadata?" + q.Encode()
	}
	d.Langs = append(d.Langs, langTab{Label: "Parameters", URL: pageURL(""), Active: true})
	for _, l := range languages() {
		tab := langTab{Label: l.label, URL: pageURL(l.key)}
		if l.key == lang {
			tab.Active, d.Langs[0].Active = true, false
			d.LangLabel = l.label
			d.Code = h.generate(l.key, r, m, m.opTypes(o), false)
			d.TypesURL = h.base() + "/types/" + l.key + "?" + url.Values{"IncludeTypes": {op.Name + ".*"}}.Encode()
		}
		d.Langs = append(d.Langs, tab)
	}
	if d.Code == "" {
		d.Tables, d.Enums = paramTables(m, o)
	}
	h.samples(d, r, o, f)
	return d
}

// paramTables lists the request's members, the types they use, the
// response's members and the types those use; enums are listed by name.
func paramTables(m *model, o *opInfo) ([]paramTable, []enumList) {
	seen := map[*typeInfo]bool{o.req: true}
	order := []*typeInfo{o.req}
	order = append(order, m.nested(o.req, seen)...)
	if o.resp != nil && !seen[o.resp] {
		seen[o.resp] = true
		order = append(order, o.resp)
		order = append(order, m.nested(o.resp, seen)...)
	}
	var tables []paramTable
	var enums []enumList
	for _, t := range order {
		if t.enum != nil {
			enums = append(enums, enumList{Name: t.name, Names: t.enum})
			continue
		}
		tb := paramTable{Name: t.name}
		for _, mb := range t.members {
			req := "No"
			if requiredOnPage(t, mb) {
				req = "Yes"
			}
			tb.Rows = append(tb.Rows, paramRow{
				Name: mb.name, Param: o.paramType(t, mb), Type: csType(mb.typ), Required: req, Desc: descHTML(mb.desc),
			})
		}
		tables = append(tables, tb)
	}
	return tables, enums
}

// samples fills the sample request and response: placeholder DTOs encoded
// by the server's own codecs.
func (h *handler) samples(d *operationData, r *http.Request, o *opInfo, f formats.Format) {
	ct := sampleContentType(f)
	path := h.base() + "/" + f.String() + "/reply/" + o.op.Name
	if len(o.op.Routes) > 0 {
		path = h.base() + o.op.Routes[0].Path
	}
	opts := h.codecOptions()
	codecs := h.codecs
	// A format whose writer is not there yet gets a note, not a 500.
	unavailable := "Samples are not available in " + d.FormatUpper + "."
	reqBody, err := sampleBody(codecs, f, o.req.goType, opts)
	if err != nil {
		d.SampleError = unavailable
		return
	}
	d.RequestSample = fmt.Sprintf("%s %s HTTP/1.1 \nHost: %s \nAccept: %s\nContent-Type: %s\nContent-Length: length\n\n%s",
		o.verb, path, r.Host, ct, ct, reqBody)
	rt := o.op.ResponseType
	if rt == nil || derefType(rt).Kind() != reflect.Struct {
		d.ResponseSample = fmt.Sprintf("HTTP/1.1 %d %s\n", http.StatusNoContent, http.StatusText(http.StatusNoContent))
		return
	}
	respBody, err := sampleBody(codecs, f, derefType(rt), opts)
	if err != nil {
		d.SampleError = unavailable
		return
	}
	d.ResponseSample = fmt.Sprintf("HTTP/1.1 %d %s\nContent-Type: %s\nContent-Length: length\n\n%s",
		o.success.code, http.StatusText(o.success.code), ct, respBody)
}

// sampleContentType is the media type the samples name, without the
// charset parameter the service adds to JSON.
func sampleContentType(f formats.Format) string {
	ct, _, _ := strings.Cut(f.ContentType(), ";")
	return ct
}
