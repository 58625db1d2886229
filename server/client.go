package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddr is the address of the client a request came from. The peer
// is the client unless it is one of the trusted proxies; then each
// X-Forwarded-For entry, read from the right (the one the nearest proxy
// added), is another hop, and the first that is not a trusted proxy is the
// client. Entries further left were written by the client itself and
// could say anything, so they are never believed.
func (s *Server) clientAddr(r *http.Request) string {
	peer, ok := parseAddr(r.RemoteAddr)
	if !ok {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			return r.RemoteAddr
		}
		return host
	}
	if len(s.cfg.TrustedProxies) == 0 || !s.trusted(peer) {
		return peer.String()
	}
	client := peer
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		list := hops[i]
		for list != "" {
			var hop string
			if j := strings.LastIndexByte(list, ','); j >= 0 {
				list, hop = list[:j], list[j+1:]
			} else {
				list, hop = "", list
			}
			a, ok := parseAddr(strings.TrimSpace(hop))
			if !ok {
				// A trusted proxy passed on what it was sent; the
				// last hop we could read is all that is known.
				return client.String()
			}
			client = a
			if !s.trusted(a) {
				return a.String()
			}
		}
	}
	return client.String()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseAddr reads an address, with or without a port (and brackets).
func parseAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}
