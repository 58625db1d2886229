// Package formats turns DTOs into ServiceStack wire formats and back: JSON,
// XML (DataContractSerializer), JSV, CSV and JSONP, plus the content
// negotiation that picks one of them. It knows nothing about payments.
//
// Every codec works from one cached description of a DTO type, its Plan, so
// that names, DataContract order, namespaces and omission rules agree across
// formats. A DTO describes itself with struct tags:
//
//	json:"Name"     the wire name (default: the Go field name); "-" skips the field
//	nullable:"true" null is a value of the member: JSON writes a null member
//	                explicitly instead of omitting it (plain-JSON surfaces
//	                whose schemas list nullable members as required)
//	desc:"..."      the ApiMember description, shown on metadata pages
//	order:"n"       DataMember(Order=n); ordered members follow the unordered ones in XML
//
// and, optionally, with methods on the type:
//
//	XMLNamespace() string   the DataContract namespace (see Namespace*)
//	ContractName() string   the DataContract name when it differs from the Go name
//
// Value semantics follow .NET: pointers, slices, maps and strings are
// reference types, so nil (and "") is null — omitted in JSON/JSV, i:nil in
// XML, an empty CSV cell. Numbers, bools, structs and time.Time are value
// types and are always written.
package formats

import (
	"encoding"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// DataContract namespaces that clients match exactly.
const (
	NamespaceInstance    = "http://www.w3.org/2001/XMLSchema-instance"
	NamespaceArrays      = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
	NamespaceServiceStck = "http://schemas.servicestack.net/types"
	// NamespaceDefault is used for DTOs that declare no namespace of their own.
	NamespaceDefault = "http://schemas.datacontract.org/2004/07/Paygate"
)

// Enum is implemented by integer enum types that travel by name. Value i is
// named EnumNames()[i]; such types also implement encoding.TextMarshaler and
// encoding.TextUnmarshaler (accepting the name, any case, or the number).
type Enum interface {
	EnumNames() []string
}

// Kind classifies a Go type the way the codecs need to treat it.
type Kind int

const (
	KindString Kind = iota
	KindBool
	KindInt
	KindUint
	KindFloat
	KindGuid  // uuid.UUID
	KindTime  // time.Time
	KindEnum  // integer type implementing Enum
	KindText  // other encoding.TextMarshaler
	KindBytes // []byte, base64
	KindStruct
	KindList // slice or array of Elem
	KindMap  // map[string]Elem
	KindAny  // interface{}: written as it comes, read as generic JSON
)

// Plan describes one DTO struct type for every codec. Plans are immutable
// once built and shared between goroutines.
type Plan struct {
	Type      reflect.Type
	Name      string // DataContract name (the root element name in XML)
	Namespace string
	// GenericBase and GenericArgs describe a closed generic type, such as
	// QueryResponse<T>: its name without arguments, and the arguments.
	// Name is then DataContract's name for it (QueryResponseOf…).
	GenericBase string
	GenericArgs []*TypeInfo
	Fields      []*Field // declaration order, embedded structs flattened in place
	// XMLOrder lists Fields in DataContractSerializer order: members of an
	// embedded (base) struct first, then by ordinal name, then by Order.
	XMLOrder []*Field
	// DataContract reports that the .NET type is declared [DataContract].
	// A DTO says so by ordering its own members, since DataMember(Order=n)
	// needs one. ServiceStack's CSV writer treats such types as envelopes.
	DataContract bool
	byName       map[string]*Field // lower-cased wire name
}

// Field is one serialisable member of a Plan.
type Field struct {
	GoName    string
	Name      string // wire name as declared (PascalCase on BokaMera DTOs)
	CamelName string
	Desc      string
	Order     int  // 0 = unordered
	Null      bool // nullable:"true": written as null rather than omitted
	Index     []int
	Type      *TypeInfo
	Namespace string // namespace of the declaring struct (XML member namespace)
}

// TypeInfo is the codec view of any Go type that appears in a DTO.
type TypeInfo struct {
	Go       reflect.Type
	Kind     Kind
	Nullable bool      // pointer, or a reference type (string, slice, map)
	Elem     *TypeInfo // lists and maps
	Plan     *Plan     // structs
	Enum     []string  // enum names
	XSDName  string    // DataContract primitive name (string, int, boolean, guid, ...)
}

// Plans caches type plans. The zero value is ready to use.
type Plans struct {
	mu    sync.RWMutex
	plans map[reflect.Type]*Plan
	infos map[reflect.Type]*TypeInfo
	// pointers lists the pointer infos built by the current Info call; see
	// Info for why they are copied twice.
	pointers []*TypeInfo
}

var (
	guidType   = reflect.TypeOf(uuid.UUID{})
	timeType   = reflect.TypeOf(time.Time{})
	textMarsh  = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	enumIface  = reflect.TypeOf((*Enum)(nil)).Elem()
	cnameIface = reflect.TypeOf((*interface{ ContractName() string })(nil)).Elem()
)

// PlanOf returns the plan of struct type t (a pointer is dereferenced).
func (p *Plans) PlanOf(t reflect.Type) *Plan {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return p.Info(t).Plan
}

// Info returns the codec view of t.
func (p *Plans) Info(t reflect.Type) *TypeInfo {
	p.mu.RLock()
	ti := p.infos[t]
	p.mu.RUnlock()
	if ti != nil {
		return ti
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.infos == nil {
		p.infos = map[reflect.Type]*TypeInfo{}
		p.plans = map[reflect.Type]*Plan{}
	}
	ti = p.infoLocked(t)
	// A pointer info is a copy of its target's, and a type that refers to
	// itself (type T struct{ Next *T }) is copied while it is still being
	// built, without its Plan or Elem. Copy again now that all are complete;
	// in build order, so that **T sees the finished *T.
	for _, pt := range p.pointers {
		goType := pt.Go
		*pt = *p.infos[goType.Elem()]
		pt.Go, pt.Nullable = goType, true
	}
	p.pointers = p.pointers[:0]
	return ti
}

func (p *Plans) infoLocked(t reflect.Type) *TypeInfo {
	if ti := p.infos[t]; ti != nil {
		return ti
	}
	ti := &TypeInfo{Go: t}
	// Registered before recursing so self-referencing types terminate.
	p.infos[t] = ti
	switch {
	case t == guidType:
		ti.Kind, ti.XSDName = KindGuid, "guid"
	case t == timeType:
		ti.Kind, ti.XSDName = KindTime, "dateTime"
	case t.Kind() == reflect.Pointer:
		inner := p.infoLocked(t.Elem())
		*ti = *inner
		ti.Go = t
		ti.Nullable = true
		p.pointers = append(p.pointers, ti)
	case t.Implements(enumIface) && isInt(t.Kind()):
		ti.Kind, ti.Enum, ti.XSDName = KindEnum, reflect.Zero(t).Interface().(Enum).EnumNames(), t.Name()
	case t.Implements(textMarsh):
		ti.Kind, ti.XSDName = KindText, "string"
	case t.Kind() == reflect.String:
		ti.Kind, ti.Nullable, ti.XSDName = KindString, true, "string"
	case t.Kind() == reflect.Bool:
		ti.Kind, ti.XSDName = KindBool, "boolean"
	case isInt(t.Kind()):
		ti.Kind, ti.XSDName = KindInt, map[reflect.Kind]string{reflect.Int: "int", reflect.Int8: "byte", reflect.Int16: "short", reflect.Int32: "int", reflect.Int64: "long"}[t.Kind()]
	case isUint(t.Kind()):
		ti.Kind, ti.XSDName = KindUint, map[reflect.Kind]string{reflect.Uint: "unsignedInt", reflect.Uint8: "unsignedByte", reflect.Uint16: "unsignedShort", reflect.Uint32: "unsignedInt", reflect.Uint64: "unsignedLong"}[t.Kind()]
	case t.Kind() == reflect.Float32:
		ti.Kind, ti.XSDName = KindFloat, "float"
	case t.Kind() == reflect.Float64:
		ti.Kind, ti.XSDName = KindFloat, "double"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		ti.Kind, ti.Nullable, ti.XSDName = KindBytes, true, "base64Binary"
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		ti.Kind, ti.Nullable = KindList, t.Kind() == reflect.Slice
		ti.Elem = p.infoLocked(t.Elem())
	case t.Kind() == reflect.Map:
		ti.Kind, ti.Nullable = KindMap, true
		ti.Elem = p.infoLocked(t.Elem())
	case t.Kind() == reflect.Struct:
		ti.Kind = KindStruct
		ti.Plan = p.buildPlan(t)
		ti.XSDName = ti.Plan.Name
	default:
		ti.Kind, ti.Nullable = KindAny, true
	}
	return ti
}

func isInt(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Int64
}

func isUint(k reflect.Kind) bool {
	return k >= reflect.Uint && k <= reflect.Uint64
}

func (p *Plans) buildPlan(t reflect.Type) *Plan {
	pl := &Plan{Type: t, Name: t.Name(), Namespace: NamespaceDefault, byName: map[string]*Field{}}
	zero := reflect.Zero(t).Interface()
	if c, ok := zero.(interface{ ContractName() string }); ok {
		pl.Name = c.ContractName()
	} else if reflect.PointerTo(t).Implements(cnameIface) {
		pl.Name = reflect.New(t).Interface().(interface{ ContractName() string }).ContractName()
	}
	if n, ok := zero.(interface{ XMLNamespace() string }); ok {
		pl.Namespace = n.XMLNamespace()
	}
	if g, ok := zero.(interface{ GenericArgs() []reflect.Type }); ok {
		pl.GenericBase, _, _ = strings.Cut(t.Name(), "[")
		var args []*xmlContract
		for _, at := range g.GenericArgs() {
			ai := p.infoLocked(at)
			pl.GenericArgs = append(pl.GenericArgs, ai)
			args = append(args, argContract(ai))
		}
		pl.Name = genericName(pl.GenericBase, args)
	}
	p.plans[t] = pl
	var base []*Field
	var own []*Field
	p.collect(t, nil, pl.Namespace, &base, &own)
	// Declaration order for JSON: own members first, as .NET reflection lists
	// derived-class properties before inherited ones.
	pl.Fields = append(append([]*Field{}, own...), base...)
	pl.XMLOrder = append(xmlSorted(base), xmlSorted(own)...)
	for _, f := range own {
		pl.DataContract = pl.DataContract || f.Order > 0
	}
	for _, f := range pl.Fields {
		pl.byName[strings.ToLower(f.Name)] = f
	}
	return pl
}

// collect gathers the members of t. Exported embedded structs are base
// classes: their members go to base, in the embedded type's namespace.
func (p *Plans) collect(t reflect.Type, index []int, ns string, base, own *[]*Field) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		idx := append(append([]int{}, index...), i)
		if sf.Anonymous {
			ft := sf.Type
			if ft.Kind() == reflect.Struct && sf.IsExported() {
				bns := ns
				if n, ok := reflect.Zero(ft).Interface().(interface{ XMLNamespace() string }); ok {
					bns = n.XMLNamespace()
				}
				var bb, bo []*Field
				p.collect(ft, idx, bns, &bb, &bo)
				*base = append(*base, bb...)
				*base = append(*base, bo...)
			}
			continue // unexported embedded markers carry methods only
		}
		if !sf.IsExported() {
			continue
		}
		name := sf.Name
		if tag, ok := sf.Tag.Lookup("json"); ok {
			tn, _, _ := strings.Cut(tag, ",")
			if tn == "-" {
				continue
			}
			if tn != "" {
				name = tn
			}
		}
		f := &Field{
			GoName:    sf.Name,
			Name:      name,
			CamelName: CamelCase(name),
			Desc:      sf.Tag.Get("desc"),
			Null:      sf.Tag.Get("nullable") == "true",
			Index:     idx,
			Type:      p.infoLocked(sf.Type),
			Namespace: ns,
		}
		if o := sf.Tag.Get("order"); o != "" {
			f.Order, _ = strconv.Atoi(o)
		}
		*own = append(*own, f)
	}
}

func xmlSorted(fs []*Field) []*Field {
	out := append([]*Field{}, fs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Order == 0) != (b.Order == 0) {
			return a.Order == 0
		}
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.Name < b.Name // ordinal, as DataContractSerializer compares
	})
	return out
}

// Lookup finds a field by wire name, ignoring case.
func (pl *Plan) Lookup(name string) *Field {
	// Lower-case short ASCII names on the stack: a map index by a converted
	// byte slice does not allocate, where strings.ToLower would for every
	// PascalCase member of every body.
	var buf [64]byte
	if len(name) > len(buf) {
		return pl.byName[strings.ToLower(name)]
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= utf8.RuneSelf {
			return pl.byName[strings.ToLower(name)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return pl.byName[string(buf[:len(name)])]
}
