package transport

import (
	"math"
	"sort"
)

// routeSetCap caps how many feasible stop sets one component may have for
// the covering relaxation, and routeWork the stop orders that may be tried
// to find them (a set of n stops has n! orders); past either (many gates and
// a generous stop limit) the relaxation, the dive and the fleet search are
// skipped and the simpler bounds and the other steps stand.
const (
	routeSetCap = 20000
	routeWork   = 2_000_000
)

// feasibleSets returns every set of places (ascending) that one route may
// visit under the rules, or false when there are more than routeSetCap.
//
// A route stays feasible when a stop other than its farthest is dropped:
// by the triangle inequality it gets no longer and its farthest stop stays.
// So every feasible set is reached from its farthest place by adding nearer
// places one at a time through feasible sets, which is how the search grows
// them. The intermediate sets are tested with a looser tolerance than the
// final ones, so that rounding cannot hide a feasible set behind an
// intermediate one that fails by a hair.
func feasibleSets(nw *network, places []int) ([][]int, bool) {
	key := placeKey(sortedCopy(places))
	if l, ok := nw.sets[key]; ok {
		return l.sets, l.ok
	}
	sets, ok := enumerateSets(nw, places)
	if nw.sets == nil {
		nw.sets = map[string]setList{}
	}
	nw.sets[key] = setList{sets, ok}
	return sets, ok
}

func sortedCopy(s []int) []int {
	c := append([]int(nil), s...)
	sort.Ints(c)
	return c
}

func enumerateSets(nw *network, places []int) ([][]int, bool) {
	rank := append([]int(nil), places...)
	// Farthest first; among places equally far, the higher index counts as
	// farther, so that every set has one farthest place.
	sort.SliceStable(rank, func(a, b int) bool {
		if nw.d0[rank[a]] != nw.d0[rank[b]] {
			return nw.d0[rank[a]] > nw.d0[rank[b]]
		}
		return rank[a] > rank[b]
	})
	stops := nw.rules.MaxStops
	var out [][]int
	work := 0
	loose := func(set []int) bool {
		f := 1
		for k := 2; k <= len(set); k++ {
			f *= k
		}
		work += f
		_, km := nw.shortest(set)
		direct := nw.direct(set)
		return km <= (1+nw.rules.Detour)*direct*(1+1e-6)+1e-6 && km <= nw.rules.MaxKm*(1+1e-6)
	}
	var grow func(set []int, from int) bool
	grow = func(set []int, from int) bool {
		if len(out) >= routeSetCap || work >= routeWork {
			return false
		}
		if _, _, _, ok := nw.route(set); ok {
			s := append([]int(nil), set...)
			sort.Ints(s)
			out = append(out, s)
		}
		if len(set) == stops {
			return true
		}
		for k := from; k < len(rank); k++ {
			next := append(set, rank[k])
			if !loose(next) {
				continue
			}
			if !grow(next, k+1) {
				return false
			}
		}
		return true
	}
	for f := range rank {
		if nw.d0[rank[f]] > nw.rules.MaxKm*(1+1e-6) {
			continue
		}
		if !grow([]int{rank[f]}, f+1) {
			return nil, false
		}
	}
	// Smaller sets first, so that ties in pricing go to fewer stops.
	sort.SliceStable(out, func(a, b int) bool {
		if len(out[a]) != len(out[b]) {
			return len(out[a]) < len(out[b])
		}
		for k := range out[a] {
			if out[a][k] != out[b][k] {
				return out[a][k] < out[b][k]
			}
		}
		return false
	})
	return out, true
}

// cover is the linear relaxation of a covering problem: choose vehicles,
// each on a feasible stop set, carrying at most cap riders in all and at
// most q_i riders of item i, so that every item gets its riders. An item is
// the riders of one place (for the bound), or of one set of places that
// must ride together (when planning). An item with more riders than one
// vehicle seats also needs at least ceil(q_i/cap) vehicles whose stop set
// carries it (its visit row). Every plan is an integer solution of the
// problem, so its optimum, and the value of any dual feasible point, bounds
// the vehicles from below; so does the ceiling, since vehicles are whole.
type cover struct {
	cap   int
	q     []int // riders per item
	visit []int // row of the item's visit constraint, or -1
	b     []float64
	m     int     // rows: items, then visit rows
	sets  [][]int // per stop set, the items a vehicle on it may carry
	home  []int   // per item, a stop set that carries it
	order []int   // scratch for price
}

