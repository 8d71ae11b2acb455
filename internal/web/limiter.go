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

// attempt spends one attempt of every key, or none when any key has run
// out. The caller gives the attempts back (refund) when the attempt
// succeeded, so that only failures count: colleagues signing in from one
// office address must not lock each other out.
func (l *limiter) attempt(now time.Time, keys ...string) (refund func(), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var spent []*rate.Reservation
	cancel := func() {
		for _, r := range spent {
			r.CancelAt(now)
		}
	}
	for _, key := range keys {
		b := l.buckets[key]
		if b == nil {
			if len(l.buckets) > 10000 {
				l.sweep(now)
			}
			b = &bucket{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
			l.buckets[key] = b
		}
		b.seen = now
		r := b.lim.ReserveN(now, 1)
		if !r.OK() || r.DelayFrom(now) > 0 {
			r.CancelAt(now)
			for _, r := range spent {
				r.CancelAt(now)
			}
			return nil, false
		}
		spent = append(spent, r)
	}
	return cancel, true
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
