package transport

import (
	"fmt"
	"math"
	"sort"
	"time"

	"laborbridge/internal/refdata"
)

// Check re-verifies a plan against the request, the fleet and the rules, as
// the store does after an operator edits a plan (moves a passenger, swaps a
// vehicle): every passenger on exactly one trip from the gathering point
// (and one meeting bus after a train car) or unplanned with a reason; every
// trip's vehicle in the fleet, no seat over its capacity, one seat per
// passenger; stops within the limit, each dropping somebody at their gate;
// route length and detour within the rules; a timetable that rests after
// MaxDriving, never drives in the night ban and matches the stop times;
// enough drivers; departures within the gathering point's boarding rate;
// meeting buses leaving after their train; costs and totals that add up;
// every split group reported. It returns nil or an *Error (invalid) listing
// every violation in Problems.
func Check(plan Plan, req Request, fleet Fleet, rules Rules) error {
	if err := fleet.Validate(); err != nil {
		return err
	}
	if err := rules.Validate(); err != nil {
		return err
	}
	if err := req.validate(); err != nil {
		return err
	}
	c := &checker{plan: plan, req: req, fleet: fleet, rules: rules}
	c.run()
	if len(c.problems) == 0 {
		return nil
	}
	return &Error{Field: "plan", Message: c.problems[0], Problems: c.problems}
}

type checker struct {
	plan     Plan
	req      Request
	fleet    Fleet
	rules    Rules
	problems []string
}

