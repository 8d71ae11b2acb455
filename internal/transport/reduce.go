package transport

import (
	"math/bits"
	"math/rand/v2"
	"sort"
)

// reduceIter caps the moves of one attempt to do with one vehicle fewer.
const reduceIter = 100

// fleetSearch looks for fewer vehicles by their stop sets alone. Riders of
// one class (units stopping at the same places) may be spread over the
// vehicles whose stop set contains the class's places; given the stop sets,
// the most riders that can be seated is a maximum flow from classes to
// vehicles of capacity cap, and the shortfall is what is left over. A tabu
// search changes one vehicle's stop set at a time (add a stop, or swap one)
// to bring the shortfall to zero with one vehicle fewer, and repeats.
type fleetSearch struct {
	cap, stops int
	q          []int    // riders per class
	cmask      []uint64 // places per class
	feasible   map[uint64]bool
	rng        *rand.Rand
	// scratch for augment
	prevV, prevC, queue []int
}

// fsState is a set of vehicles with a maximum flow.
type fsState struct {
	masks []uint64
	flow  []int // class*len(masks) + vehicle
	load  []int
	short []int
	total int // sum of short
}

// copyState makes dst a copy of src, reusing dst's memory.
func copyState(dst, src *fsState) {
	dst.masks = append(dst.masks[:0], src.masks...)
	dst.flow = append(dst.flow[:0], src.flow...)
	dst.load = append(dst.load[:0], src.load...)
	dst.short = append(dst.short[:0], src.short...)
	dst.total = src.total
}

func (s *fleetSearch) newState(masks []uint64) *fsState {
	st := &fsState{masks: masks, flow: make([]int, len(s.q)*len(masks)), load: make([]int, len(masks)), short: append([]int(nil), s.q...)}
	for _, v := range s.q {
		st.total += v
	}
	s.augment(st)
	return st
}

// setMask changes vehicle k's stops, returns the riders it can no longer
// carry to their classes' shortfall, and restores a maximum flow.
func (s *fleetSearch) setMask(st *fsState, k int, m uint64) {
	nv := len(st.masks)
	st.masks[k] = m
	for c := range s.q {
		if f := st.flow[c*nv+k]; f > 0 && s.cmask[c]&^m != 0 {
			st.flow[c*nv+k] = 0
			st.load[k] -= f
			st.short[c] += f
			st.total += f
		}
	}
	s.augment(st)
}

// augment pushes shortfall along augmenting paths (class to vehicle with
// its stops, vehicle back to a class it carries) to vehicles with seats.
func (s *fleetSearch) augment(st *fsState) {
	nv, nc := len(st.masks), len(s.q)
	if cap(s.prevV) < nv {
		s.prevV = make([]int, nv)
	}
	if cap(s.prevC) < nc {
		s.prevC = make([]int, nc)
	}
	prevV := s.prevV[:nv] // class that reached the vehicle
	prevC := s.prevC[:nc] // vehicle that reached the class, -1 for a source
	for st.total > 0 {
		for k := range prevV {
			prevV[k] = -2
		}
		for c := range prevC {
			prevC[c] = -2
		}
		queue := s.queue[:0]
		for c := range nc {
			if st.short[c] > 0 {
				prevC[c] = -1
				queue = append(queue, c)
			}
		}
		end := -1
		for h := 0; h < len(queue) && end < 0; h++ {
			c := queue[h]
			for k := range nv {
				if prevV[k] != -2 || s.cmask[c]&^st.masks[k] != 0 {
					continue
				}
				prevV[k] = c
				if st.load[k] < s.cap {
					end = k
					break
				}
				for c2 := range nc {
					if prevC[c2] == -2 && st.flow[c2*nv+k] > 0 {
						prevC[c2] = k
						queue = append(queue, c2)
					}
				}
			}
		}
		s.queue = queue
		if end < 0 {
			return
		}
		// Bottleneck.
		delta := s.cap - st.load[end]
		for k := end; ; {
			c := prevV[k]
			if prevC[c] == -1 {
				delta = min(delta, st.short[c])
				break
			}
			delta = min(delta, st.flow[c*nv+prevC[c]])
			k = prevC[c]
		}
		st.load[end] += delta
		for k := end; ; {
			c := prevV[k]
			st.flow[c*nv+k] += delta
			if prevC[c] == -1 {
				st.short[c] -= delta
				st.total -= delta
				break
			}
			st.flow[c*nv+prevC[c]] -= delta
			k = prevC[c]
		}
	}
}

