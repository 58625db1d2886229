package formats

import (
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

type jsonReader struct{}

// MaxDepth bounds nesting in every reader, so a hostile body cannot exhaust
// the stack.
const MaxDepth = 64

func (jsonReader) read(data []byte, _ *TypeInfo) (*Node, error) {
	return ReadJSON(data)
}

// ParseJSON reads one JSON document into a Node, keeping member order. It
// accepts exactly what encoding/json accepts and decodes strings as it does
// (invalid UTF-8 and lone surrogates become U+FFFD), but reads the whole
// document in one pass instead of token by token, which is several times
// faster and allocates a fraction as often.
func ParseJSON(data []byte) (*Node, error) { return parseJSON(data, false) }

// ReadJSON is ParseJSON for a request: bytes of a string that are not
// UTF-8 are kept as they came rather than made U+FFFD, so that the request
// can be refused naming the member (CheckUTF8), as in every other format.
func ReadJSON(data []byte) (*Node, error) { return parseJSON(data, true) }

func parseJSON(data []byte, raw bool) (*Node, error) {
	// One copy of the document: member names, numbers and strings without
	// escapes are slices of it rather than strings of their own.
	p := jsonParser{s: string(data), raw: raw}
	p.space()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

type jsonParser struct {
	s   string
	i   int
	raw bool // keep bytes that are not UTF-8 (ReadJSON)
	// nodes is a slab that Nodes are cut from; members and items are
	// stacks holding the children of the containers still open, each of
	// which takes an exact copy of its own when it closes.
	nodes   []Node
	members []Member
	items   []*Node
}

func (p *jsonParser) node(k NodeKind) *Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]Node, min(8+len(p.s)/16, 512))
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	n.Kind = k
	return n
}

func (p *jsonParser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// eof and syntax word their errors as ParseJSON's callers have always seen
// them, from the days it was built on encoding/json. At the end of the
// input syntax is eof, so a caller need not check for the end first.
func (p *jsonParser) eof() error {
	return errors.New("malformed JSON: unexpected end of input")
}

func (p *jsonParser) syntax(where string) error {
	if p.i >= len(p.s) {
		return p.eof()
	}
	return fmt.Errorf("malformed JSON at offset %d: invalid character %q %s", p.i+1, rune(p.s[p.i]), where)
}

func (p *jsonParser) value(depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	if p.i >= len(p.s) {
		return nil, p.eof()
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.list(depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		n := p.node(NodeScalar)
		n.Text, n.Quoted = s, true
		return n, nil
	case c == '-' || c >= '0' && c <= '9':
		start := p.i
		if err := p.number(); err != nil {
			return nil, err
		}
		n := p.node(NodeScalar)
		n.Text = p.s[start:p.i]
		return n, nil
	case c == 't':
		return p.literal("true", NodeScalar)
	case c == 'f':
		return p.literal("false", NodeScalar)
	case c == 'n':
		return p.literal("null", NodeNull)
	}
	return nil, p.syntax("looking for beginning of value")
}

func (p *jsonParser) literal(word string, k NodeKind) (*Node, error) {
	for j := 0; j < len(word); j++ {
		if p.i >= len(p.s) || p.s[p.i] != word[j] {
			return nil, p.syntax("in literal " + word)
		}
		p.i++
	}
	n := p.node(k)
	if k == NodeScalar {
		n.Text = word
	}
	return n, nil
}

func (p *jsonParser) object(depth int) (*Node, error) {
	p.i++ // {
	base := len(p.members)
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return p.node(NodeObject), nil
	}
	for {
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.syntax("looking for beginning of object key string")
		}
		name, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.syntax("after object key")
		}
		p.i++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.members = append(p.members, Member{Name: name, Value: v})
		more, ok := p.next('}')
		if !ok {
			return nil, p.syntax("after object key:value pair")
		}
		if !more {
			break
		}
	}
	n := p.node(NodeObject)
	n.Fields = append([]Member(nil), p.members[base:]...)
	p.members = p.members[:base]
	return n, nil
}

