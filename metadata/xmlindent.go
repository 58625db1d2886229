package metadata

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// xmlNode is an element as written: its raw start and end tags, so that
// namespace declarations and prefixes survive exactly as the XML writer put
// them (re-encoding through encoding/xml would rewrite them).
type xmlNode struct {
	name     xml.Name
	start    string
	end      string // empty for a self-closing element
	text     string // raw character data of a leaf
	children []*xmlNode
}

// maxXMLDepth bounds nesting; the samples are shallow, a deeper document is
// a writer bug rather than something to indent.
const maxXMLDepth = 64

// indentXML lays compact XML out one element per line, two spaces per
// level, leaves with their text on one line, as the metadata pages show
// DataContract samples. The XML declaration is left out, as there.
func indentXML(b []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := &xmlNode{}
	stack := []*xmlNode{root}
	prev := int64(0)
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("indent XML sample: %w", err)
		}
		end := dec.InputOffset()
		raw := string(b[prev:end])
		prev = end
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) > maxXMLDepth {
				return "", errors.New("indent XML sample: nested too deeply")
			}
			n := &xmlNode{name: tok.Name, start: raw}
			top.children = append(top.children, n)
			if strings.HasSuffix(raw, "/>") {
				continue // RawToken reports <x/> as start and end; the end carries no bytes
			}
			stack = append(stack, n)
		case xml.EndElement:
			if raw == "" {
				continue
			}
			if len(stack) == 1 || top.name != tok.Name {
				return "", errors.New("indent XML sample: unbalanced end tag")
			}
			top.end = raw
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if strings.TrimSpace(raw) != "" {
				top.text += raw
			}
		case xml.Comment:
			top.children = append(top.children, &xmlNode{start: raw})
		}
	}
	if len(stack) != 1 {
		return "", errors.New("indent XML sample: unclosed element")
	}
	var out strings.Builder
	for _, n := range root.children {
		writeXMLNode(&out, n, 0)
	}
	return strings.TrimSuffix(out.String(), "\n"), nil
}

func writeXMLNode(out *strings.Builder, n *xmlNode, depth int) {
	pad := strings.Repeat("  ", depth)
	out.WriteString(pad)
	out.WriteString(n.start)
	if len(n.children) == 0 {
		out.WriteString(n.text)
		out.WriteString(n.end)
		out.WriteByte('\n')
		return
	}
	out.WriteByte('\n')
	if t := strings.TrimSpace(n.text); t != "" {
		out.WriteString(pad + "  " + t + "\n")
	}
	for _, c := range n.children {
		writeXMLNode(out, c, depth+1)
	}
	out.WriteString(pad)
	out.WriteString(n.end)
	out.WriteByte('\n')
}
