package formats

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
