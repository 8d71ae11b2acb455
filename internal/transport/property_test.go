package transport

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// randomRequest makes a small random instance: gates scattered up to about
// 2,000 km from the origin, groups of 1 to 8, now and then a gate without
// coordinates or a passenger for an unknown gate.
func randomRequest(rng *rand.Rand, id int) Request {
	req := Request{ID: fmt.Sprintf("r%d", id), Date: time.Date(2026, 1, 1+rng.IntN(28), 0, 0, 0, 0, cst),
		Origin: Origin{ID: "o", Lat: 30 + rng.Float64()*10, Lon: 105 + rng.Float64()*10, PerHour: rng.IntN(3) * 300}}
	ng := 1 + rng.IntN(12)
	for g := range ng {
		gate := Gate{ID: fmt.Sprintf("g%02d", g), Lat: req.Origin.Lat + (rng.Float64()-0.5)*16, Lon: req.Origin.Lon + (rng.Float64()-0.5)*16}
		if rng.IntN(20) == 0 {
			gate.Lat, gate.Lon = 0, 0
		}
		req.Gates = append(req.Gates, gate)
	}
	n := rng.IntN(400)
	for i := 0; i < n; {
		size := 1 + rng.IntN(8)
		grp := ""
		if size > 1 {
			grp = fmt.Sprintf("v%d", i)
		}
		gate := req.Gates[rng.IntN(ng)].ID
		for m := 0; m < size && i < n; m++ {
			gi := gate
			if rng.IntN(10) == 0 {
				gi = req.Gates[rng.IntN(ng)].ID
			}
			if rng.IntN(200) == 0 {
				gi = "unknown"
			}
			req.Passengers = append(req.Passengers, Passenger{ID: fmt.Sprintf("p%04d", i), Group: grp, Gate: gi})
			i++
		}
	}
	return req
}

// TestPlanProperties solves random instances under random rules and checks
// every rule through Check (capacity, stops, detour, no driving 02:00-05:00,
// every passenger on exactly one trip or reported), and that the lower bound
// never exceeds the plan.
func TestPlanProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	for i := range 300 {
		req := randomRequest(rng, i)
		fleet, rules := DefaultFleet(), DefaultRules()
		rules.MaxStops = 1 + rng.IntN(4)
		rules.Detour = []float64{0, 0.1, 0.2, 0.5}[rng.IntN(4)]
		rules.FirstDeparture = time.Duration(rng.IntN(24)) * time.Hour
		if rng.IntN(3) == 0 {
			fleet.Train.MinFlow = 50
			fleet.Train.MinKm = 300
		}
		t.Run(req.ID, func(t *testing.T) {
			p, err := Solve(req, fleet, rules)
			if err != nil {
				t.Fatalf("Solve = %v", err)
			}
			if err := Check(p, req, fleet, rules); err != nil {
				t.Fatalf("Check(Solve) = %v: %v", err, err.(*Error).Problems)
			}
			if p.LowerBound > p.Vehicles() {
				t.Errorf("lower bound %d > %d vehicles", p.LowerBound, p.Vehicles())
			}
			again, _ := Solve(req, fleet, rules)
			if fmt.Sprint(again) != fmt.Sprint(p) {
				t.Errorf("Solve is not deterministic")
			}
		})
	}
}
