package transport

import (
	"fmt"
	"sort"

	"laborbridge/internal/refdata"
)

// Recompute refreshes everything in a plan that follows from its editable
// parts, so that an operator's edit can then pass Check. The editable parts
// are each trip's vehicle kind, departure, stop order and who gets off at
// each stop. Recompute drops stops nobody gets off at and trips nobody
// rides; keeps every passenger's seat number when it still exists and is not
// taken, and gives the others the lowest free seats; removes from Unplanned
// whoever is now on a trip; and recomputes distances, timetables (a departure
// inside the night ban moves to its end), drivers, costs, reasons, splits and
// totals. It returns an *Error (invalid) for a vehicle kind not in the fleet,
// a stop that is neither a gate with coordinates nor a station of the plan,
// or invalid fleet, rules or request; the plan is then left unchanged.
func Recompute(plan *Plan, req Request, fleet Fleet, rules Rules) error {
	if err := fleet.Validate(); err != nil {
		return err
	}
	if err := rules.Validate(); err != nil {
		return err
	}
	if err := req.validate(); err != nil {
		return err
	}
	gates := map[string]Gate{}
	for _, g := range req.Gates {
		gates[g.ID] = g
	}
	stations := map[string]Station{}
	for _, st := range plan.Stations {
		stations[st.ID] = st
	}
	group := map[string]string{}
	for _, p := range req.Passengers {
		group[p.ID] = p.Group
	}
	trips := make([]Trip, 0, len(plan.Trips))
	aboard := map[string]bool{}
	for _, t := range plan.Trips {
		t.Stops = append([]Stop(nil), t.Stops...)
		kept := t.Stops[:0]
		for _, st := range t.Stops {
			if len(st.Passengers) > 0 {
				st.Passengers = append([]string(nil), st.Passengers...)
				sort.Strings(st.Passengers)
				kept = append(kept, st)
			}
		}
		t.Stops = kept
		if len(t.Stops) == 0 {
			continue
		}
		v, ok := fleet.kind(t.Vehicle)
		if !ok {
			return fieldError("trips", fmt.Sprintf("trip %s: vehicle kind %q is not in the fleet", t.ID, t.Vehicle))
		}
		t.Capacity = v.Seats
		var err error
		if fleet.Train.Seats > 0 && v.Kind == fleet.Train.Kind {
			err = refreshCar(&t, v, req, fleet, stations)
		} else {
			err = refreshBus(&t, v, req, fleet, rules, gates, stations)
		}
		if err != nil {
			return err
		}
		t.Seats = reseat(t, group)
		for _, st := range t.Stops {
			for _, id := range st.Passengers {
				aboard[id] = true
			}
		}
		trips = append(trips, t)
	}
	var unplanned []Unplanned
	for _, u := range plan.Unplanned {
		if !aboard[u.Passenger] {
			unplanned = append(unplanned, u)
		}
	}
	why := map[string]string{}
	for _, s := range plan.Splits {
		why[s.Group] = s.Reason
	}
	size := map[string]int{}
	for _, p := range req.Passengers {
		if p.Group != "" {
			size[p.Group]++
		}
	}
	largest := fleet.largestBus()
	for g, n := range size {
		if why[g] == "" && n > largest {
			why[g] = fmt.Sprintf("its %d members exceed the largest bus (%d seats)", n, largest)
		}
	}
	plan.Trips = trips
	plan.Unplanned = unplanned
	plan.Splits = splitsOf(trips, group, why)
	plan.Earliest = atClock(req.Date, rules.FirstDeparture)
	plan.Km, plan.Cost = totals(trips)
	return nil
}

