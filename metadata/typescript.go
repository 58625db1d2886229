package metadata

import (
	"strconv"
	"strings"
)

// typescript writes dtos.ts as ServiceStack's TypeScript native types do:
// classes with a Partial<T> constructor, request DTOs implementing
// IReturn<T> with getTypeName, getMethod and createResponse, which the
// @servicestack/client JsonServiceClient calls.
func (g *genConfig) typescript() string {
	var b strings.Builder
	if g.header {
		// TypeScriptGenerator.GetCode's option lines (ServiceStack v8.0).
		g.writeHeader(&b, "/*", "*/", "//", [][2]string{
			{"GlobalNamespace", ""}, {"MakePropertiesOptional", "True"}, {"AddServiceStackTypes", "True"},
			{"AddResponseStatus", "False"}, {"AddImplicitVersion", ""}, {"AddDescriptionAsComments", "True"},
			{"IncludeTypes", ""}, {"ExcludeTypes", ""}, {"DefaultImports", ""},
		})
		g.tsMarkers(&b)
	}
	for _, it := range g.ifaces {
		b.WriteString("\nexport interface " + it.Name + "\n{\n")
		for _, m := range it.members {
			b.WriteString("    " + g.wireName(m) + "?: " + tsType(m.typ) + ";\n")
		}
		b.WriteString("}\n")
	}
	generics := map[string]bool{}
	for _, t := range g.types {
		if t.plan != nil && t.plan.GenericBase != "" {
			// One declaration of the open generic serves every closed one.
			if !generics[t.plan.GenericBase] {
				generics[t.plan.GenericBase] = true
				g.tsGeneric(&b, t)
			}
			continue
		}
		b.WriteString("\n")
		if t.enum != nil {
			b.WriteString("export enum " + t.name + "\n{\n")
			for _, n := range t.enum {
				b.WriteString("    " + n + " = '" + n + "',\n")
			}
			b.WriteString("}\n")
			continue
		}
		g.tsClass(&b, t)
	}
	return b.String()
}

// tsMarkers declares the ServiceStack interfaces request DTOs implement; a
// stand-alone dtos.ts declares them itself, structurally identical to the
// client library's.
func (g *genConfig) tsMarkers(b *strings.Builder) {
	b.WriteString("export interface IReturn<T>\n{\n    createResponse(): T;\n}\n\n")
	b.WriteString("export interface IReturnVoid\n{\n    createResponse(): void;\n}\n")
	for _, v := range []string{"IGet", "IPost", "IPut", "IDelete", "IPatch"} {
		b.WriteString("\nexport interface " + v + "\n{\n}\n")
	}
}

func (g *genConfig) tsClass(b *strings.Builder, t *typeInfo) {
	routes, impl := g.markers(t, "IReturn<%s>")
	for _, r := range routes {
		b.WriteString("// @" + r + "\n")
	}
	b.WriteString("export class " + t.name)
	if t.inherits != nil {
		b.WriteString(" extends " + t.inherits.name)
	}
	if len(impl) > 0 {
		b.WriteString(" implements " + strings.Join(impl, ", "))
	}
	b.WriteString("\n{\n")
	for i, m := range t.own {
		if g.apart(t.own, i) {
			b.WriteString("\n")
		}
		if g.descComments {
			if m.desc != "" {
				b.WriteString("    /** @description " + tsComment(m.desc) + " */\n")
			}
			if a := apiMember(m); a != "" {
				b.WriteString("    // @" + a + "\n")
			}
		}
		// Every property is optional (MakePropertiesOptional): a DTO is
		// built from a Partial<T> and the compiler's strict mode accepts it.
		b.WriteString("    public " + g.wireName(m) + "?: " + tsType(m.typ) + ";\n")
	}
	super_ := ""
	if t.inherits != nil {
		super_ = "super(init); "
	}
	b.WriteString("\n    public constructor(init?: Partial<" + t.name + ">) { " + super_ + "(Object as any).assign(this, init); }\n")
	if o := g.opOf(t); o != nil {
		b.WriteString("    public getTypeName() { return '" + o.op.Name + "'; }\n")
		b.WriteString("    public getMethod() { return '" + o.verb + "'; }\n")
		if o.resp != nil {
			b.WriteString("    public createResponse() { return new " + o.resp.name + "(); }\n")
		} else {
			b.WriteString("    public createResponse() {}\n")
		}
	}
	b.WriteString("}\n")
}

// tsGeneric declares the open generic class of t, a closed generic such as
// QueryResponse<PaymentLogQueryResponse>, as QueryResponse<T>: members of
// the argument's type become T.
func (g *genConfig) tsGeneric(b *strings.Builder, t *typeInfo) {
	params := make([]string, len(t.plan.GenericArgs))
	subst := map[string]string{}
	for i, a := range t.plan.GenericArgs {
		params[i] = "T"
		if i > 0 {
			params[i] = "T" + strconv.Itoa(i)
		}
		subst[tsType(a)] = params[i]
	}
	name := t.plan.GenericBase + "<" + strings.Join(params, ",") + ">"
	b.WriteString("\nexport class " + name + "\n{\n")
	for i, m := range t.members {
		if g.apart(t.members, i) {
			b.WriteString("\n")
		}
		if g.descComments && m.desc != "" {
			b.WriteString("    /** @description " + tsComment(m.desc) + " */\n")
		}
		typ := tsType(m.typ)
		if p, ok := subst[strings.TrimSuffix(typ, "[]")]; ok {
			typ = p + strings.TrimPrefix(typ, strings.TrimSuffix(typ, "[]"))
		}
		b.WriteString("    public " + g.wireName(m) + "?: " + typ + ";\n")
	}
	b.WriteString("\n    public constructor(init?: Partial<" + name + ">) { (Object as any).assign(this, init); }\n}\n")
}

// tsComment keeps a description inside a /** */ comment on one line.
func tsComment(s string) string {
	return strings.ReplaceAll(oneLineKeepSpaces(s), "*/", "*\\/")
}