// reachable returns the classes the shortfall can reach in the residual
// graph: the side of a minimum cut that a useful move must change.
func (s *fleetSearch) reachable(st *fsState) ([]int, []bool) {
	nv, nc := len(st.masks), len(s.q)
	seenC := make([]bool, nc)
	seenV := make([]bool, nv)
	var queue []int
	for c := range nc {
		if st.short[c] > 0 {
			seenC[c] = true
			queue = append(queue, c)
		}
	}
	for h := 0; h < len(queue); h++ {
		c := queue[h]
		for k := range nv {
			if seenV[k] || s.cmask[c]&^st.masks[k] != 0 {
				continue
			}
			seenV[k] = true
			for c2 := range nc {
				if !seenC[c2] && st.flow[c2*nv+k] > 0 {
					seenC[c2] = true
					queue = append(queue, c2)
				}
			}
		}
	}
	sort.Ints(queue)
	return queue, seenV
}

// isTabu reports whether any of places may not change in vehicle k yet.
func (s *fleetSearch) isTabu(tabuUntil []int, k int, places uint64, it int) bool {
	for b := places; b != 0; b &= b - 1 {
		if tabuUntil[k*64+bits.TrailingZeros64(b)] > it {
			return true
		}
	}
	return false
}

// fsMove gives vehicle k the stops m and, when k2 >= 0, vehicle k2 the
// stops m2.
type fsMove struct {
	k, k2 int
	m, m2 uint64
}

// tabu searches for stop sets of the given vehicles with no shortfall.
func (s *fleetSearch) tabu(st *fsState) bool {
	nv := len(st.masks)
	// tabuUntil[k*64+p]: iteration until which place p may not change in
	// vehicle k.
	tabuUntil := make([]int, nv*64)
	trial, bestState := &fsState{}, &fsState{}
	for it := 0; it < reduceIter && st.total > 0; it++ {
		var cand []fsMove
		seen := map[fsMove]bool{}
		try := func(k int, nm uint64) {
			mv := fsMove{k: k, k2: -1, m: nm}
			if bits.OnesCount64(nm) <= s.stops && s.feasible[nm] && !seen[mv] {
				seen[mv] = true
				cand = append(cand, mv)
			}
		}
		// Exchanges and relocations of stops between two vehicles keep
		// every place visited as often.
		reach, touched := s.reachable(st)
		for k1, m1 := range st.masks {
			for k2 := k1 + 1; k2 < nv; k2++ {
				if !touched[k1] && !touched[k2] {
					continue
				}
				m2 := st.masks[k2]
				for r := m1 &^ m2; r != 0; r &= r - 1 {
					a := uint64(1) << bits.TrailingZeros64(r)
					if s.isTabu(tabuUntil, k1, a, it) || s.isTabu(tabuUntil, k2, a, it) {
						continue
					}
					if m1 != a && bits.OnesCount64(m2) < s.stops && s.feasible[m1&^a] && s.feasible[m2|a] {
						cand = append(cand, fsMove{k: k1, k2: k2, m: m1 &^ a, m2: m2 | a})
					}
					for r2 := m2 &^ m1; r2 != 0; r2 &= r2 - 1 {
						b := uint64(1) << bits.TrailingZeros64(r2)
						if s.isTabu(tabuUntil, k1, b, it) || s.isTabu(tabuUntil, k2, b, it) {
							continue
						}
						if n1, n2 := m1&^a|b, m2&^b|a; s.feasible[n1] && s.feasible[n2] {
							cand = append(cand, fsMove{k: k1, k2: k2, m: n1, m2: n2})
						}
					}
				}
				for r := m2 &^ m1; r != 0; r &= r - 1 {
					b := uint64(1) << bits.TrailingZeros64(r)
					if s.isTabu(tabuUntil, k1, b, it) || s.isTabu(tabuUntil, k2, b, it) {
						continue
					}
					if m2 != b && bits.OnesCount64(m1) < s.stops && s.feasible[m2&^b] && s.feasible[m1|b] {
						cand = append(cand, fsMove{k: k1, k2: k2, m: m1 | b, m2: m2 &^ b})
					}
				}
			}
		}
		for _, c := range reach {
			for k, m := range st.masks {
				need := s.cmask[c] &^ m
				if need == 0 || s.isTabu(tabuUntil, k, need, it) {
					continue
				}
				try(k, m|need)
				for r := m &^ s.cmask[c]; r != 0; r &= r - 1 {
					a := uint64(1) << bits.TrailingZeros64(r)
					if s.isTabu(tabuUntil, k, a, it) {
						continue
					}
					try(k, m&^a|need)
					for r2 := r &^ (a | (a - 1)); r2 != 0; r2 &= r2 - 1 {
						b := uint64(1) << bits.TrailingZeros64(r2)
						if !s.isTabu(tabuUntil, k, b, it) {
							try(k, m&^a&^b|need)
						}
					}
				}
			}
		}
		if len(cand) == 0 {
			return false
		}
		var bestMove fsMove
		ties := 0
		for _, mv := range cand {
			copyState(trial, st)
			s.setMask(trial, mv.k, mv.m)
			if mv.k2 >= 0 {
				s.setMask(trial, mv.k2, mv.m2)
			}
			switch {
			case ties == 0 || trial.total < bestState.total:
				bestState, trial, bestMove, ties = trial, bestState, mv, 1
			case trial.total == bestState.total:
				// Reservoir choice among equals keeps the search moving.
				ties++
				if s.rng.IntN(ties) == 0 {
					bestState, trial, bestMove = trial, bestState, mv
				}
			}
		}
		tenure := 5 + s.rng.IntN(5)
		for b := st.masks[bestMove.k] ^ bestMove.m; b != 0; b &= b - 1 {
			tabuUntil[bestMove.k*64+bits.TrailingZeros64(b)] = it + tenure
		}
		if bestMove.k2 >= 0 {
			for b := st.masks[bestMove.k2] ^ bestMove.m2; b != 0; b &= b - 1 {
				tabuUntil[bestMove.k2*64+bits.TrailingZeros64(b)] = it + tenure
			}
		}
		copyState(st, bestState)
	}
	return st.total == 0
}

// reduce starts from stop sets with no shortfall and removes vehicles while
// the search finds stop sets for one fewer. It returns every level it
// reached, the fewest vehicles last.
func (s *fleetSearch) reduce(masks []uint64, floor int) []*fsState {
	cur := s.newState(masks)
	if cur.total > 0 {
		return nil
	}
	levels := []*fsState{cur}
	for len(cur.masks) > floor {
		// Drop the vehicle carrying the fewest riders; the others keep
		// their stops and the search repairs the shortfall.
		drop := 0
		for k := range cur.load {
			if cur.load[k] < cur.load[drop] {
				drop = k
			}
		}
		var ms []uint64
		for k, m := range cur.masks {
			if k != drop {
				ms = append(ms, m)
			}
		}
		next := s.newState(ms)
		if !s.tabu(next) {
			break
		}
		cur = next
		levels = append(levels, cur)
	}
	return levels
}

