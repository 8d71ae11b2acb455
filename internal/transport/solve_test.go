package transport

import (
	"fmt"
	"strings"
	"testing"
)

// near places a gate about km kilometres north of (lat, lon), great-circle.
func north(lat, lon, km float64, id string) Gate {
	return Gate{ID: id, Name: id, Lat: lat + km/6371.0088*180/3.141592653589793, Lon: lon}
}

func passengers(prefix string, n int, group, gate string) []Passenger {
	ps := make([]Passenger, n)
	for i := range ps {
		ps[i] = Passenger{ID: fmt.Sprintf("%s%03d", prefix, i), Group: group, Gate: gate}
	}
	return ps
}

func solveChecked(t *testing.T, req Request, fleet Fleet, rules Rules) Plan {
	t.Helper()
	p, err := Solve(req, fleet, rules)
	if err != nil {
		t.Fatalf("Solve = %v", err)
	}
	if err := Check(p, req, fleet, rules); err != nil {
		t.Fatalf("Check(Solve) = %v; all: %v", err, err.(*Error).Problems)
	}
	return p
}

func TestVehicleChoice(t *testing.T) {
	origin := Origin{ID: "taiyuan", Lat: 37.87, Lon: 112.55}
	gate := north(37.87, 112.55, 300, "g")
	tests := []struct {
		riders int
		want   []string
	}{
		{1, []string{"bus-19"}},
		{19, []string{"bus-19"}},
		{20, []string{"bus-35"}},
		{35, []string{"bus-35"}},
		{36, []string{"bus-53"}},
		{53, []string{"bus-53"}},
		{54, []string{"bus-35", "bus-19"}}, // cheaper than 53 + 19 at 9/km vs 7+5
		{106, []string{"bus-53", "bus-53"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.riders), func(t *testing.T) {
			req := Request{Date: at(6, 0, 0), Origin: origin, Gates: []Gate{gate}, Passengers: passengers("p", tc.riders, "", "g")}
			p := solveChecked(t, req, DefaultFleet(), DefaultRules())
			var got []string
			for _, tr := range p.Trips {
				got = append(got, tr.Vehicle)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") && !sameMultiset(got, tc.want) {
				t.Errorf("Solve(%d riders) vehicles = %v, want %v", tc.riders, got, tc.want)
			}
			if p.LowerBound > len(p.Trips) {
				t.Errorf("lower bound %d above the plan's %d vehicles", p.LowerBound, len(p.Trips))
			}
		})
	}
}

func sameMultiset(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	n := map[string]int{}
	for _, x := range a {
		n[x]++
	}
	for _, x := range b {
		n[x]--
	}
	for _, v := range n {
		if v != 0 {
			return false
		}
	}
	return true
}

func TestCheapestMix(t *testing.T) {
	fleet := DefaultFleet()
	tests := []struct {
		n, total int
		km       float64
		want     []int
	}{
		{1, 10, 100, []int{19}},
		{2, 54, 100, []int{35, 19}},
		{2, 40, 100, []int{35, 19}},
		{2, 100, 100, []int{53, 53}},
		{3, 100, 100, []int{53, 35, 19}},
		{1, 60, 100, nil},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d buses for %d", tc.n, tc.total), func(t *testing.T) {
			got, _ := cheapestMix(fleet, tc.n, tc.total, tc.km)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("cheapestMix(%d, %d) = %v, want %v", tc.n, tc.total, got, tc.want)
			}
		})
	}
}

