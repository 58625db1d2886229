package formats

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
)

// Options are the per-response writer settings (configuration plus ?jsconfig=).
type Options struct {
	CamelCase bool // camelCase property names instead of the declared PascalCase
}

// name returns the wire name of f under o.
func (o Options) name(f *Field) string {
	if o.CamelCase {
		return f.CamelName
	}
	return f.Name
}

// writer encodes a value of a known type into buf.
type writer interface {
	write(buf *bytes.Buffer, v reflect.Value, ti *TypeInfo, o Options) error
}

// reader parses a body into a Node; ti is the expected type, for formats
// (XML) whose syntax cannot tell lists from objects on its own.
type reader interface {
	read(data []byte, ti *TypeInfo) (*Node, error)
}

// Codecs encodes and decodes DTOs in every supported format. It is safe for
// concurrent use; the zero value is not usable, call NewCodecs.
type Codecs struct {
	plans   *Plans
	writers [len(formatNames)]writer
	readers [len(formatNames)]reader
}

// NewCodecs returns codecs sharing plans.
func NewCodecs(plans *Plans) *Codecs {
	c := &Codecs{plans: plans}
	c.writers[JSON], c.readers[JSON] = jsonWriter{}, jsonReader{}
	c.writers[JSV], c.readers[JSV] = jsvWriter{}, jsvReader{}
	c.writers[CSV] = csvWriter{}
	xc := newXMLContracts()
	c.writers[XML], c.readers[XML] = xmlWriter{contracts: xc}, xmlReader{contracts: xc}
	return c
}

// Plans returns the type plans the codecs use.
func (c *Codecs) Plans() *Plans { return c.plans }

// Marshal appends the encoding of v in format f to buf.
func (c *Codecs) Marshal(buf *bytes.Buffer, f Format, v any, o Options) error {
	w := c.writers[f]
	if w == nil {
		return fmt.Errorf("formats: no writer for %q", f)
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return errors.New("formats: nil value")
	}
	return w.write(buf, rv, c.plans.Info(rv.Type()), o)
}

// CanRead reports whether request bodies in f can be decoded.
func (c *Codecs) CanRead(f Format) bool { return c.readers[f] != nil }

// Unmarshal decodes data in format f into dst, a non-nil pointer.
// Failures are *DecodeError.
func (c *Codecs) Unmarshal(f Format, data []byte, dst any) error {
	r := c.readers[f]
	if r == nil {
		return &DecodeError{Err: fmt.Errorf("%s request bodies are not supported", f)}
	}
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("formats: Unmarshal needs a non-nil pointer")
	}
	ti := c.plans.Info(rv.Type().Elem())
	n, err := r.read(data, ti)
	if err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			return de
		}
		return &DecodeError{Err: err}
	}
	if want := ti.Kind; (want == KindStruct || want == KindMap) && n.Kind != NodeObject {
		return &DecodeError{Err: fmt.Errorf("expected an object, got %s", n.Kind)}
	}
	if want := ti.Kind; want == KindList && n.Kind != NodeList {
		return &DecodeError{Err: fmt.Errorf("expected a list, got %s", n.Kind)}
	}
	return Bind(n, rv.Elem(), ti, "")
}

// DecodeError is a request body or value that does not fit the DTO.
type DecodeError struct {
	Field string // path of the offending member ("Articles[0].Quantity"); empty for the body as a whole
	Value string // the offending text, when there is one
	Err   error
}

func (e *DecodeError) Error() string {
	if e.Field == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s: %v", e.Field, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }
