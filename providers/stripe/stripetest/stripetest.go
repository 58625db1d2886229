// Package stripetest runs stripe-mock for tests: the pinned version, on
// loopback ports of its own, with the repository's patched fixtures.
//
//	m := stripetest.Start(t)
//	sc := m.Client() // a *stripe.Client talking to it
//
// One stripe-mock process serves all tests of a test binary that overlap in
// time. A package with many such tests keeps one process for the whole run
// with
//
//	func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }
//
// stripe-mock is stateless: every answer is a fixture with some request
// parameters reflected. See the package tests of providers/stripe for what
// that means for callers.
package stripetest

import (
	"sync"
	"testing"

	"paygate/providers/stripe"
	"paygate/providers/stripe/stripemock"
)

const (
	// SecretKey is the key Client uses; stripe-mock accepts any sk_test_ key.
	SecretKey = "sk_test_123"

	// CheckoutClientSecret is the client_secret of every Checkout Session
	// with the repository's fixtures (see scripts/stripefixtures).
	CheckoutClientSecret = "cs_test_secret_fixture"

	// WebhookSecret is the signing secret of every webhook endpoint created
	// with the repository's fixtures.
	WebhookSecret = "whsec_test_fixture"
)

// Mock is a running stripe-mock.
type Mock struct {
	// URL is the HTTP base URL, e.g. http://127.0.0.1:41234; use it as
	// stripe.Config.APIBase.
	URL string
	// HTTPSURL serves the same over TLS with stripe-mock's self-signed
	// certificate.
	HTTPSURL string
}

// Config returns a client configuration for m: the test key and no retries,
// so a failure shows at once.
func (m *Mock) Config() stripe.Config {
	return stripe.Config{SecretKey: SecretKey, APIBase: m.URL, MaxNetworkRetries: -1}
}

// Client returns a client for m built from Config.
func (m *Mock) Client() *stripe.Client { return stripe.New(m.Config()) }

func mockOf(p *stripemock.Process) *Mock { return &Mock{URL: p.URL(), HTTPSURL: p.HTTPSURL()} }

// Options configure StartWith.
type Options struct {
	// Fixtures is a fixtures file (JSON) to use instead of the repository's
	// testdata/stripe/fixtures.json, for a test that needs, say, a complete
	// session.
	Fixtures string
}

// shared is the process Start hands out. The test binary is the unit of
// sharing, so this state is package-level by design.
var shared struct {
	mu   sync.Mutex
	proc *stripemock.Process
	refs int  // tests between Start and their cleanup
	main bool // inside Main: keep the process until the run ends
}

// Start returns the test binary's shared stripe-mock, starting it if needed
// (and installing it with scripts/stripe-mock.sh if missing). It fails tb
// when stripe-mock cannot be installed or does not answer. The process stops
// when the last test using it has finished, or when Main returns.
func Start(tb testing.TB) *Mock {
	tb.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.proc == nil || shared.proc.Exited() {
		p, err := launch("")
		if err != nil {
			tb.Fatalf("stripetest: %v", err)
		}
		shared.proc = p
	}
	p := shared.proc
	shared.refs++
	tb.Cleanup(func() {
		shared.mu.Lock()
		defer shared.mu.Unlock()
		shared.refs--
		if shared.refs == 0 && !shared.main && shared.proc == p {
			p.Stop()
			shared.proc = nil
		}
	})
	return mockOf(p)
}

// StartWith starts a stripe-mock of tb's own with opts, stopped when tb ends.
func StartWith(tb testing.TB, opts Options) *Mock {
	tb.Helper()
	p, err := launch(opts.Fixtures)
	if err != nil {
		tb.Fatalf("stripetest: %v", err)
	}
	tb.Cleanup(p.Stop)
	return mockOf(p)
}

// Main runs the tests and keeps the shared stripe-mock, once started, until
// they are done; it returns m.Run's exit code.
func Main(m *testing.M) int {
	shared.mu.Lock()
	shared.main = true
	shared.mu.Unlock()

	code := m.Run()

	shared.mu.Lock()
	defer shared.mu.Unlock()
	shared.main = false
	if shared.proc != nil {
		shared.proc.Stop()
		shared.proc = nil
	}
	return code
}
