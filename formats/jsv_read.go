package formats

import (
	"errors"
	"fmt"
	"strings"
)

type jsvReader struct{}

// read parses a JSV body. Whitespace around the body (a trailing newline
// from a shell) is not part of the value.
func (jsvReader) read(data []byte, ti *TypeInfo) (*Node, error) {
	return ParseJSV(strings.TrimSpace(string(data)), ti.Kind == KindList)
}

// ParseJSV reads a JSV value: {Key:Value}, [a,b], "quoted ""text""" or a
// bare scalar. With list set, a top-level value without brackets is split on
// commas (1,2,3), as ServiceStack reads list-typed query values.
func ParseJSV(s string, list bool) (*Node, error) {
	p := jsvParser{s: s}
	if list && !strings.HasPrefix(s, "[") {
		n := &Node{Kind: NodeList, Items: []*Node{}}
		if s == "" {
			return n, nil
		}
		for {
			v, err := p.value(1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, v)
			if p.i >= len(p.s) {
				return n, nil
			}
			if p.s[p.i] != ',' {
				return nil, p.errorf("expected ','")
			}
			p.i++
		}
	}
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if p.i != len(p.s) {
		return nil, p.errorf("unexpected %q", p.s[p.i])
	}
	return n, nil
}

type jsvParser struct {
	s string
	i int
}

func (p *jsvParser) errorf(format string, a ...any) error {
	return fmt.Errorf("malformed JSV at offset %d: %s", p.i, fmt.Sprintf(format, a...))
}

func (p *jsvParser) value(depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, errors.New("JSV nested too deeply")
	}
	if p.i >= len(p.s) {
		return &Node{Kind: NodeScalar}, nil
	}
	switch p.s[p.i] {
	case '{':
		p.i++
		n := &Node{Kind: NodeObject}
		if p.peek('}') {
			return n, nil
		}
		for {
			key, err := p.scalar(true)
			if err != nil {
				return nil, err
			}
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, p.errorf("expected ':' after %q", key.Text)
			}
			p.i++
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Fields = append(n.Fields, Member{Name: key.Text, Value: v})
			if p.peek('}') {
				return n, nil
			}
			if !p.peek(',') {
				return nil, p.errorf("expected ',' or '}'")
			}
		}
	case '[':
		p.i++
		n := &Node{Kind: NodeList, Items: []*Node{}}
		if p.peek(']') {
			return n, nil
		}
		for {
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, v)
			if p.peek(']') {
				return n, nil
			}
			if !p.peek(',') {
				return nil, p.errorf("expected ',' or ']'")
			}
		}
	}
	return p.scalar(false)
}

func (p *jsvParser) peek(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// scalar reads a quoted or bare value; a bare key also stops at ':'.
func (p *jsvParser) scalar(key bool) (*Node, error) {
	if p.i < len(p.s) && p.s[p.i] == '"' {
		var b strings.Builder
		p.i++
		for {
			j := strings.IndexByte(p.s[p.i:], '"')
			if j < 0 {
				return nil, p.errorf("unterminated quoted value")
			}
			b.WriteString(p.s[p.i : p.i+j])
			p.i += j + 1
			if p.i < len(p.s) && p.s[p.i] == '"' {
				b.WriteByte('"')
				p.i++
				continue
			}
			return &Node{Kind: NodeScalar, Text: b.String(), Quoted: true}, nil
		}
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == ',' || c == '}' || c == ']' || (key && c == ':') {
			break
		}
		p.i++
	}
	return &Node{Kind: NodeScalar, Text: p.s[start:p.i]}, nil
}
