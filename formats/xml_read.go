package formats

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// xmlReader reads DataContract XML leniently: members match in any order and
// any case, and prefixes and namespaces are ignored. DCS silently drops
// members that are out of order or differ in case; clients never notice that
// a server accepts more, only that it accepts less. The root element's name
// must still match, so a body meant for another operation is refused.
type xmlReader struct {
	contracts *xmlContracts
}

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	errTooDeep = errors.New("XML nested too deeply")
)

func (r xmlReader) read(data []byte, ti *TypeInfo) (*Node, error) {
	// The decoder is strict by default and has no Entity map, so only the
	// predefined entities and character references expand; directives
	// (DTDs, entity declarations) are refused below.
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)))
	p := xmlParser{d: d}
	root, err := p.root()
	if err != nil {
		return nil, err
	}
	c := r.contracts.of(ti)
	if !strings.EqualFold(root.Name.Local, c.name) {
		return nil, &xmlRootError{want: c.name, wantNS: c.ns, got: root.Name.Local, gotNS: rootNamespace(root)}
	}
	n, err := p.element(root, ti, c, 1)
	if err != nil {
		return nil, err
	}
	if err := p.trailer(); err != nil {
		return nil, err
	}
	return n, nil
}

// xmlRootError is a body whose root element names another type. The text
// follows DataContractSerializer's message, which clients may show.
type xmlRootError struct {
	want, wantNS, got, gotNS string
}

func (e *xmlRootError) Error() string {
	return fmt.Sprintf("Expecting element '%s' from namespace '%s'. Encountered element '%s' from namespace '%s'.", e.want, e.wantNS, e.got, e.gotNS)
}

// rootNamespace finds the namespace the root element declares for itself.
func rootNamespace(root xml.StartElement) string {
	for _, a := range root.Attr {
		if root.Name.Space == "" && a.Name.Space == "" && a.Name.Local == "xmlns" ||
			root.Name.Space != "" && a.Name.Space == "xmlns" && a.Name.Local == root.Name.Space {
			return a.Value
		}
	}
	return ""
}

// xmlParser builds a Node from the decoder's raw token stream. Raw tokens
// skip the decoder's namespace bookkeeping, which leniency does not need,
// so the parser checks itself that end tags match.
type xmlParser struct {
	d    *xml.Decoder
	text []byte // character data of the open elements, innermost last
	slab []Node // nodes are carved from small blocks: one allocation per block, not per node
}

func (p *xmlParser) node(kind NodeKind) *Node {
	if len(p.slab) == 0 {
		p.slab = make([]Node, 16)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.Kind = kind
	return n
}

// token returns the next token inside the document element.
func (p *xmlParser) token() (xml.Token, error) {
	tok, err := p.d.RawToken()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("malformed XML: unexpected end of input")
		}
		return nil, xmlSyntax(err)
	}
	if _, ok := tok.(xml.Directive); ok {
		return nil, errors.New("malformed XML: DTDs and other directives are not allowed")
	}
	return tok, nil
}

// errXMLNotUTF8 is text that is not UTF-8; the element holding it is named
// by children, as the other formats name the member.
var errXMLNotUTF8 = errors.New("malformed XML: text that is not valid UTF-8")

func xmlSyntax(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) && se.Msg == "invalid UTF-8" {
		return errXMLNotUTF8
	}
	if errors.As(err, &se) {
		return fmt.Errorf("malformed XML at line %d: %s", se.Line, se.Msg)
	}
	return fmt.Errorf("malformed XML: %w", err)
}

// root skips the prolog (declaration, comments, white space) and returns
// the document element.
func (p *xmlParser) root() (xml.StartElement, error) {
	for {
		tok, err := p.d.RawToken()
		if err == io.EOF {
			return xml.StartElement{}, errors.New("malformed XML: no root element")
		}
		if err != nil {
			return xml.StartElement{}, xmlSyntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return xml.StartElement{}, errors.New("malformed XML: text before the root element")
			}
		case xml.EndElement:
			return xml.StartElement{}, fmt.Errorf("malformed XML: unexpected </%s>", t.Name.Local)
		case xml.Directive:
			return xml.StartElement{}, errors.New("malformed XML: DTDs and other directives are not allowed")
		}
	}
}