func (p *jsonParser) list(depth int) (*Node, error) {
	p.i++ // [
	base := len(p.items)
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		n := p.node(NodeList)
		n.Items = []*Node{}
		return n, nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.items = append(p.items, v)
		more, ok := p.next(']')
		if !ok {
			return nil, p.syntax("after array element")
		}
		if !more {
			break
		}
	}
	n := p.node(NodeList)
	n.Items = append([]*Node(nil), p.items[base:]...)
	p.items = p.items[:base]
	return n, nil
}

// next reads what follows a member or an item: a comma, and more follow,
// or end, which closes the object or list. ok is false for anything else.
func (p *jsonParser) next(end byte) (more, ok bool) {
	p.space()
	if p.i < len(p.s) {
		switch p.s[p.i] {
		case ',':
			p.i++
			return true, true
		case end:
			p.i++
			return false, true
		}
	}
	return false, false
}

// number checks the JSON number grammar; the text is kept as written.
func (p *jsonParser) number() error {
	if p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i >= len(p.s):
		return p.eof()
	case p.s[p.i] == '0':
		// A leading zero stands alone; a digit after it is left for the
		// caller, which expects a ',' or the end there.
		p.i++
	case isDigit(p.s[p.i]):
		p.skipDigits()
	default:
		return p.syntax("in numeric literal")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.i >= len(p.s) || !isDigit(p.s[p.i]) {
			return p.syntax("after decimal point in numeric literal")
		}
		p.skipDigits()
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.i >= len(p.s) || !isDigit(p.s[p.i]) {
			return p.syntax("in exponent of numeric literal")
		}
		p.skipDigits()
	}
	return nil
}

func (p *jsonParser) skipDigits() {
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		p.i++
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// str reads a string starting at its opening quote. Without escapes or
// invalid UTF-8 it is a slice of the document.
func (p *jsonParser) str() (string, error) {
	start := p.i + 1
	for i := start; i < len(p.s); {
		c := p.s[i]
		switch {
		case c == '"':
			p.i = i + 1
			return p.s[start:i], nil
		case c == '\\':
			return p.unquote(start, i)
		case c < ' ':
			p.i = i
			return "", p.syntax("in string literal")
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRuneInString(p.s[i:])
			if r == utf8.RuneError && size == 1 && !p.raw {
				return p.unquote(start, i)
			}
			i += size
		}
	}
	p.i = len(p.s)
	return "", p.eof()
}

// unquote reads a string that needs decoding, as encoding/json decodes it;
// the text from start to i has been checked and needs none.
func (p *jsonParser) unquote(start, i int) (string, error) {
	b := make([]byte, 0, i-start+32)
	b = append(b, p.s[start:i]...)
	for i < len(p.s) {
		c := p.s[i]
		switch {
		case c == '"':
			p.i = i + 1
			return string(b), nil
		case c < ' ':
			p.i = i
			return "", p.syntax("in string literal")
		case c == '\\':
			i++
			if i >= len(p.s) {
				p.i = i
				return "", p.eof()
			}
			switch e := p.s[i]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := hex4(p.s, i+1)
				if !ok {
					p.i = i + 1
					for p.i < len(p.s) && p.i < i+5 && isHex(p.s[p.i]) {
						p.i++
					}
					return "", p.syntax("in \\u hexadecimal character escape")
				}
				i += 4
				if utf16.IsSurrogate(r) {
					// A pair is two escapes; anything else is U+FFFD,
					// and what follows is read on its own.
					r2 := rune(-1)
					if i+2 < len(p.s) && p.s[i+1] == '\\' && p.s[i+2] == 'u' {
						if v, ok := hex4(p.s, i+3); ok {
							r2 = v
						}
					}
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						b = utf8.AppendRune(b, d)
						i += 6
						break
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default:
				p.i = i
				return "", p.syntax("in string escape code")
			}
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(p.s[i:])
			if r == utf8.RuneError && size == 1 && p.raw {
				b = append(b, c)
			} else {
				b = utf8.AppendRune(b, r) // U+FFFD for a byte that is not UTF-8
			}
			i += size
		}
	}
	p.i = len(p.s)
	return "", p.eof()
}

// hex4 reads the four hex digits of a \u escape at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}

func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
