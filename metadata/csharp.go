package metadata

import (
	"strconv"
	"strings"
)

// csharp writes the DTOs as ServiceStack's C# native types do. The C#
// namespaces are the ones DataContractSerializer turns back into the DTOs'
// XML namespaces, so XmlServiceClient speaks the service's XML unchanged.
// ServiceStack's own types (ResponseStatus, ...) come from the client
// library and are not repeated.
func (g *genConfig) csharp() string {
	var b strings.Builder
	global := g.query.Get("GlobalNamespace")
	if g.header {
		g.writeHeader(&b, "/*", "*/", "//", [][2]string{
			{"GlobalNamespace", ""}, {"MakePartial", "True"}, {"MakeVirtual", "True"},
			{"AddReturnMarker", "True"}, {"AddDescriptionAsComments", "True"}, {"IncludeTypes", ""},
			{"ExcludeTypes", ""},
		})
	}
	// Group declarations by namespace, keeping the dependency order within.
	type block struct {
		ns    string
		lines []string
	}
	var blocks []*block
	byNS := map[string]*block{}
	add := func(ns, code string) {
		if global != "" {
			ns = global
		}
		bl := byNS[ns]
		if bl == nil {
			bl = &block{ns: ns}
			byNS[ns] = bl
			blocks = append(blocks, bl)
		}
		bl.lines = append(bl.lines, code)
	}
	for _, it := range g.ifaces {
		ns := "Paygate"
		if len(it.members) > 0 {
			ns = g.ownerNamespace(it)
		}
		var s strings.Builder
		s.WriteString("    public interface " + it.Name + "\n    {\n")
		for _, m := range it.members {
			s.WriteString("        " + csType(m.typ) + " " + csIdent(g.wireName(m)) + " { get; set; }\n")
		}
		s.WriteString("    }\n")
		add(ns, s.String())
	}
	for _, t := range g.types {
		if t.serviceStackType() {
			continue
		}
		add(t.clrNamespace(), g.csDecl(t))
	}
	b.WriteString("using System;\nusing System.Collections;\nusing System.Collections.Generic;\nusing System.Runtime.Serialization;\nusing ServiceStack;\nusing ServiceStack.DataAnnotations;\n")
	for _, bl := range blocks {
		b.WriteString("using " + bl.ns + ";\n")
	}
	for _, bl := range blocks {
		b.WriteString("\nnamespace " + bl.ns + "\n{\n")
		b.WriteString(strings.Join(bl.lines, "\n"))
		b.WriteString("}\n")
	}
	return b.String()
}

// ownerNamespace is the namespace of the first declared type implementing
// the interface.
func (g *genConfig) ownerNamespace(it *ifaceInfo) string {
	for _, t := range g.types {
		for _, i := range t.implements {
			if i == it {
				return t.clrNamespace()
			}
		}
	}
	return "Paygate"
}

func (g *genConfig) csDecl(t *typeInfo) string {
	var s strings.Builder
	if t.enum != nil {
		s.WriteString("    public enum " + t.name + "\n    {\n")
		for _, n := range t.enum {
			s.WriteString("        " + n + ",\n")
		}
		s.WriteString("    }\n")
		return s.String()
	}
	routes, bases := g.markers(t, "IReturn<%s>")
	for _, r := range routes {
		s.WriteString("    [" + r + "]\n")
	}
	// DataMember order needs a DataContract, which then must name the
	// namespace and every member.
	ordered := false
	for _, m := range t.members {
		ordered = ordered || m.field.Order > 0
	}
	if ordered {
		s.WriteString("    [DataContract(Namespace=\"" + quoted(t.namespace) + "\")]\n")
	}
	s.WriteString("    public partial class " + t.name + "\n")
	if len(bases) > 0 {
		s.WriteString("        : " + strings.Join(bases, ", ") + "\n")
	}
	s.WriteString("    {\n")
	for i, m := range t.members {
		if g.apart(t.members, i) {
			s.WriteString("\n")
		}
		if g.descComments {
			if m.desc != "" {
				s.WriteString("        ///<summary>\n        ///" + xmlDocText(m.desc) + "\n        ///</summary>\n")
			}
			if a := apiMember(m); a != "" {
				s.WriteString("        [" + a + "]\n")
			}
		}
		if ordered {
			if m.field.Order > 0 {
				s.WriteString("        [DataMember(Order=" + strconv.Itoa(m.field.Order) + ")]\n")
			} else {
				s.WriteString("        [DataMember]\n")
			}
		}
		s.WriteString("        public virtual " + csType(m.typ) + " " + csIdent(g.wireName(m)) + " { get; set; }\n")
	}
	s.WriteString("    }\n")
	return s.String()
}

// xmlDocText keeps a description a single line of an XML doc comment. The
// descriptions are C# doc text already (<c>...</c>), so markup stays.
func xmlDocText(s string) string { return oneLineKeepSpaces(s) }

// csIdent escapes C# keywords with @, as a wire name like "checkout" is
// fine but "event" is not.
func csIdent(s string) string {
	switch s {
	case "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
		"const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
		"explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if",
		"implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null",
		"object", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
		"ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct",
		"switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
		"ushort", "using", "virtual", "void", "volatile", "while":
		return "@" + s
	}
	return s
}
