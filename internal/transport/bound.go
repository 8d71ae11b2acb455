package transport

import (
	"math"
	"math/bits"
	"sort"
)

// roadBound returns a lower bound on the number of buses that carry demand[i]
// riders to each place i of nw, under the model's rules. It is valid, that
// is never above the optimum, for this reason:
//
// Call two places compatible when some route that keeps the rules visits
// both. A feasible route through i and j stays feasible when every stop but
// i, j and its farthest stop f is dropped: by the triangle inequality the
// route gets no longer, its farthest stop stays, and it has at most three
// stops. So i and j are compatible exactly when a route over {i, j} or over
// {i, j, f}, for some f at least as far as both, keeps the rules; that is
// what compatible tests. Every bus then serves places of one connected
// component of the compatibility graph, so components are served by disjoint
// sets of buses and their bounds add up. Within a component with Q riders,
// capacity C (the largest bus) and N stops per route, a plan with v buses
// has v*C >= Q, and since place i needs at least ceil(q_i/C) visits and a bus
// makes at most N, v*N >= sum ceil(q_i/C). The bound is the larger of the
// two ceilings, summed over components. The bound ignores groups, seats and
// times, which can only add buses. TestLowerBoundExhaustive checks it against
// the exact optimum of small instances.
func roadBound(nw *network, demand []int, capacity int) int {
	_, bounds := componentBounds(nw, demand, capacity)
	total := 0
	for _, b := range bounds {
		total += b
	}
	return total
}

// componentBounds returns the component of each place (see components) and
// the bound of each component: the larger of the capacity bound and the
// stop bound.
func componentBounds(nw *network, demand []int, capacity int) ([]int, map[int]int) {
	comp := components(nw, demand)
	bounds := map[int]int{}
	if capacity <= 0 {
		return comp, bounds
	}
	riders := map[int]int{}
	members := map[int][]int{}
	for i, q := range demand {
		if q > 0 {
			riders[comp[i]] += q
			members[comp[i]] = append(members[comp[i]], i)
		}
	}
	for c, ms := range members {
		bounds[c] = max(ceilDiv(riders[c], capacity), stopBound(nw, ms, demand, capacity))
		bounds[c] = max(bounds[c], coverBound(nw, ms, demand, capacity, math.MaxInt))
	}
	return comp, bounds
}

// cliqueNodes caps the search of stopBound; past it the bound falls back to
// what has been proved so far, which is still a valid bound.
const cliqueNodes = 20000

// stopBound bounds the buses that visit places from below by their stops.
// Place i needs at least ceil(q_i/C) visits; the places one bus visits are
// pairwise compatible and at most MaxStops. So the buses are at least the
// fewest sets of at most MaxStops pairwise compatible visits (never two
// visits to one place in a set) that cover every visit: a clique partition,
// found by iterative deepening from ceil(visits/MaxStops). Each depth k that
// the search exhausts proves that k sets do not suffice; when the node cap
// stops a search, the last proved depth is returned.
func stopBound(nw *network, places, demand []int, capacity int) int {
	var item []int // place of each visit
	for _, p := range places {
		for range ceilDiv(demand[p], capacity) {
			item = append(item, p)
		}
	}
	n, stops := len(item), nw.rules.MaxStops
	simple := ceilDiv(n, stops)
	if n > 64 || stops == 1 {
		if stops == 1 {
			return n
		}
		return simple
	}
	far := append([]int(nil), places...)
	sort.SliceStable(far, func(a, b int) bool { return nw.d0[far[a]] > nw.d0[far[b]] })
	adj := make([]uint64, n)
	for a := range n {
		for b := a + 1; b < n; b++ {
			if item[a] != item[b] && compatible(nw, item[a], item[b], far) {
				adj[a] |= 1 << b
				adj[b] |= 1 << a
			}
		}
	}
	all := uint64(1)<<n - 1
	if n == 64 {
		all = ^uint64(0)
	}
	for k := simple; k < n; k++ {
		nodes := 0
		var rec func(left uint64, used int) int // 1 found, 0 none, -1 gave up
		rec = func(left uint64, used int) int {
			if left == 0 {
				return 1
			}
			nodes++
			if nodes > cliqueNodes {
				return -1
			}
			if used+ceilDiv(bits.OnesCount64(left), stops) > k {
				return 0
			}
			// Branch on the visit with the fewest partners left.
			i, fewest := -1, 65
			for b := left; b != 0; b &= b - 1 {
				j := bits.TrailingZeros64(b)
				if c := bits.OnesCount64(adj[j] & left); c < fewest {
					i, fewest = j, c
				}
			}
			rest := left &^ (1 << i)
			result := 0
			var grow func(set, cand uint64, size int) bool
			grow = func(set, cand uint64, size int) bool {
				if size < stops {
					for b := cand; b != 0; b &= b - 1 {
						j := bits.TrailingZeros64(b)
						// Only partners after j next, so each set is tried once.
						if grow(set|1<<j, cand&adj[j]&^(uint64(1)<<(j+1)-1), size+1) {
							return true
						}
					}
				}
				switch rec(rest&^set, used+1) {
				case 1:
					result = 1
					return true
				case -1:
					result = -1
					return true
				}
				return false
			}
			grow(0, adj[i]&rest, 1)
			return result
		}
		switch rec(all, 0) {
		case 1, -1:
			return k
		}
	}
	return n
}

// components labels each place with demand by its connected component of
// the compatibility graph (the smallest place index in it); places without
// demand get -1.
func components(nw *network, demand []int) []int {
	var active []int
	for i, q := range demand {
		if q > 0 {
			active = append(active, i)
		}
	}
	// Candidates for the farthest stop, farthest first.
	far := append([]int(nil), active...)
	sort.SliceStable(far, func(a, b int) bool { return nw.d0[far[a]] > nw.d0[far[b]] })
	parent := make([]int, len(demand))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for a, i := range active {
		for _, j := range active[a+1:] {
			if find(i) == find(j) {
				continue
			}
			if compatible(nw, i, j, far) {
				ri, rj := find(i), find(j)
				parent[max(ri, rj)] = min(ri, rj)
			}
		}
	}
	comp := make([]int, len(demand))
	for i := range comp {
		comp[i] = -1
		if demand[i] > 0 {
			comp[i] = find(i)
		}
	}
	return comp
}

// compatible reports whether some route that keeps the rules visits both i
// and j; far lists the candidate third stops, farthest first.
func compatible(nw *network, i, j int, far []int) bool {
	if nw.rules.MaxStops < 2 {
		return false
	}
	if _, _, _, ok := nw.route([]int{i, j}); ok {
		return true
	}
	if nw.rules.MaxStops < 3 {
		return false
	}
	reach := max(nw.d0[i], nw.d0[j])
	// Whatever the order, the route is at least as long as the way to the
	// nearer of the two and on to the other; f must be far enough for the
	// detour rule to allow that.
	need := (min(nw.d0[i], nw.d0[j]) + nw.d[i][j]) / (1 + nw.rules.Detour)
	for _, f := range far {
		if nw.d0[f] < reach || nw.d0[f] < need*(1-1e-6)-1e-6 {
			break
		}
		if f == i || f == j {
			continue
		}
		if _, _, _, ok := nw.route([]int{i, j, f}); ok {
			return true
		}
	}
	return false
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
