package server

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"paygate/dto"
	"paygate/formats"
)

// A request DTO member tagged `from:"..."` (and `json:"-"`, so that it never
// binds from or renders to a wire format) is filled from the transport after
// binding, so that a handler sees everything it uses in its request:
//
//	from:"body"          []byte: the raw body, for signatures over its bytes
//	from:"header=Name"   string: the header's first value; []string: all of them
//	from:"format"        formats.Format: the negotiated response format
type input struct {
	index  []int
	source string // "body", "header", "format"
	header string // canonical header name
	all    bool   // []string: every value of the header
}

var (
	bytesType   = reflect.TypeFor[[]byte]()
	stringsType = reflect.TypeFor[[]string]()
	formatType  = reflect.TypeFor[formats.Format]()
	replyType   = reflect.TypeFor[dto.Reply]()
)

// inputsOf lists t's transport members. A malformed tag panics at
// registration, like a malformed route.
func inputsOf(t reflect.Type) []input {
	var in []input
	for _, f := range reflect.VisibleFields(t) {
		tag, ok := f.Tag.Lookup("from")
		if !ok {
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "-" {
			panic(fmt.Sprintf("server: %v.%s: a from member must be tagged json:\"-\"", t, f.Name))
		}
		source, header, _ := strings.Cut(tag, "=")
		i := input{index: f.Index, source: source, header: http.CanonicalHeaderKey(header)}
		switch {
		case source == "body" && f.Type == bytesType:
		case source == "format" && f.Type == formatType:
		case source == "header" && header != "" && f.Type.Kind() == reflect.String:
		case source == "header" && header != "" && f.Type == stringsType:
			i.all = true
		default:
			panic(fmt.Sprintf("server: %v.%s: unsupported from:%q for %v", t, f.Name, tag, f.Type))
		}
		in = append(in, i)
	}
	return in
}

// fill sets req's transport members from x.
func fill(x *Exchange, in []input, req any) {
	if len(in) == 0 {
		return
	}
	v := reflect.ValueOf(req).Elem()
	for _, i := range in {
		f := v.FieldByIndex(i.index)
		switch i.source {
		case "body":
			f.SetBytes(x.Body)
		case "format":
			f.Set(reflect.ValueOf(x.Choice.Format))
		case "header":
			if i.all {
				f.Set(reflect.ValueOf(x.Request.Header.Values(i.header)))
			} else {
				f.SetString(x.Request.Header.Get(i.header))
			}
		}
	}
}

// replyIndexOf finds t's dto.Reply member, nil when it has none.
func replyIndexOf(t reflect.Type) []int {
	if t.Kind() != reflect.Struct {
		return nil
	}
	for _, f := range reflect.VisibleFields(t) {
		if f.Type == replyType && !f.Anonymous {
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "-" {
				panic(fmt.Sprintf("server: %v.%s: a dto.Reply member must be tagged json:\"-\"", t, f.Name))
			}
			return f.Index
		}
	}
	return nil
}

// replyOf returns the Reply resp carries for op, nil when none.
func replyOf(op *Operation, resp any) *dto.Reply {
	if op.replyIndex == nil || resp == nil {
		return nil
	}
	v := reflect.ValueOf(resp)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	return v.Elem().FieldByIndex(op.replyIndex).Addr().Interface().(*dto.Reply)
}
