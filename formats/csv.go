package formats

import (
	"bytes"
	"reflect"
	"strings"
)

// csvWriter writes responses as ServiceStack's CsvSerializer does. CSV is
// for reading by people and spreadsheets; request bodies in it are not read.
//
// A list is one row per item under a header of the item's members; a
// struct is a single row of its own members (ServiceStack's rule for plain
// POCO responses) unless it is a DataContract envelope (see csvEnvelope); a
// map is a row of its values under a header of its keys. Scalar cells hold
// the JSV text of the value, complex ones (structs, lists, maps) their JSV
// encoding, always quoted; null is an empty cell.
type csvWriter struct{}

func (csvWriter) write(buf *bytes.Buffer, v reflect.Value, ti *TypeInfo, o Options) error {
	v, ok := deref(v)
	if !ok {
		return nil
	}
	w := csvRows{buf: buf, o: o}
	switch ti.Kind {
	case KindList:
		return w.list(v, ti.Elem)
	case KindStruct:
		if f := csvEnvelope(ti.Plan); f != nil && !failed(v, ti.Plan) {
			return w.envelope(v.FieldByIndex(f.Index), f.Type)
		}
		w.header(ti.Plan)
		return w.structRow(v, ti.Plan)
	case KindMap:
		keys := w.mapHeader([]reflect.Value{v})
		return w.mapRow(v, ti.Elem, keys)
	}
	if err := w.cell(v, ti); err != nil {
		return err
	}
	w.buf.WriteString("\r\n")
	return nil
}

// csvEnvelope is the member ServiceStack's CsvSerializer writes in place of
// a [DataContract] response (CsvSerializer<T>.GetWriteFn): the first
// collection among its members of reference type, else the first member of
// reference type at all; strings, byte arrays, value types (Nullable ones
// too) and the member named ResponseStatus are passed over. nil means the
// response is written as itself. Members of no declared type are passed
// over as well: .NET would look at their runtime type, which Go does not
// keep for a null.
func csvEnvelope(pl *Plan) *Field {
	if !pl.DataContract {
		return nil
	}
	var first *Field
	for _, f := range pl.Fields {
		if f.Name == "ResponseStatus" {
			continue
		}
		switch f.Type.Kind {
		case KindList, KindMap:
			return f
		case KindStruct:
			if first == nil {
				first = f
			}
		}
	}
	return first
}

// failed reports whether the response carries a ResponseStatus, an error.
// ServiceStack would still write only the envelope's member, leaving an
// error body empty; paygate writes the whole response so the error shows.
func failed(v reflect.Value, pl *Plan) bool {
	f := pl.Lookup("ResponseStatus")
	if f == nil {
		return false
	}
	_, ok := deref(v.FieldByIndex(f.Index))
	return ok
}

// envelope writes the chosen member of a DataContract response: a list as
// usual, a struct as a one-row table, and a map as .NET enumerates a
// Dictionary, a sequence of KeyValuePair structs: the pair's members as
// the header and each pair's JSV in a single row. A null member is an
// empty body, as CsvWriter writes nothing for null records.
func (w *csvRows) envelope(v reflect.Value, ti *TypeInfo) error {
	v, ok := deref(v)
	if !ok {
		return nil
	}
	switch ti.Kind {
	case KindList:
		return w.list(v, ti.Elem)
	case KindMap:
		return w.pairs(v, ti.Elem)
	}
	w.header(ti.Plan)
	return w.structRow(v, ti.Plan)
}

func (w *csvRows) pairs(v reflect.Value, elem *TypeInfo) error {
	w.buf.WriteString("Key,Value\r\n")
	keys := v.MapKeys()
	sortKeys(keys)
	key, value := "Key", "Value"
	if w.o.CamelCase {
		key, value = "key", "value"
	}
	for i, k := range keys {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		w.scratch.Reset()
		w.scratch.WriteByte('{')
		writeJSVString(&w.scratch, key)
		w.scratch.WriteByte(':')
		writeJSVString(&w.scratch, k.String())
		if _, err := writeJSVMember(&w.scratch, false, value, v.MapIndex(k), elem, w.o); err != nil {
			return err
		}
		w.scratch.WriteByte('}')
		writeQuoted(w.buf, w.scratch.String())
	}
	w.buf.WriteString("\r\n")
	return nil
}

// csvRows holds the state of one CSV response: its options and a scratch
// buffer for the JSV of complex cells, which are quoted after the fact.
type csvRows struct {
	buf     *bytes.Buffer
	o       Options
	scratch bytes.Buffer
}

