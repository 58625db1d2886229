package metadata

import (
	"strings"

	"paygate/formats"
)

// pythonImports are the imports every generated module starts with; the
// servicestack package provides IReturn, IPost, ResponseStatus and friends.
const pythonImports = "datetime,decimal,marshmallow.fields:*,servicestack:*,typing:*,dataclasses:dataclass/field,dataclasses_json:dataclass_json/LetterCase/Undefined/config,enum:Enum/IntEnum"

const pyDataclassJSON = "@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)"

// python writes the DTOs as dataclasses, the layout of ServiceStack's
// Python native types: snake_case fields mapped to JSON by dataclass_json,
// ApiMember attributes as comments, descriptions as docstrings.
func (g *genConfig) python() string {
	var b strings.Builder
	if g.header {
		// PythonGenerator.GetCode's option lines (ServiceStack v8.0).
		g.writeHeader(&b, `"""`, `"""`, "#", [][2]string{
			{"GlobalNamespace", ""}, {"AddServiceStackTypes", "True"}, {"AddResponseStatus", "False"},
			{"AddImplicitVersion", ""}, {"AddDescriptionAsComments", "True"}, {"IncludeTypes", ""},
			{"ExcludeTypes", ""}, {"DefaultImports", pythonImports}, {"DataClass", ""}, {"DataClassJson", ""},
		})
	}
	for _, imp := range strings.Split(pythonImports, ",") {
		mod, names, ok := strings.Cut(imp, ":")
		if !ok {
			b.WriteString("import " + mod + "\n")
			continue
		}
		b.WriteString("from " + mod + " import " + strings.ReplaceAll(names, "/", ", ") + "\n")
	}
	for _, it := range g.ifaces {
		b.WriteString("\n\nclass " + it.Name + ":\n")
		if len(it.members) == 0 {
			b.WriteString("    pass\n")
		}
		for _, m := range it.members {
			name, decl := g.pyField(m, it.Name)
			b.WriteString("    " + name + ": " + decl + "\n")
		}
	}
	for _, t := range g.types {
		if t.serviceStackType() {
			continue // the servicestack package has them
		}
		b.WriteString("\n\n")
		if t.enum != nil {
			g.pyEnum(&b, t)
			continue
		}
		g.pyClass(&b, t)
	}
	return b.String()
}

func (g *genConfig) pyEnum(b *strings.Builder, t *typeInfo) {
	// Enums travel by name, so the Python enum's values are the names.
	b.WriteString("class " + t.name + "(str, Enum):\n")
	for _, n := range t.enum {
		b.WriteString("    " + upperSnake(n) + " = '" + n + "'\n")
	}
}

func (g *genConfig) pyClass(b *strings.Builder, t *typeInfo) {
	routes, bases := g.markers(t, "IReturn[%s]")
	if t.inherits != nil {
		bases = append([]string{t.inherits.name}, bases...)
	}
	for _, r := range routes {
		b.WriteString("# @" + r + "\n")
	}
	b.WriteString(pyDataclassJSON + "\n@dataclass\nclass " + t.name)
	if len(bases) > 0 {
		b.WriteString("(" + strings.Join(bases, ", ") + ")")
	}
	b.WriteString(":\n")
	if len(t.own) == 0 {
		b.WriteString("    pass\n")
	}
	for _, m := range t.own {
		if g.descComments {
			if a := apiMember(m); a != "" {
				b.WriteString("    # @" + a + "\n")
			}
		}
		name, decl := g.pyField(m, t.name)
		b.WriteString("    " + name + ": " + decl + "\n")
		if g.descComments && m.desc != "" {
			b.WriteString("    \"\"\"\n    " + pyDocstring(m.desc) + "\n    \"\"\"\n")
		}
	}
}

// pyField returns a member's Python name and "type = default". Every field
// has a default, as dataclasses need once one has: value types their zero,
// required collections an empty one, everything else None.
// A member of the class's own type names it in quotes, a forward
// reference, as the class does not exist yet while its body runs.
func (g *genConfig) pyField(m *member, owner string) (string, string) {
	name := snakeCase(g.wireName(m))
	var meta string
	if pyReserved(name) {
		// A keyword cannot be a field; keep the wire name through config.
		meta = "metadata=config(field_name='" + g.wireName(m) + "'), "
		name += "_"
	}
	typ := pyType(m.typ)
	if dt := namedType(m.typ); dt != nil && m.typ.Kind != formats.KindEnum && g.m.byType[dt] != nil && g.m.byType[dt].name == owner {
		typ = strings.Replace(typ, owner, "'"+owner+"'", 1)
	}
	var decl, def string
	switch {
	case !m.goPointer() && pyZero(m.typ) != "":
		decl, def = typ, pyZero(m.typ)
	case (m.typ.Kind == formats.KindList || m.typ.Kind == formats.KindMap) && m.required():
		factory := "list"
		if m.typ.Kind == formats.KindMap {
			factory = "dict"
		}
		return name, typ + " = field(" + meta + "default_factory=" + factory + ")"
	default:
		decl, def = "Optional["+typ+"]", "None"
	}
	if meta != "" {
		return name, decl + " = field(" + meta + "default=" + def + ")"
	}
	return name, decl + " = " + def
}

// pyZero is the Python literal of a value type's zero, "" for the types
// that default to None.
func pyZero(ti *formats.TypeInfo) string {
	switch ti.Kind {
	case formats.KindBool:
		return "False"
	case formats.KindInt, formats.KindUint:
		return "0"
	case formats.KindFloat:
		return "0.0"
	case formats.KindTime:
		return "datetime.datetime(1, 1, 1)"
	}
	return ""
}

// pyDocstring makes a description safe inside a triple-quoted string.
func pyDocstring(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"""`, `\"\"\"`)
	return strings.ReplaceAll(s, "\n", "\n    ")
}
