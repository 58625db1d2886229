package formats

import (
	"bytes"
	"encoding/csv"
	"math"
	"testing"
	"time"
)

func TestCSVGoldens(t *testing.T) { testGoldens(t, CSV) }

func TestCSVVectors(t *testing.T) {
	tests := []struct {
		name string
		v    any
		o    Options
		want string
	}{
		{"hello", hello{Result: "Hello, World!"}, Options{}, "Result\r\n\"Hello, World!\"\r\n"},
		{"hello with null status", helloResponse{Result: "Hello, World!"}, Options{}, "Result,ResponseStatus\r\n\"Hello, World!\",\r\n"},
		{"hello with status", helloResponse{Result: "Hello, World!", ResponseStatus: &responseStatus{ErrorCode: "X"}}, Options{},
			"Result,ResponseStatus\r\n\"Hello, World!\",\"{ErrorCode:X}\"\r\n"},
		// Headers are the declared names even under camelCase (CsvWriter<T>.Reset
		// in ServiceStack.Text/src/ServiceStack.Text/CsvWriter.cs, the same in
		// v4.5.14); only the JSV inside complex cells follows the case.
		{"hello camel", helloResponse{Result: "Hello, World!", ResponseStatus: &responseStatus{ErrorCode: "X"}}, Options{CamelCase: true},
			"Result,ResponseStatus\r\n\"Hello, World!\",\"{errorCode:X}\"\r\n"},
		{"items", []item{{Id: 1, Name: `x, "y"`, Price: 1.5}, {Id: 2}}, Options{}, "Id,Name,Price\r\n1,\"x, \"\"y\"\"\",1.5\r\n2,,0\r\n"},
		{"items camel", []item{{Id: 1}}, Options{CamelCase: true}, "Id,Name,Price\r\n1,,0\r\n"},
		{"no items: header only", []item{}, Options{}, "Id,Name,Price\r\n"},
		{"nil list", []item(nil), Options{}, ""},
		{"nil response", (*helloResponse)(nil), Options{}, ""},
		{"pointer response", &hello{Result: "x"}, Options{}, "Result\r\nx\r\n"},
		{"nil item keeps its row", []*item{nil, {Id: 2}}, Options{}, "Id,Name,Price\r\n,,\r\n2,,0\r\n"},
		{"scalars in one row", []string{"a", "b,c", ""}, Options{}, "a,\"b,c\",\r\n"},
		{"top-level scalar", "a\nb", Options{}, "\"a\nb\"\r\n"},
		{"complex cells are quoted JSV", struct {
			L []string
			M map[string]string
			S item
			E []int
		}{[]string{"a", "b c"}, map[string]string{"k": `v "w"`}, item{Id: 1}, []int{}}, Options{},
			"L,M,S,E\r\n\"[a,b c]\",\"{k:\"\"v \"\"\"\"w\"\"\"\"\"\"}\",\"{Id:1,Price:0}\",\"[]\"\r\n"},
		{"scalar cells as JSV text", struct {
			B    bool
			When time.Time
			C    color
			F    float64
			N    float64
			D    []byte
		}{true, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), blue, 1e20, math.NaN(), []byte{1, 2, 3}}, Options{},
			"B,When,C,F,N,D\r\nTrue,2024-01-02T03:04:05Z,Blue,1E+20,,AQID\r\n"},
		{"untyped cells", []loose{{Any: "a,b", Raw: []byte(`{"x":1}`)}, {Any: 1.5, Raw: []byte(`"s"`)}, {Any: true}}, Options{},
			"Any,Raw\r\n\"a,b\",\"{x:1}\"\r\n1.5,s\r\nTrue,\r\n"},
		{"map", map[string]string{"b": "2", "a": "x,y"}, Options{}, "a,b\r\n\"x,y\",2\r\n"},
		{"list of maps", []map[string]int{{"a": 1}, {"b": 2}}, Options{}, "a,b\r\n1,\r\n,2\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := marshal(t, CSV, tt.v, tt.o); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCSVField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"a:b{c}[d]", "a:b{c}[d]"},
		// CsvWriter.HasAnyEscapeChars: a leading list or map char is quoted,
		// as in CsvTests/ObjectSerializerTests.cs
		// Can_serialize_text_with_unmatched_list_or_map_chars.
		{"[2", `"[2"`},
		{"{3", `"{3"`},
		{"[]", `"[]"`},
		{"a[", "a["},
		// Spaces and tabs are not escape strings: kept bare.
		{" spaced ", " spaced "},
		{"\tx", "\tx"},
		{"a,b", `"a,b"`},
		{`say "hi"`, `"say ""hi"""`},
		{"cr\r", "\"cr\r\""},
		{"lf\n", "\"lf\n\""},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		writeCSVField(&buf, tt.in)
		if buf.String() != tt.want {
			t.Errorf("writeCSVField(%q) = %q, want %q", tt.in, buf.String(), tt.want)
		}
	}
}