// trailer accepts only comments, processing instructions and white space
// after the document element.
func (p *xmlParser) trailer() error {
	for {
		tok, err := p.d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlSyntax(err)
		}
		switch t := tok.(type) {
		case xml.Comment, xml.ProcInst:
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return errors.New("malformed XML: text after the root element")
			}
		default:
			return errors.New("malformed XML: content after the root element")
		}
	}
}

// children reads the content of the element opened by start up to its end
// tag, handing each child element to read and collecting character data in
// p.text. It reports whether there was any child element.
func (p *xmlParser) children(start xml.StartElement, read func(child xml.StartElement) error) (bool, error) {
	seen := false
	for {
		tok, err := p.token()
		if errors.Is(err, errXMLNotUTF8) {
			return seen, &DecodeError{Field: start.Name.Local, Err: errors.New("not valid UTF-8 text")}
		}
		if err != nil {
			return seen, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			seen = true
			if err := read(t); err != nil {
				return seen, err
			}
		case xml.EndElement:
			if t.Name != start.Name {
				return seen, fmt.Errorf("malformed XML: <%s> closed by </%s>", qname(start.Name), qname(t.Name))
			}
			return seen, nil
		case xml.CharData:
			p.text = append(p.text, t...)
		}
	}
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// element reads the element opened by start as a value of type ti (nil:
// unknown) with contract c. The type is needed where XML syntax cannot tell
// the shape: dictionaries are KeyValueOf… entries, and an empty element is
// an empty object when a struct is expected.
func (p *xmlParser) element(start xml.StartElement, ti *TypeInfo, c *xmlContract, depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, errTooDeep
	}
	if isNilAttr(start.Attr) {
		if err := p.skip(start, depth); err != nil {
			return nil, err
		}
		return p.node(NodeNull), nil
	}
	if ti != nil {
		switch ti.Kind {
		case KindStruct:
			return p.object(start, c, depth)
		case KindList:
			return p.list(start, ti.Elem, c.elem, depth)
		case KindMap:
			return p.dict(start, ti.Elem, c.elem, depth)
		}
	}
	return p.generic(start, depth)
}

// object reads the members of a struct, keeping only those it has.
func (p *xmlParser) object(start xml.StartElement, c *xmlContract, depth int) (*Node, error) {
	n := p.node(NodeObject)
	n.Fields = make([]Member, 0, len(c.members))
	return p.container(n, start, func(child xml.StartElement) error {
		m := c.member(child.Name.Local)
		if m == nil {
			return p.skip(child, depth+1)
		}
		v, err := p.element(child, m.f.Type, m.c, depth+1)
		if err != nil {
			return err
		}
		n.Fields = append(n.Fields, Member{Name: m.f.Name, Value: v})
		return nil
	})
}

// member finds a struct member by name: exactly, as clients send it, and
// then ignoring case.
func (c *xmlContract) member(name string) *xmlMember {
	for i := range c.members {
		if c.members[i].f.Name == name {
			return &c.members[i]
		}
	}
	for i := range c.members {
		if strings.EqualFold(c.members[i].f.Name, name) {
			return &c.members[i]
		}
	}
	return nil
}

// list reads items whatever their element names.
func (p *xmlParser) list(start xml.StartElement, ti *TypeInfo, c *xmlContract, depth int) (*Node, error) {
	n := p.node(NodeList)
	n.Items = []*Node{}
	return p.container(n, start, func(child xml.StartElement) error {
		v, err := p.element(child, ti, c, depth+1)
		if err != nil {
			return err
		}
		n.Items = append(n.Items, v)
		return nil
	})
}

// dict reads <KeyValueOf…><Key>k</Key><Value>v</Value></KeyValueOf…>
// entries into an object keyed by k.
func (p *xmlParser) dict(start xml.StartElement, ti *TypeInfo, c *xmlContract, depth int) (*Node, error) {
	n := p.node(NodeObject)
	return p.container(n, start, func(entry xml.StartElement) error {
		m, err := p.entry(entry, ti, c, depth+1)
		if err != nil {
			return err
		}
		n.Fields = append(n.Fields, m)
		return nil
	})
}

func (p *xmlParser) entry(entry xml.StartElement, ti *TypeInfo, c *xmlContract, depth int) (Member, error) {
	if depth > MaxDepth {
		return Member{}, errTooDeep
	}
	base := len(p.text)
	defer func() { p.text = p.text[:base] }()
	var m Member
	haveKey := false
	_, err := p.children(entry, func(part xml.StartElement) error {
		switch {
		case strings.EqualFold(part.Name.Local, "Key"):
			k, err := p.generic(part, depth+1)
			if err != nil {
				return err
			}
			if k.Kind != NodeScalar {
				return errors.New("dictionary key is not a value")
			}
			m.Name, haveKey = k.Text, true
		case strings.EqualFold(part.Name.Local, "Value"):
			v, err := p.element(part, ti, c, depth+1)
			if err != nil {
				return err
			}
			m.Value = v
		default:
			return p.skip(part, depth+1)
		}
		return nil
	})
	if err != nil {
		return Member{}, err
	}
	if !haveKey {
		return Member{}, fmt.Errorf("dictionary entry <%s> has no Key", entry.Name.Local)
	}
	if m.Value == nil {
		m.Value = p.node(NodeNull)
	}
	return m, nil
}

// generic reads an element of unknown or simple type: text when it has no
// child elements, otherwise an object of its children in document order.
func (p *xmlParser) generic(start xml.StartElement, depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, errTooDeep
	}
	base := len(p.text)
	var n *Node
	_, err := p.children(start, func(child xml.StartElement) error {
		if n == nil {
			n = p.node(NodeObject)
		}
		v, err := p.element(child, nil, nil, depth+1)
		if err != nil {
			return err
		}
		n.Fields = append(n.Fields, Member{Name: child.Name.Local, Value: v})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n == nil {
		n = p.node(NodeScalar)
		n.Text = string(p.text[base:])
	}
	p.text = p.text[:base]
	return n, nil
}

// container reads the children of the struct, list or dictionary element
// opened by start into n, each with read. An element that held only text
// becomes that text, so that binding reports the mismatch, while one that
// held nothing but white space is empty.
func (p *xmlParser) container(n *Node, start xml.StartElement, read func(child xml.StartElement) error) (*Node, error) {
	base := len(p.text)
	seen, err := p.children(start, read)
	if err != nil {
		return nil, err
	}
	if text := p.text[base:]; !seen && len(bytes.TrimSpace(text)) > 0 {
		n = p.node(NodeScalar)
		n.Text = string(text)
	}
	p.text = p.text[:base]
	return n, nil
}

// skip reads past the element opened by start, still checking that it is
// well formed and not too deep.
func (p *xmlParser) skip(start xml.StartElement, depth int) error {
	if depth > MaxDepth {
		return errTooDeep
	}
	base := len(p.text)
	_, err := p.children(start, func(child xml.StartElement) error {
		return p.skip(child, depth+1)
	})
	p.text = p.text[:base]
	return err
}

// isNilAttr reports an xsi:nil="true" attribute, whatever its prefix.
func isNilAttr(attrs []xml.Attr) bool {
	for _, a := range attrs {
		if a.Name.Local == "nil" && a.Name.Space != "" && a.Name.Space != "xmlns" {
			v := strings.TrimSpace(a.Value)
			return v == "true" || v == "1"
		}
	}
	return false
}
