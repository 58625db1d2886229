package formats

import (
	"encoding/json"
	"strconv"
)

// Node is the format-neutral tree every reader produces. One binder (bind.go)
// turns a Node into a DTO, so all formats share the same case-insensitive
// names, conversions and field-naming errors.
type Node struct {
	Kind   NodeKind
	Text   string // scalars
	Quoted bool   // the scalar was a quoted string (JSON); numbers and literals are not
	Fields []Member
	Items  []*Node
}

// Member is one named child of an object node, in document order.
type Member struct {
	Name  string
	Value *Node
}

// NodeKind tells what a Node holds.
type NodeKind int

const (
	NodeNull NodeKind = iota
	NodeScalar
	NodeObject
	NodeList
)

func (k NodeKind) String() string {
	return [...]string{"null", "value", "object", "list"}[k]
}

// Any converts n to plain Go values: map[string]any, []any, string,
// json.Number (unquoted JSON numbers), bool or nil.
func (n *Node) Any() any {
	switch n.Kind {
	case NodeObject:
		m := make(map[string]any, len(n.Fields))
		for _, f := range n.Fields {
			m[f.Name] = f.Value.Any()
		}
		return m
	case NodeList:
		l := make([]any, len(n.Items))
		for i, it := range n.Items {
			l[i] = it.Any()
		}
		return l
	case NodeScalar:
		if !n.Quoted {
			switch n.Text {
			case "true":
				return true
			case "false":
				return false
			}
			if _, err := strconv.ParseFloat(n.Text, 64); err == nil {
				return json.Number(n.Text)
			}
		}
		return n.Text
	}
	return nil
}