func TestSeatsKeepGroupsTogether(t *testing.T) {
	origin := Origin{ID: "o", Lat: 37.87, Lon: 112.55}
	gates := []Gate{north(37.87, 112.55, 500, "a"), north(37.87, 112.55, 520, "b")}
	var ps []Passenger
	// Villages of 5, 4 and 3 mixed with loners, to two neighbouring gates.
	ps = append(ps, passengers("v1-", 5, "village-1", "a")...)
	ps = append(ps, passengers("v2-", 4, "village-2", "b")...)
	ps = append(ps, passengers("v3-", 3, "village-3", "a")...)
	ps = append(ps, Passenger{ID: "v3-x", Group: "village-3", Gate: "b"}) // a family across two gates
	ps = append(ps, passengers("solo", 30, "", "a")...)
	ps = append(ps, passengers("big", 60, "village-big", "b")...)
	req := Request{Date: at(6, 0, 0), Origin: origin, Gates: gates, Passengers: ps}
	p := solveChecked(t, req, DefaultFleet(), DefaultRules())
	tripOf := map[string]string{}
	seatOf := map[string]int{}
	for _, tr := range p.Trips {
		for _, s := range tr.Seats {
			tripOf[s.Passenger], seatOf[s.Passenger] = tr.ID, s.No
		}
	}
	for _, g := range []string{"village-1", "village-2", "village-3"} {
		var members []Passenger
		for _, x := range ps {
			if x.Group == g {
				members = append(members, x)
			}
		}
		lo, hi := 1<<30, 0
		for _, m := range members {
			if tripOf[m.ID] != tripOf[members[0].ID] {
				t.Errorf("group %s: %s rides %s, %s rides %s", g, m.ID, tripOf[m.ID], members[0].ID, tripOf[members[0].ID])
			}
			lo, hi = min(lo, seatOf[m.ID]), max(hi, seatOf[m.ID])
		}
		if hi-lo+1 != len(members) {
			t.Errorf("group %s: seats %d..%d for %d members, want adjacent seats", g, lo, hi, len(members))
		}
	}
	var split *Split
	for i := range p.Splits {
		if p.Splits[i].Group == "village-big" {
			split = &p.Splits[i]
		} else {
			t.Errorf("group %s reported split: %v", p.Splits[i].Group, p.Splits[i])
		}
	}
	if split == nil || len(split.Trips) != 2 || !strings.Contains(split.Reason, "exceed") {
		t.Errorf("the 60-member village: split = %+v, want on 2 trips because it exceeds a bus", split)
	}
}

func TestUnplannedReasons(t *testing.T) {
	origin := Origin{ID: "o", Lat: 37.87, Lon: 112.55}
	gates := []Gate{
		north(37.87, 112.55, 300, "ok"),
		{ID: "nowhere", Name: "gate without coordinates"},
		north(37.87, 112.55, 2500, "far"), // 3,250 road km
	}
	ps := []Passenger{{ID: "a", Gate: "ok"}, {ID: "b", Gate: "nowhere"}, {ID: "c", Gate: "far"}, {ID: "d", Gate: "ghost"}}
	req := Request{Date: at(6, 0, 0), Origin: origin, Gates: gates, Passengers: ps}
	p := solveChecked(t, req, DefaultFleet(), DefaultRules())
	want := map[string]string{"b": "missing coordinates", "c": "unreachable", "d": "unknown gate"}
	if len(p.Unplanned) != len(want) {
		t.Fatalf("unplanned = %v, want %d", p.Unplanned, len(want))
	}
	for _, u := range p.Unplanned {
		if !strings.Contains(u.Reason, want[u.Passenger]) {
			t.Errorf("unplanned %s: reason %q, want it to say %q", u.Passenger, u.Reason, want[u.Passenger])
		}
	}
	noBus := DefaultFleet()
	noBus.Buses = nil
	p = solveChecked(t, req, noBus, DefaultRules())
	for _, u := range p.Unplanned {
		if u.Passenger == "a" && !strings.HasPrefix(u.Reason, "no vehicle") {
			t.Errorf("without buses, a: reason %q, want no vehicle", u.Reason)
		}
	}
	noOrigin := req
	noOrigin.Origin.Lat, noOrigin.Origin.Lon = 0, 0
	p = solveChecked(t, noOrigin, DefaultFleet(), DefaultRules())
	if len(p.Unplanned) != 4 || len(p.Trips) != 0 {
		t.Errorf("without the gathering point's coordinates: %d unplanned, %d trips, want 4 and 0", len(p.Unplanned), len(p.Trips))
	}
}

