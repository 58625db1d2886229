package auth

import (
	"container/list"
	"sync"
	"time"
)

// LimiterConfig tunes the failed-authentication limiter.
type LimiterConfig struct {
	// Burst is how many failures a client may make in a row before it is
	// refused; DefaultBurst when zero.
	Burst int
	// Forgive is how often one failure is forgotten; DefaultForgive when
	// zero. Burst/Forgive is thus the sustained guessing rate.
	Forgive time.Duration
	// MaxClients bounds memory: beyond it, the client that failed least
	// recently is forgotten. DefaultMaxClients when zero.
	MaxClients int
	Now        func() time.Time // time.Now when nil
}

// Defaults: ten failures in a row, then one more every six seconds (ten a
// minute), tracking at most 10 000 clients (well under a megabyte).
const (
	DefaultBurst      = 10
	DefaultForgive    = 6 * time.Second
	DefaultMaxClients = 10000
)

// Limiter counts failed authentications per client (an address, a key
// id). Each has a token bucket of failures: a failure takes a token, tokens
// come back at one per Forgive, and a client with less than one token is
// limited until it has one again: its failures are answered 429. Failures
// while limited still take tokens, down to -Burst, so hammering lengthens
// the wait. What it limits is failures only; a credential that verifies is
// never refused, so one client's junk cannot lock another out.
//
// Successes deliberately refill nothing: a caller holding one valid key must
// not be able to reset its counter between guesses at others.
type Limiter struct {
	burst   float64
	forgive time.Duration
	max     int
	now     func() time.Time

	mu      sync.Mutex
	clients map[string]*list.Element // of *bucket
	lru     list.List                // front: most recent failure
}

type bucket struct {
	client string
	tokens float64
	at     time.Time
}

// NewLimiter returns a limiter for cfg.
func NewLimiter(cfg LimiterConfig) *Limiter {
	l := &Limiter{
		burst:   float64(cfg.Burst),
		forgive: cfg.Forgive,
		max:     cfg.MaxClients,
		now:     cfg.Now,
		clients: map[string]*list.Element{},
	}
	if l.burst <= 0 {
		l.burst = DefaultBurst
	}
	if l.forgive <= 0 {
		l.forgive = DefaultForgive
	}
	if l.max <= 0 {
		l.max = DefaultMaxClients
	}
	if l.now == nil {
		l.now = time.Now
	}
	return l
}

// Wait returns how long the clients (buckets) must wait before their
// failures are answered as failures again, the longest of them; zero when
// none is limited.
func (l *Limiter) Wait(clients ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	now := l.now()
	for _, client := range clients {
		e := l.clients[client]
		if e == nil {
			continue
		}
		b := e.Value.(*bucket)
		l.refill(b, now)
		if b.tokens < 1 {
			wait = max(wait, time.Duration((1-b.tokens)*float64(l.forgive)))
		}
	}
	return wait
}

// Fail records a failed authentication against each of clients and
// reports whether one of them has just used up its allowance (so that the
// log says so once, not on every refused attempt).
func (l *Limiter) Fail(clients ...string) (exhausted bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, client := range clients {
		e := l.clients[client]
		if e == nil {
			if l.lru.Len() >= l.max {
				old := l.lru.Back()
				l.lru.Remove(old)
				delete(l.clients, old.Value.(*bucket).client)
			}
			e = l.lru.PushFront(&bucket{client: client, tokens: l.burst, at: now})
			l.clients[client] = e
		} else {
			l.lru.MoveToFront(e)
		}
		b := e.Value.(*bucket)
		l.refill(b, now)
		before := b.tokens
		b.tokens = max(b.tokens-1, -l.burst)
		exhausted = exhausted || before >= 1 && b.tokens < 1
	}
	return exhausted
}

// Len reports how many clients are tracked.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

func (l *Limiter) refill(b *bucket, now time.Time) {
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(l.burst, b.tokens+float64(d)/float64(l.forgive))
		b.at = now
	}
}
