package metadata

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"paygate/formats"
)

// csharp writes the DTOs as ServiceStack's C# native types do. The C#
// namespaces are the ones DataContractSerializer turns back into the DTOs'
// XML namespaces, so XmlServiceClient speaks the service's XML unchanged.
// ServiceStack's own types (ResponseStatus, ...) come from the client
// library and are not repeated.
func (g *genConfig) csharp() string {
	var b strings.Builder
	o := newCSOptions(g.query)
	global := strings.TrimSpace(g.query.Get("GlobalNamespace"))
	if !csNamespace(global) {
		global = "" // not a namespace: code, which the file must not carry
	}
	if g.header {
		g.writeHeader(&b, "/*", "*/", "//", csHeader)
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
		if o.generatedCode {
			s.WriteString(csGeneratedCode)
		}
		s.WriteString("    " + o.access + " interface " + it.Name + "\n    {\n")
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
		add(t.clrNamespace(), g.csDecl(t, o))
	}
	for _, ns := range csDefaultNamespaces {
		b.WriteString("using " + ns + ";\n")
	}
	namespaces := append([]string{}, o.namespaces...)
	for _, bl := range blocks {
		if !slices.Contains(namespaces, bl.ns) {
			namespaces = append(namespaces, bl.ns)
		}
	}
	for _, ns := range namespaces {
		b.WriteString("using " + ns + ";\n")
	}
	if o.generatedCode {
		b.WriteString("using System.CodeDom.Compiler;\n")
	}
	// CSharpGenerator.GetCode: with DataContract attributes, every namespace
	// but the default ones is mapped to the one XML namespace asked for.
	if o.dataContract && o.xmlNamespace != "" {
		b.WriteString("\n")
		for _, ns := range namespaces {
			b.WriteString("[assembly: ContractNamespace(\"" + quoted(o.xmlNamespace) + "\", ClrNamespace=\"" + ns + "\")]\n")
		}
	}
	for _, bl := range blocks {
		b.WriteString("\nnamespace " + bl.ns + "\n{\n")
		b.WriteString(strings.Join(bl.lines, "\n"))
		b.WriteString("}\n")
	}
	return b.String()
}

// csHeader lists the C# generator's options in the order and with the
// defaults of ServiceStack's CSharpGenerator.GetCode (ServiceStack v8.0,
// commit 3525189ec19c6db890ee980712a6ee8e654965de). InitializeCollections
// is the host's choice, off here: collections stay null until set, as the
// service's own JSON and XML leave them.
var csHeader = [][2]string{
	{"GlobalNamespace", ""}, {"MakePartial", "True"}, {"MakeVirtual", "True"}, {"MakeInternal", "False"},
	{"MakeDataContractsExtensible", "False"}, {"AddNullableAnnotations", "False"}, {"AddReturnMarker", "True"},
	{"AddDescriptionAsComments", "True"}, {"AddDataContractAttributes", "False"}, {"AddIndexesToDataMembers", "False"},
	{"AddGeneratedCodeAttributes", "False"}, {"AddResponseStatus", "False"}, {"AddImplicitVersion", ""},
	{"InitializeCollections", "False"}, {"ExportValueTypes", "False"}, {"IncludeTypes", ""}, {"ExcludeTypes", ""},
	{"AddNamespaces", ""}, {"AddDefaultXmlNamespace", formats.NamespaceServiceStck},
}

// csDefaultNamespaces are MetadataTypesConfig.DefaultNamespaces as paygate's
// code needs them.
var csDefaultNamespaces = []string{"System", "System.Collections", "System.Collections.Generic",
	"System.Runtime.Serialization", "ServiceStack", "ServiceStack.DataAnnotations"}

// csGeneratedCode is the attribute AddGeneratedCodeAttributes puts on
// every type.
const csGeneratedCode = "    [GeneratedCode(\"AddServiceStackReference\", \"" + nativeTypesVersion + "\")]\n"

// csOptions are the C# generator options of one request, read as
// NativeTypesMetadata.GetConfig reads them: a query parameter overrides
// the default.
type csOptions struct {
	partial, virtual      bool
	access                string // public, or internal with MakeInternal
	extensible            bool   // MakeDataContractsExtensible
	nullable              bool   // AddNullableAnnotations
	dataContract, indexes bool   // AddDataContractAttributes, AddIndexesToDataMembers
	generatedCode         bool
	responseStatus        bool
	initCollections       bool
	implicitVersion       string // AddImplicitVersion; "" for none
	namespaces            []string
	xmlNamespace          string
}

func newCSOptions(q url.Values) csOptions {
	o := csOptions{
		partial:         boolOption(q, "MakePartial", true),
		virtual:         boolOption(q, "MakeVirtual", true),
		access:          "public",
		extensible:      boolOption(q, "MakeDataContractsExtensible", false),
		nullable:        boolOption(q, "AddNullableAnnotations", false),
		dataContract:    boolOption(q, "AddDataContractAttributes", false),
		indexes:         boolOption(q, "AddIndexesToDataMembers", false),
		generatedCode:   boolOption(q, "AddGeneratedCodeAttributes", false),
		responseStatus:  boolOption(q, "AddResponseStatus", false),
		initCollections: boolOption(q, "InitializeCollections", false),
		xmlNamespace:    formats.NamespaceServiceStck,
	}
	if boolOption(q, "MakeInternal", false) {
		o.access = "internal"
	}
	if v, err := strconv.Atoi(strings.TrimSpace(q.Get("AddImplicitVersion"))); err == nil {
		o.implicitVersion = strconv.Itoa(v)
	}
	for _, ns := range strings.Split(q.Get("AddNamespaces"), ",") {
		if ns = strings.TrimSpace(ns); csNamespace(ns) && !slices.Contains(csDefaultNamespaces, ns) && !slices.Contains(o.namespaces, ns) {
			o.namespaces = append(o.namespaces, ns)
		}
	}
	if ns, ok := q["AddDefaultXmlNamespace"]; ok {
		o.xmlNamespace = strings.TrimSpace(strings.Join(ns, ","))
	}
	return o
}

