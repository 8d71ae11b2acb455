package transport

import (
	"fmt"
	"math"
	"sort"
)

// rider is a passenger of one road problem: place is the index of their gate
// in the problem's network.
type rider struct {
	id, group string
	place     int
}

// unit is riders who take the same vehicle: a group, or the part of a group
// that had to be split off, or one passenger without a group.
type unit struct {
	riders []int // indexes into packer.riders
	places []int // distinct, ascending
	size   int
	far    float64 // road km to the farthest of places
	key    string
}

// route is one vehicle's load while packing.
type route struct {
	stops  []int // driving order
	units  []int
	load   int
	km     float64
	direct float64
}

// packer fills vehicles for one road problem: every unit on one route, no
// route over capacity, over the stop limit or over the detour.
type packer struct {
	nw     *network
	cap    int
	riders []rider
	units  []unit
	at     [][]int // single-place units per place, largest first
	multi  []int   // units spanning several places
	done   []bool
	left   []int // unassigned riders in single-place units, per place
	routes []*route
	// splits gives, per group key, why the group could not stay one unit.
	splits map[string]string
}

func newPacker(nw *network, riders []rider) *packer {
	p := &packer{nw: nw, cap: nw.fleet.largestBus(), riders: riders, splits: map[string]string{}}
	p.buildUnits()
	n := len(nw.d0)
	p.at = make([][]int, n)
	p.left = make([]int, n)
	p.done = make([]bool, len(p.units))
	for i, u := range p.units {
		if len(u.places) == 1 {
			p.at[u.places[0]] = append(p.at[u.places[0]], i)
			p.left[u.places[0]] += u.size
		} else {
			p.multi = append(p.multi, i)
		}
	}
	for _, l := range p.at {
		sort.SliceStable(l, func(a, b int) bool { return p.units[l[a]].size > p.units[l[b]].size })
	}
	return p
}

// buildUnits turns groups into units. A group stays one unit when it fits
// the largest bus and its gates can share one route; otherwise its gates are
// split into as few routable sets as a greedy pass finds, and a set larger
// than a bus into as few busloads as its size needs.
func (p *packer) buildUnits() {
	byGroup := map[string][]int{}
	var keys []string
	for i, r := range p.riders {
		k := r.group
		if k == "" {
			k = "\x00" + r.id // a lone passenger; the prefix keeps it apart from group keys
		}
		if _, ok := byGroup[k]; !ok {
			keys = append(keys, k)
		}
		byGroup[k] = append(byGroup[k], i)
	}
	sort.Strings(keys)
	for _, k := range keys {
		members := byGroup[k]
		sort.Slice(members, func(a, b int) bool { return p.riders[members[a]].id < p.riders[members[b]].id })
		places := p.placesOf(members)
		_, _, _, ok := p.nw.route(places)
		if len(members) <= p.cap && (len(places) == 1 || ok) {
			p.addUnit(k, members)
			continue
		}
		group := p.riders[members[0]].group
		if len(members) > p.cap {
			p.splits[group] = fmt.Sprintf("its %d members exceed the largest bus (%d seats)", len(members), p.cap)
		}
		if len(places) > 1 && !ok {
			p.splits[group] = "its members' gates cannot share one route"
		}
		for si, set := range p.routableSets(places) {
			var part []int
			for _, m := range members {
				if contains(set, p.riders[m].place) {
					part = append(part, m)
				}
			}
			// Busloads follow the places from the farthest, so that each
			// load spans as few gates as possible.
			sort.SliceStable(part, func(a, b int) bool {
				return p.nw.d0[p.riders[part[a]].place] > p.nw.d0[p.riders[part[b]].place]
			})
			for c := 0; c*p.cap < len(part); c++ {
				chunk := part[c*p.cap : min(len(part), (c+1)*p.cap)]
				if pl := p.placesOf(chunk); len(pl) > 1 {
					if _, _, _, ok := p.nw.route(pl); !ok {
						for _, q := range pl {
							var one []int
							for _, m := range chunk {
								if p.riders[m].place == q {
									one = append(one, m)
								}
							}
							p.addUnit(fmt.Sprintf("%s/%d/%d/%d", k, si, c, q), one)
						}
						continue
					}
				}
				p.addUnit(fmt.Sprintf("%s/%d/%d", k, si, c), chunk)
			}
		}
	}
}

