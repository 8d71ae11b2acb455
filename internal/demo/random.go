package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"sort"
)

// newRand returns a generator of its own for one part of the demo data, so
// that changing how many employers are drawn does not change the workers:
// each part reads a stream named after it, seeded from the demo's seed.
func newRand(seed uint64, stream string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(stream))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// weighted draws items with probabilities proportional to their weights.
type weighted[T any] struct {
	items []T
	cum   []float64
}

func newWeighted[T any](items []T, weight func(T) float64) *weighted[T] {
	w := &weighted[T]{}
	total := 0.0
	for _, it := range items {
		x := weight(it)
		if x <= 0 {
			continue
		}
		total += x
		w.items = append(w.items, it)
		w.cum = append(w.cum, total)
	}
	return w
}

func (w *weighted[T]) pick(r *rand.Rand) T {
	x := r.Float64() * w.cum[len(w.cum)-1]
	i := sort.SearchFloat64s(w.cum, x)
	if i == len(w.items) {
		i--
	}
	return w.items[i]
}

// pickOne returns one of xs with equal chance.
func pickOne[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a whole number from lo to hi inclusive.
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// choice is a string with its weight, the form of most tables here.
type choice struct {
	s string
	w float64
}

// newChoices returns a picker over weighted strings.
func newChoices(cs []choice) *weighted[string] {
	w := &weighted[string]{}
	total := 0.0
	for _, c := range cs {
		if c.w <= 0 {
			continue
		}
		total += c.w
		w.items = append(w.items, c.s)
		w.cum = append(w.cum, total)
	}
	return w
}
