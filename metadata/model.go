package metadata

import (
	"reflect"
	"strings"

	"paygate/apierr"
	"paygate/dto"
	"paygate/formats"
	"paygate/server"
)

// Interface is a marker interface DTOs implement that clients know by name
// (ServiceStack DTOs declare them in C#; generated code repeats them). Its
// members are taken from the first DTO that implements it.
type Interface struct {
	Name    string
	Type    reflect.Type // a Go interface type
	Members []string     // wire names of the members it declares
}

// DefaultInterfaces are the marker interfaces of paygate's own DTOs.
func DefaultInterfaces() []Interface {
	return []Interface{{Name: "ICompany", Type: reflect.TypeFor[dto.ICompany](), Members: []string{"CompanyId"}}}
}

// model is the registry seen through the DTOs: every operation and every
// type a client needs, in the order generated code declares them.
type model struct {
	ops    []*opInfo
	byName map[string]*opInfo // lower-cased operation name
	types  []*typeInfo        // dependencies before dependents
	byType map[reflect.Type]*typeInfo
	ifaces []*ifaceInfo
	plans  *formats.Plans
}

type opInfo struct {
	op       *server.Operation
	req      *typeInfo
	resp     *typeInfo // nil when the response is not a DTO
	verb     string    // the verb clients use by default
	pathVars map[string]bool
	success  status
	// errBody is the type of the op's error bodies, as its dialect renders
	// them; nil when they are not DTOs.
	errBody *typeInfo
}

type status struct {
	code int
	desc string
}

type ifaceInfo struct {
	Interface
	members []*member
}

type typeInfo struct {
	name         string
	goType       reflect.Type
	plan         *formats.Plan // nil for enums
	enum         []string
	members      []*member
	namespace    string // DataContract namespace
	nullableRefs bool
	implements   []*ifaceInfo
	// inherits is the base class, an embedded exported struct (QueryBase);
	// own are the members the type declares itself, without the base's.
	inherits   *typeInfo
	own        []*member
	isRequest  bool
	isResponse bool
}

// serviceStackType reports whether t is one of ServiceStack's own types,
// which the client libraries already provide.
func (t *typeInfo) serviceStackType() bool { return t.namespace == formats.NamespaceServiceStck }

// clrNamespace is the C# namespace DataContractSerializer derives the XML
// namespace from, so generated C# types round-trip the same XML.
func (t *typeInfo) clrNamespace() string {
	const prefix = "http://schemas.datacontract.org/2004/07/"
	switch {
	case t.namespace == formats.NamespaceServiceStck:
		return "ServiceStack"
	case strings.HasPrefix(t.namespace, prefix):
		return strings.TrimPrefix(t.namespace, prefix)
	}
	return "Paygate"
}

