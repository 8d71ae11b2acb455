package transport

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// optimum returns the fewest buses of capacity c that carry demand over the
// network when riders may be split at will: the optimum of a relaxation of
// the planner's model (no groups, no times, a bus may skip stops of its
// route), so never above the optimum of the model. It searches multisets of
// maximal feasible routes by size, and tests each with Hall's condition for
// transportation problems: every set of places must not need more riders
// than the buses that visit any of them can seat.
func optimum(nw *network, demand []int, c int) int {
	n := len(demand)
	var feasible []uint64
	for m := uint64(1); m < 1<<n; m++ {
		var stops []int
		for b := m; b != 0; b &= b - 1 {
			stops = append(stops, bits.TrailingZeros64(b))
		}
		if _, _, _, ok := nw.route(stops); ok {
			feasible = append(feasible, m)
		}
	}
	var maximal []uint64
	for _, m := range feasible {
		top := true
		for _, o := range feasible {
			if o != m && o&m == m {
				top = false
			}
		}
		if top {
			maximal = append(maximal, m)
		}
	}
	need := make([]int, 1<<n)
	for s := range need {
		for i := range n {
			if s&(1<<i) != 0 {
				need[s] += demand[i]
			}
		}
	}
	fits := func(routes []uint64) bool {
		for s := 1; s < 1<<n; s++ {
			buses := 0
			for _, r := range routes {
				if r&uint64(s) != 0 {
					buses++
				}
			}
			if need[s] > buses*c {
				return false
			}
		}
		return true
	}
	var pick []uint64
	var try func(from, left int) bool
	try = func(from, left int) bool {
		if left == 0 {
			return fits(pick)
		}
		for i := from; i < len(maximal); i++ {
			pick = append(pick, maximal[i])
			ok := try(i, left-1)
			pick = pick[:len(pick)-1]
			if ok {
				return true
			}
		}
		return false
	}
	for v := 0; ; v++ {
		if try(0, v) {
			return v
		}
	}
}

// TestLowerBoundExhaustive proves the lower bound valid on small random
// instances: it never exceeds the exact optimum of a relaxation of the
// model, and the planner never beats that optimum (which would mean a rule
// was broken).
func TestLowerBoundExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	tight := 0
	const cases = 250
	for k := range cases {
		n := 2 + rng.IntN(4)
		fleet, rules := DefaultFleet(), DefaultRules()
		fleet.Buses = []Vehicle{{Kind: "van", Seats: 10, FixedCost: 100, CostPerKm: 1}, {Kind: "car", Seats: 4, FixedCost: 50, CostPerKm: 0.5}}
		fleet.Train.Seats = 0
		rules.MaxStops = 1 + rng.IntN(3)
		rules.Detour = []float64{0, 0.1, 0.2, 0.4}[rng.IntN(4)]
		req := Request{ID: fmt.Sprint(k), Date: at(6, 0, 0), Origin: Origin{ID: "o", Lat: 35, Lon: 110}}
		lat := make([]float64, n)
		lon := make([]float64, n)
		demand := make([]int, n)
		for i := range n {
			lat[i], lon[i] = 35+(rng.Float64()-0.5)*6, 110+(rng.Float64()-0.5)*6
			demand[i] = 1 + rng.IntN(12)
			id := fmt.Sprintf("g%d", i)
			req.Gates = append(req.Gates, Gate{ID: id, Lat: lat[i], Lon: lon[i]})
			req.Passengers = append(req.Passengers, passengers(id+"-", demand[i], "", id)...)
		}
		nw := newNetwork(fleet, rules, 35, 110, lat, lon)
		opt := optimum(nw, demand, 10)
		p, err := Solve(req, fleet, rules)
		if err != nil {
			t.Fatal(err)
		}
		if p.LowerBound > opt {
			t.Errorf("case %d: lower bound %d > optimum %d (demand %v, stops %d, detour %v)", k, p.LowerBound, opt, demand, rules.MaxStops, rules.Detour)
		}
		if p.Vehicles() < opt {
			t.Errorf("case %d: plan uses %d vehicles, fewer than the optimum %d", k, p.Vehicles(), opt)
		}
		if p.LowerBound == opt {
			tight++
		}
	}
	t.Logf("lower bound equals the optimum in %d of %d cases", tight, cases)
}

// TestCoverBound checks the covering relaxation's bound on its own against
// the exact optimum of the relaxed model on small random instances, with
// gates that need more than a busload (their visit rows) and the stop limit
// at 2 and 3: never above it.
func TestCoverBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	const cases = 300
	tight := 0
	for k := range cases {
		n := 2 + rng.IntN(4)
		fleet, rules := DefaultFleet(), DefaultRules()
		rules.MaxStops = 2 + rng.IntN(2)
		rules.Detour = []float64{0, 0.1, 0.2, 0.4}[rng.IntN(4)]
		lat := make([]float64, n)
		lon := make([]float64, n)
		demand := make([]int, n)
		places := make([]int, n)
		for i := range n {
			lat[i], lon[i] = 35+(rng.Float64()-0.5)*6, 110+(rng.Float64()-0.5)*6
			demand[i] = 1 + rng.IntN(25)
			places[i] = i
		}
		nw := newNetwork(fleet, rules, 35, 110, lat, lon)
		opt := optimum(nw, demand, 10)
		got := 0
		// The bound adds over components; each component's is checked
		// against the optimum of the whole, which is at least as large.
		comp := components(nw, demand)
		byComp := map[int][]int{}
		for i, c := range comp {
			byComp[c] = append(byComp[c], i)
		}
		for _, ms := range byComp {
			got += coverBound(nw, ms, demand, 10, math.MaxInt)
		}
		if got > opt {
			t.Errorf("case %d: coverBound = %d, want at most the optimum %d (demand %v, stops %d, detour %v)", k, got, opt, demand, rules.MaxStops, rules.Detour)
		}
		if got == opt {
			tight++
		}
	}
	t.Logf("covering bound equals the optimum in %d of %d cases", tight, cases)
}

// TestCoverBoundStronger is a case where seats and stops bind together: six
// gates at one point with 18, 12, 6, 30, 28 and 12 riders, buses of 53
// seats and 3 stops. Seats alone need ceil(106/53) = 2 buses and stops 2
// too; but 2 buses would have to carry 53 each over exactly three gates,
// and no three of these numbers add up to 53. The covering relaxation
// proves 3, and the planner uses 3.
func TestCoverBoundStronger(t *testing.T) {
	origin := Origin{ID: "o", Lat: 37.87, Lon: 112.55}
	req := Request{ID: "s", Origin: origin, Date: at(6, 0, 0)}
	for i, q := range []int{18, 12, 6, 30, 28, 12} {
		g := Gate{ID: fmt.Sprintf("g%d", i), Lat: 39.9, Lon: 116.41}
		req.Gates = append(req.Gates, g)
		req.Passengers = append(req.Passengers, passengers(g.ID+"-", q, "", g.ID)...)
	}
	p := solveChecked(t, req, DefaultFleet(), DefaultRules())
	if p.LowerBound != 3 || p.Vehicles() != 3 {
		t.Errorf("Solve: %d vehicles, lower bound %d; want 3 and 3", p.Vehicles(), p.LowerBound)
	}
}
