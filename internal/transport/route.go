package transport

import (
	"math"
	"time"

	"laborbridge/internal/refdata"
)

// network holds the road distances of one planning problem: from its start
// (a gathering point or a station) to each place, and between places. Places
// are indexed 0..n-1.
type network struct {
	fleet Fleet
	rules Rules
	d0    []float64
	d     [][]float64
	// sets caches feasibleSets per set of places: the bound, the dive and
	// the fleet search of one component all need them.
	sets map[string]setList
}

type setList struct {
	sets [][]int
	ok   bool
}

func newNetwork(fleet Fleet, rules Rules, startLat, startLon float64, lat, lon []float64) *network {
	n := len(lat)
	nw := &network{fleet: fleet, rules: rules, d0: make([]float64, n), d: make([][]float64, n)}
	for i := range n {
		nw.d0[i] = fleet.RoadFactor * refdata.Haversine(startLat, startLon, lat[i], lon[i])
		nw.d[i] = make([]float64, n)
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := fleet.RoadFactor * refdata.Haversine(lat[i], lon[i], lat[j], lon[j])
			nw.d[i][j], nw.d[j][i] = v, v
		}
	}
	return nw
}

// length returns the length of a route visiting stops in the given order.
func (nw *network) length(order []int) float64 {
	if len(order) == 0 {
		return 0
	}
	km := nw.d0[order[0]]
	for i := 1; i < len(order); i++ {
		km += nw.d[order[i-1]][order[i]]
	}
	return km
}

// direct returns the road distance to the farthest of stops.
func (nw *network) direct(stops []int) float64 {
	far := 0.0
	for _, s := range stops {
		far = max(far, nw.d0[s])
	}
	return far
}

// shortest returns the stops in the order that makes the route shortest, and
// its length. Routes have at most maxStopsLimit stops, so an exhaustive
// search with pruning is exact and fast; ties go to the order found first,
// which depends only on the order of stops, so results are reproducible.
func (nw *network) shortest(stops []int) ([]int, float64) {
	switch len(stops) {
	case 0:
		return nil, 0
	case 1:
		return []int{stops[0]}, nw.d0[stops[0]]
	}
	best := math.Inf(1)
	var bestOrder []int
	cur := make([]int, 0, len(stops))
	used := make([]bool, len(stops))
	var rec func(last int, km float64)
	rec = func(last int, km float64) {
		if km >= best {
			return
		}
		if len(cur) == len(stops) {
			best = km
			bestOrder = append(bestOrder[:0], cur...)
			return
		}
		for i, s := range stops {
			if used[i] {
				continue
			}
			step := nw.d0[s]
			if last >= 0 {
				step = nw.d[last][s]
			}
			used[i] = true
			cur = append(cur, s)
			rec(s, km+step)
			cur = cur[:len(cur)-1]
			used[i] = false
		}
	}
	rec(-1, 0)
	return bestOrder, best
}

// routable reports whether km over direct keeps the detour and length
// rules. The small tolerance absorbs floating-point noise, never a real
// excess.
func (nw *network) routable(n int, km, direct float64) bool {
	const eps = 1e-9
	return n <= nw.rules.MaxStops && km <= (1+nw.rules.Detour)*direct*(1+eps)+eps && km <= nw.rules.MaxKm*(1+eps)
}

// route orders stops and reports whether the route keeps the rules. More
// stops than the rules allow are refused before ordering them, which would
// take factorial time.
func (nw *network) route(stops []int) (order []int, km, direct float64, ok bool) {
	if len(stops) > nw.rules.MaxStops {
		return nil, 0, nw.direct(stops), false
	}
	order, km = nw.shortest(stops)
	direct = nw.direct(stops)
	return order, km, direct, nw.routable(len(stops), km, direct)
}

// driving returns how long a bus drives to cover the legs of a route in
// order; each leg is rounded to the minute, as in the timetable.
func (nw *network) driving(order []int) time.Duration {
	var t time.Duration
	for i, s := range order {
		km := nw.d0[s]
		if i > 0 {
			km = nw.d[order[i-1]][s]
		}
		t += legTime(km, nw.fleet.SpeedKmh)
	}
	return t
}

// legTime is the driving time for km at speed, rounded to the minute.
func legTime(km, speed float64) time.Duration {
	return time.Duration(km / speed * float64(time.Hour)).Round(time.Minute)
}

// drivers returns 2 when a route needs a second driver, else 1.
func drivers(rules Rules, km float64, drive time.Duration) int {
	if km > rules.SecondDriverKm || drive > rules.SecondDriverDriving {
		return 2
	}
	return 1
}

// cheapest returns the bus kind that carries load at the lowest cost over km,
// and false when no bus is large enough. Ties go to fewer seats, then name.
func cheapest(fleet Fleet, load int, km float64) (Vehicle, bool) {
	var best Vehicle
	found := false
	for _, v := range fleet.busesBySeats() {
		if v.Seats < load {
			continue
		}
		if !found || v.FixedCost+v.CostPerKm*km < best.FixedCost+best.CostPerKm*km-1e-9 {
			best, found = v, true
		}
	}
	return best, found
}

// busCost is the cost of a bus of kind v over a route.
func busCost(fleet Fleet, v Vehicle, km float64, drivers int) float64 {
	c := v.FixedCost + v.CostPerKm*km
	if drivers > 1 {
		c += fleet.SecondDriverCost * float64(drivers-1)
	}
	return c
}
