package formats

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestJSVGoldens(t *testing.T) { testGoldens(t, JSV) }

func TestJSVVectors(t *testing.T) {
	tests := []struct {
		name string
		v    any
		o    Options
		want string
	}{
		{"hello", hello{Result: "Hello, World!"}, Options{}, `{Result:"Hello, World!"}`},
		{"hello camel", hello{Result: "Hello, World!"}, Options{CamelCase: true}, `{result:"Hello, World!"}`},
		{"null status omitted", helloResponse{Result: "Hello, World!"}, Options{}, `{Result:"Hello, World!"}`},
		{"validation", validationError(), Options{},
			`{ResponseStatus:{ErrorCode:NotEmpty,Message:'Name' must not be empty.,Errors:[{ErrorCode:NotEmpty,FieldName:Name,Message:'Name' must not be empty.,Meta:{PropertyName:Name}}]}}`},
		{"validation camel", validationError(), Options{CamelCase: true},
			`{responseStatus:{errorCode:NotEmpty,message:'Name' must not be empty.,errors:[{errorCode:NotEmpty,fieldName:Name,message:'Name' must not be empty.,meta:{PropertyName:Name}}]}}`},
		// What @servicestack/client's JSV.stringify writes for this request.
		{"checkout", checkout{
			CountryCode: "SE",
			Articles:    []article{{ArticleId: 1, ArticleTypeId: 2, Quantity: 3}},
			Note:        `a,b "q"`,
		}, Options{},
			`{CompanyId:00000000-0000-0000-0000-000000000000,CountryCode:SE,Articles:[{ArticleId:1,ArticleTypeId:2,Quantity:3}],Note:"a,b ""q"""}`},
		{"defaults kept, nulls omitted", scalarsD{Big: 1e20}, Options{},
			`{When:0001-01-01,G:00000000-0000-0000-0000-000000000000,L:0,Big:1E+20}`},
		{"bools", struct{ T, F bool }{true, false}, Options{}, `{T:True,F:False}`},
		{"enum by name", struct{ C color }{green}, Options{}, `{C:Green}`},
		{"bytes", struct{ B []byte }{[]byte("hi?>")}, Options{}, `{B:aGk/Pg==}`},
		{"guid", struct{ G uuid.UUID }{uuid.MustParse("6f9619ff8b86d011b42d00c04fc964ff")}, Options{},
			`{G:6f9619ff-8b86-d011-b42d-00c04fc964ff}`},
		{"dates", struct{ A, B, C, D time.Time }{
			time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 678000000, time.UTC),
			time.Date(2024, 1, 2, 4, 4, 5, 100, time.FixedZone("CET", 3600)),
		}, Options{}, `{A:2024-01-02,B:2024-01-02T03:04:05Z,C:2024-01-02T03:04:05.678Z,D:2024-01-02T03:04:05.0000001Z}`},
		{"empty string in a list", struct{ L []string }{[]string{"", "a"}}, Options{}, `{L:["",a]}`},
		{"empty list and struct", struct {
			L []int
			S struct{}
		}{L: []int{}}, Options{}, `{L:[],S:{}}`},
		{"non-finite floats are null", struct{ A, B, C float64 }{math.NaN(), 1, math.Inf(1)}, Options{}, `{B:1}`},
		{"non-finite float first", struct{ A, B float64 }{math.NaN(), 1}, Options{}, `{B:1}`},
		{"map keys quoted", map[string]int{"a:b": 1, "c": 2}, Options{}, `{"a:b":1,c:2}`},
		{"untyped", loose{Any: []any{1, "a b", true, nil, map[string]any{"k": "{v}"}}}, Options{},
			`{Any:[1,a b,True,,{k:"{v}"}]}`},
		{"raw JSON", loose{Raw: json.RawMessage(`{"a":[1,"x,y"],"b":null,"c":false}`)}, Options{}, `{Raw:{a:[1,"x,y"],c:False}}`},
		{"raw JSON null", loose{Raw: json.RawMessage(`null`)}, Options{}, `{}`},
		{"nil pointer", (*hello)(nil), Options{}, ``},
		{"top-level list", []int{1, 2}, Options{}, `[1,2]`},
		{"top-level string", "a,b", Options{}, `"a,b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := marshal(t, JSV, tt.v, tt.o); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestJSVString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"plain", "plain"},
		{" spaces kept ", " spaces kept "},
		{"tab\there", "tab\there"},
		{"'Name' must not be empty.", "'Name' must not be empty."},
		{"é/<>&=?", "é/<>&=?"},
		{`say "hi"`, `"say ""hi"""`},
		{`"`, `""""`},
		{"a:b", `"a:b"`},
		{"a,b", `"a,b"`},
		{"{", `"{"`},
		{"}", `"}"`},
		{"[x]", `"[x]"`},
		{"line\nbreak", "\"line\nbreak\""},
		{"cr\r", "\"cr\r\""},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		writeJSVString(&buf, tt.in)
		if buf.String() != tt.want {
			t.Errorf("writeJSVString(%q) = %q, want %q", tt.in, buf.String(), tt.want)
		}
	}
}

// jsvStrings is what JSVRoundTrip tests carry every string in.
type jsvStrings struct {
	S string
	L []string
	M map[string]string
	P *string
}

func TestJSVRoundTrip(t *testing.T) {
	s := fullSample()
	s.audit, s.Skipped, s.hidden = audit{}, "", "" // not serialised
	s.When = time.Date(2024, 1, 2, 3, 4, 5, 123456700, time.UTC)
	zero := sample{}
	tests := []struct {
		name string
		v    any
		o    Options
	}{
		{"sample", &s, Options{}},
		{"sample camel", &s, Options{CamelCase: true}},
		{"zero sample", &zero, Options{}},
		{"validation", validationError(), Options{}},
		{"checkout", &checkout{CompanyId: uuid.New(), Note: `a,b "q"`, Articles: []article{{1, 2, 3}, {}}}, Options{}},
		{"items", &[]item{{Id: 1, Name: "x, y"}, {Id: 2, Price: -1e-7}}, Options{}},
		{"tree", &treeNode{Name: "r", Next: &treeNode{Name: "n"}, Children: []treeNode{{Name: "k"}}}, Options{}},
		{"map", &map[string]string{"a:b": "c,d", "": "empty key", `"`: "{"}, Options{}},
		{"nested lists", &struct{ L [][]string }{[][]string{{"a", "b,c"}, {}, {""}}}, Options{}},
	}
	for _, str := range []string{"", " ", "a", `"`, `""`, `"a"`, "a\"b", ":", ",", "{}", "[]", "\r\n", "x, \"y\"", " lead", "trail ", "é\x00\xff"} {
		p := str
		tests = append(tests, struct {
			name string
			v    any
			o    Options
		}{"string " + str, &jsvStrings{S: str, L: []string{str, str}, M: map[string]string{str: "v", "k": str + "x"}, P: &p}, Options{}})
	}
	c := NewCodecs(&Plans{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := marshal(t, JSV, tt.v, tt.o)
			got := reflect.New(reflect.TypeOf(tt.v).Elem())
			if err := c.Unmarshal(JSV, []byte(body), got.Interface()); err != nil {
				t.Fatalf("Unmarshal(%s): %v", body, err)
			}
			if !reflect.DeepEqual(got.Interface(), tt.v) {
				t.Errorf("round trip of %s\n got %+v\nwant %+v", body, got.Elem(), reflect.ValueOf(tt.v).Elem())
			}
		})
	}
}

// FuzzJSVRead feeds arbitrary text to the JSV reader and the binder. Neither
// may panic, and what binds must write out again as JSV that reads back to
// the same value.
func FuzzJSVRead(f *testing.F) {
	for _, s := range []string{
		`{CompanyId:00000000-0000-0000-0000-000000000000,CountryCode:SE,Articles:[{ArticleId:1,ArticleTypeId:2,Quantity:3}],Note:"a,b ""q"""}`,
		`{ResponseStatus:{ErrorCode:NotEmpty,Message:'Name' must not be empty.,Errors:[{ErrorCode:NotEmpty,FieldName:Name}]}}`,
		`{Title:"Say ""hi""",Count:0,IsActive:True,Total:12.50,When:2024-01-02T03:04:05.678Z,Color:Blue,Data:AQID,Tags:[a,b c],Meta:{k:v}}`,
		`{Primary:{Id:2},Maybe:7,Fixed:[1,2],Items:[{Id:1,Name:"x, y",Price:1.5}]}`,
		`{When:/Date(999999999999999)/}`, `{When:0000-01-01}`,
		`[1,2,3]`, `1,2,3`, `{`, `{A`, `{A:"x`, `{A:[}`, `"""`, `{"":}`, ``, nest(70),
	} {
		f.Add(s)
	}
	plans := &Plans{}
	c := NewCodecs(plans)
	ti := plans.Info(reflect.TypeOf(sample{}))
	f.Fuzz(func(t *testing.T, s string) {
		ParseJSV(s, true) // the query-string form must not panic either
		n, err := ParseJSV(s, false)
		if err != nil {
			return
		}
		var v sample
		if err := Bind(n, reflect.ValueOf(&v).Elem(), ti, ""); err != nil {
			return
		}
		var first bytes.Buffer
		if err := c.Marshal(&first, JSV, v, Options{}); err != nil {
			return // a value with no JSV form, such as an enum out of range
		}
		var again sample
		if err := c.Unmarshal(JSV, first.Bytes(), &again); err != nil {
			t.Fatalf("%q bound, was written as %q, which does not read: %v", s, first.Bytes(), err)
		}
		var second bytes.Buffer
		if err := c.Marshal(&second, JSV, again, Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("%q read back as something else:\n%q\n%q", s, first.Bytes(), second.Bytes())
		}
	})
}

// FuzzJSVString checks that any string, wherever it sits, reads back as
// written.
func FuzzJSVString(f *testing.F) {
	for _, s := range []string{"", "a", `"`, `a"b`, "x, \"y\"", "{}", "[a,b]", "k:v", "\r\n", " ", "\xff"} {
		f.Add(s)
	}
	c := NewCodecs(&Plans{})
	f.Fuzz(func(t *testing.T, s string) {
		p := s
		want := jsvStrings{S: s, L: []string{s, "x", s}, M: map[string]string{s: "v", "k": s + "."}, P: &p}
		var buf bytes.Buffer
		if err := c.Marshal(&buf, JSV, want, Options{}); err != nil {
			t.Fatal(err)
		}
		var got jsvStrings
		if err := c.Unmarshal(JSV, buf.Bytes(), &got); err != nil {
			t.Fatalf("%q: %v", buf.Bytes(), err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q read back as %+v", buf.Bytes(), got)
		}
	})
}
