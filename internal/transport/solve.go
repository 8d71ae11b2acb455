package transport

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"laborbridge/internal/refdata"
)

// Solve plans the trips of one request. Passengers it cannot carry are in
// Plan.Unplanned with the reason (a gate or gathering point without
// coordinates, an unknown gate, a gate out of a bus's reach whose flow is too
// small for the train, no vehicle in the fleet that can take them); that is
// not an error. It returns an *Error (invalid input) when the fleet, the
// rules or the request itself is malformed: a missing date, a duplicate or
// empty ID, coordinates out of range.
func Solve(req Request, fleet Fleet, rules Rules) (Plan, error) {
	if err := fleet.Validate(); err != nil {
		return Plan{}, err
	}
	if err := rules.Validate(); err != nil {
		return Plan{}, err
	}
	if err := req.validate(); err != nil {
		return Plan{}, err
	}
	s := &solver{req: req, fleet: fleet, rules: rules}
	return s.solve(), nil
}

func (req Request) validate() error {
	if req.Date.IsZero() {
		return fieldError("date", "is missing")
	}
	if req.Origin.PerHour < 0 {
		return fieldError("origin.per_hour", "must not be negative")
	}
	if !coordsInRange(req.Origin.Lat, req.Origin.Lon) {
		return fieldError("origin", fmt.Sprintf("coordinates %v, %v are out of range", req.Origin.Lat, req.Origin.Lon))
	}
	seen := map[string]bool{}
	for i, g := range req.Gates {
		switch {
		case g.ID == "":
			return fieldError(fmt.Sprintf("gates[%d].id", i), "is empty")
		case seen[g.ID]:
			return fieldError(fmt.Sprintf("gates[%d].id", i), fmt.Sprintf("gate %q appears twice", g.ID))
		case !coordsInRange(g.Lat, g.Lon):
			return fieldError(fmt.Sprintf("gates[%d]", i), fmt.Sprintf("coordinates %v, %v are out of range", g.Lat, g.Lon))
		}
		seen[g.ID] = true
	}
	seen = map[string]bool{}
	for i, p := range req.Passengers {
		switch {
		case p.ID == "":
			return fieldError(fmt.Sprintf("passengers[%d].id", i), "is empty")
		case seen[p.ID]:
			return fieldError(fmt.Sprintf("passengers[%d].id", i), fmt.Sprintf("passenger %q appears twice", p.ID))
		}
		seen[p.ID] = true
	}
	return nil
}

