package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/internal/faultproxy"
	"paygate/internal/servertest"
	"paygate/providers/bokamera"
	"paygate/providers/payson/sandbox"
	"paygate/providers/paysonv2"
	"paygate/providers/stripe/stripetest"
	"paygate/providers/stripev1"
	"paygate/secrets"
	"paygate/store"
	"paygate/store/storetest"
)

// A fleet is N paygate serve processes on one database, with stripe-mock
// (behind a recording proxy) and the Payson sandbox, as replicas behind a
// load balancer would run. The processes are this test binary running
// paygate's main (see TestMain), so they are the code under test.
type fleet struct {
	tb        testing.TB
	db        *store.DB // the test's own view of the shared database
	dsn       string
	company   uuid.UUID
	adminKey  string
	stripe    *stripetest.Recorder // every call the replicas made to Stripe
	stripeTS  *httptest.Server
	stripeURL string            // where the replicas call Stripe
	faults    *faultproxy.Proxy // in front of stripeTS, with fleetOptions.faults
	opts      fleetOptions
	payson    *sandbox.Sandbox
	paysonTS  *httptest.Server
	paysonPU  atomic.Int64 // PUTs to Payson's checkouts: payment requests, cancels
	replicas  []*replica
	client    *http.Client
	key       string // PAYGATE_ENCRYPTION_KEY, the same on every replica
}

type replica struct {
	url    string
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{}
}

const (
	fleetJWTSecret     = "replica-tests-hs256-secret-of-32-bytes"
	fleetWebhookSecret = "whsec_replicas"
)

// fleetOptions change how a fleet's replicas run.
type fleetOptions struct {
	// attemptTimeout is PAYGATE_ATTEMPT_TIMEOUT; zero leaves the default.
	attemptTimeout time.Duration
	// faults puts a fault proxy, answering a repeated Idempotency-Key as
	// Stripe does, between the replicas and Stripe.
	faults bool
}

func newFleet(tb testing.TB, engine string, n int) *fleet {
	return newFleetWith(tb, engine, n, fleetOptions{})
}

func newFleetWith(tb testing.TB, engine string, n int, o fleetOptions) *fleet {
	tb.Helper()
	f := &fleet{tb: tb, dsn: storetest.DSN(tb, engine), company: uuid.New(), opts: o,
		client: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	db, err := store.Open(tb.Context(), f.dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	f.db = db
	if f.key, err = secrets.Generate("k1"); err != nil {
		tb.Fatal(err)
	}
	keys, err := secrets.Parse(f.key)
	if err != nil {
		tb.Fatal(err)
	}
	db.SetSealer(keys)
	ctx := tb.Context()
	storetest.AddCompany(tb, db, store.Company{ID: f.company, Name: "Salong Replika", Currency: "SEK"})
	if err := stripev1.SeedDemo(ctx, db, f.company); err != nil {
		tb.Fatal(err)
	}
	if err := paysonv2.SeedDemo(ctx, db, f.company, sandbox.DemoAgentID, sandbox.DemoAPIKey); err != nil {
		tb.Fatal(err)
	}
	f.adminKey = authtest.Key(tb, db, auth.KeySpec{Company: f.company, Roles: []string{bokamera.RoleAdminWrite}, Name: "admin"})

	mock := stripetest.Start(tb)
	target, err := url.Parse(mock.URL)
	if err != nil {
		tb.Fatal(err)
	}
	f.stripe = &stripetest.Recorder{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = f.stripe
	f.stripeTS = httptest.NewServer(proxy)
	tb.Cleanup(f.stripeTS.Close)
	f.stripeURL = f.stripeTS.URL
	if o.faults {
		f.faults, f.stripeURL = faultproxy.Start(tb, f.stripeTS.URL, faultproxy.Options{Idempotent: true})
	}

	f.payson = sandbox.New(sandbox.Options{NotifyAttempts: 3, NotifyBaseDelay: 10 * time.Millisecond})
	f.paysonTS = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			f.paysonPU.Add(1)
		}
		f.payson.ServeHTTP(w, r)
	}))
	tb.Cleanup(func() {
		f.paysonTS.Close()
		f.payson.Close()
	})

	// All replicas start at once: each migrates (nothing is pending here,
	// storetest migrated) and serves.
	var wg sync.WaitGroup
	f.replicas = make([]*replica, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.replicas[i] = f.start()
		}()
	}
	wg.Wait()
	for _, r := range f.replicas {
		f.waitReady(r)
	}
	return f
}

