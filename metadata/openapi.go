package metadata

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"paygate/server"
)

type (
	openAPIDoc struct {
		OpenAPI    string               `json:"openapi"`
		Info       openAPIInfo          `json:"info"`
		Servers    []openAPIServer      `json:"servers"`
		Paths      map[string]*pathItem `json:"paths"`
		Components openAPIComponents    `json:"components"`
	}
	openAPIInfo struct {
		Title   string `json:"title"`
		Version string `json:"version"`
	}
	openAPIServer struct {
		URL string `json:"url"`
	}
	openAPIComponents struct {
		Schemas         map[string]*schema        `json:"schemas"`
		SecuritySchemes map[string]securityScheme `json:"securitySchemes,omitempty"`
	}
	securityScheme struct {
		Type   string `json:"type"`
		Scheme string `json:"scheme"`
	}
	// pathItem lists the operations of one path in the usual verb order.
	pathItem struct {
		Get    *apiOperation `json:"get,omitempty"`
		Put    *apiOperation `json:"put,omitempty"`
		Post   *apiOperation `json:"post,omitempty"`
		Delete *apiOperation `json:"delete,omitempty"`
		Patch  *apiOperation `json:"patch,omitempty"`
	}
	apiOperation struct {
		OperationID string                  `json:"operationId"`
		Summary     string                  `json:"summary,omitempty"`
		Description string                  `json:"description,omitempty"`
		Tags        []string                `json:"tags,omitempty"`
		Parameters  []apiParameter          `json:"parameters,omitempty"`
		RequestBody *apiRequestBody         `json:"requestBody,omitempty"`
		Responses   map[string]*apiResponse `json:"responses"`
		Security    []map[string][]string   `json:"security,omitempty"`
	}
	apiParameter struct {
		Name        string  `json:"name"`
		In          string  `json:"in"`
		Required    bool    `json:"required,omitempty"`
		Description string  `json:"description,omitempty"`
		Schema      *schema `json:"schema"`
	}
	apiRequestBody struct {
		Required bool                  `json:"required"`
		Content  map[string]apiContent `json:"content"`
	}
	apiResponse struct {
		Description string                `json:"description"`
		Content     map[string]apiContent `json:"content,omitempty"`
	}
	apiContent struct {
		Schema *schema `json:"schema"`
	}
)

// openAPI serves /openapi.json.
func (h *handler) openAPI(c echo.Context) error {
	doc := h.openAPIDocument(h.baseURL(c.Request()))
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/json; charset=utf-8", b)
}

// openAPIDocument describes every operation: one OpenAPI operation per
// route and verb. Schemas come from the DTOs (see schemaBuilder).
func (h *handler) openAPIDocument(serverURL string) *openAPIDoc {
	m := h.model()
	b := newSchemaBuilder(m)
	for _, o := range m.ops {
		for _, t := range m.ordered([]*typeInfo{o.req}) {
			b.inputs[t] = true
		}
		if _, ss := o.op.Dialect.(server.ServiceStack); ss {
			var outs []*typeInfo
			if o.resp != nil {
				outs = append(outs, o.resp)
			}
			if o.errBody != nil {
				outs = append(outs, o.errBody)
			}
			for _, t := range m.ordered(outs) {
				b.serviceStack[t] = true
			}
		}
	}
	doc := &openAPIDoc{
		OpenAPI:    "3.1.0",
		Info:       openAPIInfo{Title: h.opts.ServiceName, Version: h.opts.Version},
		Servers:    []openAPIServer{{URL: serverURL}},
		Paths:      map[string]*pathItem{},
		Components: openAPIComponents{SecuritySchemes: map[string]securityScheme{"bearer": {Type: "http", Scheme: "bearer"}}},
	}
	for _, o := range m.ops {
		type pv struct{ path, verb string }
		var pvs []pv
		for _, r := range o.op.Routes {
			verbs := routeVerbs(r)
			if len(verbs) == 0 {
				verbs = []string{"POST"}
			}
			for _, v := range verbs {
				pvs = append(pvs, pv{openAPIPath(r.Path), v})
			}
		}
		if len(pvs) == 0 {
			pvs = append(pvs, pv{"/api/" + o.op.Name, "POST"})
		}
		for i, x := range pvs {
			id := o.op.Name
			if i > 0 {
				id += "_" + strconv.Itoa(i+1)
			}
			item := doc.Paths[x.path]
			if item == nil {
				item = &pathItem{}
				doc.Paths[x.path] = item
			}
			item.set(x.verb, h.apiOperation(b, o, id, x.verb))
		}
	}
	doc.Components.Schemas = b.components
	return doc
}

func (p *pathItem) set(verb string, op *apiOperation) {
	switch verb {
	case "GET":
		p.Get = op
	case "PUT":
		p.Put = op
	case "DELETE":
		p.Delete = op
	case "PATCH":
		p.Patch = op
	default:
		p.Post = op
	}
}

// openAPIPath turns a route into an OpenAPI path: {Var*} becomes {Var}.
func openAPIPath(p string) string {
	return strings.ReplaceAll(p, "*}", "}")
}

func (h *handler) apiOperation(b *schemaBuilder, o *opInfo, id, verb string) *apiOperation {
	op := o.op
	ao := &apiOperation{OperationID: id, Summary: op.Summary, Description: op.Notes, Tags: op.Tags,
		Responses: map[string]*apiResponse{}}
	for _, r := range op.Routes {
		if ao.Summary == "" {
			ao.Summary = r.Summary
		}
		if ao.Description == "" {
			ao.Description = r.Notes
		}
	}
	bodyless := verb == "GET" || verb == "DELETE"
	for _, m := range o.req.members {
		pt := o.paramType(o.req, m)
		if pt != "path" && pt != "query" && pt != "header" && !bodyless {
			continue
		}
		in := pt
		if in != "path" && in != "header" {
			in = "query"
		}
		sc := b.member(m)
		sc.Description = "" // the parameter carries it
		ao.Parameters = append(ao.Parameters, apiParameter{Name: m.name, In: in,
			Required: in == "path" || m.required(), Description: m.desc, Schema: sc})
	}
	if !bodyless {
		ao.RequestBody = &apiRequestBody{Required: true, Content: jsonContent(b.ref(o.req.goType))}
	}
	ok := &apiResponse{Description: o.success.desc}
	if o.resp != nil {
		ok.Content = jsonContent(b.ref(o.resp.goType))
	}
	ao.Responses[strconv.Itoa(o.success.code)] = ok
	errResp := func(desc string) *apiResponse {
		r := &apiResponse{Description: desc}
		if o.errBody != nil {
			r.Content = jsonContent(b.ref(o.errBody.goType))
		}
		return r
	}
	ao.Responses["400"] = errResp("Validation error")
	if o.requiresAuth() {
		ao.Responses["401"] = errResp("Not authenticated")
		ao.Responses["403"] = errResp("Not allowed")
		scopes := append([]string{}, op.Auth.Scopes...)
		sort.Strings(scopes)
		ao.Security = []map[string][]string{{"bearer": scopes}}
	}
	return ao
}

func jsonContent(s *schema) map[string]apiContent {
	return map[string]apiContent{"application/json": {Schema: s}}
}