// routableSets partitions places into sets that can each share one route,
// starting every set from the farthest place left.
func (p *packer) routableSets(places []int) [][]int {
	rest := append([]int(nil), places...)
	sort.SliceStable(rest, func(a, b int) bool { return p.nw.d0[rest[a]] > p.nw.d0[rest[b]] })
	var sets [][]int
	for len(rest) > 0 {
		set := []int{rest[0]}
		var next []int
		for _, q := range rest[1:] {
			if _, _, _, ok := p.nw.route(append(append([]int(nil), set...), q)); ok {
				set = append(set, q)
			} else {
				next = append(next, q)
			}
		}
		sort.Ints(set)
		sets = append(sets, set)
		rest = next
	}
	return sets
}

func (p *packer) placesOf(riders []int) []int {
	var pl []int
	for _, m := range riders {
		if !contains(pl, p.riders[m].place) {
			pl = append(pl, p.riders[m].place)
		}
	}
	sort.Ints(pl)
	return pl
}

func (p *packer) addUnit(key string, riders []int) {
	places := p.placesOf(riders)
	p.units = append(p.units, unit{riders: riders, places: places, size: len(riders), far: p.nw.direct(places), key: key})
}

// pack builds the routes: construction from the farthest unit outwards, then
// local search that removes vehicles and then cost.
func (p *packer) pack() {
	if p.cap == 0 || len(p.units) == 0 {
		return
	}
	order := make([]int, len(p.units))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ua, ub := p.units[order[a]], p.units[order[b]]
		if ua.far != ub.far {
			return ua.far > ub.far
		}
		if ua.size != ub.size {
			return ua.size > ub.size
		}
		return ua.key < ub.key
	})
	for _, u := range order {
		if p.done[u] {
			continue
		}
		r := &route{}
		p.assign(r, u)
		p.reroute(r)
		p.fill(r)
		p.routes = append(p.routes, r)
	}
	p.eliminate()
	p.tighten()
	p.improve()
	p.rebalance()
}

func (p *packer) assign(r *route, u int) {
	p.done[u] = true
	r.units = append(r.units, u)
	r.load += p.units[u].size
	if len(p.units[u].places) == 1 {
		p.left[p.units[u].places[0]] -= p.units[u].size
	}
}

// stopsOf returns the distinct places of a route's units, ascending.
func (p *packer) stopsOf(units []int) []int {
	var pl []int
	for _, u := range units {
		for _, q := range p.units[u].places {
			if !contains(pl, q) {
				pl = append(pl, q)
			}
		}
	}
	sort.Ints(pl)
	return pl
}

func (p *packer) reroute(r *route) {
	r.stops, r.km = p.nw.shortest(p.stopsOf(r.units))
	r.direct = p.nw.direct(r.stops)
}

// fill tops a route up: first with units whose gates it already visits
// (largest first), then by adding the gate that best suits it, as long as
// seats and stops remain. A gate whose remaining riders all fit is preferred,
// so that it needs no second visit; among those, the one that costs the
// fewest extra km per rider; failing that, the nearest gate, whose riders
// then fill the vehicle.
func (p *packer) fill(r *route) {
	for {
		for _, s := range r.stops {
			for _, u := range p.at[s] {
				if !p.done[u] && r.load+p.units[u].size <= p.cap {
					p.assign(r, u)
				}
			}
		}
		for _, u := range p.multi {
			if !p.done[u] && r.load+p.units[u].size <= p.cap && subset(p.units[u].places, r.stops) {
				p.assign(r, u)
			}
		}
		spare := p.cap - r.load
		if spare == 0 || len(r.stops) >= p.nw.rules.MaxStops {
			return
		}
		best, bestFits, bestScore := -1, false, math.Inf(1)
		var bestOrder []int
		var bestKm, bestDirect float64
		for h := range p.left {
			if p.left[h] == 0 || contains(r.stops, h) || p.smallest(h) > spare {
				continue
			}
			order, km, direct, ok := p.nw.route(append(append([]int(nil), r.stops...), h))
			if !ok {
				continue
			}
			added := km - r.km
			fits := p.left[h] <= spare
			score := added
			if fits {
				score = added / float64(p.left[h])
			}
			if (fits && !bestFits) || (fits == bestFits && score < bestScore-1e-9) {
				best, bestFits, bestScore = h, fits, score
				bestOrder, bestKm, bestDirect = order, km, direct
			}
		}
		if best < 0 {
			return
		}
		r.stops, r.km, r.direct = bestOrder, bestKm, bestDirect
	}
}

// smallest returns the size of the smallest unassigned unit at place h.
func (p *packer) smallest(h int) int {
	l := p.at[h]
	for i := len(l) - 1; i >= 0; i-- {
		if !p.done[l[i]] {
			return p.units[l[i]].size
		}
	}
	return math.MaxInt
}