// coordsInRange accepts missing coordinates (see Gate) and real ones.
func coordsInRange(lat, lon float64) bool {
	if !hasCoords(lat, lon) {
		return !math.IsInf(lat, 0) && !math.IsInf(lon, 0)
	}
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

type solver struct {
	req   Request
	fleet Fleet
	rules Rules
	plan  Plan
	gate  map[string]Gate
	group map[string]string // passenger ID -> group
	// splitWhy gives, per group, why packing had to split it.
	splitWhy map[string]string
	bound    int
}

// places is the gates of one road problem, indexed as in its network.
type places struct {
	ids, names []string
	lat, lon   []float64
}

func (pl *places) add(g Gate) {
	pl.ids = append(pl.ids, g.ID)
	pl.names = append(pl.names, g.Name)
	pl.lat = append(pl.lat, g.Lat)
	pl.lon = append(pl.lon, g.Lon)
}

// area is a destination area: gates chained within Rail.AreaKm.
type area struct {
	gates    []string // IDs, ascending
	riders   []Passenger
	lat, lon float64 // its station
	railKm   float64
}

// block is what boards at the gathering point in one go: one bus, or all the
// cars of one train.
type block struct {
	load  int
	dur   time.Duration
	key   string
	bus   *busJob
	train *trainJob
}

type busJob struct {
	nw    *network
	pl    *places
	pk    *packer
	r     *route
	from  string // station ID, or empty for the gathering point
	via   string // station name
	train string
}

type trainJob struct {
	area    area
	station Station
	cars    [][]Passenger
	onward  []*busJob
}

func (s *solver) solve() Plan {
	req := s.req
	s.plan = Plan{Request: req.ID, Origin: req.Origin, Date: req.Date, Earliest: atClock(req.Date, s.rules.FirstDeparture)}
	s.gate = map[string]Gate{}
	for _, g := range req.Gates {
		s.gate[g.ID] = g
	}
	s.group = map[string]string{}
	s.splitWhy = map[string]string{}
	var plannable []Passenger
	for _, p := range req.Passengers {
		s.group[p.ID] = p.Group
		g, ok := s.gate[p.Gate]
		switch {
		case !hasCoords(req.Origin.Lat, req.Origin.Lon):
			s.unplanned(p, fmt.Sprintf("missing coordinates: the gathering point %s has none", label(req.Origin.Name, req.Origin.ID)))
		case !ok:
			s.unplanned(p, fmt.Sprintf("unknown gate %q", p.Gate))
		case !hasCoords(g.Lat, g.Lon):
			s.unplanned(p, fmt.Sprintf("missing coordinates: gate %s has none", label(g.Name, g.ID)))
		default:
			plannable = append(plannable, p)
		}
	}
	rail, road := s.split(plannable)
	var blocks []block
	blocks = append(blocks, s.roadBlocks(road)...)
	for i, a := range rail {
		if b, ok := s.trainBlock(i, a); ok {
			blocks = append(blocks, b)
		}
	}
	s.schedule(blocks)
	s.finish()
	return s.plan
}

func (s *solver) unplanned(p Passenger, why string) {
	s.plan.Unplanned = append(s.plan.Unplanned, Unplanned{Passenger: p.ID, Reason: why})
}

func label(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// split sorts the plannable passengers into rail flows and the rest.
func (s *solver) split(ps []Passenger) ([]area, []Passenger) {
	t := s.fleet.Train
	if t.Seats == 0 {
		return nil, ps
	}
	byGate := map[string][]Passenger{}
	var ids []string
	for _, p := range ps {
		if _, ok := byGate[p.Gate]; !ok {
			ids = append(ids, p.Gate)
		}
		byGate[p.Gate] = append(byGate[p.Gate], p)
	}
	sort.Strings(ids)
	// Single-linkage clusters: union gates within AreaKm.
	parent := make([]int, len(ids))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for i := range ids {
		gi := s.gate[ids[i]]
		for j := i + 1; j < len(ids); j++ {
			gj := s.gate[ids[j]]
			if refdata.Haversine(gi.Lat, gi.Lon, gj.Lat, gj.Lon) <= t.AreaKm {
				parent[find(i)] = find(j)
			}
		}
	}
	members := map[int][]int{}
	var roots []int
	for i := range ids {
		r := find(i)
		if _, ok := members[r]; !ok {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	var rail []area
	var road []Passenger
	for _, r := range roots {
		var a area
		for _, i := range members[r] {
			g := s.gate[ids[i]]
			a.gates = append(a.gates, g.ID)
			a.riders = append(a.riders, byGate[g.ID]...)
			a.lat += g.Lat
			a.lon += g.Lon
		}
		a.lat /= float64(len(members[r]))
		a.lon /= float64(len(members[r]))
		a.railKm = t.Factor * refdata.Haversine(s.req.Origin.Lat, s.req.Origin.Lon, a.lat, a.lon)
		if len(a.riders) >= t.MinFlow && a.railKm >= t.MinKm {
			rail = append(rail, a)
		} else {
			road = append(road, a.riders...)
		}
	}
	sort.SliceStable(road, func(i, j int) bool { return road[i].ID < road[j].ID })
	return rail, road
}

// roadProblem sets up the network from a start point to the gates of ps.
func (s *solver) roadProblem(lat, lon float64, ps []Passenger) (*network, *places, []rider) {
	pl := &places{}
	index := map[string]int{}
	var gates []string
	for _, p := range ps {
		if _, ok := index[p.Gate]; !ok {
			index[p.Gate] = -1
			gates = append(gates, p.Gate)
		}
	}
	sort.Strings(gates)
	for i, id := range gates {
		index[id] = i
		pl.add(s.gate[id])
	}
	nw := newNetwork(s.fleet, s.rules, lat, lon, pl.lat, pl.lon)
	riders := make([]rider, len(ps))
	for i, p := range ps {
		riders[i] = rider{id: p.ID, group: p.Group, place: index[p.Gate]}
	}
	return nw, pl, riders
}

// roadBlocks packs the passengers who go by bus from the gathering point.
func (s *solver) roadBlocks(ps []Passenger) []block {
	if len(ps) == 0 {
		return nil
	}
	nw, pl, riders := s.roadProblem(s.req.Origin.Lat, s.req.Origin.Lon, ps)
	var keep []rider
	for _, r := range riders {
		p := Passenger{ID: r.id, Group: r.group, Gate: pl.ids[r.place]}
		switch km := nw.d0[r.place]; {
		case len(s.fleet.Buses) == 0:
			s.unplanned(p, "no vehicle: the fleet has no bus"+s.trainNote(p.Gate))
		case km > s.rules.MaxKm:
			s.unplanned(p, fmt.Sprintf("unreachable: gate %s is %.0f km away by road, beyond the %.0f km a bus may drive",
				label(pl.names[r.place], pl.ids[r.place]), km, s.rules.MaxKm)+s.trainNote(p.Gate))
		default:
			keep = append(keep, r)
		}
	}
	pk := newPacker(nw, keep)
	pk.pack()
	for g, why := range pk.splits {
		s.splitWhy[g] = why
	}
	demand := make([]int, len(pl.ids))
	for _, r := range keep {
		demand[r.place]++
	}
	s.bound += roadBound(nw, demand, pk.cap)
	var out []block
	for _, r := range pk.routes {
		job := &busJob{nw: nw, pl: pl, pk: pk, r: r}
		out = append(out, block{load: r.load, dur: nw.driving(r.stops), key: pl.ids[r.stops[0]], bus: job})
	}
	return out
}

// trainNote explains why a passenger did not get the train instead.
func (s *solver) trainNote(gate string) string {
	t := s.fleet.Train
	if t.Seats == 0 {
		return ""
	}
	return fmt.Sprintf(", and the flow to its area is below the train's minimum (%d passengers, %.0f rail km)", t.MinFlow, t.MinKm)
}

// trainBlock puts a rail flow into cars and plans the buses that meet it.
func (s *solver) trainBlock(n int, a area) (block, bool) {
	t := s.fleet.Train
	st := Station{ID: fmt.Sprintf("%sS%d", s.prefix(), n+1), Lat: a.lat, Lon: a.lon, Gates: a.gates}
	nearest, best := "", math.Inf(1)
	for _, id := range a.gates {
		g := s.gate[id]
		if d := refdata.Haversine(a.lat, a.lon, g.Lat, g.Lon); d < best {
			nearest, best = label(g.Name, g.ID), d
		}
	}
	st.Name = "station near " + nearest
	if len(s.fleet.Buses) == 0 {
		for _, p := range a.riders {
			s.unplanned(p, "no vehicle: the fleet has no bus to take the train's passengers from "+st.Name+" to the gates")
		}
		return block{}, false
	}
	job := &trainJob{area: a, station: st, cars: s.fillCars(a.riders)}
	s.bound += ceilDiv(len(a.riders), t.Seats)
	nw, pl, riders := s.roadProblem(a.lat, a.lon, a.riders)
	pk := newPacker(nw, riders)
	pk.pack()
	for g, why := range pk.splits {
		s.splitWhy[g] = why
	}
	demand := make([]int, len(pl.ids))
	for _, r := range riders {
		demand[r.place]++
	}
	s.bound += roadBound(nw, demand, pk.cap)
	for _, r := range pk.routes {
		job.onward = append(job.onward, &busJob{nw: nw, pl: pl, pk: pk, r: r, from: st.ID, via: st.Name})
	}
	s.plan.Stations = append(s.plan.Stations, st)
	dur := legTime(a.railKm, t.SpeedKmh)
	return block{load: len(a.riders), dur: dur, key: st.ID, train: job}, true
}

// fillCars seats a flow's groups into as few cars as their sizes allow:
// largest group first, each into the fullest car that takes it; a group
// larger than a car is cut into carloads.
func (s *solver) fillCars(ps []Passenger) [][]Passenger {
	seats := s.fleet.Train.Seats
	byGroup := map[string][]Passenger{}
	var keys []string
	for _, p := range ps {
		k := p.Group
		if k == "" {
			k = "\x00" + p.ID
		}
		if _, ok := byGroup[k]; !ok {
			keys = append(keys, k)
		}
		byGroup[k] = append(byGroup[k], p)
	}
	sort.Strings(keys)
	var units [][]Passenger
	for _, k := range keys {
		m := byGroup[k]
		sort.Slice(m, func(i, j int) bool { return m[i].ID < m[j].ID })
		if len(m) > seats {
			s.splitWhy[m[0].Group] = fmt.Sprintf("its %d members exceed a train car (%d seats)", len(m), seats)
		}
		for c := 0; c < len(m); c += seats {
			units = append(units, m[c:min(len(m), c+seats)])
		}
	}
	sort.SliceStable(units, func(i, j int) bool { return len(units[i]) > len(units[j]) })
	for n := ceilDiv(len(ps), seats); ; n++ {
		cars := make([][]Passenger, n)
		ok := true
		for _, u := range units {
			best := -1
			for c := range cars {
				if len(cars[c])+len(u) <= seats && (best < 0 || len(cars[c]) > len(cars[best])) {
					best = c
				}
			}
			if best < 0 {
				ok = false
				break
			}
			cars[best] = append(cars[best], u...)
		}
		if ok {
			return cars
		}
	}
}

func (s *solver) prefix() string {
	if s.req.ID == "" {
		return ""
	}
	return s.req.ID + "-"
}

// schedule fixes departures and builds the trips. Blocks board one after
// another at the gathering point's rate, the longest journeys first, and each
// leaves when its last passenger has boarded: so by any time t no more than
// PerHour*(t - Earliest) people have boarded.
func (s *solver) schedule(blocks []block) {
	sort.SliceStable(blocks, func(i, j int) bool {
		if blocks[i].dur != blocks[j].dur {
			return blocks[i].dur > blocks[j].dur
		}
		return blocks[i].key < blocks[j].key
	})
	perHour := s.req.Origin.PerHour
	if perHour == 0 {
		perHour = s.rules.PerHour
	}
	cum := 0
	var origin, onward []Trip
	trains := 0
	for _, b := range blocks {
		cum += b.load
		slot := s.plan.Earliest.Add(ceilMinute(time.Duration(float64(cum) / float64(perHour) * float64(time.Hour))))
		if b.bus != nil {
			origin = append(origin, s.busTrip(b.bus, slot))
			continue
		}
		trains++
		tj := b.train
		train := fmt.Sprintf("%strain%d", s.prefix(), trains)
		arrive := slot.Add(b.dur)
		for i, car := range tj.cars {
			origin = append(origin, s.carTrip(tj, train, i, len(tj.cars), car, slot, arrive))
		}
		for _, job := range tj.onward {
			job.train = train
			onward = append(onward, s.busTrip(job, arrive.Add(s.fleet.Train.transfer())))
		}
	}
	sortTrips(origin)
	sortTrips(onward)
	s.plan.Trips = append(origin, onward...)
	for i := range s.plan.Trips {
		s.plan.Trips[i].ID = fmt.Sprintf("%sT%03d", s.prefix(), i+1)
	}
}

func ceilMinute(d time.Duration) time.Duration {
	if r := d % time.Minute; r != 0 {
		d += time.Minute - r
	}
	return d
}

// sortTrips orders trips by departure; the stable sort keeps the boarding
// order among equal times.
func sortTrips(ts []Trip) {
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Depart.Before(ts[j].Depart) })
}

// busTrip turns a packed route into a trip leaving at depart.
func (s *solver) busTrip(job *busJob, depart time.Time) Trip {
	nw, pl, pk, r := job.nw, job.pl, job.pk, job.r
	legs := make([]float64, len(r.stops))
	for i, q := range r.stops {
		legs[i] = nw.d0[q]
		if i > 0 {
			legs[i] = nw.d[r.stops[i-1]][q]
		}
	}
	start, arrive, events := timetable(s.rules, s.fleet.SpeedKmh, depart, legs)
	stopOf := map[int]int{}
	t := Trip{From: job.from, Depart: start, Events: events, Km: r.km, Direct: r.direct}
	km := 0.0
	for i, q := range r.stops {
		km += legs[i]
		stopOf[q] = i
		t.Stops = append(t.Stops, Stop{Place: pl.ids[q], Name: pl.names[q], Arrive: arrive[i], Km: km})
	}
	var seated []seatRider
	for _, u := range r.units {
		for _, ri := range pk.units[u].riders {
			rd := pk.riders[ri]
			i := stopOf[rd.place]
			t.Stops[i].Passengers = append(t.Stops[i].Passengers, rd.id)
			seated = append(seated, seatRider{id: rd.id, group: rd.group, stop: i})
		}
	}
	for i := range t.Stops {
		sort.Strings(t.Stops[i].Passengers)
	}
	v, _ := cheapest(s.fleet, r.load, r.km)
	t.Vehicle, t.Capacity = v.Kind, v.Seats
	t.Drivers = drivers(s.rules, r.km, nw.driving(r.stops))
	t.Cost = busCost(s.fleet, v, r.km, t.Drivers)
	t.Seats = assignSeats(seated)
	t.Reason = busReason(t, job.via, job.train)
	return t
}

// carTrip builds the trip of one train car.
func (s *solver) carTrip(tj *trainJob, train string, i, n int, car []Passenger, depart, arrive time.Time) Trip {
	v := s.fleet.Train.Vehicle
	km := tj.area.railKm
	t := Trip{Vehicle: v.Kind, Capacity: v.Seats, Train: train, Depart: depart, Km: km, Direct: km,
		Cost:   v.FixedCost + v.CostPerKm*km,
		Events: []Event{{Kind: Ride, Start: depart, End: arrive, Km: km}}}
	stop := Stop{Place: tj.station.ID, Name: tj.station.Name, Arrive: arrive, Km: km}
	var seated []seatRider
	for _, p := range car {
		stop.Passengers = append(stop.Passengers, p.ID)
		seated = append(seated, seatRider{id: p.ID, group: p.Group})
	}
	sort.Strings(stop.Passengers)
	t.Stops = []Stop{stop}
	t.Seats = assignSeats(seated)
	t.Reason = fmt.Sprintf("%s %d of %d on %s: %d passengers, %.0f km by rail to %s; the %d passengers bound for this area (%d gates) reach the %d that take the train, and buses meet it",
		v.Kind, i+1, n, train, len(car), km, tj.station.Name, len(tj.area.riders), len(tj.area.gates), s.fleet.Train.MinFlow)
	return t
}

// busReason says in one line what a bus trip is and why: the kind, the
// load, the stops, the distance and detour, the drivers, any night wait.
func busReason(t Trip, via, train string) string {
	var b strings.Builder
	if t.From != "" {
		fmt.Fprintf(&b, "meets %s at %s: ", label(train, "the train"), label(via, t.From))
	}
	n := len(t.Seats)
	fmt.Fprintf(&b, "%s (%d seats) for %d passengers, the cheapest bus that seats them; ", t.Vehicle, t.Capacity, n)
	names := make([]string, len(t.Stops))
	for i, st := range t.Stops {
		names[i] = label(st.Name, st.Place)
	}
	if len(t.Stops) == 1 {
		fmt.Fprintf(&b, "direct to %s, %.0f km", names[0], t.Km)
	} else {
		fmt.Fprintf(&b, "%d gates (%s), %.0f km, detour %.0f%%", len(t.Stops), strings.Join(names, ", "), t.Km, 100*(t.Km/t.Direct-1))
	}
	if t.Drivers > 1 {
		b.WriteString("; 2 drivers")
	}
	for _, e := range t.Events {
		if e.Kind == Night {
			fmt.Fprintf(&b, "; waits %s–%s", e.Start.Format("01-02 15:04"), e.End.Format("15:04"))
		}
	}
	return b.String()
}

// seatRider is a passenger to seat: stop is the index of their stop.
type seatRider struct {
	id, group string
	stop      int
}

// assignSeats numbers seats from 1: each group's members on consecutive
// seats, groups in the order of their first stop, then by key; members by
// stop, then ID.
func assignSeats(rs []seatRider) []Seat {
	type unitSeats struct {
		key   string
		first int
		m     []seatRider
	}
	byKey := map[string]*unitSeats{}
	var us []*unitSeats
	for _, r := range rs {
		k := r.group
		if k == "" {
			k = "\x00" + r.id
		}
		u, ok := byKey[k]
		if !ok {
			u = &unitSeats{key: k, first: r.stop}
			byKey[k] = u
			us = append(us, u)
		}
		u.first = min(u.first, r.stop)
		u.m = append(u.m, r)
	}
	sort.Slice(us, func(i, j int) bool {
		if us[i].first != us[j].first {
			return us[i].first < us[j].first
		}
		return us[i].key < us[j].key
	})
	seats := make([]Seat, 0, len(rs))
	for _, u := range us {
		sort.Slice(u.m, func(i, j int) bool {
			if u.m[i].stop != u.m[j].stop {
				return u.m[i].stop < u.m[j].stop
			}
			return u.m[i].id < u.m[j].id
		})
		for _, r := range u.m {
			seats = append(seats, Seat{No: len(seats) + 1, Passenger: r.id})
		}
	}
	return seats
}

// finish adds the totals, the lower bound, the splits and sorts the lists.
func (s *solver) finish() {
	s.plan.LowerBound = s.bound
	s.plan.Splits = splitsOf(s.plan.Trips, s.group, s.splitWhy)
	s.plan.Km, s.plan.Cost = totals(s.plan.Trips)
	sort.SliceStable(s.plan.Unplanned, func(i, j int) bool { return s.plan.Unplanned[i].Passenger < s.plan.Unplanned[j].Passenger })
}

func totals(ts []Trip) (km, cost float64) {
	for _, t := range ts {
		km += t.Km
		cost += t.Cost
	}
	return km, cost
}

// splitsOf finds the groups whose members leave the gathering point on
// different vehicles. why gives the packer's reason where it had one.
func splitsOf(trips []Trip, group map[string]string, why map[string]string) []Split {
	on := map[string][]string{}
	mode := map[string]map[bool]bool{}
	for _, t := range trips {
		if t.From != "" {
			continue
		}
		for _, st := range t.Seats {
			g := group[st.Passenger]
			if g == "" {
				continue
			}
			if l := on[g]; len(l) == 0 || l[len(l)-1] != t.ID {
				if !containsString(l, t.ID) {
					on[g] = append(l, t.ID)
				}
			}
			if mode[g] == nil {
				mode[g] = map[bool]bool{}
			}
			mode[g][t.Train != ""] = true
		}
	}
	var out []Split
	for g, ts := range on {
		if len(ts) < 2 {
			continue
		}
		reason := why[g]
		switch {
		case len(mode[g]) > 1:
			reason = "some members' gates lie in an area the train serves and the others' do not"
		case reason == "":
			reason = "its members were put on different vehicles"
		}
		sort.Strings(ts)
		out = append(out, Split{Group: g, Trips: ts, Reason: reason})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out
}

func containsString(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
