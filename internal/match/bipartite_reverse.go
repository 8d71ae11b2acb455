package match

import "slices"

// The reverse steps serve vacancies left with a free seat that has a
// price. They need each vacancy's outsiders who gain most from it, and a
// vacancy may be served many times in one reverse round: a seat left free
// by a worker who moves in passes the need on, and where many workers tie
// (the same score, the same price) the free seat can go back and forth
// between two vacancies a few hundred times before the prices settle.
// Scanning a popular vacancy's candidates (thousands) each time was what
// made abundant-seat instances slow, so each vacancy keeps a small cache
// of its best outsiders, valid for one round: within a round profits only
// grow (movers gain, holders' prices come down), so a gain measured once
// bounds the same worker's gain for the rest of the round.

// reverseIndex lists, for each vacancy, the workers who list it (with a
// positive value), sorted by value, best first, and the per-vacancy cache.
type reverseIndex struct {
	start []int32  // per vacancy, len V+1
	entry []uint64 // revKey, complemented, so that ascending order is best first
	twice []bool   // per vacancy: some worker lists it more than once

	round      int32     // the reverse round the caches belong to
	cache      []revCand // cacheSize per vacancy
	cacheLen   []uint8
	cacheBound []int64 // every outsider not in the cache gains at most this
	cacheRound []int32 // the round the vacancy's cache is valid in
	top        []gain  // scratch
}

// revCand is a cached outsider: a worker and the score of its arc.
type revCand struct {
	worker, score int32
}

// gain is an outsider's gain from a vacancy at price 0: its value there
// minus its profit.
type gain struct {
	gain   int64
	worker int32
	score  int32
}

// cacheSize is how many outsiders a vacancy's cache holds, and cacheKeep
// how many a scan puts there, leaving room for holders who leave it.
// Measured on the 1M-worker demo province (keep/size): 8/16 17.9 s,
// 16/32 16.1 s, 32/48 16.0 s, 64/96 19.0 s (each cache hit reads the
// whole cache).
const (
	cacheSize = 48
	cacheKeep = 32
)

// buildReverse indexes the arcs by vacancy, each vacancy's list sorted by
// value, best first, so that a scan can stop at the first worker who
// could not gain enough. An entry packs the priority flag, the score and
// the worker into one sortable word.
func (s *auction) buildReverse() {
	a := s.a
	v := len(a.Capacity)
	r := &s.rev
	r.start = make([]int32, v+1)
	r.twice = make([]bool, v)
	last := make([]int32, v) // per vacancy: 1 + the last worker seen listing it
	for i := 0; i < a.Workers; i++ {
		wb := s.workerBonus(i)
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			if int64(a.Score[k])+wb > 0 {
				j := a.Vacancy[k]
				r.start[j+1]++
				if last[j] == int32(i)+1 {
					r.twice[j] = true
				}
				last[j] = int32(i) + 1
			}
		}
	}
	for j := 0; j < v; j++ {
		r.start[j+1] += r.start[j]
	}
	r.entry = make([]uint64, r.start[v])
	fill := last
	copy(fill, r.start[:v])
	for i := 0; i < a.Workers; i++ {
		wb := s.workerBonus(i)
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			if int64(a.Score[k])+wb > 0 {
				j := a.Vacancy[k]
				r.entry[fill[j]] = ^revKey(wb != 0, a.Score[k], int32(i))
				fill[j]++
			}
		}
	}
	var buf []uint64
	var count []int32
	for j := 0; j < v; j++ {
		buf, count = sortEntries(r.entry[r.start[j]:r.start[j+1]], buf, count)
	}
	r.cache = make([]revCand, v*cacheSize)
	r.cacheLen = make([]uint8, v)
	r.cacheBound = make([]int64, v)
	r.cacheRound = make([]int32, v)
}

// sortEntries sorts one vacancy's entries, best first: priority workers'
// (whose complemented keys have the top bit clear) before the others, each
// part by score. Scores span a small range, so a counting sort on the
// score beats a comparison sort by far (the order among equal values does
// not matter); the flag is split off first because it would make the range
// of keys 2^32 wide. buf and count are scratch space, returned for reuse.
func sortEntries(e, buf []uint64, count []int32) ([]uint64, []int32) {
	p := 0
	for k, x := range e {
		if x>>63 == 0 {
			e[p], e[k] = x, e[p]
			p++
		}
	}
	buf, count = sortScores(e[:p], buf, count)
	return sortScores(e[p:], buf, count)
}