func (c *checker) addf(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) run() {
	gates := map[string]Gate{}
	for _, g := range c.req.Gates {
		gates[g.ID] = g
	}
	stations := map[string]Station{}
	for _, st := range c.plan.Stations {
		stations[st.ID] = st
	}
	pax := map[string]Passenger{}
	for _, p := range c.req.Passengers {
		pax[p.ID] = p
	}
	earliest := atClock(c.req.Date, c.rules.FirstDeparture)
	if !c.plan.Earliest.Equal(earliest) {
		c.addf("boarding starts at %s, want %s", c.plan.Earliest.Format(time.RFC3339), earliest.Format(time.RFC3339))
	}
	ids := map[string]bool{}
	first := map[string]string{}   // passenger -> trip from the gathering point
	carOf := map[string]Trip{}     // passenger -> the train car they ride
	meeting := map[string][]Trip{} // passenger -> meeting buses
	for _, t := range c.plan.Trips {
		if t.ID == "" || ids[t.ID] {
			c.addf("trip %q: the ID is empty or used twice", t.ID)
		}
		ids[t.ID] = true
		v, ok := c.fleet.kind(t.Vehicle)
		if !ok {
			c.addf("trip %s: vehicle kind %q is not in the fleet", t.ID, t.Vehicle)
			continue
		}
		if t.Capacity != v.Seats {
			c.addf("trip %s: capacity %d, but a %s has %d seats", t.ID, t.Capacity, v.Kind, v.Seats)
		}
		c.checkSeats(t)
		rail := c.fleet.Train.Seats > 0 && t.Vehicle == c.fleet.Train.Kind
		if rail {
			c.checkCar(t, v, stations)
		} else {
			c.checkBus(t, v, gates, stations, pax)
		}
		for _, st := range t.Stops {
			for _, id := range st.Passengers {
				if _, ok := pax[id]; !ok {
					c.addf("trip %s: passenger %q is not in the request", t.ID, id)
					continue
				}
				if t.From != "" {
					meeting[id] = append(meeting[id], t)
					continue
				}
				if prev, dup := first[id]; dup {
					c.addf("passenger %s is on trips %s and %s", id, prev, t.ID)
				}
				first[id] = t.ID
				if rail {
					carOf[id] = t
				}
			}
		}
	}
	unplanned := map[string]bool{}
	for _, u := range c.plan.Unplanned {
		if _, ok := pax[u.Passenger]; !ok {
			c.addf("unplanned passenger %q is not in the request", u.Passenger)
		}
		if unplanned[u.Passenger] {
			c.addf("passenger %s is reported unplanned twice", u.Passenger)
		}
		if u.Reason == "" {
			c.addf("passenger %s is unplanned without a reason", u.Passenger)
		}
		unplanned[u.Passenger] = true
	}
	for _, p := range c.req.Passengers {
		_, on := first[p.ID]
		switch {
		case on && unplanned[p.ID]:
			c.addf("passenger %s is both on trip %s and unplanned", p.ID, first[p.ID])
		case !on && !unplanned[p.ID]:
			c.addf("passenger %s is on no trip and not reported", p.ID)
		}
		car, byTrain := carOf[p.ID]
		m := meeting[p.ID]
		switch {
		case byTrain && len(m) != 1:
			c.addf("passenger %s rides train car %s and %d meeting buses, want 1", p.ID, car.ID, len(m))
		case !byTrain && len(m) > 0:
			c.addf("passenger %s is on meeting bus %s without riding a train car", p.ID, m[0].ID)
		case byTrain:
			bus := m[0]
			if bus.From != car.Stops[0].Place {
				c.addf("passenger %s leaves train car %s at %s but boards bus %s at %s", p.ID, car.ID, car.Stops[0].Place, bus.ID, bus.From)
			}
			if ready := car.Stops[0].Arrive.Add(c.fleet.Train.transfer()); bus.Depart.Before(ready) {
				c.addf("bus %s leaves %s at %s, before passenger %s's car %s arrives and transfers (%s)",
					bus.ID, bus.From, bus.Depart.Format("15:04"), p.ID, car.ID, ready.Format("15:04"))
			}
		}
	}
	c.checkBoarding(earliest)
	km, cost := totals(c.plan.Trips)
	if !near(km, c.plan.Km) || !near(cost, c.plan.Cost) {
		c.addf("totals: %.1f km and %.0f yuan, but the trips add up to %.1f km and %.0f yuan", c.plan.Km, c.plan.Cost, km, cost)
	}
	group := map[string]string{}
	for _, p := range c.req.Passengers {
		group[p.ID] = p.Group
	}
	listed := map[string]bool{}
	for _, s := range c.plan.Splits {
		listed[s.Group] = true
	}
	for _, s := range splitsOf(c.plan.Trips, group, nil) {
		if !listed[s.Group] {
			c.addf("group %s rides trips %v but is not reported as split", s.Group, s.Trips)
		}
	}
}

// checkSeats: one seat per passenger, numbers within the capacity.
func (c *checker) checkSeats(t Trip) {
	onBoard := map[string]bool{}
	for _, st := range t.Stops {
		for _, id := range st.Passengers {
			if onBoard[id] {
				c.addf("trip %s: passenger %s gets off twice", t.ID, id)
			}
			onBoard[id] = true
		}
	}
	if len(onBoard) > t.Capacity {
		c.addf("trip %s: %d passengers in %d seats", t.ID, len(onBoard), t.Capacity)
	}
	used := map[int]bool{}
	seated := map[string]bool{}
	for _, s := range t.Seats {
		if s.No < 1 || s.No > t.Capacity {
			c.addf("trip %s: seat %d does not exist in a %d-seat vehicle", t.ID, s.No, t.Capacity)
		}
		if used[s.No] {
			c.addf("trip %s: seat %d is given twice", t.ID, s.No)
		}
		if seated[s.Passenger] {
			c.addf("trip %s: passenger %s has two seats", t.ID, s.Passenger)
		}
		if !onBoard[s.Passenger] {
			c.addf("trip %s: seat %d holds %s, who gets off nowhere", t.ID, s.No, s.Passenger)
		}
		used[s.No], seated[s.Passenger] = true, true
	}
	for id := range onBoard {
		if !seated[id] {
			c.addf("trip %s: passenger %s has no seat", t.ID, id)
		}
	}
}