// reduceRoutes tries to carry the units of routes (one component) on fewer
// vehicles, down to floor. It returns the new routes, or nil when it found
// none fewer or the units could not be seated on the stop sets it found.
func (p *packer) reduceRoutes(routes []*route, floor int) []*route {
	var units []int
	for _, r := range routes {
		units = append(units, r.units...)
	}
	var places []int
	for _, u := range units {
		for _, q := range p.units[u].places {
			if !contains(places, q) {
				places = append(places, q)
			}
		}
	}
	if len(places) > 64 {
		return nil
	}
	sort.Ints(places)
	bit := map[int]uint{}
	for i, q := range places {
		bit[q] = uint(i)
	}
	maskOf := func(pl []int) uint64 {
		var m uint64
		for _, q := range pl {
			m |= 1 << bit[q]
		}
		return m
	}
	sets, ok := feasibleSets(p.nw, places)
	if !ok {
		return nil
	}
	s := &fleetSearch{cap: p.cap, stops: p.nw.rules.MaxStops, feasible: map[uint64]bool{}, rng: rand.New(rand.NewPCG(uint64(len(units)), 1))}
	for _, set := range sets {
		s.feasible[maskOf(set)] = true
	}
	classOf := map[uint64]int{}
	unitsOf := [][]int{}
	for _, u := range units {
		m := maskOf(p.units[u].places)
		c, ok := classOf[m]
		if !ok {
			c = len(s.q)
			classOf[m] = c
			s.q = append(s.q, 0)
			s.cmask = append(s.cmask, m)
			unitsOf = append(unitsOf, nil)
		}
		s.q[c] += p.units[u].size
		unitsOf[c] = append(unitsOf[c], u)
	}
	var masks []uint64
	for _, r := range routes {
		masks = append(masks, maskOf(r.stops))
	}
	levels := s.reduce(masks, floor)
	for i := len(levels) - 1; i > 0; i-- {
		if out := p.seat(levels[i], s, unitsOf); out != nil && len(out) < len(routes) {
			return out
		}
	}
	return nil
}

// seat turns stop sets and their flow into routes of whole units: each
// class's units, largest first, go to the vehicle with the most of the
// class's flow still unfilled that has the seats; a unit that fits nowhere
// by that rule goes to any vehicle with its stops and seats. It returns nil
// when a unit finds no seat or a vehicle's stops cannot share a route.
func (p *packer) seat(st *fsState, s *fleetSearch, unitsOf [][]int) []*route {
	nv := len(st.masks)
	routes := make([]*route, nv)
	for k := range routes {
		routes[k] = &route{}
	}
	want := append([]int(nil), st.flow...)
	// Classes with more places first: they have the fewest vehicles.
	order := make([]int, len(s.q))
	for c := range order {
		order[c] = c
	}
	sort.SliceStable(order, func(a, b int) bool {
		return bits.OnesCount64(s.cmask[order[a]]) > bits.OnesCount64(s.cmask[order[b]])
	})
	for _, c := range order {
		us := append([]int(nil), unitsOf[c]...)
		sort.SliceStable(us, func(a, b int) bool {
			if p.units[us[a]].size != p.units[us[b]].size {
				return p.units[us[a]].size > p.units[us[b]].size
			}
			return p.units[us[a]].key < p.units[us[b]].key
		})
		for _, u := range us {
			size := p.units[u].size
			best := -1
			for k := range nv {
				if s.cmask[c]&^st.masks[k] != 0 || routes[k].load+size > p.cap {
					continue
				}
				if best < 0 || want[c*nv+k] > want[c*nv+best] {
					best = k
				}
			}
			if best < 0 {
				return nil
			}
			routes[best].units = append(routes[best].units, u)
			routes[best].load += size
			want[c*nv+best] -= size
		}
	}
	var out []*route
	for _, r := range routes {
		if len(r.units) == 0 {
			continue
		}
		if _, _, _, ok := p.nw.route(p.stopsOf(r.units)); !ok {
			return nil
		}
		p.reroute(r)
		out = append(out, r)
	}
	return out
}