func newCover(q []int, capacity int, sets [][]int, home []int) *cover {
	c := &cover{cap: capacity, q: q, sets: sets, home: home, m: len(q)}
	c.visit = make([]int, len(q))
	c.b = make([]float64, 0, 2*len(q))
	for _, v := range q {
		c.b = append(c.b, float64(v))
	}
	for i, v := range q {
		c.visit[i] = -1
		if capacity > 1 && v > capacity {
			c.visit[i] = c.m
			c.m++
			c.b = append(c.b, float64(ceilDiv(v, capacity)))
		}
	}
	return c
}

// column is a vehicle's load as a sparse column: the stop set and, per row,
// the riders (item rows) or 1 (visit rows).
type column struct {
	set  int
	rows []int
	vals []float64
}

// price returns, for duals y (negative entries taken as 0), the vehicle with
// the highest dual value and that value. For a fixed stop set the best load
// fills the seats from the item of highest dual down, which is what it does
// for every set; on a tie the earlier set wins.
func (c *cover) price(y []float64) (column, float64) {
	best, bestSet := -1.0, -1
	for s, items := range c.sets {
		v := 0.0
		order := c.order[:0]
		for _, i := range items {
			if r := c.visit[i]; r >= 0 && y[r] > 0 {
				v += y[r]
			}
			if y[i] > 0 && c.q[i] > 0 {
				order = append(order, i)
			}
		}
		sortByDual(order, y)
		left := c.cap
		for _, i := range order {
			if left == 0 {
				break
			}
			t := min(left, c.q[i])
			v += y[i] * float64(t)
			left -= t
		}
		c.order = order
		if v > best+1e-12 {
			best, bestSet = v, s
		}
	}
	if bestSet < 0 {
		return column{}, 0
	}
	return c.load(bestSet, y), best
}

// load builds the column of the best load of stop set s for duals y.
func (c *cover) load(s int, y []float64) column {
	order := append([]int(nil), c.sets[s]...)
	sortByDual(order, y)
	col := column{set: s}
	left := c.cap
	for _, i := range order {
		t := 0
		if y[i] > 0 {
			t = min(left, c.q[i])
		}
		left -= t
		if t > 0 {
			col.rows = append(col.rows, i)
			col.vals = append(col.vals, float64(t))
		}
		if r := c.visit[i]; r >= 0 {
			col.rows = append(col.rows, r)
			col.vals = append(col.vals, 1)
		}
	}
	return col
}

// sortByDual orders items by dual, highest first, ties by index; the lists
// are short.
func sortByDual(order []int, y []float64) {
	for a := 1; a < len(order); a++ {
		for b := a; b > 0 && (y[order[b]] > y[order[b-1]] || (y[order[b]] == y[order[b-1]] && order[b] < order[b-1])); b-- {
			order[b], order[b-1] = order[b-1], order[b]
		}
	}
}

// lpResult is what solve found: a lower bound on the optimum, and the basic
// solution it stopped at (vehicles with their counts).
type lpResult struct {
	bound float64
	value float64
	cols  []column
	x     []float64
}

