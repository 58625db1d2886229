package server_test

import (
	"testing"

	"paygate/server"
)

func TestRouteURL(t *testing.T) {
	for _, c := range []struct{ public, base, want string }{
		{"https://pay.example.org", "", "https://pay.example.org/cb"},
		{"https://pay.example.org/", "/", "https://pay.example.org/cb"},
		{"https://pay.example.org//", "gw", "https://pay.example.org/gw/cb"},
		{"https://pay.example.org", "/gw/", "https://pay.example.org/gw/cb"},
		{"https://pay.example.org", "/a/b", "https://pay.example.org/a/b/cb"},
	} {
		if got := server.RouteURL(c.public, c.base, "/cb"); got != c.want {
			t.Errorf("RouteURL(%q, %q) = %q, want %q", c.public, c.base, got, c.want)
		}
	}
}
