package transport

import (
	"math/bits"
	"sort"
)

// exactNodes caps the search of one component, so that planning time stays
// bounded whatever the instance; the other routes stand when the cap is hit.
const exactNodes = 60000

// exactPlaces is the most gates a component may have for the exact search:
// on larger ones it rarely finishes within exactNodes, and the dive and the
// fleet search do better.
const exactPlaces = 12

// piece is what the exact search places: the leftover units of one gate, or
// one unit that spans several gates.
type piece struct {
	units []int
	mask  uint64
	size  int
}

// exact looks for a packing of units into fewer than have buses, and no
// fewer than lb; it reports false when it finds none within exactNodes.
func (p *packer) exact(units []int, have, lb int) ([]*route, bool) {
	bit := map[int]int{}
	var placeOf []int
	for _, u := range units {
		for _, q := range p.units[u].places {
			if _, ok := bit[q]; !ok {
				bit[q] = len(placeOf)
				placeOf = append(placeOf, q)
			}
		}
	}
	if len(placeOf) > 64 {
		return nil, false
	}
	maskOf := func(places []int) uint64 {
		var m uint64
		for _, q := range places {
			m |= 1 << bit[q]
		}
		return m
	}
	// Peel full buses off every gate, largest units first.
	byPlace := map[int][]int{}
	var pieces []piece
	for _, u := range units {
		if pl := p.units[u].places; len(pl) == 1 {
			byPlace[pl[0]] = append(byPlace[pl[0]], u)
		} else {
			pieces = append(pieces, piece{units: []int{u}, mask: maskOf(pl), size: p.units[u].size})
		}
	}
	var fixed []*route
	for _, q := range sortedKeys(byPlace) {
		us := byPlace[q]
		sort.SliceStable(us, func(a, b int) bool {
			if p.units[us[a]].size != p.units[us[b]].size {
				return p.units[us[a]].size > p.units[us[b]].size
			}
			return p.units[us[a]].key < p.units[us[b]].key
		})
		sum := 0
		for _, u := range us {
			sum += p.units[u].size
		}
		pieces = append(pieces, piece{units: us, mask: maskOf([]int{q}), size: sum})
	}
	if len(fixed) >= have {
		return nil, false
	}
	sort.SliceStable(pieces, func(a, b int) bool {
		if pieces[a].size != pieces[b].size {
			return pieces[a].size > pieces[b].size
		}
		return pieces[a].mask < pieces[b].mask
	})
	suffix := make([]int, len(pieces)+1)
	later := make([]uint64, len(pieces)+1) // gates of the pieces from i on
	for i := len(pieces) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + pieces[i].size
		later[i] = later[i+1] | pieces[i].mask
	}
	ok := map[uint64]bool{}
	routable := func(m uint64) bool {
		if v, seen := ok[m]; seen {
			return v
		}
		var stops []int
		for b := m; b != 0; b &= b - 1 {
			stops = append(stops, placeOf[bits.TrailingZeros64(b)])
		}
		_, _, _, v := p.nw.route(stops)
		ok[m] = v
		return v
	}
	best := have - len(fixed) // a solution must use fewer bins than this
	floor := max(0, lb-len(fixed))
	maxStops := p.nw.rules.MaxStops
	type bin struct {
		mask uint64
		load int
	}
	type placement struct {
		bin   int
		units []int
	}
	var bins []bin
	var path, bestPath []placement
	found := false
	nodes := 0
	// take fills spare seats from units, largest first; it returns the
	// units taken and the rest.
	take := func(units []int, spare int) (part, rest []int, size int) {
		for _, u := range units {
			if size+p.units[u].size <= spare {
				part = append(part, u)
				size += p.units[u].size
			} else {
				rest = append(rest, u)
			}
		}
		return part, rest, size
	}
	var rec func(i int, rem []int, remSize int) bool
	rec = func(i int, rem []int, remSize int) bool {
		if len(rem) == 0 {
			i++
			if i == len(pieces) {
				best = len(bins)
				bestPath = append(bestPath[:0], path...)
				found = true
				return best <= floor
			}
			rem, remSize = pieces[i].units, pieces[i].size
		}
		nodes++
		if nodes > exactNodes {
			return true
		}
		// Each gate still to serve that no open bin visits takes a free stop.
		spare, slots := 0, 0
		var open uint64
		for _, b := range bins {
			spare += p.cap - b.load
			if b.load < p.cap {
				slots += maxStops - bits.OnesCount64(b.mask)
				open |= b.mask
			}
		}
		gates := bits.OnesCount64((later[i+1] | pieces[i].mask) &^ open)
		need := max(ceilDiv(max(0, suffix[i+1]+remSize-spare), p.cap), ceilDiv(max(0, gates-slots), maxStops))
		if len(bins)+need >= best {
			return false
		}
		mask := pieces[i].mask
		order := make([]int, len(bins))
		for b := range order {
			order[b] = b
		}
		sort.SliceStable(order, func(a, b int) bool { return bins[order[a]].load > bins[order[b]].load })
		// Whole, into the fullest bin that takes it.
		for _, bi := range order {
			b := bins[bi]
			m := b.mask | mask
			if b.load+remSize > p.cap || bits.OnesCount64(m) > maxStops || (m != b.mask && !routable(m)) {
				continue
			}
			bins[bi] = bin{mask: m, load: b.load + remSize}
			path = append(path, placement{bin: bi, units: rem})
			stop := rec(i, nil, 0)
			path = path[:len(path)-1]
			bins[bi] = b
			if stop {
				return true
			}
		}
		// Split: fill a bin that cannot take it all, carry the rest on.
		for _, bi := range order {
			b := bins[bi]
			m := b.mask | mask
			if b.load+remSize <= p.cap || b.load == p.cap || bits.OnesCount64(m) > maxStops || (m != b.mask && !routable(m)) {
				continue
			}
			part, rest, size := take(rem, p.cap-b.load)
			if size == 0 {
				continue
			}
			bins[bi] = bin{mask: m, load: b.load + size}
			path = append(path, placement{bin: bi, units: part})
			stop := rec(i, rest, remSize-size)
			path = path[:len(path)-1]
			bins[bi] = b
			if stop {
				return true
			}
		}
		if len(bins)+1 >= best {
			return false
		}
		// A new bin: all of it that fits, or, for a gate too large for one
		// bus, an even share, which leaves seats for other gates.
		fills := []int{p.cap}
		if remSize > p.cap {
			fills = append(fills, ceilDiv(remSize, ceilDiv(remSize, p.cap)))
		}
		for k, fill := range fills {
			part, rest, size := take(rem, fill)
			if size == 0 || (k > 0 && size == p.cap) {
				continue
			}
			bins = append(bins, bin{mask: mask, load: size})
			path = append(path, placement{bin: len(bins) - 1, units: part})
			stop := rec(i, rest, remSize-size)
			path = path[:len(path)-1]
			bins = bins[:len(bins)-1]
			if stop {
				return true
			}
		}
		return false
	}
	if len(pieces) > 0 {
		rec(0, pieces[0].units, pieces[0].size)
	}
	if !found {
		return nil, false
	}
	out := fixed
	routes := make([]*route, best)
	for i := range routes {
		routes[i] = &route{}
	}
	for _, pl := range bestPath {
		r := routes[pl.bin]
		r.units = append(r.units, pl.units...)
		for _, u := range pl.units {
			r.load += p.units[u].size
		}
	}
	out = append(out, routes...)
	for _, r := range out {
		p.reroute(r)
	}
	return out, true
}

func sortedKeys(m map[int][]int) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}
