// Command loadbench is the load benchmark of `make bench`: it starts the
// real processes (paygate's demo, stripe-mock, the Payson sandbox), drives
// them with closed-loop clients over loopback, and prints paygate's figures
// beside a baseline measured in the same run, as ratios:
//
//   - each create (StripeV1CreateCheckout, PaysonV2CreateCheckout,
//     POST /v1/checkout) beside the provider answering the very calls
//     paygate makes for it, recorded from a warm-up create and replayed
//     directly;
//   - the wire path (a request failing validation, JSON and XML) beside a
//     plain echo handler doing Bind, validator and a ResponseStatus.
//
// CPU is read from /proc/PID/stat of each server process over each run and
// divided by the requests answered; it is Linux-only.
//
//	go run ./scripts/loadbench -paygate .bin/paygate -stripe-mock .bin/stripe-mock
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"paygate/internal/plainecho"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "echo-baseline" {
		if err := echoBaseline(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "echo-baseline:", err)
			os.Exit(1)
		}
		return
	}
	var o options
	flag.StringVar(&o.paygate, "paygate", ".bin/paygate", "the paygate binary (make build)")
	flag.StringVar(&o.stripeMock, "stripe-mock", ".bin/stripe-mock", "the stripe-mock binary (make deps)")
	flag.StringVar(&o.fixtures, "stripe-fixtures", "testdata/stripe/fixtures.json", "stripe-mock fixtures")
	flag.DurationVar(&o.duration, "d", 4*time.Second, "length of each measured run")
	flag.StringVar(&o.only, "only", "", "run only the scenario of this name (Stripe, Payson, Payments, Wire)")
	flag.StringVar(&o.db, "db", "", "PAYGATE_DB for paygate (a postgres:// URL); empty: a fresh SQLite file")
	flag.StringVar(&o.profile, "profile", "", "write paygate's CPU profiles of each 32-client run (creates, wire path) into this directory")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

type options struct {
	paygate, stripeMock, fixtures, only, db, profile string
	duration                                         time.Duration
}

// levels are the concurrencies of the goals: latency alone, a busy
// moment, and a peak.
var levels = []int{1, 32, 200}

// measured is one run: the load's result and the CPU each watched process
// spent per answered request.
type measured struct {
	result
	cpu map[string]time.Duration
}

// measure runs load, reading the CPU of procs around it.
func measure(load func() result, procs map[string]int) (measured, error) {
	before := map[string]time.Duration{}
	for name, pid := range procs {
		t, err := cpuTime(pid)
		if err != nil {
			return measured{}, err
		}
		before[name] = t
	}
	m := measured{result: load(), cpu: map[string]time.Duration{}}
	for name, pid := range procs {
		t, err := cpuTime(pid)
		if err != nil {
			return measured{}, err
		}
		if m.requests > 0 {
			m.cpu[name] = (t - before[name]) / time.Duration(m.requests)
		}
	}
	return m, nil
}