func (f *fleet) start() *replica {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.tb.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	r := &replica{url: "http://" + addr, stderr: &syncBuffer{}, done: make(chan struct{})}
	r.cmd = exec.Command(os.Args[0], "serve")
	r.cmd.Env = append(os.Environ(), "PAYGATE_TEST_RUN_MAIN=1",
		"PAYGATE_DB="+f.dsn, "PAYGATE_ADDR="+addr, "PAYGATE_PUBLIC_URL="+r.url,
		"PAYGATE_STRIPE_SECRET_KEY="+stripetest.SecretKey, "PAYGATE_STRIPE_API_BASE="+f.stripeURL,
		"PAYGATE_STRIPE_WEBHOOK_SECRET="+fleetWebhookSecret,
		"PAYGATE_PAYSON_API_BASE="+f.paysonTS.URL, "PAYGATE_PAYSON_TEST_API_BASE="+f.paysonTS.URL,
		"PAYGATE_JWT_SECRET="+fleetJWTSecret, "PAYGATE_ENCRYPTION_KEY="+f.key, "PAYGATE_LOG_FORMAT=json")
	if f.opts.attemptTimeout > 0 {
		r.cmd.Env = append(r.cmd.Env, "PAYGATE_ATTEMPT_TIMEOUT="+f.opts.attemptTimeout.String())
	}
	r.cmd.Stderr = r.stderr
	if err := r.cmd.Start(); err != nil {
		f.tb.Fatal(err)
	}
	go func() {
		_ = r.cmd.Wait()
		close(r.done)
	}()
	f.tb.Cleanup(func() {
		_ = r.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-r.done:
		case <-time.After(20 * time.Second):
			_ = r.cmd.Process.Kill()
			<-r.done
		}
		if f.tb.Failed() {
			f.tb.Logf("replica %s stderr:\n%s", r.url, r.stderr.tail(1500))
		}
	})
	return r
}

func (f *fleet) waitReady(r *replica) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-r.done:
			f.tb.Fatalf("replica %s exited:\n%s", r.url, r.stderr.tail(4000))
		default:
		}
		if resp, err := http.Get(r.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.tb.Fatalf("replica %s not ready:\n%s", r.url, r.stderr.tail(4000))
}

// kill ends replica i with SIGKILL, as a crash would.
func (f *fleet) kill(i int) {
	r := f.replicas[i]
	_ = r.cmd.Process.Signal(syscall.SIGKILL)
	<-r.done
}

// answer is a reply read whole, or why there is none: replicas are
// killed while clients send.
type answer struct {
	servertest.Reply
	err error
}

func (f *fleet) do(base, method, path string, body []byte, header ...string) answer {
	req, err := http.NewRequestWithContext(context.Background(), method, base+path, bytes.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	r, err := servertest.Send(f.client, req)
	return answer{Reply: r, err: err}
}

// bearer is a JWT of the fleet's company with the payments scopes.
func (f *fleet) bearer() string {
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": "u1", "scope": "payments:write payments:read", "company_id": f.company.String(),
		"exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString([]byte(fleetJWTSecret))
	if err != nil {
		f.tb.Fatal(err)
	}
	return "Bearer " + tok
}

// stripeCheckout is a StripeV1CreateCheckout for the fleet's company.
func (f *fleet) stripeCheckout(ref string) []byte {
	return fmt.Appendf(nil, `{"CompanyId":%q,"CountryCode":"SE","InternalReferenceId":%q,`+
		`"Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}],`+
		`"ConfirmationUrl":"https://salong.example.org/tack","CancelUrl":"https://salong.example.org/avbryt"}`, f.company, ref)
}

// paysonCheckout is a PaysonV2CreateCheckout for the fleet's company.
func (f *fleet) paysonCheckout(ref string) []byte {
	return fmt.Appendf(nil, `{"CompanyId":%q,"InternalReferenceId":%q,"PaymentOrigin":"HomePage","Language":"sv",`+
		`"CountryCode":"SE","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}]}`, f.company, ref)
}

// statuses counts answers by status, connection failures as 0.
func statuses(answers []answer) map[int]int {
	out := map[int]int{}
	for _, a := range answers {
		if a.err != nil {
			out[0]++
		} else {
			out[a.Status]++
		}
	}
	return out
}

// spread sends n requests at once, request i to replica i mod len.
func (f *fleet) spread(n int, req func(i int, base string) answer) []answer {
	var wg sync.WaitGroup
	start := make(chan struct{})
	out := make([]answer, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = req(i, f.replicas[i%len(f.replicas)].url)
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// syncBuffer is a bytes.Buffer safe for a process writing while a test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) tail(n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.b.String()
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(b)
}
