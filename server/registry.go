package server

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
)

// Route is a custom route of an operation: a path template with {Var}
// placeholders (a trailing {Var*} swallows the rest) and the verbs it
// answers, comma-separated; empty means every verb.
type Route struct {
	Path    string
	Verbs   string
	Summary string
	Notes   string
}

// Requirement is what a caller must present to run an operation.
type Requirement struct {
	Authenticated bool
	AnyRole       []string // any one of these (superadmin passes)
	Scopes        []string // all of these, for token-scoped surfaces
}

// RequiresCaller reports whether r lets only authenticated callers in.
func (r Requirement) RequiresCaller() bool {
	return r.Authenticated || len(r.AnyRole) > 0 || len(r.Scopes) > 0
}

// Success describes a successful answer: its status and, for metadata and
// OpenAPI, what it means ("Payment created").
type Success struct {
	Status      int
	Description string
}

// Op declares one operation. Req's type name is the operation name, as in
// ServiceStack, unless Name says otherwise.
type Op[Req, Resp any] struct {
	Name    string
	Routes  []Route
	Auth    Requirement
	Summary string
	Notes   string
	Tags    []string
	// Success is the answer to a successful call; 200 OK when zero.
	Success Success
	// Dialect renders this operation's errors; nil is ServiceStack's
	// ResponseStatus.
	Dialect Dialect
	// Bind, when set, replaces the standard binding of path, query, form and
	// body; surfaces with stricter input rules than ServiceStack use it.
	Bind func(x *Exchange, req *Req) error
	// BindValidates says Bind validates the request itself, knowing which
	// members the body carried (Validator.ValidateSent); the pipeline then
	// does not apply the tags again, in ServiceStack's reading.
	BindValidates bool
	Handler       func(ctx context.Context, req *Req) (*Resp, error)
}

// Operation is a registered operation with its types erased, as the router,
// pipeline and metadata generators see it.
type Operation struct {
	Name         string
	Routes       []Route
	Auth         Requirement
	Summary      string
	Notes        string
	Tags         []string
	Success      Success
	Dialect      Dialect
	RequestType  reflect.Type
	ResponseType reflect.Type

	bind          func(x *Exchange, req any) error
	bindValidates bool
	invoke        func(ctx context.Context, req any) (any, error)
	inputs        []input // the request's transport members
	replyIndex    []int   // the response's dto.Reply member, nil when none
	statusIndex   []int   // the response's ResponseStatus member, nil when none
}

// NewRequest returns a pointer to a zero request DTO.
func (o *Operation) NewRequest() any { return reflect.New(o.RequestType).Interface() }

// Registry holds the operations of a server.
type Registry struct {
	ops    []*Operation
	byName map[string]*Operation // by lower-case name
	// exact holds each operation under its own name, the way clients
	// almost always spell it: found without lower-casing the request's.
	exact  map[string]*Operation
	routes []*route
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byName: map[string]*Operation{}, exact: map[string]*Operation{}}
}

// Register adds op to r. It panics on a programming error (duplicate name,
// malformed route), which surfaces at start-up, never per request.
func Register[Req, Resp any](r *Registry, op Op[Req, Resp]) {
	if op.Handler == nil {
		panic("server: operation without handler")
	}
	reqT, respT := reflect.TypeFor[Req](), reflect.TypeFor[Resp]()
	if reqT.Kind() != reflect.Struct {
		panic(fmt.Sprintf("server: request type %v is not a struct", reqT))
	}
	name := op.Name
	if name == "" {
		name = reqT.Name()
	}
	o := &Operation{
		Name:         name,
		Routes:       op.Routes,
		Auth:         op.Auth,
		Summary:      op.Summary,
		Notes:        op.Notes,
		Tags:         op.Tags,
		Success:      op.Success,
		Dialect:      op.Dialect,
		RequestType:  reqT,
		ResponseType: respT,
		inputs:       inputsOf(reqT),
		replyIndex:   replyIndexOf(respT),
		statusIndex:  statusIndexOf(respT),
		invoke: func(ctx context.Context, req any) (any, error) {
			resp, err := op.Handler(ctx, req.(*Req))
			if resp == nil {
				return nil, err // a typed nil would not compare equal to nil
			}
			return resp, err
		},
	}
	if o.Success.Status == 0 {
		o.Success = Success{Status: http.StatusOK, Description: "Success"}
	}
	if o.Dialect == nil {
		o.Dialect = ServiceStack{}
	}
	if op.Bind != nil {
		o.bind = func(x *Exchange, req any) error { return op.Bind(x, req.(*Req)) }
		o.bindValidates = op.BindValidates
	}
	key := strings.ToLower(name)
	if _, dup := r.byName[key]; dup {
		panic("server: duplicate operation " + name)
	}
	r.byName[key] = o
	r.exact[name] = o
	r.ops = append(r.ops, o)
	for _, rt := range op.Routes {
		r.routes = append(r.routes, compileRoute(o, rt))
	}
}

// Operations lists the registered operations in registration order.
func (r *Registry) Operations() []*Operation { return r.ops }

// Lookup finds an operation by name, ignoring case.
func (r *Registry) Lookup(name string) *Operation {
	if o := r.exact[name]; o != nil {
		return o
	}
	return r.byName[strings.ToLower(name)]
}
