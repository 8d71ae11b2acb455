package match

// deferredAcceptance runs worker-proposing deferred acceptance (Gale and
// Shapley, with the capacities of the hospitals-residents problem) on a:
// each worker's arcs are its ranking, best first; key[a] is how the arc's
// vacancy ranks the arc's worker, lower is better, unique per vacancy,
// and -1 when the vacancy does not accept the worker at all. It returns,
// per worker, the arc it holds (-1 when unmatched) and the number of
// proposals made.
//
// The result is the worker-optimal stable matching: no worker and vacancy
// that accept each other both prefer each other to what they hold (a
// vacancy with a free seat prefers anyone it accepts). It does not depend
// on the order in which free workers propose.
func deferredAcceptance(a *Assignment, key []int64) (held []int32, proposals int64) {
	nw, nv := a.Workers, len(a.Capacity)
	// Each vacancy keeps the arcs it holds in a max-heap on key, so that
	// the worker it likes least is at the top. It never holds more than
	// its capacity or the number of workers who list it.
	in := make([]int32, nv)
	for _, j := range a.Vacancy {
		in[j]++
	}
	off := make([]int32, nv+1)
	for j := range nv {
		off[j+1] = off[j] + min(in[j], max(a.Capacity[j], 0))
	}
	slab := make([]int32, off[nv])
	size := make([]int32, nv)
	worker := make([]int32, len(a.Vacancy))
	for i := range nw {
		for x := a.Start[i]; x < a.Start[i+1]; x++ {
			worker[x] = int32(i)
		}
	}
	next := make([]int32, nw)
	copy(next, a.Start[:nw])
	held = make([]int32, nw)
	free := make([]int32, nw)
	for i := range nw {
		held[i] = -1
		free[i] = int32(nw - 1 - i)
	}
	for len(free) > 0 {
		i := free[len(free)-1]
		free = free[:len(free)-1]
		for ; next[i] < a.Start[i+1]; next[i]++ {
			x := next[i]
			if key[x] < 0 {
				continue
			}
			proposals++
			j := a.Vacancy[x]
			h := slab[off[j]:off[j+1]]
			if n := size[j]; n < int32(len(h)) {
				h[n] = x
				size[j]++
				siftUpKey(h, key, int(n))
				held[i] = x
				break
			}
			if len(h) == 0 || key[x] > key[h[0]] {
				continue
			}
			// The vacancy prefers i to the worst worker it holds.
			out := worker[h[0]]
			held[out] = -1
			next[out]++
			free = append(free, out)
			h[0] = x
			siftDownKey(h, key, 0)
			held[i] = x
			break
		}
	}
	return held, proposals
}

func siftUpKey(h []int32, key []int64, c int) {
	for c > 0 {
		p := (c - 1) / 2
		if key[h[p]] >= key[h[c]] {
			return
		}
		h[p], h[c] = h[c], h[p]
		c = p
	}
}

func siftDownKey(h []int32, key []int64, p int) {
	for {
		c := 2*p + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && key[h[c+1]] > key[h[c]] {
			c++
		}
		if key[h[p]] >= key[h[c]] {
			return
		}
		h[p], h[c] = h[c], h[p]
		p = c
	}
}

// scoreKeys ranks workers at each vacancy by the pair's score, higher
// first, then by worker index.
func scoreKeys(a *Assignment) []int64 {
	key := make([]int64, len(a.Vacancy))
	for i := range a.Workers {
		for x := a.Start[i]; x < a.Start[i+1]; x++ {
			key[x] = int64(maxScore-a.Score[x])<<32 | int64(i)
		}
	}
	return key
}

// maxScore exceeds every score Weights.check allows.
const maxScore = 1 << 30

// rankKeys ranks workers at each vacancy by the vacancy's own ranking;
// a worker the vacancy does not list gets -1 (not accepted).
func rankKeys(a *Assignment, ranks [][]int32) []int64 {
	nv := len(a.Capacity)
	key := make([]int64, len(a.Vacancy))
	// Arcs by vacancy, to meet them while the vacancy's ranking is at hand.
	first := make([]int32, nv+1)
	for _, j := range a.Vacancy {
		first[j+1]++
	}
	for j := range nv {
		first[j+1] += first[j]
	}
	byVac := make([]int32, len(a.Vacancy))
	worker := make([]int32, len(a.Vacancy))
	fill := make([]int32, nv)
	copy(fill, first[:nv])
	for i := range a.Workers {
		for x := a.Start[i]; x < a.Start[i+1]; x++ {
			j := a.Vacancy[x]
			byVac[fill[j]] = x
			fill[j]++
			worker[x] = int32(i)
		}
	}
	pos := make([]int32, a.Workers)
	for i := range pos {
		pos[i] = -1
	}
	for j := range nv {
		for r, i := range ranks[j] {
			pos[i] = int32(r)
		}
		for _, x := range byVac[first[j]:first[j+1]] {
			key[x] = int64(pos[worker[x]])
		}
		for _, i := range ranks[j] {
			pos[i] = -1
		}
	}
	return key
}
