package transport

import (
	"sort"
)

// diveIter caps the simplex pivots of one relaxation solved while diving,
// and diveClasses the classes (rows) it takes on: each pivot costs the
// square of the rows.
const (
	diveIter    = 3000
	diveClasses = 400
)

// class is the units of one component that stop at the same places.
type class struct {
	places []int
	units  []int // not yet placed, largest first
	left   int   // their riders
}

// dive packs units (one component) by rounding the covering relaxation:
// solve it over what is left, put on the road every vehicle the solution
// uses at least once (filled with real units as close to its load as the
// group sizes allow), and repeat until every unit rides. It returns nil when
// the component is too large for it (see diveClasses and feasibleSets).
func (p *packer) dive(units []int) []*route {
	var places []int
	for _, u := range units {
		for _, q := range p.units[u].places {
			if !contains(places, q) {
				places = append(places, q)
			}
		}
	}
	sort.Ints(places)
	sets, ok := feasibleSets(p.nw, places)
	if !ok {
		return nil
	}
	var classes []*class
	byKey := map[string]int{}
	for _, u := range units {
		k := placeKey(p.units[u].places)
		ci, ok := byKey[k]
		if !ok {
			ci = len(classes)
			byKey[k] = ci
			classes = append(classes, &class{places: p.units[u].places})
		}
		classes[ci].units = append(classes[ci].units, u)
		classes[ci].left += p.units[u].size
	}
	if len(classes) > diveClasses {
		return nil
	}
	for _, c := range classes {
		sort.SliceStable(c.units, func(a, b int) bool {
			ua, ub := p.units[c.units[a]], p.units[c.units[b]]
			if ua.size != ub.size {
				return ua.size > ub.size
			}
			return ua.key < ub.key
		})
	}
	// The classes each stop set may carry: those whose places it contains.
	carries := make([][]int, len(sets))
	for s, set := range sets {
		for sub := 1; sub < 1<<len(set); sub++ {
			var pl []int
			for k, q := range set {
				if sub&(1<<k) != 0 {
					pl = append(pl, q)
				}
			}
			if ci, ok := byKey[placeKey(pl)]; ok {
				carries[s] = append(carries[s], ci)
			}
		}
	}
	var out []*route
	for {
		// The relaxation over what is left: active classes, and the sets
		// whose every stop has riders of a class the set carries.
		item := map[int]int{}
		var active []int
		for ci, c := range classes {
			if c.left > 0 {
				item[ci] = len(active)
				active = append(active, ci)
			}
		}
		if len(active) == 0 {
			return out
		}
		q := make([]int, len(active))
		for k, ci := range active {
			q[k] = classes[ci].left
		}
		home := make([]int, len(active))
		for k := range home {
			home[k] = -1
		}
		var items [][]int
		var setIdx []int
		for s, set := range sets {
			var its []int
			var cover []int
			for _, ci := range carries[s] {
				if k, ok := item[ci]; ok {
					its = append(its, k)
					cover = union(cover, classes[ci].places)
				}
			}
			if len(cover) != len(set) {
				continue
			}
			key := placeKey(set)
			for _, k := range its {
				if placeKey(classes[active[k]].places) == key {
					home[k] = len(items)
				}
			}
			items = append(items, its)
			setIdx = append(setIdx, s)
		}
		for _, h := range home {
			if h < 0 {
				return nil // a class no route may carry alone
			}
		}
		c := newCover(q, p.cap, items, home)
		res := c.solve(diveIter, 0, true)
		if len(res.cols) == 0 {
			return nil
		}
		var commit []int
		bestK := -1
		for k, x := range res.x {
			if x >= 1-1e-6 {
				commit = append(commit, k)
			}
			if bestK < 0 || x > res.x[bestK]+1e-9 {
				bestK = k
			}
		}
		if len(commit) == 0 {
			commit = []int{bestK}
		}
		placed := false
		for _, k := range commit {
			times := max(1, int(res.x[k]+1e-6))
			col := res.cols[k]
			for range times {
				want := map[int]int{}
				for i, row := range col.rows {
					if row < len(active) {
						want[active[row]] = int(col.vals[i] + 0.5)
					}
				}
				r := p.fillFrom(classes, sets[setIdx[col.set]], carries[setIdx[col.set]], want)
				if r == nil {
					break
				}
				placed = true
				out = append(out, r)
			}
		}
		if !placed {
			return nil
		}
	}
}

// fillFrom puts one vehicle on the road over stop set with the units of the
// classes it carries: want riders of each class where the relaxation loads
// it (the largest units that fit the number first), then one unit at every
// stop still without one, then any units of its classes that still fit (a
// fuller vehicle leaves less to the next). It removes the units it takes
// from their classes, and returns nil when it could take none or their stops
// cannot share a route.
func (p *packer) fillFrom(classes []*class, set []int, carries []int, want map[int]int) *route {
	r := &route{}
	taken := map[int]bool{}
	take := func(ci, k int) {
		u := classes[ci].units[k]
		r.units = append(r.units, u)
		r.load += p.units[u].size
		taken[u] = true
	}
	order := append([]int(nil), carries...)
	sort.SliceStable(order, func(a, b int) bool { return want[order[a]] > want[order[b]] })
	for _, ci := range order {
		need := want[ci]
		for k, u := range classes[ci].units {
			if need <= 0 {
				break
			}
			if sz := p.units[u].size; sz <= need && r.load+sz <= p.cap {
				take(ci, k)
				need -= sz
			}
		}
	}
	stops := p.stopsOf(r.units)
	for _, q := range set {
		if contains(stops, q) {
			continue
		}
		// The smallest unit left that stops there.
		bc, bk := -1, -1
		for _, ci := range carries {
			if !contains(classes[ci].places, q) {
				continue
			}
			for k := len(classes[ci].units) - 1; k >= 0; k-- {
				u := classes[ci].units[k]
				if taken[u] {
					continue
				}
				if bc < 0 || p.units[u].size < p.units[classes[bc].units[bk]].size {
					bc, bk = ci, k
				}
				break
			}
		}
		if bc >= 0 && r.load+p.units[classes[bc].units[bk]].size <= p.cap {
			take(bc, bk)
			stops = p.stopsOf(r.units)
		}
	}
	for _, ci := range order {
		for k, u := range classes[ci].units {
			if !taken[u] && r.load+p.units[u].size <= p.cap {
				take(ci, k)
			}
		}
	}
	if len(r.units) == 0 {
		return nil
	}
	if _, _, _, ok := p.nw.route(p.stopsOf(r.units)); !ok {
		return nil
	}
	for _, ci := range carries {
		c := classes[ci]
		kept := c.units[:0]
		for _, u := range c.units {
			if taken[u] {
				c.left -= p.units[u].size
			} else {
				kept = append(kept, u)
			}
		}
		c.units = kept
	}
	p.reroute(r)
	return r
}

// placeKey names a sorted set of places.
func placeKey(pl []int) string {
	b := make([]byte, 0, 4*len(pl))
	for _, q := range pl {
		b = append(b, byte(q>>24), byte(q>>16), byte(q>>8), byte(q))
	}
	return string(b)
}
