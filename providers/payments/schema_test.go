package payments_test

import (
	"bytes"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemas are the seed's request and response schemas, compiled once.
var schemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	out := map[string]*jsonschema.Schema{}
	for _, name := range []string{"checkout_request", "payment", "error"} {
		path, err := filepath.Abs(filepath.Join("..", "..", "testdata", "payments", name+".schema.json"))
		if err != nil {
			return nil, err
		}
		s, err := c.Compile(path)
		if err != nil {
			return nil, err
		}
		out[name] = s
	}
	return out, nil
})

// schemaErr validates a JSON document against one of the seed's schemas.
func schemaErr(t *testing.T, name string, doc []byte) error {
	t.Helper()
	all, err := schemas()
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return all[name].Validate(inst)
}

func validate(t *testing.T, name string, doc []byte) {
	t.Helper()
	if err := schemaErr(t, name, doc); err != nil {
		t.Errorf("%s does not match the %s schema: %v", doc, name, err)
	}
}
