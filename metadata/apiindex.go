package metadata

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"paygate/formats"
)

// apiDescription is one entry of the /api index, ServiceStack's
// ApiDescription (ServiceStack.Client/MetadataTypes.cs).
type apiDescription struct {
	Name        string            `order:"1"`
	Returns     string            `order:"2"`
	Description string            `order:"3"`
	Notes       string            `order:"4"`
	Links       map[string]string `order:"5"`
}

// apiIndex serves GET /api as ServiceStack's PredefinedRoutesFeature
// .DefaultApiIndex does, which ApiHandlers.Json answers for the bare /api
// path on classic hosts too: a JSON object from tag to the operations
// carrying it, operations by name, untagged ones under "other", or "apis"
// once any tag but auth and admin is in use. They are the operations
// /metadata lists. The "ui" link is the operation's metadata page, as
// paygate has no API explorer at /ui.
func (h *handler) apiIndex(c echo.Context) error {
	m := h.model()
	ops := slices.Clone(m.ops)
	slices.SortStableFunc(ops, func(a, b *opInfo) int { return compareNames(a.op.Name, b.op.Name) })
	base := h.baseURL(c.Request())
	var tags []string
	byTag := map[string][]apiDescription{}
	for _, o := range ops {
		d := apiDescription{Name: o.op.Name, Description: o.op.Summary, Notes: o.op.Notes, Links: map[string]string{
			"api": base + "/api/" + o.op.Name,
			"ui":  base + "/json/metadata?" + url.Values{"op": {o.op.Name}}.Encode(),
		}}
		if o.resp != nil {
			d.Returns = o.resp.name
		}
		opTags := o.op.Tags
		if len(opTags) == 0 {
			opTags = []string{"other"}
		}
		for _, t := range opTags {
			if _, ok := byTag[t]; !ok {
				tags = append(tags, t)
			}
			byTag[t] = append(byTag[t], d)
		}
	}
	// .NET's Dictionary puts "apis", added after "other" is removed, in
	// the slot "other" had.
	if slices.ContainsFunc(tags, func(t string) bool { return t != "auth" && t != "admin" && t != "other" }) {
		if i := slices.Index(tags, "other"); i >= 0 {
			tags[i] = "apis"
			byTag["apis"] = byTag["other"]
		}
	}
	var buf bytes.Buffer
	codecs, o := h.codecs, h.codecOptions()
	buf.WriteByte('{')
	for i, t := range tags {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := codecs.Marshal(&buf, formats.JSON, t, o); err != nil {
			return err
		}
		buf.WriteByte(':')
		if err := codecs.Marshal(&buf, formats.JSON, byTag[t], o); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return c.Blob(http.StatusOK, formats.JSON.ContentType(), buf.Bytes())
}

// compareNames orders operation names as .NET's default string comparer
// does for identifiers: letters alike whatever their case, then lower case
// before upper.
func compareNames(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return -strings.Compare(a, b)
}
