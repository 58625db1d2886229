package metadata

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// genConfig is one generator run: which types, and the options a client
// passed (the "Add ServiceStack Reference" tooling re-sends the header's
// options as query parameters when it updates its DTOs).
type genConfig struct {
	m       *model
	types   []*typeInfo
	ifaces  []*ifaceInfo // interfaces to declare; none on operation pages
	header  bool
	query   url.Values
	baseURL string
	date    string
	camel   bool
	// returnMarker adds IReturn<T>, the verb marker and route annotations
	// to request DTOs. See defaultReturnMarker.
	returnMarker bool
	descComments bool
}

// defaultReturnMarker says, per language, whether request DTOs carry
// IReturn<T>, IPost and friends and their routes unless the client asks
// otherwise with AddReturnMarker. TypeScript and C# clients need them
// (createResponse, getMethod, reverse routing) and ServiceStack emits them
// by default. BokaMera's published Python DTOs declare neither
// (class StripeV1CreateCheckout(ICompany): with no route comment), and
// Python clients generated from them are what exists in the field, so
// Python leaves them out unless asked.
func defaultReturnMarker(lang string) bool { return lang != "python" }

// generate runs the generator of lang. header adds the options block and
// the interface declarations a stand-alone file needs.
func (h *handler) generate(lang string, r *http.Request, m *model, types []*typeInfo, header bool) string {
	q := r.URL.Query()
	g := &genConfig{
		m: m, types: types, header: header, query: q,
		baseURL:      h.baseURL(r),
		date:         h.opts.Now().UTC().Format("2006-01-02 15:04:05"),
		camel:        h.opts.CamelCase,
		returnMarker: boolOption(q, "AddReturnMarker", defaultReturnMarker(lang)),
		descComments: boolOption(q, "AddDescriptionAsComments", true),
	}
	if header {
		g.ifaces = usedInterfaces(types)
	}
	switch lang {
	case "python":
		return g.python()
	case "typescript":
		return g.typescript()
	case "csharp":
		return g.csharp()
	}
	return ""
}

// nativeTypes serves /types/{lang}.
func (h *handler) nativeTypes(c echo.Context) error {
	lang := c.Param("lang")
	switch lang {
	case "python", "typescript", "csharp":
	case "metadata":
		return h.metadataJSON(c)
	default:
		return h.notFound(c, fmt.Sprintf("There are no native types for '%s'. Try csharp, typescript, python or metadata.json.", lang))
	}
	m := h.model()
	q := c.QueryParams()
	types := filterTypes(m, m.types, q.Get("IncludeTypes"), q.Get("ExcludeTypes"))
	return writeText(c, "text/plain; charset=utf-8", h.generate(lang, c.Request(), m, types, true))
}

// filterTypes applies IncludeTypes and ExcludeTypes (comma-separated type
// names; "Name.*" also includes what Name uses and, for a request, its
// response).
func filterTypes(m *model, all []*typeInfo, include, exclude string) []*typeInfo {
	keep := map[*typeInfo]bool{}
	if include = strings.TrimSpace(include); include != "" {
		byName := map[string]*typeInfo{}
		for _, t := range all {
			byName[strings.ToLower(t.name)] = t
		}
		for _, n := range strings.Split(include, ",") {
			n = strings.ToLower(strings.TrimSpace(n))
			deep := strings.HasSuffix(n, ".*")
			t := byName[strings.TrimSuffix(n, ".*")]
			if t == nil {
				continue
			}
			keep[t] = true
			if !deep {
				continue
			}
			seeds := []*typeInfo{t}
			for _, o := range m.ops {
				if o.req == t && o.resp != nil {
					seeds = append(seeds, o.resp)
				}
			}
			for _, s := range seeds {
				for _, d := range m.ordered([]*typeInfo{s}) {
					keep[d] = true
				}
			}
		}
	} else {
		for _, t := range all {
			keep[t] = true
		}
	}
	for _, n := range strings.Split(exclude, ",") {
		for _, t := range all {
			if strings.EqualFold(t.name, strings.TrimSpace(n)) {
				delete(keep, t)
			}
		}
	}
	var out []*typeInfo
	for _, t := range all {
		if keep[t] {
			out = append(out, t)
		}
	}
	return out
}

// usedInterfaces lists the interfaces the types implement.
func usedInterfaces(types []*typeInfo) []*ifaceInfo {
	var out []*ifaceInfo
	seen := map[*ifaceInfo]bool{}
	for _, t := range types {
		for _, it := range t.implements {
			if !seen[it] {
				seen[it] = true
				out = append(out, it)
			}
		}
	}
	return out
}