// sortScores sorts entries that share the priority flag by score.
func sortScores(e, buf []uint64, count []int32) ([]uint64, []int32) {
	if len(e) < 64 {
		slices.Sort(e)
		return buf, count
	}
	// The complemented key's bits from 31 up hold the flag and the score.
	lo, hi := e[0]>>31, e[0]>>31
	for _, x := range e {
		lo, hi = min(lo, x>>31), max(hi, x>>31)
	}
	if hi-lo > uint64(4*len(e)+1024) {
		slices.Sort(e)
		return buf, count
	}
	n := int(hi-lo) + 1
	count = slices.Grow(count[:0], n+1)[:n+1]
	clear(count)
	for _, x := range e {
		count[x>>31-lo+1]++
	}
	for b := 1; b <= n; b++ {
		count[b] += count[b-1]
	}
	buf = slices.Grow(buf[:0], len(e))[:len(e)]
	for _, x := range e {
		b := x>>31 - lo
		buf[count[b]] = x
		count[b]++
	}
	copy(e, buf)
	return buf, count
}

// revKey packs a reverse entry so that a larger key is a larger value.
func revKey(prio bool, score, worker int32) uint64 {
	k := uint64(uint32(score)^1<<31)<<31 | uint64(worker)
	if prio {
		k |= 1 << 63
	}
	return k
}

// revEntry unpacks a (complemented) reverse entry.
func revEntry(e uint64) (prio bool, score, worker int32) {
	k := ^e
	return k>>63 != 0, int32(uint32(k>>31) ^ 1<<31), int32(k & (1<<31 - 1))
}

// value is worker w's scaled value for an arc of score sc.
func (s *auction) value(w, sc int32) int64 {
	return (int64(sc) + s.workerBonus(int(w))) * s.mult
}

// needsReverse reports whether vacancy j has a free seat with a price.
func (s *auction) needsReverse(j int32) bool {
	for p := s.seatStart[j]; p < s.seatStart[j+1]; p++ {
		if s.holder[p] < 0 && s.price[p] > 0 {
			return true
		}
	}
	return false
}

// reverse brings every free seat's price to 0, moving workers into free
// seats where they gain more than ε.
func (s *auction) reverse() {
	v := int32(len(s.a.Capacity))
	var work []int32
	for j := int32(0); j < v; j++ {
		if s.needsReverse(j) {
			work = append(work, j)
		}
	}
	if len(work) == 0 {
		return
	}
	if s.rev.start == nil {
		s.buildReverse()
	}
	s.rev.round++
	queued := make([]bool, v)
	for _, j := range work {
		queued[j] = true
	}
	var left []int32
	for len(work) > 0 {
		j := work[len(work)-1]
		work = work[:len(work)-1]
		queued[j] = false
		left = s.reverseStep(j, left[:0])
		for _, l := range left {
			if !queued[l] && s.needsReverse(l) {
				work = append(work, l)
				queued[l] = true
			}
		}
	}
}

// reverseStep serves vacancy j's free seats: the outsiders who gain most
// from j (more than ε) take them, all at the price that leaves the next
// outsider within ε, and the holders' prices come down to that price plus
// ε; with no such outsider left the free seats cost 0. It appends to left
// the vacancies that the moving workers left (each with a free seat now).
func (s *auction) reverseStep(j int32, left []int32) []int32 {
	lo, hi := s.seatStart[j], s.seatStart[j+1]
	free := int32(0)
	for p := lo; p < hi; p++ {
		if s.holder[p] < 0 {
			free++
		}
	}
	if free == 0 {
		return left
	}
	s.stats.Reverse++
	top, ok := s.fromCache(j, int(free))
	if !ok {
		top = s.scanOutsiders(j, int(free))
	}
	moving := min(len(top), int(free))
	newPrice := int64(0)
	if len(top) > moving {
		newPrice = max(0, top[moving].gain-s.eps)
	}
	p := lo
	for _, g := range top[:moving] {
		for s.holder[p] >= 0 {
			p++
		}
		w := g.worker
		if r := s.ws[w].seat; r >= 0 {
			l := s.seatVacancy(r)
			s.holder[r] = -1
			s.siftUp(l, r)
			s.noteLeaver(l, w, s.a.Score[s.ws[w].arc])
			left = append(left, l)
		}
		arc := s.bestArc(w, j)
		s.holder[p] = w
		s.price[p] = newPrice
		s.ws[w] = workerState{profit: s.value(w, s.a.Score[arc]) - newPrice, seat: p, arc: arc}
	}
	for p := lo; p < hi; p++ {
		h := s.holder[p]
		switch {
		case h < 0:
			s.price[p] = 0
		case s.price[p] > newPrice+s.eps:
			s.ws[h].profit += s.price[p] - (newPrice + s.eps)
			s.price[p] = newPrice + s.eps
		}
	}
	s.heapify(j)
	return left
}