func TestRailFlow(t *testing.T) {
	// 400 workers from Taiyuan to three gates in Dongguan ride the train to a
	// station in the middle of them; buses take them on.
	origin := Origin{ID: "taiyuan", Lat: 37.87, Lon: 112.55}
	gates := []Gate{{ID: "dg1", Lat: 23.02, Lon: 113.75}, {ID: "dg2", Lat: 23.10, Lon: 113.70}, {ID: "dg3", Lat: 22.95, Lon: 113.85}}
	var ps []Passenger
	for i := range 400 {
		ps = append(ps, Passenger{ID: fmt.Sprintf("w%03d", i), Group: fmt.Sprintf("v%02d", i/4), Gate: gates[i%3].ID})
	}
	req := Request{ID: "r", Date: at(6, 0, 0), Origin: origin, Gates: gates, Passengers: ps}
	p := solveChecked(t, req, DefaultFleet(), DefaultRules())
	cars, buses := 0, 0
	for _, tr := range p.Trips {
		switch {
		case tr.Vehicle == "train-car":
			cars++
		case tr.From != "":
			buses++
		default:
			t.Errorf("trip %s leaves the gathering point by bus; want everyone on the train", tr.ID)
		}
	}
	if cars != 4 || len(p.Stations) != 1 {
		t.Errorf("%d cars to %d stations, want 4 cars (400/118) to 1", cars, len(p.Stations))
	}
	if p.LowerBound > len(p.Trips) || p.LowerBound < cars+8 {
		t.Errorf("lower bound %d, want between %d and %d", p.LowerBound, cars+8, len(p.Trips))
	}
	if buses < 8 {
		t.Errorf("%d meeting buses for 400 passengers, want at least 8", buses)
	}
}

// largest returns the request of an instance with the most passengers.
func largest(reqs []Request) Request {
	best := reqs[0]
	for _, r := range reqs {
		if len(r.Passengers) > len(best.Passengers) {
			best = r
		}
	}
	return best
}

func TestCheckFindsViolations(t *testing.T) {
	req := largest(instance(3000, 7))
	fleet, rules := DefaultFleet(), DefaultRules()
	base := solveChecked(t, req, fleet, rules)
	clone := func() Plan {
		c := base
		c.Trips = make([]Trip, len(base.Trips))
		for i, tr := range base.Trips {
			tr.Stops = append([]Stop(nil), tr.Stops...)
			for j := range tr.Stops {
				tr.Stops[j].Passengers = append([]string(nil), tr.Stops[j].Passengers...)
			}
			tr.Seats = append([]Seat(nil), tr.Seats...)
			tr.Events = append([]Event(nil), tr.Events...)
			c.Trips[i] = tr
		}
		return c
	}
	tests := []struct {
		name string
		edit func(p *Plan)
		want string
	}{
		{"a smaller bus", func(p *Plan) {
			full := 0
			for i, tr := range p.Trips {
				if len(tr.Seats) > len(p.Trips[full].Seats) {
					full = i
				}
			}
			p.Trips[full].Vehicle, p.Trips[full].Capacity = "bus-19", 19
		}, "seats"},
		{"a passenger on two trips", func(p *Plan) {
			id := p.Trips[0].Seats[0].Passenger
			p.Trips[1].Stops[0].Passengers = append(p.Trips[1].Stops[0].Passengers, id)
		}, "is on trips"},
		{"a passenger forgotten", func(p *Plan) {
			p.Trips[0].Stops[0].Passengers = p.Trips[0].Stops[0].Passengers[1:]
		}, "on no trip"},
		{"driving at 03:00", func(p *Plan) {
			d := p.Trips[0].Depart
			p.Trips[0].Depart = atClock(d, 3*60*60*1e9)
		}, "may not drive"},
		{"a wrong arrival", func(p *Plan) { p.Trips[0].Stops[0].Arrive = p.Trips[0].Stops[0].Arrive.Add(-3600e9) }, "arrives"},
		{"too many stops", func(p *Plan) {
			seen := map[string]bool{}
			for _, st := range p.Trips[0].Stops {
				seen[st.Place] = true
			}
			for _, tr := range p.Trips[1:] {
				for _, st := range tr.Stops {
					if len(p.Trips[0].Stops) <= 3 && !seen[st.Place] {
						seen[st.Place] = true
						p.Trips[0].Stops = append(p.Trips[0].Stops, Stop{Place: st.Place})
					}
				}
			}
		}, "stops"},
		{"boarding too fast", func(p *Plan) {
			for i := range p.Trips {
				p.Trips[i].Depart = p.Earliest
			}
		}, "an hour allows"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := clone()
			tc.edit(&p)
			err := Check(p, req, fleet, rules)
			if err == nil {
				t.Fatalf("Check(%s) = nil, want a violation", tc.name)
			}
			found := false
			for _, pr := range err.(*Error).Problems {
				found = found || strings.Contains(pr, tc.want)
			}
			if !found {
				t.Errorf("Check(%s) = %v, want a problem mentioning %q", tc.name, err.(*Error).Problems, tc.want)
			}
		})
	}
}

