package formats

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata (XML goldens copied from the reference are never rewritten)")

// writeCase is one value every writer is checked against a golden file for.
type writeCase struct {
	name string
	v    any
	o    Options
}

func writeCases() []writeCase {
	hello := helloResponse{Result: "Hello, World!"}
	withStatus := helloResponse{Result: "Hello, World!", ResponseStatus: &responseStatus{ErrorCode: "X"}}
	zero := uuid.UUID{}
	return []writeCase{
		{name: "hello", v: hello},
		{name: "hello_camel", v: hello, o: Options{CamelCase: true}},
		{name: "hello_status", v: withStatus},
		{name: "validation_error", v: validationError()},
		{name: "validation_error_camel", v: validationError(), o: Options{CamelCase: true}},
		{name: "items", v: []item{{Id: 1, Name: `x, "y"`, Price: 1.5}, {Id: 2}}},
		{name: "item_pointers", v: []*item{{Id: 1}, nil, {Id: 3, Name: "z"}}},
		{name: "empty_list", v: []item{}},
		{name: "numbers", v: []float64{0, -0.5, 0.1, 1e14, 1e15, 1e20, 0.0001, 0.00001}},
		{name: "sample", v: fullSample()},
		{name: "sample_camel", v: fullSample(), o: Options{CamelCase: true}},
		{name: "zero_sample", v: sample{}},
		{name: "checkout", v: checkout{
			CompanyId:   zero,
			CountryCode: "SE",
			Articles:    []article{{ArticleId: 1, ArticleTypeId: 2, Quantity: 3}},
			Note:        `a,b "q"`,
		}},
		{name: "derived", v: derived{base: base{BaseId: 1}, Base: Base{Inherited: "i"}, Own: "o"}},
		{name: "tree", v: &treeNode{Name: "root", Next: &treeNode{Name: "next"}, Children: []treeNode{{Name: "kid"}}}},
		{name: "loose", v: loose{Any: map[string]any{"n": 1, "s": "a,b", "t": true, "z": nil}, Raw: []byte(`{"x":[1,"y"],"n":null}`)}},
		{name: "map", v: map[string]string{"b": "2", "a": "x, y", "empty": ""}},
		{name: "dates", v: []time.Time{
			{},
			time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 678000000, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC),
			time.Date(2024, 1, 2, 4, 4, 5, 0, time.FixedZone("CET", 3600)),
		}},
	}
}

// checkGolden compares got with the golden file testdata/<format>/<name>.<format>,
// or rewrites the file under -update.
func checkGolden(t *testing.T, f Format, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", f.String(), name+"."+f.String())
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n got %q\nwant %q", path, got, want)
	}
}

// testGoldens writes every case in f and checks it against its golden file.
func testGoldens(t *testing.T, f Format) {
	c := NewCodecs(&Plans{})
	for _, tc := range writeCases() {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.Marshal(&buf, f, tc.v, tc.o); err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			checkGolden(t, f, tc.name, buf.Bytes())
		})
	}
}

// marshal writes v in f with a fresh set of plans.
func marshal(t testing.TB, f Format, v any, o Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := NewCodecs(&Plans{}).Marshal(&buf, f, v, o); err != nil {
		t.Fatalf("Marshal %s: %v", f, err)
	}
	return buf.String()
}