// csNamespace reports whether s is a dotted C# identifier, so a query
// parameter cannot write code into the file.
func csNamespace(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i, r := range part {
			if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
				return false
			}
		}
	}
	return true
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

func (g *genConfig) csDecl(t *typeInfo, o csOptions) string {
	var s strings.Builder
	if t.enum != nil {
		// No DataContract on enums, even with AddDataContractAttributes
		// (ServiceStack adds one): DataContractSerializer refuses to write
		// a DataContract enum whose members lack EnumMember, and these
		// travel by name.
		if o.generatedCode {
			s.WriteString(csGeneratedCode)
		}
		s.WriteString("    " + o.access + " enum " + t.name + "\n    {\n")
		for _, n := range t.enum {
			s.WriteString("        " + n + ",\n")
		}
		s.WriteString("    }\n")
		return s.String()
	}
	routes, bases := g.markers(t, "IReturn<%s>")
	if t.inherits != nil {
		bases = append([]string{t.inherits.name}, bases...)
	}
	for _, r := range routes {
		s.WriteString("    [" + r + "]\n")
	}
	// DataMember order needs a DataContract, which then must name the
	// namespace and every member. AddDataContractAttributes gives the
	// other types a bare one, their namespace coming from the assembly's
	// ContractNamespace.
	ordered := t.plan.DataContract
	dataMembers := ordered || o.dataContract
	switch {
	case ordered:
		s.WriteString("    [DataContract(Namespace=\"" + quoted(t.namespace) + "\")]\n")
	case o.dataContract:
		s.WriteString("    [DataContract]\n")
	}
	if o.generatedCode {
		s.WriteString(csGeneratedCode)
	}
	partial := ""
	if o.partial {
		partial = "partial "
	}
	virt := ""
	if o.virtual {
		virt = "virtual "
	}
	if o.extensible {
		bases = append(bases, "IExtensibleDataObject")
	}
	s.WriteString("    " + o.access + " " + partial + "class " + t.name + "\n")
	if len(bases) > 0 {
		s.WriteString("        : " + strings.Join(bases, ", ") + "\n")
	}
	s.WriteString("    {\n")
	g.csConstructor(&s, t, o, virt)
	index := 0
	dataMember := func(order int) {
		index++
		switch {
		case order > 0:
			s.WriteString("        [DataMember(Order=" + strconv.Itoa(order) + ")]\n")
		case o.indexes:
			s.WriteString("        [DataMember(Order=" + strconv.Itoa(index) + ")]\n")
		default:
			s.WriteString("        [DataMember]\n")
		}
	}
	for i, m := range t.own {
		if g.apart(t.own, i) || i > 0 && dataMembers {
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
		if dataMembers {
			dataMember(m.field.Order)
		}
		typ := csType(m.typ)
		if o.nullable && !m.required() && !valueType(m.typ) {
			typ += "?"
		}
		s.WriteString("        public " + virt + typ + " " + csIdent(g.wireName(m)) + " { get; set; }\n")
	}
	if o.responseStatus && t.isResponse && t.plan.Lookup("ResponseStatus") == nil {
		if len(t.own) > 0 && (dataMembers || g.apart(t.own, len(t.own)-1)) {
			s.WriteString("\n")
		}
		if dataMembers {
			dataMember(0)
		}
		s.WriteString("        public " + virt + "ResponseStatus ResponseStatus { get; set; }\n")
	}
	if o.extensible && t.plan.Lookup("ExtensionData") == nil {
		if len(t.own) > 0 && dataMembers {
			s.WriteString("\n")
		}
		s.WriteString("        public " + virt + "ExtensionDataObject ExtensionData { get; set; }\n")
	}
	s.WriteString("    }\n")
	return s.String()
}

// csConstructor writes what CSharpGenerator.AddConstructor does: with
// AddImplicitVersion, a Version member on requests set by the constructor;
// with InitializeCollections, a constructor giving every collection an
// empty value.
func (g *genConfig) csConstructor(s *strings.Builder, t *typeInfo, o csOptions, virt string) {
	version := o.implicitVersion != "" && t.isRequest
	var collections []*member
	if o.initCollections {
		for _, m := range t.own {
			if m.typ.Kind == formats.KindList || m.typ.Kind == formats.KindMap {
				collections = append(collections, m)
			}
		}
	}
	if !version && len(collections) == 0 {
		return
	}
	if version {
		s.WriteString("        public " + virt + "int Version { get; set; }\n\n")
	}
	s.WriteString("        public " + t.name + "()\n        {\n")
	if version {
		s.WriteString("            Version = " + o.implicitVersion + ";\n")
	}
	for _, m := range collections {
		s.WriteString("            " + csIdent(g.wireName(m)) + " = new " + csType(m.typ) + "{};\n")
	}
	s.WriteString("        }\n\n")
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