// TestCSVDataContractEnvelope follows CsvSerializer<T>.GetWriteFn in
// ServiceStack.Text/src/ServiceStack.Text/CsvSerializer.cs (ServiceStack
// commit 1d95209be7719f1bf3f87dabc92cee7027a29abe; the same rule in
// ServiceStack.Text v4.5.14): a [DataContract] response is written as its
// first collection member, else its first member of reference type; a POCO
// response, or one with no such member, as a single row of itself.
func TestCSVDataContractEnvelope(t *testing.T) {
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name string
		v    any
		o    Options
		want string
	}{
		{"string list: one row, no header (CsvWriter<string>)",
			dcRoles{UserId: "u", Expiry: &when, Data: []byte{1}, Roles: []string{"a", "b,c", "[x"}, Meta: map[string]string{"k": "v"}}, Options{},
			"a,\"b,c\",\"[x\"\r\n"},
		{"null list: empty body", dcRoles{UserId: "u"}, Options{}, ""},
		{"empty list: an empty row", dcRoles{Roles: []string{}}, Options{}, "\r\n"},
		{"an error shows the whole response (deliberate)",
			dcRoles{UserId: "u", ResponseStatus: &responseStatus{ErrorCode: "X"}}, Options{},
			"UserId,Expiry,Data,Roles,ResponseStatus,Meta\r\nu,,,,\"{ErrorCode:X}\",\r\n"},
		{"struct list: a row per item", dcItems{Total: 2, Items: []item{{Id: 1, Name: "x"}, {Id: 2}}}, Options{},
			"Id,Name,Price\r\n1,x,0\r\n2,,0\r\n"},
		{"a later collection wins over an earlier struct",
			dcNested{First: &item{Id: 9}, Items: []item{{Id: 1}}}, Options{}, "Id,Name,Price\r\n1,,0\r\n"},
		{"no collection: the first struct as a one-row table",
			dcOnly{Name: "n", Only: &item{Id: 9, Name: "z"}}, Options{}, "Id,Name,Price\r\n9,z,0\r\n"},
		{"a map is a KeyValuePair sequence", dcMap{Meta: map[string]string{"b": "2", "a": "x y"}}, Options{},
			"Key,Value\r\n\"{Key:a,Value:x y}\",\"{Key:b,Value:2}\"\r\n"},
		{"only scalars and ResponseStatus: itself", errorResponse{}, Options{}, "ResponseStatus\r\n\r\n"},
		{"a POCO with a list stays one row", struct{ Tags []string }{[]string{"a"}}, Options{}, "Tags\r\n\"[a]\"\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := marshal(t, CSV, tt.v, tt.o); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestCSVParses reads every golden case back with encoding/csv: each must be
// well-formed, with as many cells in every row as in the header.
func TestCSVParses(t *testing.T) {
	for _, tc := range writeCases() {
		t.Run(tc.name, func(t *testing.T) {
			body := marshal(t, CSV, tc.v, tc.o)
			rows, err := csv.NewReader(bytes.NewReader([]byte(body))).ReadAll()
			if err != nil {
				t.Fatalf("%q: %v", body, err)
			}
			if len(rows) == 0 && body != "" {
				t.Fatalf("%q has no rows", body)
			}
		})
	}
}
