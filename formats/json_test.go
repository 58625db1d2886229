package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

func TestJSONGoldens(t *testing.T) { testGoldens(t, JSON) }

type hello struct{ Result string }

// scalarsD is the D type of the reference vectors.
type scalarsD struct {
	When  time.Time
	Maybe *int
	G     uuid.UUID
	L     int64
	Big   float64
}

type casing struct {
	ID             string
	URLValue       string
	ResponseStatus string
}

func TestJSONVectors(t *testing.T) {
	tests := []struct {
		name string
		v    any
		o    Options
		want string
	}{
		{"hello", hello{Result: "Hello, World!"}, Options{}, `{"Result":"Hello, World!"}`},
		{"hello camel", hello{Result: "Hello, World!"}, Options{CamelCase: true}, `{"result":"Hello, World!"}`},
		{"null status omitted", helloResponse{Result: "Hello, World!"}, Options{}, `{"Result":"Hello, World!"}`},
		{"validation", validationError(), Options{},
			`{"ResponseStatus":{"ErrorCode":"NotEmpty","Message":"'Name' must not be empty.","Errors":[{"ErrorCode":"NotEmpty","FieldName":"Name","Message":"'Name' must not be empty.","Meta":{"PropertyName":"Name"}}]}}`},
		// Dictionary keys keep their case under camelCase.
		{"validation camel", validationError(), Options{CamelCase: true},
			`{"responseStatus":{"errorCode":"NotEmpty","message":"'Name' must not be empty.","errors":[{"errorCode":"NotEmpty","fieldName":"Name","message":"'Name' must not be empty.","meta":{"PropertyName":"Name"}}]}}`},
		{"camelCase acronyms", casing{"i", "u", "r"}, Options{CamelCase: true}, `{"id":"i","urlValue":"u","responseStatus":"r"}`},
		{"defaults kept, nulls omitted", scalarsD{L: 9007199254740993, Big: 1e20}, Options{},
			`{"When":"\/Date(-62135596800000)\/","G":"00000000-0000-0000-0000-000000000000","L":9007199254740993,"Big":1E+20}`},
		{"items", []item{{Id: 1, Price: 0}}, Options{CamelCase: true}, `[{"id":1,"price":0}]`},
		{"empty struct", struct{}{}, Options{}, `{}`},
		{"empty list and string in list", struct{ L, M []string }{L: []string{}, M: []string{""}}, Options{}, `{"L":[],"M":[""]}`},
		{"escapes", hello{Result: "Say \"hi\" <b>&</b>\n\ttab/é\x01\u2028"}, Options{},
			"{\"Result\":\"Say \\\"hi\\\" <b>&</b>\\n\\ttab/é\\u0001\u2028\"}"},
		{"nil pointer", (*hello)(nil), Options{}, `null`},
		{"non-finite floats are null", struct{ A, B float64 }{math.NaN(), math.Inf(-1)}, Options{}, `{"A":null,"B":null}`},
		{"pointer to pointer", struct{ P, Q **int }{P: ptr(ptr(3)), Q: new(*int)}, Options{}, `{"P":3,"Q":null}`},
		{"untyped values keep <>&", loose{Any: map[string]any{"h": "<b>&</b>"}}, Options{}, `{"Any":{"h":"<b>&</b>"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := marshal(t, JSON, tt.v, tt.o); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestAppendFloat(t *testing.T) {
	tests := []struct {
		f    float64
		bits int
		want string
	}{
		{0, 64, "0"},
		{math.Copysign(0, -1), 64, "-0"},
		{-60, 64, "-60"},
		{0.1, 64, "0.1"},
		{12.5, 64, "12.5"},
		{0.0001, 64, "0.0001"},
		{0.00001, 64, "1E-05"},
		{0.00009999, 64, "9.999E-05"},
		{999999999999999.9, 64, "999999999999999.9"},
		{9999999, 32, "9999999"},
		{1.5e-7, 64, "1.5E-07"},
		{1e14, 64, "100000000000000"},
		{1e15, 64, "1E+15"},
		{1234567890123456, 64, "1234567890123456"},
		{1e20, 64, "1E+20"},
		{1.2345678901234567e19, 64, "1.2345678901234567E+19"},
		{math.MaxFloat64, 64, "1.7976931348623157E+308"},
		{5e-324, 64, "5E-324"},
		{float64(float32(0.1)), 32, "0.1"},
		{1e6, 32, "1000000"},
		{1e7, 32, "1E+07"},
		{float64(float32(1.1)), 32, "1.1"},
	}
	for _, tt := range tests {
		if got := string(appendFloat(nil, tt.f, tt.bits)); got != tt.want {
			t.Errorf("appendFloat(%v, %d) = %s, want %s", tt.f, tt.bits, got, tt.want)
		}
	}
}

// TestSelfReferencingTypes covers types that refer to themselves through a
// pointer, whose plans used to be built incomplete.
func TestSelfReferencingTypes(t *testing.T) {
	v := treeNode{Name: "a", Next: &treeNode{Name: "b", Next: &treeNode{Name: "c"}}}
	for _, f := range []Format{JSON, JSV} {
		var got treeNode
		if err := NewCodecs(&Plans{}).Unmarshal(f, []byte(marshal(t, f, v, Options{})), &got); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !reflect.DeepEqual(got, v) {
			t.Errorf("%s round trip: got %+v", f, got)
		}
	}
	type list []*list
	if got := marshal(t, JSON, list{{nil}, {}}, Options{}); got != `[[null],[]]` {
		t.Errorf("pointer to a list of itself: %s", got)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	s := fullSample()
	s.audit, s.Skipped, s.hidden = audit{}, "", "" // not serialised
	tests := []struct {
		name string
		v    any
		o    Options
	}{
		{"sample", &s, Options{}},
		{"sample camel", &s, Options{CamelCase: true}},
		{"validation", validationError(), Options{}},
		{"items", &[]item{{Id: 1, Name: "x"}, {Id: 2}}, Options{}},
		{"tree", &treeNode{Name: "r", Children: []treeNode{{Name: "k"}}}, Options{}},
	}
	c := NewCodecs(&Plans{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := marshal(t, JSON, tt.v, tt.o)
			got := reflect.New(reflect.TypeOf(tt.v).Elem())
			if err := c.Unmarshal(JSON, []byte(body), got.Interface()); err != nil {
				t.Fatalf("Unmarshal(%s): %v", body, err)
			}
			if !reflect.DeepEqual(got.Interface(), tt.v) {
				t.Errorf("round trip of %s\n got %+v\nwant %+v", body, got.Elem(), reflect.ValueOf(tt.v).Elem())
			}
		})
	}
}

// order is a request DTO for the reader tests.
type order struct {
	CompanyId uuid.UUID
	Name      string
	Count     int
	Price     float64
	Active    bool
	When      time.Time
	Color     color
	Articles  []article
	Primary   *article
	Meta      map[string]string
	Tags      []string
	Maybe     *int
}

func TestJSONRead(t *testing.T) {
	id := uuid.MustParse("6f9619ff-8b86-d011-b42d-00c04fc964ff")
	five := 5
	tests := []struct {
		name string
		body string
		want order
	}{
		{"case-insensitive names", `{"companyid":"6f9619ff-8b86-d011-b42d-00c04fc964ff","NAME":"x","cOuNt":2}`,
			order{CompanyId: id, Name: "x", Count: 2}},
		{"unknown members ignored", `{"Unknown":{"deep":[1,{"x":null}]},"Other":"y","Name":"x"}`, order{Name: "x"}},
		{"guid without dashes", `{"CompanyId":"6f9619ff8b86d011b42d00c04fc964ff"}`, order{CompanyId: id}},
		{"guid in capitals and braces", `{"CompanyId":"{6F9619FF-8B86-D011-B42D-00C04FC964FF}"}`, order{CompanyId: id}},
		{"quoted numbers", `{"Count":"12","Price":"1.5","Active":"true"}`, order{Count: 12, Price: 1.5, Active: true}},
		{"numbers", `{"Count":-3,"Price":1E+20}`, order{Count: -3, Price: 1e20}},
		{"nulls", `{"Name":null,"Count":null,"Articles":null,"Primary":null,"Maybe":null}`, order{}},
		{"pointers", `{"Primary":{"Quantity":2},"Maybe":5}`, order{Primary: &article{Quantity: 2}, Maybe: &five}},
		{"wcf date", `{"When":"\/Date(1704164645678)\/"}`, order{When: time.UnixMilli(1704164645678).UTC()}},
		{"wcf date with offset", `{"When":"/Date(1704164645678+0200)/"}`, order{When: time.UnixMilli(1704164645678).UTC()}},
		{"iso date", `{"When":"2024-01-02T03:04:05Z"}`, order{When: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}},
		{"bare date", `{"When":"2024-01-02"}`, order{When: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}},
		{"enum by name, any case", `{"Color":"bLuE"}`, order{Color: blue}},
		{"enum by number", `{"Color":1}`, order{Color: green}},
		{"lists", `{"Articles":[{"ArticleId":1},{"Quantity":3}],"Tags":["a","b"]}`,
			order{Articles: []article{{ArticleId: 1}, {Quantity: 3}}, Tags: []string{"a", "b"}}},
		{"empty list", `{"Tags":[]}`, order{Tags: []string{}}},
		{"map", `{"Meta":{"b":"2","A":"x"}}`, order{Meta: map[string]string{"b": "2", "A": "x"}}},
		{"duplicate member: last wins", `{"Name":"a","name":"b"}`, order{Name: "b"}},
		{"escapes", `{"Name":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`, order{Name: "\"\\/\b\f\n\r\té😀"}},
		{"lone surrogate", `{"Name":"\ud800x"}`, order{Name: "\ufffdx"}},
		// Kept as sent, for the server to refuse naming the member.
		{"invalid UTF-8", "{\"Name\":\"a\xffb\"}", order{Name: "a\xffb"}},
		{"whitespace", " \t\r\n{ \"Name\" : \"x\" , \"Count\" : 1 }\n ", order{Name: "x", Count: 1}},
	}
	c := NewCodecs(&Plans{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got order
			if err := c.Unmarshal(JSON, []byte(tt.body), &got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestJSONReadErrors(t *testing.T) {
	deep := strings.Repeat(`{"Primary":`, 200) + "1" + strings.Repeat("}", 200)
	tests := []struct {
		name  string
		body  string
		field string // the path the *DecodeError names
		msg   string // part of the message
	}{
		{"wrong type in a list item", `{"Articles":[{"Quantity":1},{"Quantity":"abc"}]}`, "Articles[1].Quantity", "expected an integer"},
		{"fraction into an integer", `{"Count":1.5}`, "Count", "expected an integer"},
		{"object into a string", `{"Name":{"a":1}}`, "Name", "expected a value, got object"},
		{"value into an object", `{"Primary":3}`, "Primary", "expected an object, got value"},
		{"value into a list", `{"Tags":"a"}`, "Tags", "expected a list"},
		{"bad guid", `{"CompanyId":"not-a-guid"}`, "CompanyId", "expected a Guid"},
		{"bad date", `{"When":"yesterday"}`, "When", "expected a date"},
		{"bad enum", `{"Color":"Purple"}`, "Color", "expected one of Red, Green, Blue"},
		{"bad bool", `{"Active":"yes"}`, "Active", "expected true or false"},
		{"number out of range", `{"Price":1e999}`, "Price", "expected a number"},
		{"nested map value", `{"Meta":{"k":[1]}}`, "Meta.k", "expected a value"},
		{"list body", `[1,2]`, "", "expected an object, got list"},
		{"null body", `null`, "", "expected an object, got null"},
		{"string body", `"x"`, "", "expected an object, got value"},
		{"number body", `12`, "", "expected an object"},
		{"not JSON", `not json`, "", "malformed JSON"},
		{"empty body", ``, "", "unexpected end of input"},
		{"blank body", " \n", "", "unexpected end of input"},
		{"truncated object", `{"Count":1,"Name":"x"`, "", "unexpected end of input"},
		{"truncated string", `{"Name":"x`, "", "unexpected end of input"},
		{"truncated after colon", `{"Name":`, "", "unexpected end of input"},
		{"truncated literal", `{"Active":tr`, "", "malformed JSON"},
		{"missing colon", `{"Name" "x"}`, "", "malformed JSON"},
		{"missing comma", `{"Name":"x" "Count":1}`, "", "malformed JSON"},
		{"trailing comma in object", `{"Name":"x",}`, "", "malformed JSON"},
		{"trailing comma in list", `{"Tags":["a",]}`, "", "malformed JSON"},
		{"unquoted key", `{Name:"x"}`, "", "malformed JSON"},
		{"single quotes", `{'Name':'x'}`, "", "malformed JSON"},
		{"mismatched brackets", `{"Tags":["a"}`, "", "malformed JSON"},
		{"bad escape", `{"Name":"\x"}`, "", "malformed JSON"},
		{"short unicode escape", `{"Name":"\u12"}`, "", "malformed JSON"},
		{"control character in string", "{\"Name\":\"a\tb\"}", "", "malformed JSON"},
		{"leading zero", `{"Count":01}`, "", "malformed JSON"},
		{"bare minus", `{"Count":-}`, "", "malformed JSON"},
		{"dot without digits", `{"Price":1.}`, "", "malformed JSON"},
		{"leading dot", `{"Price":.5}`, "", "malformed JSON"},
		{"empty exponent", `{"Price":1e}`, "", "malformed JSON"},
		{"plus sign", `{"Count":+1}`, "", "malformed JSON"},
		{"data after the value", `{"Name":"x"} {"Name":"y"}`, "", "unexpected data after the JSON value"},
		{"closing bracket after the value", `{"Name":"x"}}`, "", "unexpected data after the JSON value"},
		{"deep nesting", deep, "", "nested too deeply"},
	}
	c := NewCodecs(&Plans{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got order
			err := c.Unmarshal(JSON, []byte(tt.body), &got)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Unmarshal(%q) = %v, want a *DecodeError", tt.body, err)
			}
			if de.Field != tt.field {
				t.Errorf("Field = %q, want %q (%v)", de.Field, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

func TestJSONReadBadGuidValue(t *testing.T) {
	var got order
	err := NewCodecs(&Plans{}).Unmarshal(JSON, []byte(`{"CompanyId":"6f9619ff-8b86"}`), &got)
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "CompanyId" || de.Value != "6f9619ff-8b86" {
		t.Fatalf("got %#v", err)
	}
}

func nest(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

func TestJSONDepthLimit(t *testing.T) {
	// The outermost value is depth 0; MaxDepth more levels may follow.
	if _, err := ParseJSON([]byte(nest(MaxDepth + 1))); err != nil {
		t.Errorf("%d levels: %v", MaxDepth+1, err)
	}
	if _, err := ParseJSON([]byte(nest(MaxDepth + 2))); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("%d levels: %v", MaxDepth+2, err)
	}
	if _, err := ParseJSON([]byte(strings.Repeat("[", 1<<20))); err == nil {
		t.Error("a megabyte of '[' parsed")
	}
}

func TestParseJSONNodes(t *testing.T) {
	n, err := ParseJSON([]byte(`{"b":[1,"2",true,null,{}],"a":-1.5e3,"b":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &Node{Kind: NodeObject, Fields: []Member{
		{"b", &Node{Kind: NodeList, Items: []*Node{
			{Kind: NodeScalar, Text: "1"},
			{Kind: NodeScalar, Text: "2", Quoted: true},
			{Kind: NodeScalar, Text: "true"},
			{Kind: NodeNull},
			{Kind: NodeObject},
		}}},
		{"a", &Node{Kind: NodeScalar, Text: "-1.5e3"}},
		{"b", &Node{Kind: NodeList, Items: []*Node{}}},
	}}
	if !reflect.DeepEqual(n, want) {
		t.Errorf("got %s", dumpNode(n))
	}
}

// dumpNode renders n compactly for failure messages.
func dumpNode(n *Node) string {
	var b strings.Builder
	var walk func(*Node)
	walk = func(n *Node) {
		switch n.Kind {
		case NodeNull:
			b.WriteString("null")
		case NodeScalar:
			if n.Quoted {
				b.WriteString("q")
			}
			b.WriteString("<" + n.Text + ">")
		case NodeList:
			b.WriteString("[")
			for i, it := range n.Items {
				if i > 0 {
					b.WriteString(" ")
				}
				walk(it)
			}
			b.WriteString("]")
		case NodeObject:
			b.WriteString("{")
			for i, m := range n.Fields {
				if i > 0 {
					b.WriteString(" ")
				}
				b.WriteString(m.Name + ":")
				walk(m.Value)
			}
			b.WriteString("}")
		}
	}
	walk(n)
	return b.String()
}

// FuzzJSONRead feeds arbitrary bodies to the JSON reader and the binder:
// neither may panic, and the reader must agree with encoding/json on what is
// JSON and what it says.
func FuzzJSONRead(f *testing.F) {
	for _, s := range []string{
		`{"CompanyId":"6f9619ff8b86d011b42d00c04fc964ff","Name":"x","Count":2,"Price":1.5,"Active":true}`,
		`{"When":"\/Date(1704164645678+0200)\/","Color":"Blue","Articles":[{"ArticleId":1,"Quantity":"3"}]}`,
		`{"Primary":{"Quantity":2},"Maybe":5,"Meta":{"a":"b"},"Tags":["a","b"]}`,
		`{"Name":"\u00e9\ud83d\ude00\ud800","Articles":[null,{}],"Unknown":[[[{}]]]}`,
		`{"Count":1e999,"Price":-0.0e-5,"Color":7,"Maybe":null}`,
		`[1,2]`, `null`, `"x"`, `{"a":1`, `{"a":tru}`, "{\"a\":\"\xff\"}", nest(70), ``,
	} {
		f.Add([]byte(s))
	}
	ti := (&Plans{}).Info(reflect.TypeOf(order{}))
	f.Fuzz(func(t *testing.T, body []byte) {
		n, err := ParseJSON(body)
		ref, refErr := parseJSONDecoder(body)
		if (err == nil) != (refErr == nil) {
			t.Fatalf("ParseJSON error %v, encoding/json says %v", err, refErr)
		}
		if err != nil {
			return
		}
		if !reflect.DeepEqual(n, ref) {
			t.Fatalf("ParseJSON read\n%s\nencoding/json reads\n%s", dumpNode(n), dumpNode(ref))
		}
		var o order
		if err := Bind(n, reflect.ValueOf(&o).Elem(), ti, ""); err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Bind error %T is not a *DecodeError", err)
			}
		}
	})
}

// TestJSONStringEscapes follows JsonUtils.WriteString in
// ServiceStack.Text/src/ServiceStack.Text/Json/JsonUtils.cs (ServiceStack
// commit 1d95209be7719f1bf3f87dabc92cee7027a29abe; unchanged in
// ServiceStack.Text v4.5.14): the short escapes, then printable ASCII
// as is, then char.IsControl characters as \uXXXX by IntToHex, whose
// digits are upper-case; everything else, U+2028 and U+2029 included,
// raw (EscapeUnicode and EscapeHtmlChars are off by default).
func TestJSONStringEscapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{"\"\\/", `"\"\\/"`},
		{"\n\r\t\b\f", `"\n\r\t\b\f"`},
		{"\x00\x01\x1f", `"\u0000\u0001\u001F"`},
		{"\x0b\x1a", `"\u000B\u001A"`},
		{"a\x7fb", `"a\u007Fb"`},                       // DEL is a control character
		{"\u0080\u0085\u009f", `"\u0080\u0085\u009F"`}, // so are the C1 controls
		{"\u00a0é\u00ff", "\"\u00a0é\u00ff\""},         // Latin-1 above them is not
		{"\u2028\u2029", "\"\u2028\u2029\""},           // separators, not controls
		{"<>&='", `"<>&='"`},                           // EscapeHtmlChars is off
		{"☃😀\ufeff", "\"☃😀\ufeff\""},                   // EscapeUnicode is off
		{"a\xffb\xc2", "\"a\uFFFDb\uFFFD\""},           // not UTF-8: U+FFFD, raw
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		writeJSONString(&buf, tt.in)
		if buf.String() != tt.want {
			t.Errorf("writeJSONString(%q) = %q, want %q", tt.in, buf.String(), tt.want)
		}
		if !utf8.ValidString(tt.in) {
			continue
		}
		var back string
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back != tt.in {
			t.Errorf("%q reads back as %q, %v", buf.String(), back, err)
		}
	}
}

// TestEscapeJSLineTerminators: a JSONP body keeps U+2028 and U+2029
// escaped, and nothing else changes, even other E2 80 sequences.
func TestEscapeJSLineTerminators(t *testing.T) {
	tests := []struct{ in, want string }{
		{"cb(\"a\")", "cb(\"a\")"},
		{"cb(\"\u2028\")", `cb("\u2028")`},
		{"cb(\"x\u2029y\u2028\u2028\")", `cb("x\u2029y\u2028\u2028")`},
		{"cb(\"\u2026\u2028…\")", "cb(\"\u2026\\u2028…\")"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		buf.WriteString("keep\u2028")
		from := buf.Len()
		buf.WriteString(tt.in)
		EscapeJSLineTerminators(&buf, from)
		if got := buf.String(); got != "keep\u2028"+tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, "keep\u2028"+tt.want)
		}
	}
}
