package metadata

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"paygate/formats"
)

// The shape of ServiceStack's MetadataTypes (/types/metadata), which its
// tooling reads to generate DTOs in other languages.
type (
	metadataTypes struct {
		Config     metadataConfig      `json:"config"`
		Namespaces []string            `json:"namespaces"`
		Types      []metadataType      `json:"types"`
		Operations []metadataOperation `json:"operations"`
	}
	metadataConfig struct {
		BaseURL string `json:"baseUrl"`
	}
	metadataOperation struct {
		Request       metadataType    `json:"request"`
		Response      *metadataType   `json:"response,omitempty"`
		Actions       []string        `json:"actions"`
		ReturnsVoid   bool            `json:"returnsVoid,omitempty"`
		Routes        []metadataRoute `json:"routes,omitempty"`
		RequiresAuth  bool            `json:"requiresAuth,omitempty"`
		RequiredRoles []string        `json:"requiresAnyRole,omitempty"`
		Scopes        []string        `json:"requiredScopes,omitempty"`
		Tags          []string        `json:"tags,omitempty"`
		Summary       string          `json:"summary,omitempty"`
		Notes         string          `json:"notes,omitempty"`
	}
	metadataRoute struct {
		Path    string `json:"path"`
		Verbs   string `json:"verbs,omitempty"`
		Summary string `json:"summary,omitempty"`
		Notes   string `json:"notes,omitempty"`
	}
	metadataType struct {
		Name        string             `json:"name"`
		Namespace   string             `json:"namespace"`
		GenericArgs []string           `json:"genericArgs,omitempty"`
		Inherits    *metadataTypeName  `json:"inherits,omitempty"`
		Implements  []metadataTypeName `json:"implements,omitempty"`
		IsEnum      bool               `json:"isEnum,omitempty"`
		EnumNames   []string           `json:"enumNames,omitempty"`
		Properties  []metadataProperty `json:"properties,omitempty"`
	}
	metadataTypeName struct {
		Name string `json:"name"`
	}
	metadataProperty struct {
		Name        string   `json:"name"`
		Type        string   `json:"type"`
		Namespace   string   `json:"namespace,omitempty"`
		GenericArgs []string `json:"genericArgs,omitempty"`
		IsValueType bool     `json:"isValueType,omitempty"`
		IsEnum      bool     `json:"isEnum,omitempty"`
		IsRequired  bool     `json:"isRequired,omitempty"`
		Description string   `json:"description,omitempty"`
		ParamType   string   `json:"paramType,omitempty"`
		DataMember  *struct {
			Order int `json:"order"`
		} `json:"dataMember,omitempty"`
	}
)

