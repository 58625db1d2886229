package formats

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CamelCase lower-cases the leading run of capitals except the last one
// before a lower-case letter, as ServiceStack.Text does: ID→id,
// URLValue→urlValue, ResponseStatus→responseStatus.
func CamelCase(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if !unicode.IsUpper(r[0]) {
		return s
	}
	i := 0
	for i < len(r) && unicode.IsUpper(r[i]) {
		i++
	}
	switch {
	case i == len(r):
		return strings.ToLower(s)
	case i == 1:
		r[0] = unicode.ToLower(r[0])
	default:
		// The last capital starts the next word.
		for k := 0; k < i-1; k++ {
			r[k] = unicode.ToLower(r[k])
		}
	}
	return string(r)
}

// Words splits a PascalCase name into words for validation messages:
// CompanyId → "Company Id".
func Words(s string) string {
	var b strings.Builder
	prev := rune(0)
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) && !unicode.IsUpper(prev) {
			b.WriteByte(' ')
		} else if i > 0 && unicode.IsUpper(r) && unicode.IsUpper(prev) {
			// An acronym ends where a lower-case letter follows.
			if next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):]); unicode.IsLower(next) {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
