package auth_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"paygate/auth"
	"paygate/internal/clocktest"
)

func TestLimiter(t *testing.T) {
	clk := clocktest.New(testNow)
	l := auth.NewLimiter(auth.LimiterConfig{Burst: 3, Forgive: 10 * time.Second, Now: clk.Now})
	const ip = "192.0.2.1"
	if w := l.Wait(ip); w != 0 {
		t.Fatalf("fresh client waits %v", w)
	}
	for i := range 2 {
		if l.Fail(ip) {
			t.Fatalf("failure %d exhausted the allowance of 3", i+1)
		}
		if w := l.Wait(ip); w != 0 {
			t.Fatalf("after %d failures: wait %v", i+1, w)
		}
	}
	if !l.Fail(ip) {
		t.Error("third failure did not report exhaustion")
	}
	if w := l.Wait(ip); w != 10*time.Second {
		t.Errorf("wait = %v, want 10s", w)
	}
	if w := l.Wait("192.0.2.2"); w != 0 {
		t.Errorf("another client waits %v", w)
	}
	// Failures in flight while limited deepen the debt, and exhaustion is
	// reported only once.
	if l.Fail(ip) {
		t.Error("exhaustion reported twice")
	}
	if w := l.Wait(ip); w != 20*time.Second {
		t.Errorf("wait after hammering = %v, want 20s", w)
	}
	clk.Advance(15 * time.Second)
	if w := l.Wait(ip); w != 5*time.Second {
		t.Errorf("wait after 15s = %v, want 5s", w)
	}
	clk.Advance(5 * time.Second)
	if w := l.Wait(ip); w != 0 {
		t.Errorf("wait after 20s = %v, want 0", w)
	}
	// The debt is bounded: a flood costs at most Burst refills.
	for range 1000 {
		l.Fail(ip)
	}
	if w := l.Wait(ip); w != 40*time.Second {
		t.Errorf("wait after a flood = %v, want 40s (1+Burst tokens)", w)
	}
	clk.Advance(time.Hour)
	if w := l.Wait(ip); w != 0 {
		t.Errorf("an hour later: wait %v", w)
	}
}

func TestLimiterBoundedMemory(t *testing.T) {
	clk := clocktest.New(testNow)
	l := auth.NewLimiter(auth.LimiterConfig{Burst: 1, Forgive: time.Minute, MaxClients: 100, Now: clk.Now})
	l.Fail("victim")
	for i := range 99 {
		l.Fail(fmt.Sprintf("10.0.0.%d", i))
	}
	if l.Len() != 100 {
		t.Fatalf("tracking %d clients, want 100", l.Len())
	}
	if l.Wait("victim") == 0 {
		t.Fatal("victim not limited")
	}
	// The least recent failure is forgotten first.
	l.Fail("newcomer")
	if l.Len() != 100 {
		t.Errorf("tracking %d clients, want at most 100", l.Len())
	}
	if l.Wait("victim") != 0 {
		t.Error("the oldest client was not evicted")
	}
	if l.Wait("newcomer") == 0 {
		t.Error("the newest client was evicted")
	}
}

func TestLimiterConcurrent(t *testing.T) {
	l := auth.NewLimiter(auth.LimiterConfig{Burst: 5, MaxClients: 50})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				c := fmt.Sprintf("c%d", (g*500+i)%80)
				l.Fail(c)
				l.Wait(c)
			}
		}()
	}
	wg.Wait()
	if l.Len() > 50 {
		t.Errorf("tracking %d clients, bound is 50", l.Len())
	}
}
