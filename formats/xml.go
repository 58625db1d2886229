package formats

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
)

// xmlWriter writes what .NET's DataContractSerializer writes, byte for byte:
// clients compare root names and namespaces exactly, and tests compare
// bytes. Names are always the contract names; camelCase options apply to
// JSON only, as in ServiceStack.
type xmlWriter struct {
	contracts *xmlContracts
}

const xmlDeclaration = `<?xml version="1.0" encoding="utf-8"?>`

func (w xmlWriter) write(buf *bytes.Buffer, v reflect.Value, ti *TypeInfo, _ Options) error {
	start := buf.Len()
	if err := w.writeRoot(buf, v, ti); err != nil {
		// Never leave half a document behind for the caller to send.
		buf.Truncate(start)
		return err
	}
	return nil
}

func (w xmlWriter) writeRoot(buf *bytes.Buffer, v reflect.Value, ti *TypeInfo) error {
	c := w.contracts.of(ti)
	// Room for the few bindings DTOs use: the root's two and a prefix or
	// two below, so the scope does not grow while writing.
	e := xmlEncoder{buf: buf, depth: 1, scope: make([]xmlBinding, 0, 8)}
	buf.WriteString(xmlDeclaration)
	buf.WriteByte('<')
	buf.WriteString(c.name)
	if c.simple {
		// A bare value's root is in the serialization namespace and, having
		// no members, declares no xsi prefix.
		buf.WriteString(` xmlns="` + namespaceSerialization + `"`)
		e.bind("", namespaceSerialization)
	} else {
		buf.WriteString(` xmlns:i="` + NamespaceInstance + `" xmlns="`)
		buf.WriteString(c.ns)
		buf.WriteByte('"')
		e.bind("i", NamespaceInstance)
		e.bind("", c.ns)
	}
	if isNil(v) {
		if c.simple {
			buf.WriteString(` xmlns:i="` + NamespaceInstance + `"`)
		}
		buf.WriteString(` i:nil="true" />`)
		return nil
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	buf.WriteByte('>')
	mark := buf.Len()
	if err := e.content(v, ti, c); err != nil {
		return err
	}
	e.end("", c.name, mark)
	return nil
}

// xmlEncoder tracks the namespaces in scope while writing, because whether
// DCS prefixes an element, redeclares xmlns or declares a new d{depth}p{n}
// prefix depends on what the ancestors declared.
type xmlEncoder struct {
	buf   *bytes.Buffer
	depth int // of the element being written; the root is 1
	decls int // prefixes declared on the current element
	scope []xmlBinding
	// implicit is the default namespace the element being started
	// redeclares, written when its start tag closes: .NET's XmlWriter puts
	// the declaration an element's own namespace needs after the
	// attributes written for it (prefixes, i:nil, i:type).
	implicit string
}

type xmlBinding struct {
	depth  int
	prefix string // "" for the default namespace
	ns     string
}

func (e *xmlEncoder) bind(prefix, ns string) {
	e.scope = append(e.scope, xmlBinding{depth: e.depth, prefix: prefix, ns: ns})
}

// lookup finds the prefix bound to ns, skipping bindings that a nearer
// declaration of the same prefix hides.
func (e *xmlEncoder) lookup(ns string) (string, bool) {
	for i := len(e.scope) - 1; i >= 0; i-- {
		b := e.scope[i]
		if b.ns != ns {
			continue
		}
		hidden := false
		for _, nb := range e.scope[i+1:] {
			if nb.prefix == b.prefix {
				hidden = true
				break
			}
		}
		if !hidden {
			return b.prefix, true
		}
	}
	return "", false
}

// start opens <name in namespace ns and returns the prefix it used. Without
// a prefix in scope the element redeclares the default namespace, as DCS
// does for members inherited from a type in another namespace.
func (e *xmlEncoder) start(name, ns string) (string, error) {
	if e.depth >= MaxDepth {
		return "", errors.New("value nested too deeply for XML")
	}
	e.depth++
	e.decls = 0
	prefix, ok := e.lookup(ns)
	e.buf.WriteByte('<')
	if prefix != "" {
		e.buf.WriteString(prefix)
		e.buf.WriteByte(':')
	}
	e.buf.WriteString(name)
	if !ok {
		e.implicit = ns
		e.bind("", ns)
	}
	return prefix, nil
}

// closeStart ends the start tag of the element being written with tail
// (">" or " />"), after the default namespace it redeclares.
func (e *xmlEncoder) closeStart(tail string) {
	if e.implicit != "" {
		e.buf.WriteString(` xmlns="`)
		e.buf.WriteString(e.implicit)
		e.buf.WriteByte('"')
		e.implicit = ""
	}
	e.buf.WriteString(tail)
}

// declare puts ns in scope on the element just started, under a new
// d{depth}p{n} prefix, unless a prefix for it is already in scope.
func (e *xmlEncoder) declare(ns string) {
	if ns == "" {
		return
	}
	if _, ok := e.lookup(ns); ok {
		return
	}
	e.decls++
	prefix := prefixName(e.depth, e.decls)
	e.buf.WriteString(" xmlns:")
	e.buf.WriteString(prefix)
	e.buf.WriteString(`="`)
	e.buf.WriteString(ns)
	e.buf.WriteByte('"')
	e.bind(prefix, ns)
}

// firstPrefixes holds d{depth}p1 for every depth the writer reaches, the
// only prefixes DTOs normally need, so that declaring one costs nothing.
var firstPrefixes = func() (p [MaxDepth + 1]string) {
	for d := range p {
		p[d] = "d" + strconv.Itoa(d) + "p1"
	}
	return p
}()

// prefixName is DCS's name for the n-th prefix declared at depth.
func prefixName(depth, n int) string {
	if n == 1 && depth < len(firstPrefixes) {
		return firstPrefixes[depth]
	}
	return "d" + strconv.Itoa(depth) + "p" + strconv.Itoa(n)
}

// end closes the element opened by start. mark is the buffer length right
// after the start tag's '>': with nothing written since, the element closes
// itself (" />"), as .NET's XmlWriter does for empty content.
func (e *xmlEncoder) end(prefix, name string, mark int) {
	if e.buf.Len() == mark {
		e.buf.Truncate(mark - 1)
		e.buf.WriteString(" />")
	} else {
		e.buf.WriteString("</")
		if prefix != "" {
			e.buf.WriteString(prefix)
			e.buf.WriteByte(':')
		}
		e.buf.WriteString(name)
		e.buf.WriteByte('>')
	}
	e.pop()
}

// nilEnd closes the element just started as a null.
func (e *xmlEncoder) nilEnd() {
	e.buf.WriteString(` i:nil="true"`)
	e.closeStart(" />")
	e.pop()
}

func (e *xmlEncoder) pop() {
	for len(e.scope) > 0 && e.scope[len(e.scope)-1].depth == e.depth {
		e.scope = e.scope[:len(e.scope)-1]
	}
	e.depth--
}

// element writes one member, item or dictionary value named name in ns.
// decl is the namespace its content needs; null writes i:nil instead.
func (e *xmlEncoder) element(name, ns, decl string, v reflect.Value, ti *TypeInfo, c *xmlContract, null bool) error {
	prefix, err := e.start(name, ns)
	if err != nil {
		return err
	}
	e.declare(decl)
	if null {
		e.nilEnd()
		return nil
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
		if err := e.typeAttr(v); err != nil {
			return err
		}
	}
	e.closeStart(">")
	mark := e.buf.Len()
	if err := e.content(v, ti, c); err != nil {
		return err
	}
	e.end(prefix, name, mark)
	return nil
}

// content writes what goes between the tags of an element holding v.
func (e *xmlEncoder) content(v reflect.Value, ti *TypeInfo, c *xmlContract) error {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	switch ti.Kind {
	case KindStruct:
		for i := range c.members {
			m := &c.members[i]
			fv := v.FieldByIndex(m.f.Index)
			if err := e.element(m.f.Name, m.f.Namespace, m.decl, fv, m.f.Type, m.c, isNull(fv, m.f.Type)); err != nil {
				return fmt.Errorf("%s: %w", m.f.Name, err)
			}
		}
	case KindList:
		for i := 0; i < v.Len(); i++ {
			iv := v.Index(i)
			if err := e.element(c.elemName, c.ns, c.elemDecl, iv, ti.Elem, c.elem, isNil(iv)); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
	case KindMap:
		return e.entries(v, ti, c)
	case KindAny:
		return e.anyText(v)
	default:
		return e.scalar(v, ti)
	}
	return nil
}

// entries writes a dictionary as KeyValueOf… items in the Arrays namespace.
func (e *xmlEncoder) entries(v reflect.Value, ti *TypeInfo, c *xmlContract) error {
	keys := v.MapKeys()
	sortKeys(keys)
	for _, k := range keys {
		prefix, err := e.start(c.elemName, c.ns)
		if err != nil {
			return err
		}
		e.closeStart(">")
		entryMark := e.buf.Len()
		kp, err := e.start("Key", c.ns)
		if err != nil {
			return err
		}
		e.closeStart(">")
		mark := e.buf.Len()
		writeXMLText(e.buf, k.String())
		e.end(kp, "Key", mark)
		mv := v.MapIndex(k)
		if err := e.element("Value", c.ns, c.elemDecl, mv, ti.Elem, c.elem, isNull(mv, ti.Elem)); err != nil {
			return fmt.Errorf("%s: %w", k.String(), err)
		}
		e.end(prefix, c.elemName, entryMark)
	}
	return nil
}

// typeAttr writes the i:type DCS puts on a member declared as object, so
// that a reader knows what the text is. The type's namespace is declared
// after the attribute that uses it, as .NET's XmlWriter orders them.
func (e *xmlEncoder) typeAttr(v reflect.Value) error {
	name, ns := anyContract(v)
	if name == "" {
		return cannotWrite(v)
	}
	prefix, ok := e.lookup(ns)
	if !ok {
		e.decls++
		prefix = prefixName(e.depth, e.decls)
	}
	e.buf.WriteString(` i:type="`)
	if prefix != "" {
		e.buf.WriteString(prefix)
		e.buf.WriteByte(':')
	}
	e.buf.WriteString(name)
	e.buf.WriteByte('"')
	if !ok {
		e.buf.WriteString(" xmlns:" + prefix + `="` + ns + `"`)
		e.bind(prefix, ns)
	}
	return nil
}

// isNil reports whether v holds no value at all (a nil pointer, slice, map
// or interface). Unlike isNull, an empty string is a value here: list items
// keep it, as in JSON.
func isNil(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return v.IsNil()
	}
	return false
}