func (w *csvRows) list(v reflect.Value, item *TypeInfo) error {
	if v.Kind() == reflect.Slice && v.IsNil() {
		return nil
	}
	switch item.Kind {
	case KindStruct:
		w.header(item.Plan)
		for i := 0; i < v.Len(); i++ {
			if err := w.structRow(v.Index(i), item.Plan); err != nil {
				return err
			}
		}
		return nil
	case KindMap:
		rows := make([]reflect.Value, v.Len())
		for i := range rows {
			rows[i] = v.Index(i)
		}
		keys := w.mapHeader(rows)
		for _, r := range rows {
			if err := w.mapRow(r, item.Elem, keys); err != nil {
				return err
			}
		}
		return nil
	}
	// Items without members of their own (numbers, strings) have no header
	// to give; ServiceStack writes them as a single row.
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if err := w.cell(v.Index(i), item); err != nil {
			return err
		}
	}
	w.buf.WriteString("\r\n")
	return nil
}

// header writes the members' declared names, whatever the JSON case:
// CsvWriter<T> heads its columns with the property (or DataMember) names.
func (w *csvRows) header(pl *Plan) {
	for i, f := range pl.Fields {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		writeCSVField(w.buf, f.Name)
	}
	w.buf.WriteString("\r\n")
}

// structRow writes the members of v, a struct or a pointer to one; a nil
// item is a row of empty cells, so rows still line up with the items.
func (w *csvRows) structRow(v reflect.Value, pl *Plan) error {
	v, ok := deref(v)
	for i, f := range pl.Fields {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if !ok {
			continue
		}
		if err := w.cell(v.FieldByIndex(f.Index), f.Type); err != nil {
			return err
		}
	}
	w.buf.WriteString("\r\n")
	return nil
}

// mapHeader writes the keys of all rows, sorted, and returns them. Go maps
// have no order of their own, and taking every row's keys loses no value.
func (w *csvRows) mapHeader(rows []reflect.Value) []reflect.Value {
	seen := map[string]bool{}
	var keys []reflect.Value
	for _, r := range rows {
		r, ok := deref(r)
		if !ok {
			continue
		}
		for _, k := range r.MapKeys() {
			if !seen[k.String()] {
				seen[k.String()] = true
				keys = append(keys, k)
			}
		}
	}
	sortKeys(keys)
	for i, k := range keys {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		writeCSVField(w.buf, k.String())
	}
	w.buf.WriteString("\r\n")
	return keys
}

func (w *csvRows) mapRow(v reflect.Value, elem *TypeInfo, keys []reflect.Value) error {
	v, ok := deref(v)
	for i, k := range keys {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if !ok {
			continue
		}
		if e := v.MapIndex(k); e.IsValid() {
			if err := w.cell(e, elem); err != nil {
				return err
			}
		}
	}
	w.buf.WriteString("\r\n")
	return nil
}

// cell writes one value: empty for null, the JSV text for a scalar, quoted
// only when CSV needs it, and always quoted JSV for anything with members.
func (w *csvRows) cell(v reflect.Value, ti *TypeInfo) error {
	if isNull(v, ti) {
		return nil
	}
	v, ok := deref(v)
	if !ok {
		return nil
	}
	w.scratch.Reset()
	switch {
	case ti.Kind == KindAny || v.Type() == rawJSONType:
		// A value of no declared type may be a plain string or number,
		// which must not be quoted twice, once for JSV and once for CSV.
		n, err := anyNode(v)
		if err != nil {
			return err
		}
		if n.Kind == NodeScalar {
			writeCSVField(w.buf, nodeText(n))
			return nil
		}
		writeJSVNode(&w.scratch, n)
	case ti.Kind == KindStruct || ti.Kind == KindList || ti.Kind == KindMap:
		if err := writeJSV(&w.scratch, v, ti, w.o); err != nil {
			return err
		}
	default:
		b, err := appendScalar(w.scratch.AvailableBuffer(), v, ti)
		if err != nil {
			return err
		}
		writeCSVField(w.buf, string(b))
		return nil
	}
	if w.scratch.Len() > 0 {
		writeQuoted(w.buf, w.scratch.String())
	}
	return nil
}

// writeCSVField writes s, quoted only if it holds a quote, comma or line
// break, or starts with '[' or '{', which ServiceStack's reader would take
// for the start of a JSV list or map (CsvWriter.HasAnyEscapeChars).
func writeCSVField(buf *bytes.Buffer, s string) {
	if strings.ContainsAny(s, "\",\r\n") || s != "" && (s[0] == '[' || s[0] == '{') {
		writeQuoted(buf, s)
		return
	}
	buf.WriteString(s)
}

// deref follows pointers and interfaces; ok is false at a nil.
func deref(v reflect.Value) (_ reflect.Value, ok bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	return v, v.IsValid()
}
