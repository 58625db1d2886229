package formats

import (
	"encoding"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Bind assigns n to dst (of type ti). Names match case-insensitively,
// unknown members are ignored, and a value that does not fit its member is a
// *DecodeError naming the member by its path.
func Bind(n *Node, dst reflect.Value, ti *TypeInfo, path string) error {
	b := binder{root: path}
	b.steps = b.buf[:0]
	return b.bind(n, dst, ti)
}

// binder binds one value. It keeps the path of the member being bound as a
// stack of steps, spelled out ("Articles[0].Quantity") only for an error:
// building the text for every member would cost more than binding it.
type binder struct {
	root  string
	steps []pathStep
	buf   [8]pathStep
}

type pathStep struct {
	name  string // a member, or "" for a list item
	index int
}

func (b *binder) push(name string, index int) {
	b.steps = append(b.steps, pathStep{name: name, index: index})
}

func (b *binder) pop() { b.steps = b.steps[:len(b.steps)-1] }

func (b *binder) path() string {
	p := b.root
	for _, s := range b.steps {
		if s.name == "" {
			p += "[" + strconv.Itoa(s.index) + "]"
		} else {
			p = join(p, s.name)
		}
	}
	return p
}

func (b *binder) bind(n *Node, dst reflect.Value, ti *TypeInfo) error {
	if n == nil || n.Kind == NodeNull {
		dst.SetZero()
		return nil
	}
	// A pointer's TypeInfo describes its target, so only dst changes here.
	for dst.Kind() == reflect.Pointer {
		if dst.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		dst = dst.Elem()
	}
	switch ti.Kind {
	case KindStruct:
		if n.Kind != NodeObject {
			return mismatch(n, b.path(), "an object")
		}
		for _, m := range n.Fields {
			f := ti.Plan.Lookup(m.Name)
			if f == nil {
				continue
			}
			b.push(f.Name, 0)
			err := b.bind(m.Value, dst.FieldByIndex(f.Index), f.Type)
			b.pop()
			if err != nil {
				return err
			}
		}
		return nil
	case KindList:
		return b.list(n, dst, ti)
	case KindMap:
		return b.dictionary(n, dst, ti)
	case KindAny:
		v := reflect.ValueOf(n.Any())
		if !v.Type().AssignableTo(dst.Type()) {
			return &DecodeError{Field: b.path(), Value: n.Text, Err: fmt.Errorf("%s cannot hold a %s", dst.Type(), n.Kind)}
		}
		dst.Set(v)
		return nil
	}
	if n.Kind != NodeScalar {
		return mismatch(n, b.path(), "a value")
	}
	if err := convertScalar(n.Text, dst, ti); err != nil {
		err.Field = b.path()
		return err
	}
	return nil
}

func (b *binder) list(n *Node, dst reflect.Value, ti *TypeInfo) error {
	items := n.Items
	switch n.Kind {
	case NodeList:
	case NodeObject: // XML: <Items><Item/>...</Items>
		items = make([]*Node, len(n.Fields))
		for i, m := range n.Fields {
			items[i] = m.Value
		}
	case NodeScalar:
		if n.Text != "" || n.Quoted {
			return mismatch(n, b.path(), "a list")
		}
		items = nil // <Items />
	}
	out := dst
	if dst.Kind() == reflect.Array {
		if len(items) > dst.Len() {
			return &DecodeError{Field: b.path(), Err: fmt.Errorf("at most %d items", dst.Len())}
		}
	} else {
		out = reflect.MakeSlice(dst.Type(), len(items), len(items))
	}
	for i, it := range items {
		b.push("", i)
		err := b.bind(it, out.Index(i), ti.Elem)
		b.pop()
		if err != nil {
			return err
		}
	}
	if dst.Kind() != reflect.Array {
		dst.Set(out)
	}
	return nil
}

func (b *binder) dictionary(n *Node, dst reflect.Value, ti *TypeInfo) error {
	mt := dst.Type()
	if mt.Key().Kind() != reflect.String {
		return &DecodeError{Field: b.path(), Err: fmt.Errorf("%s: only string keys are supported", mt)}
	}
	if n.Kind != NodeObject {
		if n.Kind == NodeScalar && n.Text == "" && !n.Quoted {
			dst.Set(reflect.MakeMap(mt))
			return nil
		}
		return mismatch(n, b.path(), "an object")
	}
	m := reflect.MakeMapWithSize(mt, len(n.Fields))
	// SetMapIndex copies, so one key and one value serve every entry.
	k := reflect.New(mt.Key()).Elem()
	v := reflect.New(mt.Elem()).Elem()
	for _, mem := range n.Fields {
		v.SetZero()
		b.push(mem.Name, 0)
		err := b.bind(mem.Value, v, ti.Elem)
		b.pop()
		if err != nil {
			return err
		}
		k.SetString(mem.Name)
		m.SetMapIndex(k, v)
	}
	dst.Set(m)
	return nil
}

// BindString assigns a query-string, form or path value to dst. Strings are
// taken raw; lists and objects use JSV syntax (1,2,3 or [1,2,3], {Id:1}).
func BindString(s string, dst reflect.Value, ti *TypeInfo, path string) error {
	switch ti.Kind {
	case KindList, KindStruct, KindMap, KindAny:
		n, err := ParseJSV(s, ti.Kind == KindList)
		if err != nil {
			return &DecodeError{Field: path, Value: s, Err: err}
		}
		return Bind(n, dst, ti, path)
	}
	if ti.Kind == KindBool && dst.Kind() == reflect.Bool {
		// An MVC checkbox posts a hidden "false" after its value, so a
		// bool binds the part before the first comma, as in ServiceStack.
		s, _, _ = strings.Cut(s, ",")
	}
	return setScalar(s, dst, ti, path)
}

// setScalar assigns the text s to dst, a scalar or a pointer to one.
func setScalar(s string, dst reflect.Value, ti *TypeInfo, path string) error {
	for dst.Kind() == reflect.Pointer {
		if dst.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		dst = dst.Elem()
	}
	if err := convertScalar(s, dst, ti); err != nil {
		err.Field = path
		return err
	}
	return nil
}

// convertScalar assigns the text s to dst; the error it returns has no Field
// yet, the caller knows it.
func convertScalar(s string, dst reflect.Value, ti *TypeInfo) *DecodeError {
	bad := func(err error) *DecodeError { return &DecodeError{Value: s, Err: err} }
	switch ti.Kind {
	case KindString:
		dst.SetString(s)
	case KindBool:
		b, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(s)))
		if err != nil {
			return bad(errors.New("expected true or false"))
		}
		dst.SetBool(b)
	case KindInt:
		i, err := strconv.ParseInt(strings.TrimSpace(s), 10, dst.Type().Bits())
		if err != nil {
			return bad(errors.New("expected an integer"))
		}
		dst.SetInt(i)
	case KindUint:
		u, err := strconv.ParseUint(strings.TrimSpace(s), 10, dst.Type().Bits())
		if err != nil {
			return bad(errors.New("expected a non-negative integer"))
		}
		dst.SetUint(u)
	case KindFloat:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), dst.Type().Bits())
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return bad(errors.New("expected a number"))
		}
		dst.SetFloat(f)
	case KindGuid:
		g, err := uuid.Parse(strings.TrimSpace(s))
		if err != nil {
			return bad(errors.New("expected a Guid"))
		}
		*dst.Addr().Interface().(*uuid.UUID) = g
	case KindTime:
		t, err := ParseTime(s)
		if err != nil {
			return bad(err)
		}
		*dst.Addr().Interface().(*time.Time) = t
	case KindEnum, KindText:
		u, ok := dst.Addr().Interface().(encoding.TextUnmarshaler)
		if !ok {
			return bad(errors.New("unsupported value"))
		}
		if err := u.UnmarshalText([]byte(strings.TrimSpace(s))); err != nil {
			if ti.Kind == KindEnum {
				return bad(fmt.Errorf("expected one of %s", strings.Join(ti.Enum, ", ")))
			}
			return bad(err)
		}
	case KindBytes:
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return bad(errors.New("expected base64"))
		}
		dst.SetBytes(b)
	default:
		return bad(errors.New("unsupported value"))
	}
	return nil
}

func mismatch(n *Node, path, want string) error {
	return &DecodeError{Field: path, Value: n.Text, Err: fmt.Errorf("expected %s, got %s", want, n.Kind)}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// ParseTime accepts the date forms ServiceStack clients send: WCF
// /Date(ms[±hhmm])/ (slashes escaped or not), RFC 3339 with or without a
// zone, and a bare date. Years outside 1-9999 are refused: .NET's DateTime
// cannot hold them, and our writers could not write them back.
func ParseTime(s string) (time.Time, error) {
	t, err := parseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return time.Time{}, errors.New("expected a date between the years 1 and 9999")
	}
	return t, nil
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	w := strings.ReplaceAll(s, `\/`, "/")
	if strings.HasPrefix(w, "/Date(") && strings.HasSuffix(w, ")/") {
		inner := w[len("/Date(") : len(w)-2]
		if i := strings.LastIndexAny(inner, "+-"); i > 0 {
			inner = inner[:i]
		}
		ms, err := strconv.ParseInt(inner, 10, 64)
		if err != nil {
			return time.Time{}, errors.New("expected a date")
		}
		return time.UnixMilli(ms).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("expected a date")
}
