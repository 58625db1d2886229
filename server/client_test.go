package server

import (
	"net/http"
	"net/netip"
	"testing"
)

// TestClientAddr: X-Forwarded-For is believed only as far as trusted
// proxies wrote it; the client is the right-most address that is not one.
func TestClientAddr(t *testing.T) {
	s := &Server{cfg: Config{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8"),
	}}}
	for _, c := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy", "198.51.100.7:5000", nil, "198.51.100.7"},
		{"untrusted peer's header is ignored", "198.51.100.7:5000", []string{"203.0.113.1"}, "198.51.100.7"},
		{"one trusted proxy", "10.0.0.2:443", []string{"198.51.100.7"}, "198.51.100.7"},
		{"forged entries left of the client", "10.0.0.2:443", []string{"1.2.3.4, 5.6.7.8, 198.51.100.7"}, "198.51.100.7"},
		{"a chain of trusted proxies", "10.0.0.2:443", []string{"198.51.100.7, 10.1.1.1", "10.2.2.2"}, "198.51.100.7"},
		{"only proxies", "10.0.0.2:443", []string{"10.1.1.1"}, "10.1.1.1"},
		{"no header", "10.0.0.2:443", nil, "10.0.0.2"},
		{"garbage from a proxy", "10.0.0.2:443", []string{"not-an-ip"}, "10.0.0.2"},
		{"ipv6 with port", "[fd00::1]:443", []string{"[2001:db8::5]:1234"}, "2001:db8::5"},
		{"mapped ipv4 peer", "[::ffff:10.0.0.2]:443", []string{"198.51.100.7"}, "198.51.100.7"},
	} {
		r := &http.Request{RemoteAddr: c.peer, Header: http.Header{}}
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := s.clientAddr(r); got != c.want {
			t.Errorf("%s: client %q, want %q", c.name, got, c.want)
		}
	}
}
