package formats

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// bindString binds s into a new value of want's type and returns it.
func bindString(t testing.TB, plans *Plans, s string, typ reflect.Type) (any, error) {
	t.Helper()
	dst := reflect.New(typ).Elem()
	err := BindString(s, dst, plans.Info(typ), "Value")
	return dst.Interface(), err
}

func TestBindString(t *testing.T) {
	id := uuid.MustParse("6f9619ff-8b86-d011-b42d-00c04fc964ff")
	five, x, g := 5, "x", green
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want any
	}{
		{"1,2,3", []int{1, 2, 3}},
		{"[1,2,3]", []int{1, 2, 3}},
		{"7", []int{7}},
		{"", []int{}},
		{"[]", []int{}},
		{"a,b", []string{"a", "b"}},
		{"[a,b]", []string{"a", "b"}},
		{`["a,b",c]`, []string{"a,b", "c"}},
		{`"x ""y""",z`, []string{`x "y"`, "z"}},
		{"Red,blue,2", []color{red, blue, blue}},
		{"[{Id:1},{Id:2,Name:b}]", []item{{Id: 1}, {Id: 2, Name: "b"}}},
		{`{Id:1,Name:"x, y"}`, item{Id: 1, Name: "x, y"}},
		{`{id:1,NAME:y,Unknown:{a:[1]}}`, item{Id: 1, Name: "y"}},
		{`{ArticleId:1,Quantity:3}`, &article{ArticleId: 1, Quantity: 3}},
		{"{a:1,b:two}", map[string]string{"a": "1", "b": "two"}},
		{`{"a:b":"c,d"}`, map[string]string{"a:b": "c,d"}},
		// Strings are taken raw, not JSV-decoded.
		{`a,b`, "a,b"},
		{`"quoted"`, `"quoted"`},
		{"", ""},
		{"true", true},
		{"True", true},
		{"FALSE", false},
		{" true ", true},
		// An MVC checkbox posts "true,false"; the first value counts.
		{"true,false", true},
		{"false,false", false},
		{"blue", blue},
		{"Blue", blue},
		{"1", green},
		{"5", &five},
		{"x", &x},
		{"GREEN", &g},
		{"42", int64(42)},
		{"-8", int8(-8)},
		{"65535", uint16(65535)},
		{"1.5", 1.5},
		{"1E+20", 1e20},
		{"6f9619ff-8b86-d011-b42d-00c04fc964ff", id},
		{"6f9619ff8b86d011b42d00c04fc964ff", id},
		{"{6F9619FF-8B86-D011-B42D-00C04FC964FF}", id},
		{"2024-01-02T03:04:05Z", when},
		{"2024-01-02 03:04:05", when},
		{"/Date(1704164645000)/", when},
		{`\/Date(1704164645000-0000)\/`, when},
		{"AQID", []byte{1, 2, 3}},
	}
	plans := &Plans{}
	for _, tt := range tests {
		typ := reflect.TypeOf(tt.want)
		t.Run(fmt.Sprintf("%s %q", typ, tt.in), func(t *testing.T) {
			got, err := bindString(t, plans, tt.in, typ)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestBindStringErrors(t *testing.T) {
	tests := []struct {
		in    string
		typ   any
		field string
		msg   string
	}{
		{"abc", 0, "Value", "expected an integer"},
		{"1.5", 0, "Value", "expected an integer"},
		{"300", int8(0), "Value", "expected an integer"},
		{"-1", uint(0), "Value", "expected a non-negative integer"},
		{"NaN", 0.0, "Value", "expected a number"},
		{"yes", false, "Value", "expected true or false"},
		{"Purple", red, "Value", "expected one of Red, Green, Blue"},
		{"nope", uuid.UUID{}, "Value", "expected a Guid"},
		{"tomorrow", time.Time{}, "Value", "expected a date"},
		{"/Date(999999999999999)/", time.Time{}, "Value", "between the years 1 and 9999"},
		{"0000-12-31", time.Time{}, "Value", "between the years 1 and 9999"},
		{"***", []byte{}, "Value", "expected base64"},
		{"1,x,3", []int{}, "Value[1]", "expected an integer"},
		{"[{Id:1},{Id:x}]", []item{}, "Value[1].Id", "expected an integer"},
		{"{Id:1", item{}, "Value", "malformed JSV"},
		{"{Id:1}x", item{}, "Value", "malformed JSV"},
		{"[1,2", []int{}, "Value", "malformed JSV"},
		{"x", item{}, "Value", "expected an object"},
		{"{Id:[1]}", item{}, "Value.Id", "expected a value, got list"},
		{"{a:[1]}", map[string]string{}, "Value.a", "expected a value"},
	}
	plans := &Plans{}
	for _, tt := range tests {
		typ := reflect.TypeOf(tt.typ)
		t.Run(fmt.Sprintf("%s %q", typ, tt.in), func(t *testing.T) {
			_, err := bindString(t, plans, tt.in, typ)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *DecodeError", err)
			}
			if de.Field != tt.field {
				t.Errorf("Field = %q, want %q", de.Field, tt.field)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

func TestBindErrorValue(t *testing.T) {
	_, err := bindString(t, &Plans{}, "abc", reflect.TypeOf(0))
	var de *DecodeError
	if !errors.As(err, &de) || de.Value != "abc" {
		t.Fatalf("got %#v, want the offending text in Value", err)
	}
	if got := err.Error(); got != "Value: expected an integer" {
		t.Errorf("Error() = %q", got)
	}
}

func TestBindNull(t *testing.T) {
	five := 5
	v := order{Name: "x", Maybe: &five, Tags: []string{"a"}}
	ti := (&Plans{}).Info(reflect.TypeOf(v))
	n := &Node{Kind: NodeObject, Fields: []Member{
		{"Name", &Node{Kind: NodeNull}},
		{"Maybe", &Node{Kind: NodeNull}},
		{"Tags", nil},
	}}
	if err := Bind(n, reflect.ValueOf(&v).Elem(), ti, ""); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v, order{}) {
		t.Errorf("got %+v, want every member cleared", v)
	}
}

// TestBindKeepsWhatIsNotSent binds twice into one value, as a request is
// bound from its body and then from its query string.
func TestBindKeepsWhatIsNotSent(t *testing.T) {
	plans := &Plans{}
	var v order
	if err := NewCodecs(plans).Unmarshal(JSON, []byte(`{"Name":"body","Count":1,"Primary":{"ArticleId":1}}`), &v); err != nil {
		t.Fatal(err)
	}
	ti := plans.Info(reflect.TypeOf(v))
	f := ti.Plan.Lookup("count")
	if err := BindString("2", reflect.ValueOf(&v).Elem().FieldByIndex(f.Index), f.Type, "Count"); err != nil {
		t.Fatal(err)
	}
	n, _ := ParseJSV("{Primary:{Quantity:3}}", false)
	if err := Bind(n, reflect.ValueOf(&v).Elem(), ti, ""); err != nil {
		t.Fatal(err)
	}
	want := order{Name: "body", Count: 2, Primary: &article{ArticleId: 1, Quantity: 3}}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got %+v, want %+v", v, want)
	}
}

func TestBindSelfReferencingType(t *testing.T) {
	var v treeNode
	ti := (&Plans{}).Info(reflect.TypeOf(v))
	n, err := ParseJSV("{Name:a,Next:{Name:b,Next:{Name:c}},Children:[{Name:d}]}", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := Bind(n, reflect.ValueOf(&v).Elem(), ti, ""); err != nil {
		t.Fatal(err)
	}
	if v.Next == nil || v.Next.Next == nil || v.Next.Next.Name != "c" || v.Children[0].Name != "d" {
		t.Errorf("got %+v", v)
	}
}

// TestBindUnsupportedTypes covers DTO members the binder cannot fill: they
// used to panic when a body named them.
func TestBindUnsupportedTypes(t *testing.T) {
	var v struct {
		ByNumber map[int]string
		Stringer fmt.Stringer
		Complex  complex128
	}
	ti := (&Plans{}).Info(reflect.TypeOf(v))
	for _, body := range []string{`{"ByNumber":{"1":"a"}}`, `{"Stringer":"x"}`, `{"Complex":"1"}`} {
		n, err := ParseJSON([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		err = Bind(n, reflect.ValueOf(&v).Elem(), ti, "")
		var de *DecodeError
		if !errors.As(err, &de) || de.Field == "" {
			t.Errorf("%s: got %v, want a *DecodeError naming the member", body, err)
		}
	}
}

func TestLookup(t *testing.T) {
	pl := (&Plans{}).PlanOf(reflect.TypeOf(sample{}))
	for _, name := range []string{"Title", "title", "TITLE", "tItLe"} {
		if f := pl.Lookup(name); f == nil || f.Name != "Title" {
			t.Errorf("Lookup(%q) = %v", name, f)
		}
	}
	if f := pl.Lookup("alias"); f == nil || f.GoName != "Renamed" {
		t.Errorf("Lookup(alias) = %v", f)
	}
	for _, name := range []string{"", "Titlé", "Renamed", "Skipped", "hidden", strings.Repeat("x", 100)} {
		if f := pl.Lookup(name); f != nil {
			t.Errorf("Lookup(%q) = %v, want nil", name, f.Name)
		}
	}
	type unicode struct {
		Größe int
	}
	if f := (&Plans{}).PlanOf(reflect.TypeOf(unicode{})).Lookup("GRÖßE"); f == nil {
		t.Error("Lookup(GRÖßE) = nil")
	}
}

// FuzzBindString binds arbitrary query values into every kind of member:
// it may fail, with a *DecodeError, but never panic.
func FuzzBindString(f *testing.F) {
	for _, s := range []string{
		"1,2,3", "[1,2,3]", `["a,b",c]`, `{Id:1,Name:"x, y"}`, "[{Id:1},{Id:2,Name:b}]", "{a:1,b:two}",
		"true", "Blue", "6f9619ff8b86d011b42d00c04fc964ff", "/Date(1704164645678+0200)/", "2024-01-02",
		"", `"`, "{", "[", "{a:{b:[c,{d:e}]}}", nest(70), "1e999", "-0", "AQID",
	} {
		f.Add(s)
	}
	plans := &Plans{}
	types := []reflect.Type{
		reflect.TypeOf(0), reflect.TypeOf(uint8(0)), reflect.TypeOf(0.0), reflect.TypeOf(false),
		reflect.TypeOf(""), reflect.TypeOf(red), reflect.TypeOf(uuid.UUID{}), reflect.TypeOf(time.Time{}),
		reflect.TypeOf([]byte{}), reflect.TypeOf((*int)(nil)), reflect.TypeOf([]int{}), reflect.TypeOf([2]int{}),
		reflect.TypeOf([]string{}), reflect.TypeOf([]color{}), reflect.TypeOf(item{}), reflect.TypeOf([]item{}),
		reflect.TypeOf(&article{}), reflect.TypeOf(map[string]string{}), reflect.TypeOf(map[string][]int{}),
		reflect.TypeOf(sample{}), reflect.TypeOf(treeNode{}), reflect.TypeOf([]any{}), reflect.TypeOf(loose{}),
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, typ := range types {
			if _, err := bindString(t, plans, s, typ); err != nil {
				var de *DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("%s: error %T is not a *DecodeError: %v", typ, err, err)
				}
			}
		}
	})
}