func refreshCar(t *Trip, v Vehicle, req Request, fleet Fleet, stations map[string]Station) error {
	st, ok := stations[t.Stops[0].Place]
	if !ok || len(t.Stops) != 1 {
		return fieldError("trips", fmt.Sprintf("trip %s: a train car runs to one station of the plan", t.ID))
	}
	km := fleet.Train.Factor * refdata.Haversine(req.Origin.Lat, req.Origin.Lon, st.Lat, st.Lon)
	arrive := t.Depart.Add(legTime(km, fleet.Train.SpeedKmh))
	t.From, t.Km, t.Direct = "", km, km
	t.Stops[0].Km, t.Stops[0].Arrive, t.Stops[0].Name = km, arrive, st.Name
	t.Events = []Event{{Kind: Ride, Start: t.Depart, End: arrive, Km: km}}
	t.Drivers = 0
	t.Cost = v.FixedCost + v.CostPerKm*km
	t.Reason = fmt.Sprintf("%s on %s: %d passengers, %.0f km by rail to %s", v.Kind, label(t.Train, "a train"), len(t.Stops[0].Passengers), km, st.Name)
	return nil
}

func refreshBus(t *Trip, v Vehicle, req Request, fleet Fleet, rules Rules, gates map[string]Gate, stations map[string]Station) error {
	lat, lon := req.Origin.Lat, req.Origin.Lon
	via := ""
	if t.From != "" {
		st, ok := stations[t.From]
		if !ok {
			return fieldError("trips", fmt.Sprintf("trip %s: leaves from %q, which is not a station of the plan", t.ID, t.From))
		}
		lat, lon, via = st.Lat, st.Lon, st.Name
	}
	var pl places
	for _, st := range t.Stops {
		g, ok := gates[st.Place]
		if !ok || !hasCoords(g.Lat, g.Lon) {
			return fieldError("trips", fmt.Sprintf("trip %s: stop %q is not a gate with coordinates", t.ID, st.Place))
		}
		pl.add(g)
	}
	nw := newNetwork(fleet, rules, lat, lon, pl.lat, pl.lon)
	order := make([]int, len(t.Stops))
	legs := make([]float64, len(t.Stops))
	km := 0.0
	for i := range order {
		order[i] = i
		legs[i] = nw.d0[i]
		if i > 0 {
			legs[i] = nw.d[i-1][i]
		}
		km += legs[i]
		t.Stops[i].Km = km
		t.Stops[i].Name = pl.names[i]
	}
	start, arrive, events := timetable(rules, fleet.SpeedKmh, t.Depart, legs)
	for i := range t.Stops {
		t.Stops[i].Arrive = arrive[i]
	}
	t.Depart, t.Events, t.Km, t.Direct = start, events, km, nw.direct(order)
	t.Drivers = drivers(rules, km, nw.driving(order))
	t.Cost = busCost(fleet, v, km, t.Drivers)
	t.Reason = busReason(Trip{From: t.From, Vehicle: v.Kind, Capacity: v.Seats, Stops: t.Stops, Km: km, Direct: t.Direct,
		Drivers: t.Drivers, Events: events, Seats: make([]Seat, countAboard(*t))}, via, t.Train)
	return nil
}

func countAboard(t Trip) int {
	n := 0
	for _, st := range t.Stops {
		n += len(st.Passengers)
	}
	return n
}

// reseat keeps valid seats and gives the lowest free seats to the rest,
// group members in a row where the free seats allow.
func reseat(t Trip, group map[string]string) []Seat {
	stopOf := map[string]int{}
	for i, st := range t.Stops {
		for _, id := range st.Passengers {
			stopOf[id] = i
		}
	}
	taken := map[int]bool{}
	has := map[string]bool{}
	var seats []Seat
	for _, s := range t.Seats {
		if _, ok := stopOf[s.Passenger]; ok && !has[s.Passenger] && s.No >= 1 && s.No <= t.Capacity && !taken[s.No] {
			seats = append(seats, s)
			taken[s.No], has[s.Passenger] = true, true
		}
	}
	var rest []seatRider
	for id, i := range stopOf {
		if !has[id] {
			rest = append(rest, seatRider{id: id, group: group[id], stop: i})
		}
	}
	next := 1
	for _, s := range assignSeats(rest) {
		for taken[next] {
			next++
		}
		taken[next] = true
		seats = append(seats, Seat{No: next, Passenger: s.Passenger})
	}
	sort.Slice(seats, func(i, j int) bool { return seats[i].No < seats[j].No })
	return seats
}