func boolOption(q url.Values, name string, def bool) bool {
	switch strings.ToLower(q.Get(name)) {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	return def
}

// writeHeader writes the options block a stand-alone file starts with,
// in a comment opened by open and closed by close. Options the client set
// are written as they were set, the others commented out with marker at
// their defaults, so that the next update keeps what the client chose.
func (g *genConfig) writeHeader(b *strings.Builder, open, close, marker string, options [][2]string) {
	b.WriteString(open + " Options:\n")
	b.WriteString("Date: " + g.date + "\n")
	b.WriteString("Version: " + nativeTypesVersion + "\n")
	b.WriteString("Tip: To override a DTO option, remove \"" + marker + "\" prefix before updating\n")
	b.WriteString("BaseUrl: " + g.baseURL + "\n\n")
	for _, o := range options {
		name, def := o[0], o[1]
		if v, ok := g.query[name]; ok {
			// The value is the client's: it must not end the comment.
			safe := strings.NewReplacer("\r", " ", "\n", " ", close, "").Replace(strings.Join(v, ","))
			b.WriteString(name + ": " + safe + "\n")
		} else {
			b.WriteString(marker + name + ": " + def + "\n")
		}
	}
	b.WriteString(close + "\n\n")
}

// opOf returns the operation whose request t is, or nil.
func (g *genConfig) opOf(t *typeInfo) *opInfo {
	for _, o := range g.m.ops {
		if o.req == t {
			return o
		}
	}
	return nil
}

// markers returns what t declares besides its members. A request DTO, when
// return markers are on, has the Route attributes of its operation and
// implements IReturn of its response (ireturn is the language's spelling,
// a format with the response's name for %s) or IReturnVoid, and the
// marker of its verb. Every type implements its marker interfaces.
func (g *genConfig) markers(t *typeInfo, ireturn string) (routes, bases []string) {
	if o := g.opOf(t); o != nil && g.returnMarker {
		for _, r := range o.op.Routes {
			routes = append(routes, "Route("+routeAttr(r.Path, strings.Join(routeVerbs(r), ","))+")")
		}
		if o.resp != nil {
			name := o.resp.name
			if o.resp.plan != nil && strings.Contains(ireturn, "[%s]") {
				// Python spells a generic's arguments in brackets.
				name = structName(o.resp.plan, "[", "]", pyType)
			}
			bases = append(bases, fmt.Sprintf(ireturn, name))
		} else {
			bases = append(bases, "IReturnVoid")
		}
		if vm := verbMarker(o.verb); vm != "" {
			bases = append(bases, vm)
		}
	}
	for _, it := range t.implements {
		bases = append(bases, it.Name)
	}
	return routes, bases
}

// apart reports whether the i-th member of ms is set apart from the one
// before by a blank line, as ServiceStack's C# and TypeScript set apart
// members with comments.
func (g *genConfig) apart(ms []*member, i int) bool {
	commented := func(m *member) bool { return g.descComments && (m.desc != "" || apiMember(m) != "") }
	return i > 0 && (commented(ms[i]) || commented(ms[i-1]))
}

// wireName is a member's name as the service writes it.
func (g *genConfig) wireName(m *member) string {
	if g.camel {
		return m.field.CamelName
	}
	return m.name
}

// verbMarker is ServiceStack's marker interface for a verb, if it has one.
func verbMarker(verb string) string {
	switch verb {
	case "GET":
		return "IGet"
	case "POST":
		return "IPost"
	case "PUT":
		return "IPut"
	case "DELETE":
		return "IDelete"
	case "PATCH":
		return "IPatch"
	}
	return ""
}

// quoted escapes s for a C#-style string literal in an attribute.
func quoted(s string) string {
	s = strings.ReplaceAll(oneLineKeepSpaces(s), `\`, `\\`)
	return strings.ReplaceAll(s, `"`, `\"`)
}

// oneLineKeepSpaces replaces line breaks only, keeping the description's
// own spacing as the original attributes do.
func oneLineKeepSpaces(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// apiMember renders the ApiMember attribute arguments of a member, or "".
func apiMember(m *member) string {
	var args []string
	if m.desc != "" {
		args = append(args, `Description="`+quoted(m.desc)+`"`)
	}
	if m.required() {
		args = append(args, "IsRequired=true")
	}
	if m.paramType != "" {
		args = append(args, `ParameterType="`+m.paramType+`"`)
	}
	if len(args) == 0 {
		return ""
	}
	return "ApiMember(" + strings.Join(args, ", ") + ")"
}

// routeAttr renders a route as ServiceStack's Route attribute arguments.
func routeAttr(path, verbs string) string {
	if verbs == "" {
		return `"` + quoted(path) + `"`
	}
	return `"` + quoted(path) + `", "` + quoted(verbs) + `"`
}
