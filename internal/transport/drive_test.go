package transport

import (
	"testing"
	"time"
)

func at(day, hour, minute int) time.Time { return time.Date(2026, 1, day, hour, minute, 0, 0, cst) }

func TestTimetable(t *testing.T) {
	rules := DefaultRules()
	type span struct {
		kind       EventKind
		start, end time.Time
	}
	tests := []struct {
		name   string
		depart time.Time
		legs   []float64 // km at 60 km/h
		start  time.Time
		arrive []time.Time
		events []span
	}{
		{
			name:   "1200 km from 08:00: three rests, a rest at 01:00, the night stop, arrival 08:20",
			depart: at(6, 8, 0), legs: []float64{1200},
			start: at(6, 8, 0), arrive: []time.Time{at(7, 8, 20)},
			events: []span{
				{Drive, at(6, 8, 0), at(6, 12, 0)}, {Rest, at(6, 12, 0), at(6, 12, 20)},
				{Drive, at(6, 12, 20), at(6, 16, 20)}, {Rest, at(6, 16, 20), at(6, 16, 40)},
				{Drive, at(6, 16, 40), at(6, 20, 40)}, {Rest, at(6, 20, 40), at(6, 21, 0)},
				{Drive, at(6, 21, 0), at(7, 1, 0)}, {Rest, at(7, 1, 0), at(7, 1, 20)},
				{Drive, at(7, 1, 20), at(7, 2, 0)}, {Night, at(7, 2, 0), at(7, 5, 0)},
				{Drive, at(7, 5, 0), at(7, 8, 20)},
			},
		},
		{
			name:   "1200 km from 20:00: the night stop resets the driving clock",
			depart: at(6, 20, 0), legs: []float64{1200},
			start: at(6, 20, 0), arrive: []time.Time{at(7, 20, 20)},
			events: []span{
				{Drive, at(6, 20, 0), at(7, 0, 0)}, {Rest, at(7, 0, 0), at(7, 0, 20)},
				{Drive, at(7, 0, 20), at(7, 2, 0)}, {Night, at(7, 2, 0), at(7, 5, 0)},
				{Drive, at(7, 5, 0), at(7, 9, 0)}, {Rest, at(7, 9, 0), at(7, 9, 20)},
				{Drive, at(7, 9, 20), at(7, 13, 20)}, {Rest, at(7, 13, 20), at(7, 13, 40)},
				{Drive, at(7, 13, 40), at(7, 17, 40)}, {Rest, at(7, 17, 40), at(7, 18, 0)},
				{Drive, at(7, 18, 0), at(7, 20, 20)},
			},
		},
		{
			name:   "a departure inside the ban waits for 05:00",
			depart: at(6, 3, 30), legs: []float64{120},
			start: at(6, 5, 0), arrive: []time.Time{at(6, 7, 0)},
			events: []span{{Drive, at(6, 5, 0), at(6, 7, 0)}},
		},
		{
			name:   "two stops: the 15-minute dwell is no rest",
			depart: at(6, 8, 0), legs: []float64{180, 120},
			start: at(6, 8, 0), arrive: []time.Time{at(6, 11, 0), at(6, 13, 35)},
			events: []span{
				{Drive, at(6, 8, 0), at(6, 11, 0)}, {Dwell, at(6, 11, 0), at(6, 11, 15)},
				{Drive, at(6, 11, 15), at(6, 12, 15)}, {Rest, at(6, 12, 15), at(6, 12, 35)},
				{Drive, at(6, 12, 35), at(6, 13, 35)},
			},
		},
		{
			name:   "exactly four hours needs no rest",
			depart: at(6, 8, 0), legs: []float64{240},
			start: at(6, 8, 0), arrive: []time.Time{at(6, 12, 0)},
			events: []span{{Drive, at(6, 8, 0), at(6, 12, 0)}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, arrive, events := timetable(rules, 60, tc.depart, tc.legs)
			if !start.Equal(tc.start) {
				t.Errorf("timetable start = %v, want %v", start, tc.start)
			}
			for i := range tc.arrive {
				if !arrive[i].Equal(tc.arrive[i]) {
					t.Errorf("timetable arrive[%d] = %v, want %v", i, arrive[i], tc.arrive[i])
				}
			}
			if len(events) != len(tc.events) {
				t.Fatalf("timetable gave %d events, want %d: %v", len(events), len(tc.events), events)
			}
			for i, e := range events {
				w := tc.events[i]
				if e.Kind != w.kind || !e.Start.Equal(w.start) || !e.End.Equal(w.end) {
					t.Errorf("event %d = %s %s–%s, want %s %s–%s", i, e.Kind, e.Start.Format("02 15:04"), e.End.Format("02 15:04"),
						w.kind, w.start.Format("02 15:04"), w.end.Format("02 15:04"))
				}
			}
		})
	}
}

func TestDrivers(t *testing.T) {
	rules := DefaultRules()
	tests := []struct {
		name  string
		km    float64
		drive time.Duration
		want  int
	}{
		{"1200 km", 1200, 17 * time.Hour, 2},
		{"just 400 km", 400, 6 * time.Hour, 1},
		{"401 km", 401, 6 * time.Hour, 2},
		{"short but slow: 9 h", 350, 9 * time.Hour, 2},
		{"city run", 40, time.Hour, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := drivers(rules, tc.km, tc.drive); got != tc.want {
				t.Errorf("drivers(%v km, %v) = %d, want %d", tc.km, tc.drive, got, tc.want)
			}
		})
	}
}

// TestSolveLongTrip plans one busload 1,200 road km away and checks the
// trip's timetable, drivers and cost through the public API.
func TestSolveLongTrip(t *testing.T) {
	fleet := DefaultFleet()
	fleet.SpeedKmh = 60
	fleet.RoadFactor = 1
	rules := DefaultRules()
	rules.FirstDeparture = 8 * time.Hour
	rules.PerHour = 60 * 53 // the bus boards in a minute
	// 1,200 km due east along the equator-parallel is not a great circle;
	// along a meridian it is: 1200 km / (6371.0088 km) rad northwards.
	dLat := 1200 / 6371.0088 * 180 / 3.141592653589793
	req := Request{ID: "long", Date: at(6, 0, 0), Origin: Origin{ID: "o", Lat: 20, Lon: 110},
		Gates: []Gate{{ID: "g", Name: "far gate", Lat: 20 + dLat, Lon: 110}}}
	for i := range 53 {
		req.Passengers = append(req.Passengers, Passenger{ID: string(rune('A'+i/26)) + string(rune('a'+i%26)), Gate: "g"})
	}
	p, err := Solve(req, fleet, rules)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(p, req, fleet, rules); err != nil {
		t.Fatalf("Check = %v", err)
	}
	if len(p.Trips) != 1 {
		t.Fatalf("Solve gave %d trips, want 1", len(p.Trips))
	}
	tr := p.Trips[0]
	if tr.Vehicle != "bus-53" || tr.Drivers != 2 {
		t.Errorf("trip = %s with %d drivers, want bus-53 with 2", tr.Vehicle, tr.Drivers)
	}
	if want := at(6, 8, 1); !tr.Depart.Equal(want) {
		t.Errorf("departure = %v, want %v", tr.Depart, want)
	}
	if want := at(7, 8, 21); !tr.Stops[0].Arrive.Equal(want) {
		t.Errorf("arrival = %v, want %v", tr.Stops[0].Arrive, want)
	}
	if want := 800 + 9*tr.Km + 500; !near(tr.Cost, want) {
		t.Errorf("cost = %.2f, want %.2f", tr.Cost, want)
	}
}
