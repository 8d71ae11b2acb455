package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps one token bucket per key (a client address, a username) so
// that password guessing and scan floods slow down without a shared lock
// on the hot path of other requests.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	burst   int
	every   time.Duration
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// newLimiter allows burst events per key, refilled evenly over per.
func newLimiter(burst int, per time.Duration) *limiter {
	return &limiter{buckets: map[string]*bucket{}, burst: burst, every: per / time.Duration(burst)}
}

// allow reports whether key may act now.
func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) > 10000 {
			l.sweep(now)
		}
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// sweep forgets keys idle long enough to have refilled.
func (l *limiter) sweep(now time.Time) {
	idle := l.every * time.Duration(l.burst)
	for k, b := range l.buckets {
		if now.Sub(b.seen) > idle {
			delete(l.buckets, k)
		}
	}
}
