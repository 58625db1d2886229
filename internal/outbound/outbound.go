// Package outbound makes the HTTP transport paygate calls its providers
// with.
package outbound

import (
	"net/http"
	"time"
)

// MaxIdlePerHost is how many idle connections are kept to one provider
// host. Go's default of 2 makes every call beyond the second concurrent one
// open a connection and close it afterwards: under load most provider calls
// then pay a TCP handshake, and the provider a socket in TIME-WAIT each. A
// connection per concurrent call is kept instead; IdleConnTimeout closes
// them once a peak is over.
const MaxIdlePerHost = 512

// Transport returns a transport with Go's default dialer, proxy, TLS and
// timeout settings that keeps MaxIdlePerHost idle connections per host.
func Transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 0 // bounded per host instead
	t.MaxIdleConnsPerHost = MaxIdlePerHost
	t.IdleConnTimeout = 90 * time.Second
	return t
}
