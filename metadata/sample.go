package metadata

import (
	"bytes"
	"fmt"
	"reflect"

	"paygate/formats"
)

// maxSampleDepth stops placeholder values of self-referencing DTOs.
const maxSampleDepth = 4

// placeholder returns a value of type t filled the way ServiceStack fills
// its samples: "String" for strings, zero numbers, false, the zero Guid and
// time, the first enum value, one element in every list and map, and
// nested DTOs filled in turn.
func placeholder(plans *formats.Plans, t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	fill(plans, v, plans.Info(t), 0)
	return v
}

func fill(plans *formats.Plans, v reflect.Value, ti *formats.TypeInfo, depth int) {
	if depth > maxSampleDepth {
		return
	}
	if v.Kind() == reflect.Pointer {
		if ti.Kind == formats.KindAny {
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(plans, p.Elem(), plans.Info(v.Type().Elem()), depth)
		v.Set(p)
		return
	}
	switch ti.Kind {
	case formats.KindString:
		v.SetString("String")
	case formats.KindStruct:
		for _, f := range ti.Plan.Fields {
			fill(plans, v.FieldByIndex(f.Index), f.Type, depth+1)
		}
	case formats.KindList:
		if v.Kind() == reflect.Array {
			for i := 0; i < v.Len(); i++ {
				fill(plans, v.Index(i), ti.Elem, depth+1)
			}
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(plans, s.Index(0), ti.Elem, depth+1)
		v.Set(s)
	case formats.KindMap:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		mp := reflect.MakeMapWithSize(v.Type(), 1)
		e := reflect.New(v.Type().Elem()).Elem()
		fill(plans, e, ti.Elem, depth+1)
		mp.SetMapIndex(reflect.ValueOf("String").Convert(v.Type().Key()), e)
		v.Set(mp)
	}
	// Numbers, bools, Guids, times and enums keep their zero value, which
	// is what the samples show (the first enum name).
}

// sampleBody encodes the placeholder of t in format f with the server's own
// codecs, so the samples are exactly what the service sends. XML is shown
// indented.
func sampleBody(c *formats.Codecs, f formats.Format, t reflect.Type, o formats.Options) (string, error) {
	v := placeholder(c.Plans(), t)
	var buf bytes.Buffer
	if err := c.Marshal(&buf, f, v.Addr().Interface(), o); err != nil {
		return "", fmt.Errorf("%s sample of %s: %w", f, t.Name(), err)
	}
	if f == formats.XML {
		return indentXML(buf.Bytes())
	}
	return buf.String(), nil
}