func TestRecompute(t *testing.T) {
	req := largest(instance(3000, 11))
	fleet, rules := DefaultFleet(), DefaultRules()
	p := solveChecked(t, req, fleet, rules)
	// The operator moves one passenger to another trip that already stops at
	// their gate, or swaps the first trip's bus for a 53-seater.
	p.Trips[0].Vehicle = "bus-53"
	moved := false
	for i := range p.Trips {
		for j := range p.Trips {
			if i == j || moved || p.Trips[j].From != "" || p.Trips[i].From != "" || len(p.Trips[j].Seats) >= 53 {
				continue
			}
			for si, st := range p.Trips[i].Stops {
				for sj, sj2 := range p.Trips[j].Stops {
					if !moved && st.Place == sj2.Place && len(st.Passengers) > 1 {
						id := st.Passengers[0]
						p.Trips[i].Stops[si].Passengers = st.Passengers[1:]
						p.Trips[j].Stops[sj].Passengers = append(p.Trips[j].Stops[sj].Passengers, id)
						moved = true
					}
				}
			}
		}
	}
	if err := Check(p, req, fleet, rules); err == nil {
		t.Fatalf("Check before Recompute = nil, want stale figures reported")
	}
	if err := Recompute(&p, req, fleet, rules); err != nil {
		t.Fatalf("Recompute = %v", err)
	}
	if err := Check(p, req, fleet, rules); err != nil {
		t.Fatalf("Check after Recompute = %v: %v", err, err.(*Error).Problems)
	}
	if p.Trips[0].Capacity != 53 {
		t.Errorf("swapped trip capacity = %d, want 53", p.Trips[0].Capacity)
	}
	if err := Recompute(&p, req, fleet, rules); err != nil || Check(p, req, fleet, rules) != nil {
		t.Errorf("Recompute twice = %v, want a plan that still checks", err)
	}
	bad := p
	bad.Trips = append([]Trip(nil), p.Trips...)
	bad.Trips[0].Vehicle = "rickshaw"
	if err := Recompute(&bad, req, fleet, rules); err == nil {
		t.Errorf("Recompute with an unknown vehicle = nil, want an error")
	}
}

// TestSolveManyStops plans 40 gates a few hundred metres apart under stop
// limits up to 8, where the stop sets a route may take are too many to list:
// the steps that need them stand aside, and the plan still reaches the bound.
func TestSolveManyStops(t *testing.T) {
	tests := []struct {
		stops, want int
	}{{3, 14}, {5, 8}, {8, 5}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d stops", tt.stops), func(t *testing.T) {
			req := Request{ID: "m", Origin: Origin{ID: "o", Lat: 37.87, Lon: 112.55}, Date: at(6, 0, 0)}
			for i := range 40 {
				g := Gate{ID: fmt.Sprintf("g%02d", i), Lat: 39.9 + float64(i%3)*0.01, Lon: 116.41}
				req.Gates = append(req.Gates, g)
				req.Passengers = append(req.Passengers, passengers(g.ID+"-", 1+i%7, "", g.ID)...)
			}
			rules := DefaultRules()
			rules.MaxStops = tt.stops
			p := solveChecked(t, req, DefaultFleet(), rules)
			if p.Vehicles() != tt.want || p.LowerBound != tt.want {
				t.Errorf("Solve: %d vehicles, lower bound %d; want %d and %d", p.Vehicles(), p.LowerBound, tt.want, tt.want)
			}
		})
	}
}