// metadataJSON serves /types/metadata.json.
func (h *handler) metadataJSON(c echo.Context) error {
	m := h.model()
	g := &genConfig{m: m, camel: h.opts.CamelCase}
	out := metadataTypes{Config: metadataConfig{BaseURL: h.baseURL(c.Request())}, Types: []metadataType{}, Operations: []metadataOperation{}}
	nsSeen := map[string]bool{}
	opTypes := map[*typeInfo]bool{}
	for _, o := range m.ops {
		mo := metadataOperation{
			Request:      g.metaType(o.req, o),
			Actions:      []string{o.verb},
			RequiresAuth: o.requiresAuth(),
			Tags:         o.op.Tags,
			Summary:      o.op.Summary,
			Notes:        o.op.Notes,
		}
		mo.RequiredRoles = o.op.Auth.AnyRole
		mo.Scopes = o.op.Auth.Scopes
		opTypes[o.req] = true
		if o.resp != nil {
			r := g.metaType(o.resp, nil)
			mo.Response = &r
			opTypes[o.resp] = true
		} else {
			mo.ReturnsVoid = true
		}
		for _, rt := range o.op.Routes {
			mo.Routes = append(mo.Routes, metadataRoute{Path: rt.Path, Verbs: strings.Join(routeVerbs(rt), ","), Summary: rt.Summary, Notes: rt.Notes})
		}
		out.Operations = append(out.Operations, mo)
	}
	for _, t := range m.types {
		if !nsSeen[t.clrNamespace()] {
			nsSeen[t.clrNamespace()] = true
			out.Namespaces = append(out.Namespaces, t.clrNamespace())
		}
		if !opTypes[t] {
			out.Types = append(out.Types, g.metaType(t, nil))
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/json; charset=utf-8", b)
}

func (g *genConfig) metaType(t *typeInfo, o *opInfo) metadataType {
	mt := metadataType{Name: t.name, Namespace: t.clrNamespace()}
	if pl := t.plan; pl != nil && pl.GenericBase != "" {
		// .NET reflection's spelling: QueryResponse`1 of its arguments.
		mt.Name = pl.GenericBase + "`" + strconv.Itoa(len(pl.GenericArgs))
		for _, a := range pl.GenericArgs {
			name, _, _ := clrType(a)
			mt.GenericArgs = append(mt.GenericArgs, name)
		}
	}
	if t.inherits != nil {
		mt.Inherits = &metadataTypeName{Name: t.inherits.name}
	}
	for _, it := range t.implements {
		mt.Implements = append(mt.Implements, metadataTypeName{Name: it.Name})
	}
	if t.enum != nil {
		mt.IsEnum, mt.EnumNames = true, t.enum
		return mt
	}
	for _, m := range t.own {
		p := metadataProperty{
			Name:        g.wireName(m),
			IsValueType: valueType(m.typ),
			IsEnum:      m.typ.Kind == formats.KindEnum,
			IsRequired:  m.required(),
			Description: m.desc,
		}
		p.Type, p.Namespace, p.GenericArgs = clrType(m.typ)
		if o != nil {
			p.ParamType = o.paramType(t, m)
		}
		if m.field.Order > 0 {
			p.DataMember = &struct {
				Order int `json:"order"`
			}{m.field.Order}
		}
		mt.Properties = append(mt.Properties, p)
	}
	return mt
}

// clrType names a member's type the way .NET reflection does, which is how
// MetadataTypes spells it: Nullable`1 of Guid, Int32, String, T[].
func clrType(ti *formats.TypeInfo) (name, ns string, args []string) {
	if ti.Go.Kind() == reflect.Pointer && valueType(ti) {
		inner, _, _ := clrType(derefInfo(ti))
		return "Nullable`1", "System", []string{inner}
	}
	switch ti.Kind {
	case formats.KindList:
		e, _, _ := clrType(ti.Elem)
		return e + "[]", "System", nil
	case formats.KindMap:
		e, _, _ := clrType(ti.Elem)
		return "Dictionary`2", "System.Collections.Generic", []string{"String", e}
	case formats.KindStruct, formats.KindEnum:
		return csType(derefInfo(ti)), "", nil
	}
	switch cs := csType(ti); cs {
	case "string":
		return "String", "System", nil
	case "bool":
		return "Boolean", "System", nil
	case "int":
		return "Int32", "System", nil
	case "long":
		return "Int64", "System", nil
	case "short":
		return "Int16", "System", nil
	case "sbyte":
		return "SByte", "System", nil
	case "byte":
		return "Byte", "System", nil
	case "ushort":
		return "UInt16", "System", nil
	case "uint":
		return "UInt32", "System", nil
	case "ulong":
		return "UInt64", "System", nil
	case "double":
		return "Double", "System", nil
	case "float":
		return "Single", "System", nil
	case "byte[]":
		return "Byte[]", "System", nil
	case "object":
		return "Object", "System", nil
	default:
		return cs, "System", nil // Guid, DateTime
	}
}

// derefInfo is ti without its pointer: same kind, not nullable.
func derefInfo(ti *formats.TypeInfo) *formats.TypeInfo {
	c := *ti
	c.Go = derefType(ti.Go)
	return &c
}

// typesIndex serves /types: where each kind of native types is.
func (h *handler) typesIndex(c echo.Context) error {
	b := h.baseURL(c.Request()) + "/types"
	links := map[string]string{
		"Metadata":   b + "/metadata.json",
		"CSharp":     b + "/csharp",
		"TypeScript": b + "/typescript",
		"Python":     b + "/python",
	}
	out, err := json.Marshal(links)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/json; charset=utf-8", out)
}