func (c *checker) checkCar(t Trip, v Vehicle, stations map[string]Station) {
	if t.From != "" || len(t.Stops) != 1 {
		c.addf("trip %s: a train car runs from the gathering point to one station", t.ID)
		return
	}
	st, ok := stations[t.Stops[0].Place]
	if !ok {
		c.addf("trip %s: station %q is not in the plan", t.ID, t.Stops[0].Place)
		return
	}
	km := c.fleet.Train.Factor * refdata.Haversine(c.req.Origin.Lat, c.req.Origin.Lon, st.Lat, st.Lon)
	arrive := t.Depart.Add(legTime(km, c.fleet.Train.SpeedKmh))
	if !near(km, t.Km) || !near(km, t.Stops[0].Km) {
		c.addf("trip %s: %.1f rail km recorded, %.1f computed", t.ID, t.Km, km)
	}
	if !t.Stops[0].Arrive.Equal(arrive) {
		c.addf("trip %s: arrives %s, want %s", t.ID, t.Stops[0].Arrive.Format(time.RFC3339), arrive.Format(time.RFC3339))
	}
	if want := v.FixedCost + v.CostPerKm*km; !near(want, t.Cost) {
		c.addf("trip %s: costs %.0f, want %.0f", t.ID, t.Cost, want)
	}
	if len(t.Stops[0].Passengers) == 0 {
		c.addf("trip %s: carries nobody", t.ID)
	}
}

func (c *checker) checkBus(t Trip, v Vehicle, gates map[string]Gate, stations map[string]Station, pax map[string]Passenger) {
	lat, lon := c.req.Origin.Lat, c.req.Origin.Lon
	if t.From != "" {
		st, ok := stations[t.From]
		if !ok {
			c.addf("trip %s: leaves from %q, which is not a station of the plan", t.ID, t.From)
			return
		}
		lat, lon = st.Lat, st.Lon
	}
	if len(t.Stops) == 0 {
		c.addf("trip %s: has no stop", t.ID)
		return
	}
	if len(t.Stops) > c.rules.MaxStops {
		c.addf("trip %s: %d stops, more than %d", t.ID, len(t.Stops), c.rules.MaxStops)
	}
	var pl places
	seen := map[string]bool{}
	for _, st := range t.Stops {
		g, ok := gates[st.Place]
		if !ok || !hasCoords(g.Lat, g.Lon) {
			c.addf("trip %s: stop %q is not a gate with coordinates", t.ID, st.Place)
			return
		}
		if seen[st.Place] {
			c.addf("trip %s: stops twice at %s", t.ID, st.Place)
		}
		seen[st.Place] = true
		if len(st.Passengers) == 0 {
			c.addf("trip %s: nobody gets off at %s", t.ID, st.Place)
		}
		for _, id := range st.Passengers {
			if p, ok := pax[id]; ok && p.Gate != st.Place {
				c.addf("trip %s: passenger %s gets off at %s but works at %s", t.ID, id, st.Place, p.Gate)
			}
		}
		pl.add(g)
	}
	nw := newNetwork(c.fleet, c.rules, lat, lon, pl.lat, pl.lon)
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
		if !near(km, t.Stops[i].Km) {
			c.addf("trip %s: stop %d at %.1f km, computed %.1f", t.ID, i+1, t.Stops[i].Km, km)
		}
	}
	direct := nw.direct(order)
	if !near(km, t.Km) || !near(direct, t.Direct) {
		c.addf("trip %s: %.1f km (farthest %.1f) recorded, %.1f (%.1f) computed", t.ID, t.Km, t.Direct, km, direct)
	}
	if km > c.rules.MaxKm*(1+1e-9) {
		c.addf("trip %s: %.0f km, more than the %.0f km a bus may drive", t.ID, km, c.rules.MaxKm)
	}
	if km > (1+c.rules.Detour)*direct*(1+1e-9)+1e-9 {
		c.addf("trip %s: detour %.1f%%, more than %.0f%%", t.ID, 100*(km/direct-1), 100*c.rules.Detour)
	}
	c.checkEvents(t)
	start, arrive, _ := timetable(c.rules, c.fleet.SpeedKmh, t.Depart, legs)
	if !start.Equal(t.Depart) {
		c.addf("trip %s: departs %s, inside the hours when buses may not drive", t.ID, t.Depart.Format(time.RFC3339))
	}
	for i := range t.Stops {
		if !t.Stops[i].Arrive.Equal(arrive[i]) {
			c.addf("trip %s: arrives at stop %d at %s, want %s", t.ID, i+1, t.Stops[i].Arrive.Format(time.RFC3339), arrive[i].Format(time.RFC3339))
		}
	}
	need := drivers(c.rules, km, nw.driving(order))
	if t.Drivers < need {
		c.addf("trip %s: %d driver(s), %d needed", t.ID, t.Drivers, need)
	}
	if want := busCost(c.fleet, v, km, t.Drivers); !near(want, t.Cost) {
		c.addf("trip %s: costs %.0f, want %.0f", t.ID, t.Cost, want)
	}
}