// scanOutsiders returns the outsiders of vacancy j who gain more than ε
// from it at price 0, best first: the best cacheKeep of them (at least
// free+1), which it keeps in j's cache with the bound on everyone else.
func (s *auction) scanOutsiders(j int32, free int) []gain {
	r := &s.rev
	lo, hi := s.seatStart[j], s.seatStart[j+1]
	size := max(free+1, cacheKeep)
	twice := r.twice[j]
	top := r.top[:0]
	for q := r.start[j]; q < r.start[j+1]; q++ {
		prio, sc, i := revEntry(r.entry[q])
		val := int64(sc) * s.mult
		if prio {
			val += s.bonus * s.mult
		}
		// Profits are at least -ε, so no worker from here on gains
		// more than its value plus ε: none can enter a full top list.
		if len(top) == size && val+s.eps <= top[len(top)-1].gain {
			break
		}
		if st := s.ws[i].seat; st >= lo && st < hi {
			continue
		}
		b := val - s.ws[i].profit
		if b <= s.eps || (len(top) == size && b <= top[len(top)-1].gain) {
			continue
		}
		top = insertGain(top, size, gain{b, i, sc}, twice)
	}
	r.top = top
	// Everyone left out gains at most the last kept gain (ε when fewer
	// than size gain more), and no worker's gain grows in this round.
	r.cacheLen[j] = 0
	r.cacheRound[j] = 0
	if size == cacheKeep {
		c := r.cache[int(j)*cacheSize:]
		for k, g := range top {
			c[k] = revCand{g.worker, g.score}
		}
		r.cacheLen[j] = uint8(len(top))
		r.cacheBound[j] = s.eps
		if len(top) == size {
			r.cacheBound[j] = top[len(top)-1].gain
		}
		r.cacheRound[j] = r.round
	}
	return top
}

// insertGain puts g into top, kept sorted best first with at most size
// entries; when twice is set a worker may come twice (listing the vacancy
// more than once) and counts once, with its better arc.
func insertGain(top []gain, size int, g gain, twice bool) []gain {
	x := -1
	if twice {
		for y := range top {
			if top[y].worker == g.worker {
				x = y
			}
		}
	}
	switch {
	case x >= 0 && g.gain <= top[x].gain:
		return top
	case x >= 0:
		top[x] = g
	case len(top) < size:
		top = append(top, g)
		x = len(top) - 1
	case g.gain <= top[len(top)-1].gain:
		return top
	default:
		x = len(top) - 1
		top[x] = g
	}
	for ; x > 0 && top[x].gain > top[x-1].gain; x-- {
		top[x], top[x-1] = top[x-1], top[x]
	}
	return top
}

// fromCache returns vacancy j's best free+1 outsiders (best first, only
// those gaining more than ε) from its cache, if the cache can tell them:
// every outsider outside the cache gains at most the cache's bound, so
// free+1 cached outsiders gaining at least the bound settle it, and so does
// a bound of ε or less. Cached workers who no longer gain enough, or hold a
// seat of j, leave the cache (a holder who leaves j comes back through
// noteLeaver).
func (s *auction) fromCache(j int32, free int) ([]gain, bool) {
	r := &s.rev
	if r.cacheRound[j] != r.round || free+1 > cacheKeep {
		return nil, false
	}
	lo, hi := s.seatStart[j], s.seatStart[j+1]
	c := r.cache[int(j)*cacheSize : int(j)*cacheSize+int(r.cacheLen[j])]
	bound := r.cacheBound[j]
	top := r.top[:0]
	n := 0
	for _, e := range c {
		st := s.ws[e.worker]
		if st.seat >= lo && st.seat < hi {
			continue
		}
		b := s.value(e.worker, e.score) - st.profit
		if b < bound || b <= s.eps {
			continue
		}
		c[n] = e
		n++
		// The cache may hold a worker twice (a leaver it already had).
		top = insertGain(top, free+1, gain{b, e.worker, e.score}, true)
	}
	r.cacheLen[j] = uint8(n)
	r.top = top
	if len(top) < free+1 && bound > s.eps {
		return nil, false
	}
	return top, true
}

// noteLeaver adds worker w, who just left vacancy l (holding an arc of
// score sc), to l's cache: it is an outsider now, and the cache's bound
// does not cover it. A full cache is dropped instead.
func (s *auction) noteLeaver(l, w, sc int32) {
	r := &s.rev
	if r.cacheRound[l] != r.round {
		return
	}
	n := r.cacheLen[l]
	if int(n) == cacheSize {
		r.cacheRound[l] = 0
		return
	}
	r.cache[int(l)*cacheSize+int(n)] = revCand{w, sc}
	r.cacheLen[l] = n + 1
}

// bestArc returns worker w's best arc to vacancy j (a worker may list a
// vacancy more than once).
func (s *auction) bestArc(w, j int32) int32 {
	best := int32(-1)
	for k := s.a.Start[w]; k < s.a.Start[w+1]; k++ {
		if s.a.Vacancy[k] == j && (best < 0 || s.a.Score[k] > s.a.Score[best]) {
			best = k
		}
	}
	return best
}

// seatVacancy returns the vacancy of seat r.
func (s *auction) seatVacancy(r int32) int32 {
	lo, hi := 0, len(s.seatStart)-1
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if s.seatStart[mid] <= r {
			lo = mid
		} else {
			hi = mid
		}
	}
	return int32(lo)
}
