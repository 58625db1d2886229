package formats

import (
	"crypto/md5"
	"encoding/base64"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Namespaces DataContractSerializer gives to types that are not DTOs.
const (
	namespaceSchema        = "http://www.w3.org/2001/XMLSchema"
	namespaceSerialization = "http://schemas.microsoft.com/2003/10/Serialization/"
	namespaceSystem        = "http://schemas.datacontract.org/2004/07/System"
)

// xmlContract is the DataContract view of one Go type: the names and
// namespaces DataContractSerializer would give its .NET counterpart.
type xmlContract struct {
	name string // contract name: int, Item, ArrayOfItem, NullableOfint
	ns   string // contract namespace
	// simple contracts are written as text. DCS never declares their
	// namespace on a member element, even when it differs.
	simple bool
	// itemName names the element of this type as a collection item. It is
	// the contract name except for Nullable<T>, whose items are named T.
	itemName string

	members []xmlMember // structs, in DataContract order

	// Lists: the item; maps: the value of each KeyValueOf… entry.
	elem *xmlContract
	// Lists: the item element name; maps: the KeyValueOf… entry name.
	elemName string
	// The namespace to declare on each item (lists) or Value (maps), so that
	// the content below it can use a prefix; "" when it is already in scope.
	elemDecl string
}

// xmlMember is one struct member with its resolved contract.
type xmlMember struct {
	f    *Field
	c    *xmlContract
	decl string // namespace DCS declares on the member element, or ""
}

// xmlContracts caches contracts per Go type. It belongs to one Codecs, next
// to the Plans it derives from, so nothing is computed per call.
type xmlContracts struct {
	mu sync.RWMutex
	m  map[reflect.Type]*xmlContract
}

func newXMLContracts() *xmlContracts {
	return &xmlContracts{m: map[reflect.Type]*xmlContract{}}
}

// of returns the contract of ti.
func (x *xmlContracts) of(ti *TypeInfo) *xmlContract {
	key := contractKey(ti)
	x.mu.RLock()
	c := x.m[key]
	x.mu.RUnlock()
	if c != nil {
		return c
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.build(ti)
}

// contractKey maps pointer types to their element type, except pointers to
// .NET value types, which are Nullable<T> and have contracts of their own.
func contractKey(ti *TypeInfo) reflect.Type {
	t := ti.Go
	if t.Kind() == reflect.Pointer && !isValueScalar(ti.Kind) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	return t
}

// isValueScalar reports whether values of kind k are .NET value types.
func isValueScalar(k Kind) bool {
	switch k {
	case KindBool, KindInt, KindUint, KindFloat, KindGuid, KindTime, KindEnum:
		return true
	}
	return false
}

// build creates the contract of ti; x.mu is held for writing.
func (x *xmlContracts) build(ti *TypeInfo) *xmlContract {
	key := contractKey(ti)
	if c := x.m[key]; c != nil {
		return c
	}
	c := &xmlContract{}
	// Registered before recursing so self-referencing types terminate; the
	// name and namespace are set first because referrers read them.
	x.m[key] = c
	switch ti.Kind {
	case KindStruct:
		c.name, c.ns = ti.Plan.Name, ti.Plan.Namespace
		c.itemName = c.name
		for _, f := range ti.Plan.XMLOrder {
			mc := x.build(f.Type)
			c.members = append(c.members, xmlMember{f: f, c: mc, decl: childNamespace(f.Namespace, mc)})
		}
	case KindList:
		e := x.build(ti.Elem)
		c.name, c.ns = "ArrayOf"+e.name, e.ns
		if isBuiltinNamespace(e.ns) {
			c.ns = NamespaceArrays
		}
		c.itemName = c.name
		c.elem, c.elemName, c.elemDecl = e, e.itemName, childNamespace(c.ns, e)
	case KindMap:
		e := x.build(ti.Elem)
		entry := genericName("KeyValue", []*xmlContract{stringContract, e})
		c.name, c.ns = "ArrayOf"+entry, NamespaceArrays
		c.itemName = c.name
		c.elem, c.elemName, c.elemDecl = e, entry, childNamespace(NamespaceArrays, e)
	default:
		*c = *scalarContract(ti)
		if ti.Go.Kind() == reflect.Pointer && isValueScalar(ti.Kind) {
			inner := *c
			c.name, c.ns = genericName("Nullable", []*xmlContract{&inner}), namespaceSystem
			c.itemName = inner.name
		}
	}
	return c
}

var stringContract = &xmlContract{name: "string", ns: namespaceSchema, simple: true, itemName: "string"}

// scalarContract is the contract of a type written as text.
func scalarContract(ti *TypeInfo) *xmlContract {
	c := &xmlContract{name: ti.XSDName, ns: namespaceSchema, simple: true}
	switch ti.Kind {
	case KindGuid:
		c.ns = namespaceSerialization
	case KindEnum:
		c.ns = enumNamespace(ti.Go)
	case KindAny:
		c.name = "anyType"
	}
	if c.name == "" {
		c.name = "string"
	}
	c.itemName = c.name
	return c
}

// enumNamespace is the namespace an enum type declares, or the default.
func enumNamespace(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n, ok := reflect.Zero(t).Interface().(interface{ XMLNamespace() string }); ok {
		return n.XMLNamespace()
	}
	return NamespaceDefault
}

// childNamespace is the namespace DCS declares on an element of contract c
// inside a type of namespace parent: the content's namespace when it is
// complex and differs, so its children can share one prefix.
func childNamespace(parent string, c *xmlContract) string {
	if c.simple || c.ns == parent {
		return ""
	}
	return c.ns
}

func isBuiltinNamespace(ns string) bool {
	return ns == namespaceSchema || ns == namespaceSerialization
}

// argContract is the name and namespace a generic argument contributes to
// its generic type's name.
func argContract(ti *TypeInfo) *xmlContract {
	if ti.Kind == KindStruct {
		return &xmlContract{name: ti.Plan.Name, ns: ti.Plan.Namespace}
	}
	return scalarContract(ti)
}

// genericName names a closed generic type the DataContract way: base, "Of",
// the argument names, and a digest of the argument namespaces unless all of
// them are built in. Clients match these names exactly.
func genericName(base string, args []*xmlContract) string {
	var b strings.Builder
	b.WriteString(base)
	b.WriteString("Of")
	builtin := true
	for _, a := range args {
		b.WriteString(a.name)
		builtin = builtin && isBuiltinNamespace(a.ns)
	}
	if !builtin {
		b.WriteString(namespacesDigest(args))
	}
	return b.String()
}

// namespacesDigest is the first six bytes of the MD5 of the argument count
// and namespaces, in base64 made safe for element names.
func namespacesDigest(args []*xmlContract) string {
	s := " " + strconv.Itoa(len(args))
	for _, a := range args {
		s += " " + a.ns
	}
	sum := md5.Sum([]byte(s))
	d := base64.StdEncoding.EncodeToString(sum[:6])
	return strings.NewReplacer("/", "_S", "+", "_P", "=", "").Replace(d)
}