// checkEvents verifies the timetable on its own terms: contiguous from the
// departure, no driving in the night ban, a break of at least Rules.Rest
// after at most Rules.MaxDriving of driving.
func (c *checker) checkEvents(t Trip) {
	at := t.Depart
	var cont, pause time.Duration
	for _, e := range t.Events {
		if !e.Start.Equal(at) || e.End.Before(e.Start) {
			c.addf("trip %s: the timetable has a gap or overlap at %s", t.ID, e.Start.Format(time.RFC3339))
			return
		}
		at = e.End
		if e.Kind != Drive {
			pause += e.End.Sub(e.Start)
			if pause >= c.rules.Rest {
				cont = 0
			}
			continue
		}
		pause = 0
		if inNight(c.rules, e.Start) {
			c.addf("trip %s: drives at %s, inside the night ban", t.ID, e.Start.Format(time.RFC3339))
		} else if ns, ok := nextNight(c.rules, e.Start); ok && ns.Before(e.End) {
			c.addf("trip %s: drives into the night ban at %s", t.ID, ns.Format(time.RFC3339))
		}
		cont += e.End.Sub(e.Start)
		if cont > c.rules.MaxDriving {
			c.addf("trip %s: drives %s without a break by %s", t.ID, cont, e.End.Format(time.RFC3339))
			cont = 0
		}
	}
	if n := len(t.Stops); n > 0 && !at.Equal(t.Stops[n-1].Arrive) {
		c.addf("trip %s: the timetable ends at %s, not at the last arrival", t.ID, at.Format(time.RFC3339))
	}
}

// checkBoarding: by each departure, no more people have boarded than the
// gathering point's rate allows since boarding began.
func (c *checker) checkBoarding(earliest time.Time) {
	perHour := c.req.Origin.PerHour
	if perHour == 0 {
		perHour = c.rules.PerHour
	}
	var ts []Trip
	for _, t := range c.plan.Trips {
		if t.From == "" {
			ts = append(ts, t)
		}
	}
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Depart.Before(ts[j].Depart) })
	cum := 0
	for i, t := range ts {
		if t.Depart.Before(earliest) {
			c.addf("trip %s: departs %s, before boarding starts", t.ID, t.Depart.Format(time.RFC3339))
		}
		cum += len(t.Seats)
		if i+1 < len(ts) && ts[i+1].Depart.Equal(t.Depart) {
			continue
		}
		if allowed := float64(perHour) * t.Depart.Sub(earliest).Hours(); float64(cum) > allowed+1e-9 {
			c.addf("trip %s: %d people boarded by %s, more than %d an hour allows", t.ID, cum, t.Depart.Format("15:04"), perHour)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*max(1, math.Abs(a), math.Abs(b)) }