func run(o options) error {
	dir, err := os.MkdirTemp("", "loadbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	mock, err := stripeMock(o.stripeMock, o.fixtures)
	if err != nil {
		return err
	}
	defer mock.Stop()
	sb, sbURL, err := sandbox(o.paygate)
	if err != nil {
		return err
	}
	defer sb.stop()
	var env []string
	if o.db != "" {
		env = append(env, "PAYGATE_DB="+o.db)
	}

	// A first paygate, behind recorders, makes one create of each kind:
	// the calls it sends the providers become the baselines.
	rs, rp := newRecorder(mock.URL()), newRecorder(sbURL)
	defer rs.Close()
	defer rp.Close()
	if err := os.Mkdir(dir+"/rec", 0o700); err != nil {
		return err
	}
	pg, info, err := demo(o.paygate, dir+"/rec", rs.URL(), rp.URL(), env)
	if err != nil {
		return err
	}
	scens := scenarios(info)
	var seq atomic.Int64
	client := newClient(1)
	for i := range scens {
		s := &scens[i]
		if s.ours == nil {
			continue
		}
		if err := s.ours(context.Background(), client, seq.Add(1)); err != nil {
			pg.stop()
			return fmt.Errorf("%s: warm-up create: %w", s.name, err)
		}
		rec := rs
		if s.provider == "payson-sandbox" {
			rec = rp
		}
		s.calls = rec.take()
		if len(s.calls) == 0 {
			pg.stop()
			return fmt.Errorf("%s: the create made no %s call", s.name, s.provider)
		}
	}
	pg.stop()
	rs.take()
	rp.take()

	// The measured paygate talks to the providers directly, on a fresh
	// database.
	if err := os.Mkdir(dir+"/run", 0o700); err != nil {
		return err
	}
	var prof *profiler
	if o.profile != "" {
		if prof, err = newProfiler(o.profile); err != nil {
			return err
		}
		env = append(env, prof.env()...)
	}
	pg, info, err = demo(o.paygate, dir+"/run", mock.URL(), sbURL, env)
	if err != nil {
		return err
	}
	defer pg.stop()
	scens = rebase(scens, scenarios(info))
	pids := map[string]int{"paygate": pg.pid(), "stripe-mock": mock.PID(), "payson-sandbox": sb.pid()}

	fmt.Printf("load benchmark: closed-loop clients over loopback, %s per run; paygate on %s\n\n", o.duration, dbName(o.db))
	for _, s := range scens {
		if o.only != "" && o.only != s.short {
			continue
		}
		if s.ours == nil {
			continue
		}
		rep := report{title: s.name + " through paygate vs " + s.provider + " answering the same calls directly"}
		var names []string
		for _, c := range s.calls {
			names = append(names, c.method+" "+strings.SplitN(c.path, "?", 2)[0])
		}
		rep.title += "\n  (the baseline replays the create's " + strings.Join(names, ", ") + ")"
		base := replay(providerURL(s.provider, mock.URL(), sbURL), s.calls)
		for _, n := range levels {
			// A short warm-up opens the connections and fills caches.
			drive(base, n, o.duration/8, &seq)
			b, err := measure(func() result { return drive(base, n, o.duration, &seq) }, map[string]int{s.provider: pids[s.provider]})
			if err != nil {
				return err
			}
			drive(s.ours, n, o.duration/8, &seq)
			profiled := func() error { return nil }
			if n == 32 {
				profiled = prof.cpu(s.short, o.duration)
			}
			p, err := measure(func() result { return drive(s.ours, n, o.duration, &seq) }, map[string]int{"paygate": pids["paygate"], s.provider: pids[s.provider]})
			if err != nil {
				return err
			}
			if err := profiled(); err != nil {
				return err
			}
			var atRate *measured
			if n == 32 {
				// The provider's CPU per call falls as it gets busier, so
				// its direct run, as fast as it answers, flatters it: the
				// same calls sent at the rate paygate made them show what
				// paygate's way of calling costs it.
				at, err := measure(func() result { return pace(base, p.throughput(), n, o.duration, &seq) }, map[string]int{s.provider: pids[s.provider]})
				if err != nil {
					return err
				}
				atRate = &at
			}
			rep.addLevel(n, s.provider, b, p, atRate)
		}
		rep.print()
	}
	if o.only == "" || o.only == "Wire" {
		if err := wire(o, info, pids["paygate"], &seq, prof); err != nil {
			return err
		}
	}
	rss, err := peakRSS(pg.pid())
	if err != nil {
		return err
	}
	mrss, err := peakRSS(mock.PID())
	if err != nil {
		return err
	}
	fmt.Printf("peak RSS (VmHWM) over the whole run: paygate %.1f MB (goal < 60 MB) %s; stripe-mock %.1f MB\n",
		float64(rss)/(1<<20), verdict(rss < 60<<20), float64(mrss)/(1<<20))
	return nil
}

func dbName(db string) string {
	if db == "" {
		return "SQLite"
	}
	return "PostgreSQL"
}

func providerURL(provider, stripeURL, paysonURL string) string {
	if provider == "payson-sandbox" {
		return paysonURL
	}
	return stripeURL
}

// wire measures the wire path against the plain echo handler, JSON and XML.
func wire(o options, info demoInfo, paygatePID int, seq *atomic.Int64, prof *profiler) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	ep, err := start("echo-baseline", self, []string{"echo-baseline", addr}, nil)
	if err != nil {
		return err
	}
	defer ep.stop()
	echoURL := "http://" + addr
	if err := waitFor(ep, func() error {
		return expect(http.DefaultClient, plainecho.Request(echoURL+plainecho.Path, "application/json"), http.StatusBadRequest)
	}); err != nil {
		return err
	}
	rep := report{title: "wire path: a create failing validation (POST /api/StripeV1CreateCheckout) vs a plain echo handler (Bind, validator, ResponseStatus)"}
	for _, f := range []struct{ name, ours, ctype string }{
		{"JSON", info.URL + plainecho.Path, "application/json"},
		{"XML", info.URL + plainecho.XMLPath, "application/xml"},
	} {
		base := func(url string) call {
			return func(_ context.Context, c *http.Client, _ int64) error {
				return expect(c, plainecho.Request(url, f.ctype), http.StatusBadRequest)
			}
		}
		const n = 32
		drive(base(echoURL+plainecho.Path), n, o.duration/8, seq)
		b, err := measure(func() result { return drive(base(echoURL+plainecho.Path), n, o.duration, seq) }, map[string]int{"echo": ep.pid()})
		if err != nil {
			return err
		}
		drive(base(f.ours), n, o.duration/8, seq)
		profiled := prof.cpu("Wire"+f.name, o.duration)
		p, err := measure(func() result { return drive(base(f.ours), n, o.duration, seq) }, map[string]int{"paygate": paygatePID})
		if err != nil {
			return err
		}
		if err := profiled(); err != nil {
			return err
		}
		rep.addWire(f.name, b, p)
	}
	rep.print()
	return nil
}