// hostFor finds where unit u fits best among routes other than skip, given
// the loads and stops in the trial state: the route whose length grows
// least. It returns -1 when no route can take it.
func (p *packer) hostFor(u int, skip int, load []int, stops [][]int, km []float64) (int, []int, float64) {
	best, bestAdd := -1, math.Inf(1)
	var bestStops []int
	var bestKm float64
	for i := range p.routes {
		if i == skip || load[i]+p.units[u].size > p.cap {
			continue
		}
		merged := union(stops[i], p.units[u].places)
		added, nk := 0.0, km[i]
		if len(merged) != len(stops[i]) {
			_, k, _, ok := p.nw.route(merged)
			if !ok {
				continue
			}
			added, nk = k-km[i], k
		}
		if added < bestAdd-1e-9 {
			best, bestAdd, bestStops, bestKm = i, added, merged, nk
		}
	}
	return best, bestStops, bestKm
}

// eliminate empties routes, smallest load first, by moving each of their
// units into the spare seats of other routes; a route goes only when all its
// units find a place.
func (p *packer) eliminate() {
	for {
		idx := make([]int, len(p.routes))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return p.routes[idx[a]].load < p.routes[idx[b]].load })
		removed := false
		for _, ri := range idx {
			load := make([]int, len(p.routes))
			stops := make([][]int, len(p.routes))
			km := make([]float64, len(p.routes))
			for i, r := range p.routes {
				load[i], km[i] = r.load, r.km
				stops[i] = p.stopsOf(r.units)
			}
			moves := make([]int, 0, len(p.routes[ri].units))
			units := append([]int(nil), p.routes[ri].units...)
			sort.SliceStable(units, func(a, b int) bool { return p.units[units[a]].size > p.units[units[b]].size })
			ok := true
			for _, u := range units {
				h, st, k := p.hostFor(u, ri, load, stops, km)
				if h < 0 {
					ok = false
					break
				}
				load[h] += p.units[u].size
				stops[h], km[h] = st, k
				moves = append(moves, h)
			}
			if !ok {
				continue
			}
			for i, u := range units {
				h := p.routes[moves[i]]
				h.units = append(h.units, u)
				h.load += p.units[u].size
				p.reroute(h)
			}
			p.routes = append(p.routes[:ri], p.routes[ri+1:]...)
			removed = true
			break
		}
		if !removed {
			return
		}
	}
}

// routeCost is what a route costs with the cheapest bus that seats its load.
func (p *packer) routeCost(load int, stops []int) float64 {
	if load == 0 {
		return 0
	}
	order, km := p.nw.shortest(stops)
	v, ok := cheapest(p.nw.fleet, load, km)
	if !ok {
		return math.Inf(1)
	}
	return busCost(p.nw.fleet, v, km, drivers(p.nw.rules, km, p.nw.driving(order)))
}

// improve moves single units between routes while that lowers the total
// cost: a smaller bus, a stop saved, a shorter route. It never adds a route.
func (p *packer) improve() {
	for pass := 0; pass < 20; pass++ {
		improved := false
		for ai := 0; ai < len(p.routes); ai++ {
			a := p.routes[ai]
			aStops := p.stopsOf(a.units)
			aCost := p.routeCost(a.load, aStops)
			for ui := 0; ui < len(a.units); ui++ {
				u := a.units[ui]
				rest := append(append([]int(nil), a.units[:ui]...), a.units[ui+1:]...)
				restStops := p.stopsOf(rest)
				if len(rest) > 0 {
					if _, _, _, ok := p.nw.route(restStops); !ok {
						continue
					}
				}
				restCost := p.routeCost(a.load-p.units[u].size, restStops)
				best, bestGain := -1, 1e-6
				for bi, b := range p.routes {
					if bi == ai || b.load+p.units[u].size > p.cap {
						continue
					}
					bStops := p.stopsOf(b.units)
					merged := union(bStops, p.units[u].places)
					if len(merged) != len(bStops) {
						if _, _, _, ok := p.nw.route(merged); !ok {
							continue
						}
					}
					gain := aCost + p.routeCost(b.load, bStops) - restCost - p.routeCost(b.load+p.units[u].size, merged)
					if gain > bestGain {
						best, bestGain = bi, gain
					}
				}
				if best < 0 {
					continue
				}
				b := p.routes[best]
				b.units = append(b.units, u)
				b.load += p.units[u].size
				p.reroute(b)
				a.units = rest
				a.load -= p.units[u].size
				improved = true
				if len(a.units) == 0 {
					p.routes = append(p.routes[:ai], p.routes[ai+1:]...)
					ai--
					break
				}
				p.reroute(a)
				aStops = p.stopsOf(a.units)
				aCost = p.routeCost(a.load, aStops)
				ui--
			}
		}
		if !improved {
			return
		}
	}
}

