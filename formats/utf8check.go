package formats

import (
	"reflect"
	"strconv"
	"unicode/utf8"
)

// InvalidUTF8 returns the member of v (a bound request DTO, or a pointer to
// one) holding text that is not UTF-8, by its wire path
// ("Articles[1].Name"); "" when all of it is. Readers keep such bytes as
// they came, so that the request is refused naming the member in every
// format rather than stored raw in one and replaced in another.
func (p *Plans) InvalidUTF8(v any) string {
	path, _ := p.invalidUTF8(reflect.ValueOf(v), "")
	return path
}

func (p *Plans) invalidUTF8(v reflect.Value, path string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		return path, !utf8.ValidString(v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return p.invalidUTF8(v.Elem(), path)
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "", false // bytes, not text
		}
		for i := 0; i < v.Len(); i++ {
			if at, bad := p.invalidUTF8(v.Index(i), path+"["+strconv.Itoa(i)+"]"); bad {
				return at, true
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			at := join(path, it.Key().String())
			if it.Key().Kind() == reflect.String && !utf8.ValidString(it.Key().String()) {
				return path, true
			}
			if at, bad := p.invalidUTF8(it.Value(), at); bad {
				return at, true
			}
		}
	case reflect.Struct:
		if !v.CanAddr() {
			c := reflect.New(v.Type()).Elem()
			c.Set(v)
			v = c
		}
		plan := p.PlanOf(v.Type())
		if plan == nil {
			return "", false
		}
		for _, f := range plan.Fields {
			if at, bad := p.invalidUTF8(v.FieldByIndex(f.Index), join(path, f.Name)); bad {
				return at, true
			}
		}
	}
	return "", false
}
