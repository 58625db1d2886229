package formats

import (
	"bytes"
	"reflect"
	"testing"
)

type nullableMembers struct {
	ID      string         `json:"id"`
	OrderID *string        `json:"order_id" nullable:"true"`
	Note    string         `json:"note" nullable:"true"`
	Meta    map[string]int `json:"meta,omitempty" nullable:"true"`
	Tags    []string       `json:"tags"`
}

func TestJSONExplicitNull(t *testing.T) {
	c := NewCodecs(&Plans{})
	empty := ""
	for _, tc := range []struct {
		name string
		in   nullableMembers
		want string
	}{
		{"nulls written, plain members omitted", nullableMembers{ID: "p1"},
			`{"id":"p1","order_id":null,"note":null,"meta":null}`},
		{"values written", nullableMembers{ID: "p1", OrderID: new("o1"), Note: "n", Meta: map[string]int{"a": 1}, Tags: []string{"x"}},
			`{"id":"p1","order_id":"o1","note":"n","meta":{"a":1},"tags":["x"]}`},
		{"pointer to empty string is a value", nullableMembers{ID: "p1", OrderID: &empty},
			`{"id":"p1","order_id":"","note":null,"meta":null}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.Marshal(&buf, JSON, &tc.in, Options{CamelCase: true}); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("got  %s\nwant %s", buf.String(), tc.want)
			}
		})
	}
	if f := c.Plans().PlanOf(reflect.TypeFor[nullableMembers]()).Lookup("order_id"); f == nil || !f.Null {
		t.Errorf("order_id field %+v: Null not set", f)
	}
}
