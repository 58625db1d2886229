package metadata

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"paygate/formats"
)

type indexData struct {
	pageHead
	Groups  []opGroup
	Clients []link
}

type opGroup struct {
	Tag string
	Ops []indexRow
}

type indexRow struct {
	Name, Summary string
	Links         []link
}

type link struct{ Label, URL string }

// index serves /metadata: every operation, grouped by its first tag, with a
// link to its page in each format.
func (h *handler) index(c echo.Context) error {
	m := h.model()
	d := indexData{pageHead: pageHead{Title: h.opts.ServiceName + " metadata", Service: h.opts.ServiceName, Base: h.base()}}
	groups := map[string]int{}
	for _, o := range m.ops {
		tag := ""
		if len(o.op.Tags) > 0 {
			tag = o.op.Tags[0]
		}
		i, ok := groups[tag]
		if !ok {
			i = len(d.Groups)
			groups[tag] = i
			d.Groups = append(d.Groups, opGroup{Tag: tag})
		}
		row := indexRow{Name: o.op.Name, Summary: opSummary(o)}
		for _, f := range []formats.Format{formats.XML, formats.JSON, formats.JSV, formats.CSV} {
			row.Links = append(row.Links, link{
				Label: strings.ToUpper(f.String()),
				URL:   h.base() + "/" + f.String() + "/metadata?" + url.Values{"op": {o.op.Name}}.Encode(),
			})
		}
		d.Groups[i].Ops = append(d.Groups[i].Ops, row)
	}
	b := h.base()
	d.Clients = []link{
		{"C# DTOs", b + "/types/csharp"},
		{"TypeScript DTOs", b + "/types/typescript"},
		{"Python DTOs", b + "/types/python"},
		{"Metadata types (JSON)", b + "/types/metadata.json"},
		{"Native types index", b + "/types"},
		{"OpenAPI 3.1", b + "/openapi.json"},
	}
	return h.render(c, http.StatusOK, "index.html", d)
}

// opSummary is the one line the index shows for an operation.
func opSummary(o *opInfo) string {
	if o.op.Summary != "" {
		return o.op.Summary
	}
	for _, r := range o.op.Routes {
		if r.Summary != "" {
			return r.Summary
		}
	}
	return ""
}