// solve runs column generation with a revised simplex. At every pricing
// round the duals y, clipped at zero and divided by the best vehicle's value
// V when V > 1, are feasible for the dual problem, so b·y/max(1, V) bounds
// the optimum from below whatever state the simplex is in (Farley's bound);
// a bound is therefore valid even when the search stops early. It stops at
// optimality, after maxIter pivots, or, unless full, as soon as the bound's
// ceiling reaches target or the ceiling of the current primal value (which
// it cannot pass).
func (c *cover) solve(maxIter, target int, full bool) lpResult {
	m := c.m
	// The starting basis: per item, a vehicle carrying all of it (at most a
	// busload) on its home set; an item with a visit row also gets a vehicle
	// carrying one rider, and the pair meets both rows.
	var basis []column
	for i, v := range c.q {
		if r := c.visit[i]; r >= 0 {
			basis = append(basis,
				column{set: c.home[i], rows: []int{i, r}, vals: []float64{float64(c.cap), 1}},
				column{set: c.home[i], rows: []int{i, r}, vals: []float64{1, 1}})
		} else {
			basis = append(basis, column{set: c.home[i], rows: []int{i}, vals: []float64{float64(v)}})
		}
	}
	binv, ok := invert(m, basis)
	if !ok {
		return lpResult{}
	}
	surplus := make([]bool, m)
	x := make([]float64, m)
	for r := range m {
		for j := range m {
			x[r] += binv[r][j] * c.b[j]
		}
	}
	y := make([]float64, m)
	clipped := make([]float64, m)
	d := make([]float64, m)
	res := lpResult{}
	done := func() lpResult {
		for r := range m {
			if !surplus[r] && x[r] > 1e-9 {
				res.cols = append(res.cols, basis[r])
				res.x = append(res.x, x[r])
				res.value += x[r]
			}
		}
		return res
	}
	for range maxIter {
		for j := range m {
			y[j] = 0
			for r := range m {
				if !surplus[r] {
					y[j] += binv[r][j]
				}
			}
		}
		var col column
		enter := -1 // a surplus entering for that row, or -1 for a vehicle
		for j := range m {
			if y[j] < -1e-9 && (enter < 0 || y[j] < y[enter]) {
				enter = j
			}
		}
		if enter < 0 {
			for j := range m {
				clipped[j] = max(0, y[j])
			}
			var v float64
			col, v = c.price(clipped)
			by := 0.0
			for j := range m {
				by += c.b[j] * clipped[j]
			}
			res.bound = max(res.bound, by/max(1, v))
			if v <= 1+1e-9 {
				return done()
			}
			if !full {
				z := 0.0
				for r := range m {
					if !surplus[r] {
						z += x[r]
					}
				}
				if ceilBound(res.bound) >= ceilBound(z) || ceilBound(res.bound) >= target {
					return done()
				}
			}
		}
		for r := range m {
			d[r] = 0
			if enter >= 0 {
				d[r] = -binv[r][enter]
				continue
			}
			for k, row := range col.rows {
				d[r] += binv[r][row] * col.vals[k]
			}
		}
		leave, ratio := -1, math.Inf(1)
		for r := range m {
			if d[r] <= 1e-9 {
				continue
			}
			t := max(0, x[r]) / d[r]
			if t < ratio-1e-12 || (t <= ratio+1e-12 && d[r] > d[leave]) {
				leave, ratio = r, t
			}
		}
		if leave < 0 {
			return done()
		}
		piv := d[leave]
		for j := range m {
			binv[leave][j] /= piv
		}
		x[leave] /= piv
		for r := range m {
			if r == leave || d[r] == 0 {
				continue
			}
			f := d[r]
			for j := range m {
				binv[r][j] -= f * binv[leave][j]
			}
			x[r] -= f * x[leave]
		}
		surplus[leave] = enter >= 0
		basis[leave] = col
	}
	return done()
}

// ceilBound is the whole number of vehicles a fractional bound proves,
// allowing for rounding.
func ceilBound(v float64) int { return int(math.Ceil(v - 1e-6)) }

// invert returns the inverse of the square matrix whose columns are cols,
// by Gauss-Jordan elimination with partial pivoting.
func invert(m int, cols []column) ([][]float64, bool) {
	a := make([][]float64, m)
	inv := make([][]float64, m)
	for r := range m {
		a[r] = make([]float64, m)
		inv[r] = make([]float64, m)
		inv[r][r] = 1
	}
	for j, col := range cols {
		for k, r := range col.rows {
			a[r][j] = col.vals[k]
		}
	}
	for j := range m {
		p := -1
		for r := j; r < m; r++ {
			if math.Abs(a[r][j]) > 1e-12 && (p < 0 || math.Abs(a[r][j]) > math.Abs(a[p][j])) {
				p = r
			}
		}
		if p < 0 {
			return nil, false
		}
		a[j], a[p] = a[p], a[j]
		inv[j], inv[p] = inv[p], inv[j]
		f := a[j][j]
		for k := range m {
			a[j][k] /= f
			inv[j][k] /= f
		}
		for r := range m {
			if r == j || a[r][j] == 0 {
				continue
			}
			g := a[r][j]
			for k := range m {
				a[r][k] -= g * a[j][k]
				inv[r][k] -= g * inv[j][k]
			}
		}
	}
	return inv, true
}

// coverBound returns the covering relaxation's bound for the places of one
// component, or 0 when it was skipped.
func coverBound(nw *network, places, demand []int, capacity, target int) int {
	sets, ok := feasibleSets(nw, places)
	if !ok || capacity <= 0 {
		return 0
	}
	local := map[int]int{}
	q := make([]int, len(places))
	for k, p := range places {
		local[p] = k
		q[k] = demand[p]
	}
	home := make([]int, len(places))
	for k := range home {
		home[k] = -1
	}
	items := make([][]int, len(sets))
	for s, set := range sets {
		items[s] = make([]int, len(set))
		for k, p := range set {
			items[s][k] = local[p]
		}
		if len(set) == 1 {
			home[local[set[0]]] = s
		}
	}
	for _, h := range home {
		if h < 0 {
			// A place no bus may reach alone; the other bounds stand.
			return 0
		}
	}
	c := newCover(q, capacity, items, home)
	return ceilBound(c.solve(2000, target, false).bound)
}