// rebalance picks the bus sizes for the routes that serve one gate alone,
// together: an exact dynamic programme over the number of seats finds the
// cheapest mix of as many buses as there are such routes that seats all
// their riders, and the riders are then repacked into it (largest unit
// first, into the fullest bus that takes it). When the units cannot be packed
// into the cheaper mix, the routes stay as they were.
func (p *packer) rebalance() {
	byPlace := map[int][]int{}
	for i, r := range p.routes {
		if len(r.stops) == 1 {
			byPlace[r.stops[0]] = append(byPlace[r.stops[0]], i)
		}
	}
	places := make([]int, 0, len(byPlace))
	for q := range byPlace {
		places = append(places, q)
	}
	sort.Ints(places)
	for _, q := range places {
		rs := byPlace[q]
		if len(rs) < 2 {
			continue
		}
		total, old := 0, 0.0
		var units []int
		for _, i := range rs {
			total += p.routes[i].load
			old += p.routeCost(p.routes[i].load, p.routes[i].stops)
			units = append(units, p.routes[i].units...)
		}
		km := p.nw.d0[q]
		kinds, cost := cheapestMix(p.nw.fleet, len(rs), total, km)
		nDrivers := drivers(p.nw.rules, km, p.nw.driving([]int{q}))
		cost += float64(len(rs)) * p.nw.fleet.SecondDriverCost * float64(nDrivers-1)
		if kinds == nil || cost >= old-1e-6 {
			continue
		}
		bins, ok := p.binPack(units, kinds)
		if !ok {
			continue
		}
		for k, i := range rs {
			r := p.routes[i]
			r.units = bins[k]
			r.load = 0
			for _, u := range bins[k] {
				r.load += p.units[u].size
			}
		}
	}
}

// cheapestMix returns the seat counts of n buses that together seat at least
// total riders at the lowest cost over km, by dynamic programming over
// (buses used, seats, capped at total). It returns nil when n buses cannot
// seat them.
func cheapestMix(fleet Fleet, n, total int, km float64) ([]int, float64) {
	kinds := fleet.busesBySeats()
	inf := math.Inf(1)
	cost := make([][]float64, n+1)
	kind := make([][]int, n+1) // the kind bought last to reach a state
	prev := make([][]int, n+1) // the seats before buying it
	for j := range cost {
		cost[j] = make([]float64, total+1)
		kind[j] = make([]int, total+1)
		prev[j] = make([]int, total+1)
		for s := range cost[j] {
			cost[j][s] = inf
		}
	}
	cost[0][0] = 0
	for j := 1; j <= n; j++ {
		for s := 0; s <= total; s++ {
			if math.IsInf(cost[j-1][s], 1) {
				continue
			}
			for k, v := range kinds {
				t := min(total, s+v.Seats)
				c := cost[j-1][s] + v.FixedCost + v.CostPerKm*km
				if c < cost[j][t]-1e-9 {
					cost[j][t], kind[j][t], prev[j][t] = c, k, s
				}
			}
		}
	}
	if math.IsInf(cost[n][total], 1) {
		return nil, inf
	}
	seats := make([]int, 0, n)
	for j, s := n, total; j > 0; j-- {
		seats = append(seats, kinds[kind[j][s]].Seats)
		s = prev[j][s]
	}
	sort.Sort(sort.Reverse(sort.IntSlice(seats)))
	return seats, cost[n][total]
}

// binPack puts units into bins of the given capacities, largest unit first,
// each into the fullest bin that still takes it.
func (p *packer) binPack(units []int, caps []int) ([][]int, bool) {
	us := append([]int(nil), units...)
	sort.SliceStable(us, func(a, b int) bool {
		if p.units[us[a]].size != p.units[us[b]].size {
			return p.units[us[a]].size > p.units[us[b]].size
		}
		return p.units[us[a]].key < p.units[us[b]].key
	})
	bins := make([][]int, len(caps))
	load := make([]int, len(caps))
	for _, u := range us {
		best := -1
		for b := range caps {
			if load[b]+p.units[u].size <= caps[b] && (best < 0 || caps[b]-load[b] < caps[best]-load[best]) {
				best = b
			}
		}
		if best < 0 {
			return nil, false
		}
		bins[best] = append(bins[best], u)
		load[best] += p.units[u].size
	}
	for _, b := range bins {
		if len(b) == 0 {
			return nil, false
		}
	}
	return bins, true
}

func contains(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// subset reports whether every element of a is in b.
func subset(a, b []int) bool {
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}

// union returns the sorted union of two sets.
func union(a, b []int) []int {
	out := append([]int(nil), a...)
	for _, x := range b {
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	sort.Ints(out)
	return out
}
