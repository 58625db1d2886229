// Package clocktest is a clock a test moves by hand, for code that takes
// the time from a func() time.Time.
package clocktest

import (
	"sync"
	"time"
)

// Clock stands still until advanced; it is safe for concurrent use, as
// servers under test read it from their own goroutines.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock that reads t.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
