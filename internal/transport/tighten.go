package transport

import "sort"

// tighten revisits every component of the compatibility graph where the
// construction used more vehicles than the component's lower bound, and
// tries three searches for fewer, each from the best routes so far:
//
//  1. the dive (dive.go), which rounds the covering relaxation into whole
//     vehicles filled with whole units;
//  2. on small components, the exact branch and bound (exact.go);
//  3. the fleet search (reduce.go), which changes stop sets to carry the
//     same riders on one vehicle fewer at a time.
//
// Groups stay whole in all three.
func (p *packer) tighten() {
	demand := make([]int, len(p.nw.d0))
	for _, u := range p.units {
		for _, r := range u.riders {
			demand[p.riders[r].place]++
		}
	}
	comp, bounds := componentBounds(p.nw, demand, p.cap)
	byComp := map[int][]int{}
	var comps []int
	for i, r := range p.routes {
		c := comp[r.stops[0]]
		if _, ok := byComp[c]; !ok {
			comps = append(comps, c)
		}
		byComp[c] = append(byComp[c], i)
	}
	sort.Ints(comps)
	replaced := map[int]bool{}
	var added []*route
	for _, c := range comps {
		lb := bounds[c]
		rs := byComp[c]
		if len(rs) <= lb {
			continue
		}
		cur := make([]*route, len(rs))
		var units []int
		for k, i := range rs {
			cur[k] = p.routes[i]
			units = append(units, p.routes[i].units...)
		}
		changed := false
		if d := p.dive(units); d != nil && len(d) < len(cur) {
			cur, changed = d, true
		}
		if len(cur) > lb && len(p.stopsOf(units)) <= exactPlaces {
			if ex, ok := p.exact(units, len(cur), lb); ok {
				cur, changed = ex, true
			}
		}
		if len(cur) > lb {
			if red := p.reduceRoutes(cur, lb); red != nil {
				cur, changed = red, true
			}
		}
		if !changed {
			continue
		}
		for _, i := range rs {
			replaced[i] = true
		}
		added = append(added, cur...)
	}
	if len(added) == 0 {
		return
	}
	var keep []*route
	for i, r := range p.routes {
		if !replaced[i] {
			keep = append(keep, r)
		}
	}
	p.routes = append(keep, added...)
}
