package transport

import "sort"

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
	if capacity <= 0 {
		return 0
	}
	var active []int
	for i, q := range demand {
		if q > 0 {
			active = append(active, i)
		}
	}
	// Candidates for the farthest stop, farthest first.
	far := append([]int(nil), active...)
	sort.SliceStable(far, func(a, b int) bool { return nw.d0[far[a]] > nw.d0[far[b]] })
	parent := make(map[int]int, len(active))
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, i := range active {
		parent[i] = i
	}
	for a, i := range active {
		for _, j := range active[a+1:] {
			if find(i) == find(j) {
				continue
			}
			if compatible(nw, i, j, far) {
				parent[find(i)] = find(j)
			}
		}
	}
	riders := map[int]int{}
	visits := map[int]int{}
	for _, i := range active {
		c := find(i)
		riders[c] += demand[i]
		visits[c] += ceilDiv(demand[i], capacity)
	}
	n := nw.rules.MaxStops
	total := 0
	for c := range riders {
		total += max(ceilDiv(riders[c], capacity), ceilDiv(visits[c], n))
	}
	return total
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
