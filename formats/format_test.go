package formats

import "testing"

func TestIsFormBody(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/x-www-form-urlencoded":                true,
		" Application/X-WWW-Form-Urlencoded ":              true,
		"application/x-www-form-urlencoded; charset=utf-8": true,
		"multipart/form-data; boundary=X":                  true,
		"MULTIPART/FORM-DATA":                              true,
		"application/x-www-form-urlencoded; =bad":          false,
		"application/json":                                 false,
		"application/x-www-form-urlencodedx":               false,
		"":                                                 false,
	} {
		if got := IsFormBody(ct); got != want {
			t.Errorf("IsFormBody(%q) = %v, want %v", ct, got, want)
		}
	}
}