// buildModel reads every registered operation. Registration order is kept:
// it is the order the service's authors chose.
func buildModel(reg *server.Registry, plans *formats.Plans, ifaces []Interface) *model {
	m := &model{byName: map[string]*opInfo{}, byType: map[reflect.Type]*typeInfo{}, plans: plans}
	for _, it := range ifaces {
		m.ifaces = append(m.ifaces, &ifaceInfo{Interface: it})
	}
	for _, op := range reg.Operations() {
		oi := &opInfo{op: op, verb: primaryVerb(op), pathVars: pathVars(op), success: status{op.Success.Status, op.Success.Description}}
		oi.req = m.typeOf(op.RequestType)
		oi.req.isRequest = true
		// Only a named response is a DTO clients can declare; an anonymous
		// one (struct{}) is an empty body to them.
		if rt := op.ResponseType; rt != nil && derefType(rt).Kind() == reflect.Struct && derefType(rt).Name() != "" {
			oi.resp = m.typeOf(derefType(rt))
			oi.resp.isResponse = true
		}
		if op.Dialect != nil {
			_, body := op.Dialect.Render(apierr.New(400, "ValidationException", "Validation failed"), op, false)
			if bt := reflect.TypeOf(body); bt != nil && derefType(bt).Kind() == reflect.Struct {
				oi.errBody = m.typeOf(bt)
			}
		}
		m.ops = append(m.ops, oi)
		m.byName[strings.ToLower(op.Name)] = oi
	}
	var seeds []*typeInfo
	for _, o := range m.ops {
		if o.resp != nil {
			seeds = append(seeds, o.resp)
		}
	}
	for _, o := range m.ops {
		seeds = append(seeds, o.req)
	}
	m.types = m.ordered(seeds)
	return m
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// typeOf returns the description of a struct or enum type, building it and
// the types it refers to on first use.
func (m *model) typeOf(t reflect.Type) *typeInfo {
	t = derefType(t)
	if ti := m.byType[t]; ti != nil {
		return ti
	}
	info := m.plans.Info(t)
	ti := &typeInfo{goType: t, name: t.Name()}
	m.byType[t] = ti // before recursing: DTOs may refer to themselves
	switch info.Kind {
	case formats.KindEnum:
		// An enum's values travel inside its users' elements, so it has
		// no namespace of its own on the wire; it joins its first user's
		// unless it declares one.
		ti.enum = info.Enum
		if ns, ok := reflect.Zero(t).Interface().(interface{ XMLNamespace() string }); ok {
			ti.namespace = ns.XMLNamespace()
		}
		return ti
	case formats.KindStruct:
	default:
		return ti
	}
	ti.plan = info.Plan
	// A closed generic is named as C# and TypeScript spell it,
	// QueryResponse<PaymentLogQueryResponse>; XML keeps DataContract's
	// QueryResponseOf… name.
	ti.name = structName(info.Plan, "<", ">", csType)
	ti.namespace = info.Plan.Namespace
	if n, ok := reflect.Zero(t).Interface().(interface{ NullableReferenceTypes() bool }); ok {
		ti.nullableRefs = n.NullableReferenceTypes()
	}
	baseIndex := -1
	for i := range t.NumField() {
		if sf := t.Field(i); sf.Anonymous && sf.IsExported() && derefType(sf.Type).Kind() == reflect.Struct {
			ti.inherits, baseIndex = m.typeOf(sf.Type), i
			break
		}
	}
	for _, f := range info.Plan.Fields {
		mb := newMember(t, f)
		ti.members = append(ti.members, mb)
		if f.Index[0] != baseIndex {
			ti.own = append(ti.own, mb)
		}
		if dt := namedType(f.Type); dt != nil {
			if used := m.typeOf(dt); used.enum != nil && used.namespace == "" {
				used.namespace = ti.namespace
			}
		}
	}
	for _, it := range m.ifaces {
		if t.Implements(it.Type) || reflect.PointerTo(t).Implements(it.Type) {
			ti.implements = append(ti.implements, it)
			if it.members == nil {
				for _, name := range it.Members {
					for _, mb := range ti.members {
						if mb.name == name {
							it.members = append(it.members, mb)
						}
					}
				}
			}
		}
	}
	return ti
}

// namedType returns the struct or enum type a member's type refers to,
// through pointers, lists and maps; nil for primitives.
func namedType(ti *formats.TypeInfo) reflect.Type {
	for ti.Kind == formats.KindList || ti.Kind == formats.KindMap {
		ti = ti.Elem
	}
	if ti.Kind == formats.KindStruct || ti.Kind == formats.KindEnum {
		return derefType(ti.Go)
	}
	return nil
}

// ordered lists the types reachable from seeds, each after the types its
// members use, so that languages that need declarations first (Python) can
// read the output top to bottom.
func (m *model) ordered(seeds []*typeInfo) []*typeInfo {
	var out []*typeInfo
	seen := map[*typeInfo]bool{}
	var visit func(t *typeInfo)
	visit = func(t *typeInfo) {
		if seen[t] {
			return
		}
		seen[t] = true
		if t.inherits != nil {
			visit(t.inherits)
		}
		for _, mb := range t.members {
			if dt := namedType(mb.typ); dt != nil {
				visit(m.byType[dt])
			}
		}
		out = append(out, t)
	}
	for _, s := range seeds {
		visit(s)
	}
	return out
}

// opTypes lists the types one operation needs: its response and request
// and what they use.
func (m *model) opTypes(o *opInfo) []*typeInfo {
	var seeds []*typeInfo
	if o.resp != nil {
		seeds = append(seeds, o.resp)
	}
	return m.ordered(append(seeds, o.req))
}

// nested lists the types t's members use, depth first in member order,
// without t itself: the tables an operation page shows under t's own.
func (m *model) nested(t *typeInfo, seen map[*typeInfo]bool) []*typeInfo {
	var out []*typeInfo
	for _, mb := range t.members {
		dt := namedType(mb.typ)
		if dt == nil {
			continue
		}
		n := m.byType[dt]
		if seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
		out = append(out, m.nested(n, seen)...)
	}
	return out
}

// primaryVerb is the verb of the operation's first route: the one generated
// clients send (getMethod, IPost, ...). Routes without verbs, and operations
// without routes, take POST, as ServiceStack clients do.
func primaryVerb(op *server.Operation) string {
	for _, r := range op.Routes {
		if v := strings.TrimSpace(strings.Split(r.Verbs, ",")[0]); v != "" {
			return strings.ToUpper(v)
		}
	}
	return "POST"
}

// pathVars collects the {Var} names of every route, lower-cased.
func pathVars(op *server.Operation) map[string]bool {
	vars := map[string]bool{}
	for _, r := range op.Routes {
		for _, seg := range strings.Split(r.Path, "/") {
			if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				vars[strings.ToLower(strings.TrimSuffix(seg[1:len(seg)-1], "*"))] = true
			}
		}
	}
	return vars
}

// bodyless reports whether every route of o takes verbs without a body, so
// that members travel in the query string.
func (o *opInfo) bodyless() bool {
	if len(o.op.Routes) == 0 {
		return false
	}
	for _, r := range o.op.Routes {
		if strings.TrimSpace(r.Verbs) == "" {
			return false
		}
		for _, v := range strings.Split(r.Verbs, ",") {
			switch strings.ToUpper(strings.TrimSpace(v)) {
			case "GET", "DELETE", "HEAD", "OPTIONS":
			default:
				return false
			}
		}
	}
	return true
}

// requiresAuth reports whether callers must authenticate.
func (o *opInfo) requiresAuth() bool {
	return o.op.Auth.RequiresCaller()
}

// verbs lists the verbs of a route; empty means any.
func routeVerbs(r server.Route) []string {
	var out []string
	for _, v := range strings.Split(r.Verbs, ",") {
		if v = strings.ToUpper(strings.TrimSpace(v)); v != "" {
			out = append(out, v)
		}
	}
	return out
}
