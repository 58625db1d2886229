package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// call is one request of a scenario: it sends request n and says whether
// the answer was the one expected.
type call func(ctx context.Context, c *http.Client, n int64) error

// result is what one run of a call at a fixed concurrency measured.
type result struct {
	requests int64         // answered as expected
	errors   int64         // transport errors and unexpected answers
	slow     int64         // requests (answered or not) that took over slowLimit
	elapsed  time.Duration // wall time of the run
	p50, p99 time.Duration
	firstErr string
}

func (r result) throughput() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// slowLimit is the latency the 200-client goal allows no request to exceed.
const slowLimit = 2 * time.Second

// newClient returns a client that keeps one connection per concurrent
// caller, so the load measures the servers and not connection set-up.
func newClient(clients int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        clients,
			MaxIdleConnsPerHost: clients,
			IdleConnTimeout:     time.Minute,
		},
	}
}

// drive runs clients closed loops of fn for d: each client sends its next
// request once it has read the answer to its last.
func drive(fn call, clients int, d time.Duration, seq *atomic.Int64) result {
	client := newClient(clients)
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		lat      []time.Duration
		res      result
		firstErr atomic.Value
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := make([]time.Duration, 0, 1024)
			var ok, bad, slow int64
			for time.Now().Before(deadline) {
				t0 := time.Now()
				err := fn(ctx, client, seq.Add(1))
				el := time.Since(t0)
				if el > slowLimit {
					slow++
				}
				if err != nil {
					bad++
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				ok++
				own = append(own, el)
			}
			mu.Lock()
			lat = append(lat, own...)
			res.requests += ok
			res.errors += bad
			res.slow += slow
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	if s, ok := firstErr.Load().(string); ok {
		res.firstErr = s
	}
	slices.Sort(lat)
	res.p50, res.p99 = percentile(lat, 50), percentile(lat, 99)
	return res
}

// percentile of sorted latencies, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// expect sends req and reads the whole answer, failing unless its status is
// want.
func expect(c *http.Client, req *http.Request, want int) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		if len(body) > 300 {
			body = body[:300]
		}
		return fmt.Errorf("%s %s: %d, want %d: %s", req.Method, req.URL.Path, resp.StatusCode, want, body)
	}
	return nil
}

// pace sends fn at rate requests a second for d, open loop: request i
// leaves at i/rate from the start whether or not the earlier ones were
// answered, with at most inflight outstanding. The provider then sees the
// arrivals of a busy paygate rather than of a client as fast as it can be.
func pace(fn call, rate float64, inflight int, d time.Duration, seq *atomic.Int64) result {
	client := newClient(inflight)
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		wg       sync.WaitGroup
		res      result
		ok, bad  atomic.Int64
		firstErr atomic.Value
	)
	slots := make(chan struct{}, inflight)
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	for next := start; next.Before(start.Add(d)); next = next.Add(interval) {
		time.Sleep(time.Until(next))
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			if err := fn(ctx, client, seq.Add(1)); err != nil {
				bad.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
				return
			}
			ok.Add(1)
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.requests, res.errors = ok.Load(), bad.Load()
	if s, ok := firstErr.Load().(string); ok {
		res.firstErr = s
	}
	return res
}
